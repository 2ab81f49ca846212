"""The background-work helper: results on the UI thread, failures to one notifier, cancel."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QCoreApplication, QThread

from studio.core.errors import StudioError
from studio.gui import ops


def test_result_arrives_on_the_ui_thread(qtbot):
    seen = {}

    def work(ctx):
        seen["worker"] = threading.get_ident()
        ctx.progress(1, 2, "half")
        return 42

    def done(value):
        seen["value"] = value
        seen["ui"] = QThread.currentThread() is QCoreApplication.instance().thread()

    progress = []
    op = (
        ops.op(work)
        .on_lane("render")
        .with_progress("test", on_progress=lambda *a: progress.append(a))
        .on_success(done)
        .run()
    )
    qtbot.waitUntil(lambda: "value" in seen)
    assert seen["value"] == 42 and seen["ui"] is True
    assert seen["worker"] != threading.get_ident()
    assert progress == [(1, 2, "half")]
    assert op.done and op not in ops.running()


@pytest.fixture
def errors():
    """What the notifier reported during the test."""
    seen = []

    def record(message, detail):
        seen.append((message, detail))

    ops.notifier().sig_error.connect(record)
    yield seen
    ops.notifier().sig_error.disconnect(record)


def test_unhandled_failure_reaches_the_notifier(qtbot, errors):

    def boom(_ctx):
        raise StudioError("the file is gone")

    ops.op(boom).run()
    qtbot.waitUntil(lambda: bool(errors))
    assert errors[0] == ("the file is gone", "")

    def crash(_ctx):
        raise ZeroDivisionError("bad maths")

    with qtbot.waitSignal(ops.notifier().sig_error) as blocker:
        ops.op(crash).run()
    assert "ZeroDivisionError" in blocker.args[0] and "Traceback" in blocker.args[1]


def test_own_failure_handler_replaces_the_notifier(qtbot, errors):
    handled = []
    ops.op(lambda _ctx: 1 / 0).on_failure(handled.append).run()
    qtbot.waitUntil(lambda: bool(handled))
    assert isinstance(handled[0], ZeroDivisionError) and not errors


def test_cancellation_flag_reaches_the_worker(qtbot):
    started = threading.Event()

    def loop(ctx):
        started.set()
        while not ctx.cancelled():
            QThread.msleep(5)
        return "stopped"

    results = []
    op = ops.op(loop).on_lane("jobs").on_success(results.append).run()
    assert started.wait(5)
    op.cancel()
    qtbot.waitUntil(lambda: results == ["stopped"])


def test_db_lane_runs_in_order(qtbot):
    order = []
    for i in range(20):
        ops.op(lambda _ctx, i=i: order.append(i)).on_lane("db").run()
    assert ops.wait_all()
    assert order == list(range(20))


def test_unknown_lane_is_refused():
    with pytest.raises(ValueError, match="lane"):
        ops.op(lambda _ctx: None).on_lane("gpu")
