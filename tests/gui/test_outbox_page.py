"""The Outbox screen and the accounts screen, driven like a user would, on a real workspace.

The window's background worker really publishes (through the folder-export adapter, so no
network is needed), and the crisis pause really stops it.
"""

from __future__ import annotations

import pytest

from studio.core import outbox_control, secrets
from studio.core.users import acting_as, key_entry

pytestmark = pytest.mark.gui


@pytest.fixture
def team(workspace):
    with acting_as("amina"):
        workspace.users.add("amina", "approver")
        workspace.users.add("omar", "author")
    try:
        yield workspace
    finally:
        for user in workspace.users.list(include_removed=True):
            secrets.delete(key_entry(workspace.workspace_id, user.name))


@pytest.fixture
def archive(team, tmp_path):
    from studio.publish.accounts import add_account

    with acting_as("amina"):
        add_account(
            team, "folder", "archive", secret=None, server=str(tmp_path / "exports"),
            options={"platform": "mastodon"},
        )  # fmt: skip
    return tmp_path / "exports"


def approved(ws, title: str) -> int:
    with acting_as("omar"):
        post = ws.posts.create(
            {
                "title": title,
                "platforms": ["mastodon"],
                "accounts": ["archive"],
                "text": {"en": f"{title}: glazed tiles of the old medina."},
            }
        )
        ws.workflow.submit(post.id)
    with acting_as("amina"):
        ws.workflow.approve(post.id)
    return post.id


def publish(ws, post_id: int) -> None:
    from studio.core.outbox_enqueue import publish_post

    with acting_as("amina"):
        publish_post(ws, post_id)


def states(page) -> list[str]:
    page.refresh()
    return [d.state for d in page.model.rows]


def test_the_window_sends_approved_posts_and_shows_the_result(qtbot, team, archive):
    from studio.gui.outbox_page import OutboxPage

    post_id = approved(team, "Zellige")
    publish(team, post_id)
    page = OutboxPage(team)
    qtbot.addWidget(page)
    try:
        qtbot.waitUntil(lambda: states(page) == ["sent"], timeout=20_000)
        qtbot.waitUntil(lambda: team.posts.get(post_id).state == "published", timeout=5_000)
        row = page.model.rows[0]
        assert row.remote_id and list(archive.iterdir())  # the export really exists
        page.table.selectRow(0)
        assert page.open_button.isEnabled() == bool(row.url)
        assert not page.retry_button.isEnabled()
        assert "Sent: 1" in page.status.text()
    finally:
        page.stop_worker()


def test_pause_stops_everything_until_resumed_and_survives_a_new_window(qtbot, team, archive):
    from studio.gui.outbox_page import OutboxPage

    page = OutboxPage(team)
    qtbot.addWidget(page)
    try:
        assert not page.banner.isVisibleTo(page)
        with qtbot.waitSignal(page.sig_paused_changed):
            assert page.pause("Crisis: hold everything")
        assert page.banner.isVisibleTo(page) and not page.pause_button.isEnabled()
        assert "Crisis: hold everything" in page.banner_text.text()
        assert outbox_control.paused(team) is not None

        publish(team, approved(team, "Arches"))
        qtbot.wait(1500)  # the worker polls; nothing may go out while paused
        assert states(page) == ["queued"]

        other = OutboxPage(team, run_worker=False)  # a second window sees the same pause
        qtbot.addWidget(other)
        assert other.banner.isVisibleTo(other)

        page.resume()
        assert not page.banner.isVisibleTo(page)
        qtbot.waitUntil(lambda: states(page) == ["sent"], timeout=20_000)
        actions = [e.action for e in team.audit.entries()]
        assert "outbox.paused" in actions and "outbox.resumed" in actions
    finally:
        page.stop_worker()


def test_pausing_needs_a_reason(qtbot, team, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from studio.gui.outbox_page import OutboxPage

    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    page = OutboxPage(team, run_worker=False)
    qtbot.addWidget(page)
    assert not page.pause("   ")
    assert warned and "reason" in warned[0] and outbox_control.paused(team) is None


def test_accounts_screen_adds_tests_and_removes_without_keeping_the_secret(qtbot, team, tmp_path):
    from studio.gui.accounts_page import AccountsPage

    page = AccountsPage(team)
    qtbot.addWidget(page)
    assert page.add_button.isEnabled() and "keyring" in page.keyring.text()
    with acting_as("amina"):
        op = page.add(
            platform="folder", name="press-kit", server=str(tmp_path / "out"), handle=None,
            lang="ar", options={"platform": "telegram"}, secret=None,
        )  # fmt: skip
        qtbot.waitUntil(lambda: op.done, timeout=10_000)
    assert [a.name for a in page.model.rows] == ["press-kit"]
    page.table.selectRow(0)
    op = page.test_selected()
    qtbot.waitUntil(lambda: op.done, timeout=10_000)
    assert "works" in page.result.text()


def test_choose_accounts_in_the_composer_then_publish_from_review(
    qtbot, open_window, team, archive, monkeypatch
):
    """The whole way in the window: tick an account, approve, Publish, see it sent."""
    from studio.core.outbox_control import pause

    monkeypatch.setenv("STUDIO_USER", "omar")
    with acting_as("omar"):
        post_id = team.posts.create(
            {"title": "Arches", "platforms": ["mastodon"], "text": {"en": "Horseshoe arches."}}
        ).id
    window = open_window(team.root)
    window.open_post(post_id)
    picker = window.composer.editor.accounts
    qtbot.waitUntil(lambda: "archive" in picker.boxes, timeout=5_000)
    picker.boxes["archive"].setChecked(True)
    window.composer.flush_saves()
    assert team.posts.get(post_id).accounts == ["archive"]
    window.composer.editor.stack.undo()  # the account choice is undoable like any edit
    window.composer.flush_saves()
    assert team.posts.get(post_id).accounts == [] and not picker.boxes["archive"].isChecked()
    window.composer.editor.stack.redo()
    window.composer.flush_saves()

    with acting_as("omar"):
        team.workflow.submit(post_id)
    with acting_as("amina"):
        team.workflow.approve(post_id)
    monkeypatch.setenv("STUDIO_USER", "amina")
    review = window.show_page("review")
    review.refresh()
    qtbot.waitUntil(lambda: review.publish_button.isEnabled(), timeout=30_000)
    with qtbot.waitSignal(review.sig_published, timeout=30_000):
        review.publish_button.click()
    assert window.current_page() == "outbox"
    qtbot.waitUntil(lambda: states(window.outbox) == ["sent"], timeout=30_000)
    assert list(archive.iterdir())

    assert not window.pause_banner.isVisibleTo(window)
    with acting_as("amina"):
        pause(team, "Embassy statement pending")  # e.g. from the CLI, another process
    qtbot.waitUntil(lambda: window.pause_banner.isVisibleTo(window), timeout=5_000)
    assert "Embassy statement pending" in window.pause_banner.text()
