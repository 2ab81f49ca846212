"""The review workflow: legal and illegal moves, who may make them, edits that void reviews.

Keys are real Ed25519 keys in the real OS keyring (``./dev test`` runs a Secret Service).
"""

from __future__ import annotations

import itertools

import pytest

from studio.core import secrets
from studio.core.approval import set_required_approvals
from studio.core.errors import NotFoundError
from studio.core.model import POST_STATES
from studio.core.users import UserError, acting_as, key_entry
from studio.core.workflow import (
    TRANSITIONS,
    IllegalTransitionError,
    WorkflowError,
    mark_failed,
    mark_published,
    retry,
    schedule,
    set_state,
    unschedule,
)

POST = {
    "title": "Zellige of Fès",
    "platforms": ["x", "bluesky"],
    "text": {"ar": "زليج فاس", "en": "The zellige of Fès, cut by hand."},
    "hashtags": ["#Heritage"],
}

# The contract's state machine, written out independently of workflow.TRANSITIONS.
LEGAL = {
    ("draft", "in_review"),
    ("draft", "withdrawn"),
    ("in_review", "approved"),
    ("in_review", "changes_requested"),
    ("in_review", "draft"),
    ("in_review", "withdrawn"),
    ("changes_requested", "draft"),
    ("changes_requested", "in_review"),
    ("changes_requested", "withdrawn"),
    ("approved", "scheduled"),
    ("approved", "draft"),
    ("approved", "withdrawn"),
    ("scheduled", "published"),
    ("scheduled", "failed"),
    ("scheduled", "approved"),
    ("scheduled", "draft"),
    ("scheduled", "withdrawn"),
    ("failed", "scheduled"),
    ("failed", "draft"),
    ("failed", "withdrawn"),
    ("withdrawn", "draft"),
}


@pytest.fixture
def team(workspace):
    """Two approvers and an author with real keys; their keyring entries removed afterwards."""
    try:
        with acting_as("amina"):
            workspace.users.add("amina", "approver")
            workspace.users.add("lina", "approver")
            workspace.users.add("omar", "author")
        yield workspace
    finally:
        for user in workspace.users.list(include_removed=True):
            secrets.delete(key_entry(workspace.workspace_id, user.name))


def draft(ws, author="omar", **changes):
    with acting_as(author):
        return ws.posts.create({**POST, **changes}).id


def submitted(ws, author="omar"):
    post_id = draft(ws, author)
    with acting_as(author):
        ws.workflow.submit(post_id)
    return post_id


def approved(ws):
    post_id = submitted(ws)
    with acting_as("amina"):
        ws.workflow.approve(post_id, comment="Good to go")
    return post_id


def actions(ws, post_id):
    return [e.action for e in ws.audit.entries(post_id=post_id)]


def test_the_state_machine_is_the_contract():
    table = {(a, b) for a, targets in TRANSITIONS.items() for b in targets}
    assert table == LEGAL
    assert set(TRANSITIONS) == set(POST_STATES)


@pytest.mark.parametrize(
    ("from_state", "to_state"),
    [p for p in itertools.product(POST_STATES, POST_STATES) if p not in LEGAL],
)
def test_every_illegal_move_is_refused_with_the_allowed_ones_named(workspace, from_state, to_state):
    post_id = workspace.posts.create(POST).id
    workspace.db.conn.execute("UPDATE post SET state = ? WHERE id = ?", (from_state, post_id))
    with pytest.raises(IllegalTransitionError) as err:
        set_state(workspace, post_id, to_state)
    message = str(err.value)
    assert f"post #{post_id} is {from_state}; it cannot become {to_state}" in message
    for allowed in TRANSITIONS[from_state]:
        assert allowed in message
    assert workspace.posts.get(post_id).state == from_state


def test_submit_then_approve_records_every_step(team):
    post_id = draft(team)
    with acting_as("omar"):
        status = team.workflow.submit(post_id, comment="ready")
    assert status["state"] == "in_review" and status["review"]["round"] == 1
    assert status["review"]["content_hash"] == status["content_hash"]
    with acting_as("amina"):
        status = team.workflow.approve(post_id, expected_hash=status["content_hash"])
    assert status["state"] == "approved" and status["publishable"]
    assert status["approvers"] == ["amina"]
    assert actions(team, post_id) == [
        "post.created",
        "review.submitted",
        "post.state_changed",
        "approval.signed",
        "post.state_changed",
    ]


def test_authors_cannot_approve_their_own_post(team):
    with acting_as("amina"):
        team.users.set_role("omar", "approver")
    post_id = submitted(team, author="omar")  # omar created and submitted it
    with acting_as("omar"), pytest.raises(WorkflowError, match="authors cannot approve"):
        team.workflow.approve(post_id)
    # Submitting someone else's post makes you an author too.
    other = draft(team, author="lina")
    with acting_as("amina"):
        team.workflow.submit(other)
    with acting_as("amina"), pytest.raises(WorkflowError, match="authors cannot approve"):
        team.workflow.approve(other)
    with acting_as("lina"), pytest.raises(WorkflowError, match="authors cannot approve"):
        team.workflow.approve(other)


def test_an_approver_who_edited_the_content_cannot_approve_it(team):
    post_id = draft(team)
    with acting_as("amina"):
        team.posts.set_text(post_id, "en", "Amina's better wording.")
    with acting_as("omar"):
        team.workflow.submit(post_id)
    with acting_as("amina"), pytest.raises(WorkflowError, match="authors cannot approve"):
        team.workflow.approve(post_id)
    with acting_as("lina"):
        assert team.workflow.approve(post_id)["state"] == "approved"


def test_only_registered_approvers_can_approve(team):
    post_id = submitted(team)
    with acting_as("omar"), pytest.raises(WorkflowError, match="only approvers can approve"):
        team.workflow.approve(post_id)
    with acting_as("stranger"), pytest.raises(NotFoundError, match="no user 'stranger'"):
        team.workflow.approve(post_id)


def test_approving_a_draft_or_twice_is_refused(team):
    post_id = draft(team)
    with acting_as("amina"), pytest.raises(WorkflowError, match="only a post in review"):
        team.workflow.approve(post_id)
    with acting_as("omar"):
        team.workflow.submit(post_id)
    set_required_approvals_as(team, 2)
    with acting_as("amina"):
        team.workflow.approve(post_id)
    with acting_as("amina"), pytest.raises(WorkflowError, match="already approved"):
        team.workflow.approve(post_id)


def set_required_approvals_as(ws, count, who="amina"):
    with acting_as(who):
        set_required_approvals(ws, count)


def test_two_levels_need_two_distinct_approvers(team):
    set_required_approvals_as(team, 2)
    post_id = submitted(team)
    with acting_as("amina"):
        status = team.workflow.approve(post_id)
    assert status["state"] == "in_review"
    assert (status["approvals_valid"], status["approvals_required"]) == (1, 2)
    with acting_as("lina"):
        status = team.workflow.approve(post_id)
    assert status["state"] == "approved" and status["approvers"] == ["amina", "lina"]


def test_only_approvers_manage_people_and_policy(team):
    with acting_as("omar"), pytest.raises(UserError, match="only an approver can add users"):
        team.users.add("mallory", "approver")
    with acting_as("omar"), pytest.raises(UserError, match="only an approver"):
        set_required_approvals(team, 1)
    with acting_as("omar"), pytest.raises(UserError, match="only an approver"):
        team.users.set_role("omar", "approver")
    with acting_as("amina"):
        team.users.remove("lina")
        with pytest.raises(UserError, match="last approver"):
            team.users.remove("amina")
        with pytest.raises(UserError, match="last approver"):
            team.users.set_role("amina", "author")


def test_request_changes_then_edit_returns_to_draft_and_a_new_round(team):
    post_id = submitted(team)
    with acting_as("lina"), pytest.raises(WorkflowError, match="--comment"):
        team.workflow.request_changes(post_id, comment="  ")
    with acting_as("lina"):
        status = team.workflow.request_changes(post_id, comment="Credit the photographer.")
    assert status["state"] == "changes_requested"
    assert status["comments"][-1]["comment"] == "Credit the photographer."
    with acting_as("omar"):
        team.posts.set_text(post_id, "en", "The zellige of Fès. Photo: K. Idrissi.")
    assert team.posts.get(post_id).state == "draft"
    with acting_as("omar"):
        status = team.workflow.submit(post_id)
    assert status["review"]["round"] == 2


def test_editing_approved_content_voids_the_approval_and_is_audited(team):
    post_id = approved(team)
    old_hash = team.workflow.status(post_id)["content_hash"]
    with acting_as("omar"):
        team.posts.update(post_id, {"title": "Renamed only"})  # the title is not published
    assert team.posts.get(post_id).state == "approved"
    with acting_as("omar"):
        team.posts.set_text(post_id, "en", "The zellige of Fès, cut by hand.")  # unchanged
    assert team.posts.get(post_id).state == "approved"
    with acting_as("omar"):
        team.posts.update(post_id, {"overrides": {"x": {"en": "Short for X"}}})
    status = team.workflow.status(post_id)
    assert status["state"] == "draft" and not status["publishable"]
    assert status["content_hash"] != old_hash
    assert [a["status"] for a in status["approvals"]] == ["void"]
    voided = [e for e in team.audit.entries(post_id=post_id) if e.action == "approval.voided"]
    assert voided[0].detail["changed"] == ["text.x"]
    assert voided[0].detail["content_hash"] == old_hash and voided[0].actor == "omar"


def test_resubmitting_identical_content_does_not_revive_voided_approvals(team):
    post_id = approved(team)
    with acting_as("omar"):
        team.posts.set_text(post_id, "en", "Changed.")
        team.posts.set_text(post_id, "en", POST["text"]["en"])  # back to what was approved
        status = team.workflow.submit(post_id)
    assert status["state"] == "in_review" and status["approvals_valid"] == 0
    assert status["approvals"][0]["status"] == "void"
    assert "round 1" in status["approvals"][0]["reason"]


def test_schedule_publish_and_the_published_record_is_frozen(team):
    post_id = approved(team)
    content = schedule(team, post_id)
    assert team.posts.get(post_id).state == "scheduled"
    unschedule(team, post_id)
    content = schedule(team, post_id)
    with pytest.raises(WorkflowError, match="publish only what require_publishable returned"):
        mark_published(team, post_id, "0" * 64)
    mark_published(team, post_id, content.content_hash, {"url": "https://example.org/1"})
    assert team.posts.get(post_id).state == "published"
    with pytest.raises(WorkflowError, match="is published"):
        team.posts.set_text(post_id, "en", "Too late")
    with pytest.raises(WorkflowError, match="is published"):
        team.posts.update(post_id, {"title": "Too late"})
    with pytest.raises(WorkflowError, match="cannot be deleted"):
        team.posts.delete(post_id)
    with acting_as("omar"), pytest.raises(IllegalTransitionError):
        team.workflow.withdraw(post_id)
    assert team.posts.get(post_id).text["en"] == POST["text"]["en"]


def test_failed_posts_retry_only_while_the_approval_holds(team):
    post_id = approved(team)
    schedule(team, post_id)
    mark_failed(team, post_id, "HTTP 503 from the platform")
    assert retry(team, post_id).content_hash == team.workflow.status(post_id)["content_hash"]
    mark_failed(team, post_id, "HTTP 503 again")
    with acting_as("omar"):
        team.posts.update(post_id, {"hashtags": ["#Heritage", "#Fes"]})
    assert team.posts.get(post_id).state == "draft"


def test_withdraw_and_reopen(team):
    post_id = submitted(team)
    with acting_as("omar"):
        assert team.workflow.withdraw(post_id)["state"] == "withdrawn"
        team.workflow.reopen(post_id)
    assert team.posts.get(post_id).state == "draft"


def test_scheduled_posts_cannot_be_deleted_but_drafts_can_and_are_audited(team):
    post_id = approved(team)
    schedule(team, post_id)
    with pytest.raises(WorkflowError, match="withdraw it first"):
        team.posts.delete(post_id)
    other = draft(team)
    team.posts.delete(other)
    assert actions(team, other)[-1] == "post.deleted"


def test_a_listener_hears_state_changes(team):
    heard = []
    team.posts.subscribe(heard.append)
    post_id = submitted(team)
    assert heard.count(post_id) >= 2  # created, then submitted
