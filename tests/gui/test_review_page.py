"""The Review screen: submit, approve (two approvers), request changes, history, exports."""

from __future__ import annotations

import zipfile

import pytest


def _review(window, prefix: str):
    post_id = next(r["id"] for r in window.ws.posts.summaries() if r["title"].startswith(prefix))
    window.show_page("composer").select_post(post_id)
    return window.show_page("review"), post_id


def _settle(qtbot, review, idle):
    idle()
    qtbot.waitUntil(lambda: review.status is not None, timeout=5000)


def test_submit_then_two_approvals_make_it_approved(
    open_window, team_dir, qtbot, idle, monkeypatch
):
    monkeypatch.setenv("STUDIO_USER", "omar")
    window = open_window(team_dir)
    review, post_id = _review(window, "Zellige")  # its kit asks for two approvals
    _settle(qtbot, review, idle)
    assert review.status["state"] == "draft" and review.badge.text() == "Draft"
    assert review.submit_button.isEnabled() and not review.approve_button.isEnabled()
    assert review.acting.text() == "\u2068omar\u2069 · author"

    review.comment.setPlainText("Ready for the heritage week")
    review.submit_button.click()
    idle()
    assert review.status["state"] == "in_review" and review.badge.text() == "In review"
    assert window.composer.editor.state.text() == "In review"
    assert review.history.decisions()[0]["decision"] == "submit"
    assert review.comment.toPlainText() == ""

    monkeypatch.setenv("STUDIO_USER", "amina")
    review.refresh()
    idle()
    review.comment.setPlainText("Credits checked")
    review.approve_button.click()
    idle()
    assert review.status["state"] == "in_review"  # one of two
    assert review.approvals.text().startswith("1 of 2 valid approvals")

    monkeypatch.setenv("STUDIO_USER", "lina")
    review.approve_button.click()
    idle()
    assert review.status["state"] == "approved" and review.badge.text() == "Approved"
    decisions = review.history.decisions()
    assert [d["decision"] for d in decisions].count("approve") == 2
    assert all(d["status"] == "valid" for d in decisions if d["decision"] == "approve")
    texts = [review.history.topLevelItem(i).text(5) for i in range(len(decisions))]
    assert any("Credits checked" in t for t in texts)
    assert window.ws.posts.get(post_id).state == "approved"


def test_authors_cannot_approve_and_changes_need_a_comment(
    open_window, team_dir, qtbot, idle, monkeypatch
):
    monkeypatch.setenv("STUDIO_USER", "omar")
    window = open_window(team_dir)
    review, _post_id = _review(window, "Arches")
    _settle(qtbot, review, idle)
    review.submit_button.click()
    idle()
    review.approve_button.click()  # omar is an author of his own post
    idle()
    assert review.banner.isVisible() and "approver" in review.banner.message.text()
    assert review.status["state"] == "in_review"

    monkeypatch.setenv("STUDIO_USER", "amina")
    review.refresh()
    idle()
    review.changes_button.click()  # no comment: refused before anything is signed
    assert "comment" in review.banner.message.text()
    assert review.status["state"] == "in_review"
    review.comment.setPlainText("Add the kiln's opening hours")
    review.changes_button.click()
    idle()
    assert review.status["state"] == "changes_requested"
    assert review.badge.text() == "Changes requested"
    assert review.submit_button.isEnabled()
    assert review.history.decisions()[0]["comment"] == "Add the kiln's opening hours"


@pytest.mark.slow
def test_export_review_pack_and_brief(open_window, team_dir, qtbot, idle, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QFileDialog

    monkeypatch.setenv("STUDIO_USER", "omar")
    window = open_window(team_dir)
    review, _post_id = _review(window, "Arches")
    _settle(qtbot, review, idle)
    review.submit_button.click()
    idle()
    pack = tmp_path / "pack.zip"
    brief = tmp_path / "brief.docx"
    answers = iter([(str(pack), ""), (str(brief), "")])
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: next(answers))
    review.pack_button.click()
    idle(120_000)
    assert "Review pack written" in review.banner.message.text(), review.banner.message.text()
    assert zipfile.is_zipfile(pack)
    review.brief_button.click()
    idle(120_000)
    assert brief.exists() and zipfile.is_zipfile(brief)  # a .docx is a zip
