"""GUI fixtures: a real window on a temp workspace, a seeded sample copied per test, leak checks.

The sample showcase is seeded once per session (reduced resolution) into a template folder and
copied for each test that needs it, so tests stay fast and never share a database.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets")
pytest.importorskip("pytestqt")

from PySide6.QtCore import QSettings

from studio.gui import ops


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/gui" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.gui)


@pytest.fixture(autouse=True)
def _no_dangling_workers(qapp):
    """Fail a test that leaves background work running (napari's _dangling_qthreads idea)."""
    yield
    finished = ops.wait_all(20_000)
    assert finished, f"background work still running after the test: {ops.running()}"
    for lane, pool in ops._pools.items():
        assert pool.activeThreadCount() == 0, f"lane {lane} still has active workers"


@pytest.fixture(scope="session")
def sample_template(tmp_path_factory) -> Path:
    """A workspace with the reduced-resolution sample showcase, made once per session."""
    from studio.core.workspace import Workspace
    from studio.sample import seed_sample

    root = tmp_path_factory.mktemp("sample-template") / "ws"
    with Workspace(root) as ws:
        seed_sample(ws, full_resolution=False)
    return root


@pytest.fixture
def seeded_dir(sample_template, tmp_path) -> Path:
    target = tmp_path / "seeded-ws"
    shutil.copytree(sample_template, target)
    return target


@pytest.fixture
def team_dir(seeded_dir):
    """The seeded workspace with an author and two approvers (real keys in the keyring)."""
    from studio.core import secrets
    from studio.core.users import acting_as, key_entry
    from studio.core.workspace import Workspace

    with Workspace(seeded_dir) as ws, acting_as("amina"):
        ws.users.add("amina", "approver")
        ws.users.add("lina", "approver")
        ws.users.add("omar", "author")
        wid = ws.workspace_id
    yield seeded_dir
    for name in ("amina", "lina", "omar"):
        secrets.delete(key_entry(wid, name))


@pytest.fixture
def settings(tmp_path) -> QSettings:
    s = QSettings(str(tmp_path / "gui.ini"), QSettings.IniFormat)
    s.setValue("welcome/dismissed", True)  # the first-run test clears it
    return s


@pytest.fixture
def open_window(qtbot, settings):
    """``open_window(ws_dir)`` -> a shown, started MainWindow; closed (and saved) after."""
    from studio.core.workspace import Workspace
    from studio.gui.app import create_app
    from studio.gui.main_window import MainWindow

    create_app("en")
    opened = []

    def open_(ws_dir: Path, *, wait: bool = True, timeout: int = 60_000) -> MainWindow:
        ws = Workspace(ws_dir)
        window = MainWindow(ws, settings, sample_full_resolution=False)
        qtbot.addWidget(window)
        opened.append((window, ws))
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        window.start()
        if wait:
            qtbot.waitUntil(lambda: window.ready, timeout=timeout)
            wait_idle(qtbot)
        return window

    yield open_
    for window, ws in opened:
        if window.isVisible():
            window.close()
        ops.wait_all()
        ws.close()


def wait_idle(qtbot, timeout: int = 30_000) -> None:
    """Let every background op finish and deliver its result."""
    qtbot.waitUntil(lambda: ops.wait_all(100) and not ops.running(), timeout=timeout)


def type_text(widget, text: str) -> None:
    """Type any text, one key event per character as a keyboard layout sends it.

    (``qtbot.keyClicks`` maps characters to Latin-1 key codes and aborts on Arabic.)
    """
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    for ch in text:
        for kind in (QEvent.KeyPress, QEvent.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key_unknown, Qt.NoModifier, ch))
    QApplication.processEvents()


@pytest.fixture
def typer():
    return type_text


@pytest.fixture
def idle(qtbot):
    """``idle()`` waits until no background work is left."""
    return lambda timeout=30_000: wait_idle(qtbot, timeout)
