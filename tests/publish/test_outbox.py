"""The outbox end to end against the noticeboard contract server and the folder adapter.

Real workspace, real keyring, real HTTP on 127.0.0.1: publish refusals, delivery, retries,
crash recovery by reconcile, two workers, uncertain outcomes, pause, late deliveries.
"""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from contract.noticeboard import NoticeboardServer
from test_outbox_support import (
    approved_post,
    folder_account,
    make_team,
    noticeboard_account,
    worker,
)

from studio.core import approval, outbox_control
from studio.core.outbox import iso, utcnow
from studio.core.outbox_control import OutboxError
from studio.core.outbox_enqueue import publish_post
from studio.core.timeutil import parse_iso
from studio.core.users import acting_as


@pytest.fixture
def board():
    with NoticeboardServer(mode="key") as server:
        yield server


@pytest.fixture
def lookup_board():
    with NoticeboardServer(mode="lookup") as server:
        yield server


@pytest.fixture
def team(workspace):
    yield from make_team(workspace)


def actions(ws, post_id=None):
    return [e.action for e in ws.audit.entries(post_id=post_id)]


# -- accounts in the approved content --------------------------------------------------------
def test_each_account_is_its_own_target_and_part_of_the_hash(team, board, tmp_path):
    noticeboard_account(team, "nb-a", board)
    noticeboard_account(team, "nb-b", board)
    folder_account(team, "export-x", tmp_path / "x", platform="x")
    with acting_as("omar"):
        post = team.posts.create(
            {
                "title": "t",
                "platforms": ["mastodon", "x", "bluesky"],
                "text": {"en": "Hello"},
                "accounts": ["nb-b", "nb-a", "export-x"],
            }
        )
    snap = approval.snapshot(team, post.id)
    assert [(t.platform, t.account) for t in snap.targets] == [
        ("bluesky", None),
        ("mastodon", "nb-a"),
        ("mastodon", "nb-b"),
        ("x", "export-x"),
    ]
    with acting_as("omar"):
        team.posts.update(post.id, {"accounts": ["nb-a", "export-x"]})
    assert approval.snapshot(team, post.id).content_hash != snap.content_hash


def test_changing_the_accounts_voids_an_approval(team, board):
    noticeboard_account(team, "nb-a", board)
    noticeboard_account(team, "nb-b", board)
    post_id = approved_post(team, ["nb-a"])
    with acting_as("omar"):
        team.posts.update(post_id, {"accounts": ["nb-a", "nb-b"]})
    assert team.posts.get(post_id).state == "draft"
    assert "approval.voided" in actions(team, post_id)


# -- publish refusals -------------------------------------------------------------------------
def test_publish_refuses_a_target_without_an_account(team, board):
    noticeboard_account(team, "nb-a", board)
    post_id = approved_post(team, ["nb-a"], platforms=["mastodon", "bluesky"])
    with pytest.raises(OutboxError, match="no publishing account for bluesky"):
        publish_post(team, post_id)
    assert team.posts.get(post_id).state == "approved"
    assert team.outbox.list() == []


def test_publish_refuses_accounts_not_in_the_approved_content(team, board):
    noticeboard_account(team, "nb-a", board)
    noticeboard_account(team, "nb-b", board)
    post_id = approved_post(team, ["nb-a"])
    with pytest.raises(OutboxError, match=r"nb-b are not in the approved content"):
        publish_post(team, post_id, accounts=["nb-b"])
    assert team.outbox.list() == []


def test_at_only_when_the_approved_content_has_no_schedule(team, board):
    noticeboard_account(team, "nb-a", board)
    post_id = approved_post(team, ["nb-a"], schedule_at="2030-01-01T09:00:00+01:00")
    with pytest.raises(OutboxError, match="schedule is part of the approved content"):
        publish_post(team, post_id, at="2030-02-01T09:00:00Z")
    (d,) = publish_post(team, post_id)
    assert d.scheduled_at == "2030-01-01T08:00:00.000+00:00"
    assert team.posts.get(post_id).state == "scheduled"


def test_an_unapproved_post_is_refused(team, board):
    noticeboard_account(team, "nb-a", board)
    with acting_as("omar"):
        post_id = team.posts.create(
            {"title": "t", "platforms": ["mastodon"], "text": {"en": "x"}}
        ).id
    from studio.core.approval import NotPublishableError

    with pytest.raises(NotPublishableError, match="not approved"):
        publish_post(team, post_id)


# -- sending ----------------------------------------------------------------------------------
def test_publish_sends_once_per_account_and_publishes_the_post(team, board, tmp_path):
    noticeboard_account(team, "nb-a", board)
    folder_account(team, "export", tmp_path / "out")
    post_id = approved_post(team, ["nb-a", "export"])
    deliveries = publish_post(team, post_id)
    assert {d.account for d in deliveries} == {"nb-a", "export"}
    assert len({d.key for d in deliveries}) == 2
    seen = []
    summary = worker(team, on_state=lambda d: seen.append((d.id, d.state))).run(until_idle=True)
    assert set(summary.states.values()) == {"sent"}
    (notice,) = board.notices
    assert notice["text"].startswith("Le zellige de Fès") and notice["lang"] == "fr"
    sent = {d.account: d for d in team.outbox.list(post_id=post_id)}
    assert sent["nb-a"].remote_id == notice["id"] and sent["nb-a"].url == notice["url"]
    assert (tmp_path / "out" / sent["export"].remote_id / "text.txt").exists()
    assert team.posts.get(post_id).state == "published"
    assert ("sending" in {s for _i, s in seen}) and ("sent" in {s for _i, s in seen})
    log = actions(team, post_id)
    assert log.count("publish.attempted") == 2 and log.count("publish.outcome") == 2
    # Publishing again queues nothing new: the post is published.
    from studio.core.approval import NotPublishableError

    with pytest.raises(NotPublishableError):
        publish_post(team, post_id)


def test_transient_errors_back_off_and_retry_after_is_honoured(team, board):
    noticeboard_account(team, "nb-a", board)
    post_id = approved_post(team, ["nb-a"])
    (d,) = publish_post(team, post_id)
    board.fault("POST", "/api/v1/notices", "status", status=503, times=1)
    board.fault(
        "POST", "/api/v1/notices", "status", status=429, headers={"Retry-After": "30"}, times=1
    )
    w = worker(team)
    w.run(once=True)
    first = team.outbox.get(d.id)
    assert first.state == "queued" and first.error_kind == "retry" and first.attempts == 1, (
        first.error
    )
    assert not first.maybe_posted  # the server answered 503: nothing was posted
    team.db.conn.execute("UPDATE delivery SET next_at = NULL WHERE id = ?", (d.id,))
    w.run(once=True)
    limited = team.outbox.get(d.id)
    assert limited.state == "queued" and limited.attempts == 2
    wait = parse_iso(limited.next_at) - utcnow()
    assert timedelta(seconds=25) < wait <= timedelta(seconds=31)  # Retry-After: 30
    team.db.conn.execute("UPDATE delivery SET next_at = NULL WHERE id = ?", (d.id,))
    w.run(until_idle=True)
    assert team.outbox.get(d.id).state == "sent" and len(board.notices) == 1


def test_auth_and_rejected_content_fail_at_once_with_the_platform_message(team, board):
    noticeboard_account(team, "nb-bad", board, token="wrong-token")
    post_id = approved_post(team, ["nb-bad"])
    (d,) = publish_post(team, post_id)
    worker(team).run(until_idle=True)
    failed = team.outbox.get(d.id)
    assert failed.state == "failed" and failed.error_kind == "auth" and failed.attempts == 1
    assert "invalid token" in failed.error and "sign in again" in failed.error
    assert "wrong-token" not in failed.error
    assert team.posts.get(post_id).state == "failed"


def test_a_lost_response_is_reconciled_not_posted_twice(team, board, lookup_board):
    noticeboard_account(team, "nb-key", board)
    noticeboard_account(team, "nb-lookup", lookup_board)
    post_id = approved_post(team, ["nb-key", "nb-lookup"])
    publish_post(team, post_id)
    board.fault("POST", "/api/v1/notices", "drop-after", times=1)
    lookup_board.fault("POST", "/api/v1/notices", "drop-after", times=1)
    w = worker(team)
    w.run(once=True)
    states = {d.account: d for d in team.outbox.list(post_id=post_id)}
    assert all(d.state == "queued" and d.maybe_posted for d in states.values()), [
        d.to_json() for d in states.values()
    ]
    assert len(board.notices) == 1 and len(lookup_board.notices) == 1  # created, answer lost
    team.db.conn.execute("UPDATE delivery SET next_at = NULL")
    w.run(until_idle=True)
    assert len(board.notices) == 1 and len(lookup_board.notices) == 1
    done = {d.account: d for d in team.outbox.list(post_id=post_id)}
    assert done["nb-lookup"].remote_id == lookup_board.notices[0]["id"]
    assert done["nb-key"].remote_id == board.notices[0]["id"]
    lookups = [r for r in lookup_board.requests if r.method == "GET" and "notices" in r.path]
    assert lookups  # the lookup-mode delivery asked before sending again
    assert team.posts.get(post_id).state == "published"


def test_a_crash_mid_publish_is_recovered_by_the_next_worker(team, lookup_board):
    noticeboard_account(team, "nb", lookup_board)
    post_id = approved_post(team, ["nb"])
    (d,) = publish_post(team, post_id)
    # A worker claimed it, committed maybe_posted and posted; then its process died.
    dead = "somehost-that-is-gone:1:dead"
    team.outbox.claim(dead, 0.001)
    team.db.conn.execute("UPDATE delivery SET maybe_posted = 1 WHERE id = ?", (d.id,))
    with lookup_board.lock:
        lookup_board.notices.append(
            {"id": "77", "url": f"{lookup_board.url}/notices/77", "ref": d.key, "text": "x"}
        )
    worker(team).run(until_idle=True)
    got = team.outbox.get(d.id)
    assert got.state == "sent" and got.remote_id == "77"
    assert len(lookup_board.notices) == 1
    assert not [r for r in lookup_board.requests if r.method == "POST"]


def test_two_workers_never_send_the_same_delivery(team, lookup_board):
    for i in range(6):
        noticeboard_account(team, f"nb-{i}", lookup_board)
    post_id = approved_post(team, [f"nb-{i}" for i in range(6)])
    publish_post(team, post_id)
    lookup_board.fault("POST", "/api/v1/notices", "delay", seconds=0.05, times=100)
    ws2 = type(team)(team.root)
    try:
        threads = [
            threading.Thread(target=worker(w).run, kwargs={"until_idle": True}) for w in (team, ws2)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
    finally:
        ws2.close()
    refs = [n["ref"] for n in lookup_board.notices]
    assert len(refs) == 6 and len(set(refs)) == 6
    assert {d.state for d in team.outbox.list()} == {"sent"}


def test_uncertain_outcome_waits_for_a_person(team, tmp_path):
    from studio.publish.adapters.folder import FolderAdapter

    folder_account(team, "export", tmp_path / "out")
    post_id = approved_post(team, ["export"])
    (d,) = publish_post(team, post_id)
    team.db.conn.execute("UPDATE delivery SET maybe_posted = 1 WHERE id = ?", (d.id,))
    original = FolderAdapter.reconcile

    def cannot_tell(self, request):
        from studio.api import UncertainError

        raise UncertainError("cannot tell")

    FolderAdapter.reconcile = cannot_tell
    try:
        worker(team).run(until_idle=True)
    finally:
        FolderAdapter.reconcile = original
    assert team.outbox.get(d.id).state == "uncertain"
    assert team.posts.get(post_id).state == "scheduled"
    resolved = team.outbox.resolve(d.id, posted_url="https://example.org/p/1", posted=True)
    assert resolved.state == "sent" and resolved.url == "https://example.org/p/1"
    assert team.posts.get(post_id).state == "published"
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_retry_requeues_a_failed_delivery_and_reschedules_the_post(team, board):
    noticeboard_account(team, "nb", board, token="wrong")
    post_id = approved_post(team, ["nb"])
    (d,) = publish_post(team, post_id)
    worker(team).run(until_idle=True)
    assert team.posts.get(post_id).state == "failed"
    board.tokens.add("wrong")  # the user fixed the token on the platform side
    again = team.outbox.retry(d.id)
    assert again.state == "queued" and again.attempts == 0
    assert team.posts.get(post_id).state == "scheduled"
    worker(team).run(until_idle=True)
    assert team.outbox.get(d.id).state == "sent"
    assert team.posts.get(post_id).state == "published"
    assert "outbox.retried" in actions(team, post_id)


# -- pause, late deliveries, a voided approval -------------------------------------------------
def test_pause_stops_sending_survives_reopening_and_resume_lifts_it(team, board):
    noticeboard_account(team, "nb", board)
    post_id = approved_post(team, ["nb"])
    (d,) = publish_post(team, post_id)
    with acting_as("amina"):
        outbox_control.pause(team, "embassy statement pending")
    reopened = type(team)(team.root)
    try:
        summary = worker(reopened).run(until_idle=True)
        assert summary.paused and outbox_control.paused(reopened).reason.startswith("embassy")
    finally:
        reopened.close()
    assert board.notices == [] and team.outbox.get(d.id).state == "queued"
    outbox_control.resume(team)
    worker(team).run(until_idle=True)
    assert len(board.notices) == 1
    log = actions(team)
    assert "outbox.paused" in log and "outbox.resumed" in log


def test_a_pause_during_an_upload_abandons_it_safely(team, board, make_photo):
    noticeboard_account(team, "nb", board)
    post_id = approved_post(
        team,
        ["nb"],
        media=[{"path": str(make_photo()), "alt": {"en": "Zellige", "fr": "Zellige (fr)"}}],
    )
    (d,) = publish_post(team, post_id)
    w = worker(team)
    real = w.on_progress

    def pause_now(delivery_id, fraction, message):
        outbox_control.pause(team, "stop")

    w.on_progress = pause_now
    w.run(until_idle=True)
    w.on_progress = real
    got = team.outbox.get(d.id)
    assert got.state == "queued" and got.attempts == 0 and got.error_kind == "paused"
    assert board.notices == [] and len(board.media) == 1
    outbox_control.resume(team)
    worker(team).run(until_idle=True)
    assert len(board.notices) == 1 and len(board.media) == 1  # the upload id was remembered
    assert board.notices[0]["media"][0]["alt"] == "Zellige (fr)"  # the post's first language


def test_late_deliveries_are_held_when_the_policy_asks(team, board):
    noticeboard_account(team, "nb", board)
    post_id = approved_post(team, ["nb"])
    (d,) = publish_post(team, post_id, at=iso(utcnow() - timedelta(hours=2)))
    outbox_control.set_late_policy(team, "ask", 15)
    summary = worker(team).run(until_idle=True)
    assert summary.held == [d.id] and team.outbox.get(d.id).state == "held"
    assert board.notices == []
    team.outbox.release(d.id)
    worker(team).run(until_idle=True)
    assert team.outbox.get(d.id).state == "sent"


def test_a_future_delivery_waits_for_its_time(team, board):
    noticeboard_account(team, "nb", board)
    post_id = approved_post(team, ["nb"])
    (d,) = publish_post(team, post_id, at=iso(utcnow() + timedelta(hours=1)))
    summary = worker(team).run(until_idle=True)
    assert summary.attempts == 0 and team.outbox.get(d.id).state == "queued"


def test_a_voided_approval_cancels_what_is_queued(team, board):
    noticeboard_account(team, "nb", board)
    post_id = approved_post(team, ["nb"])
    (d,) = publish_post(team, post_id)
    with acting_as("omar"):
        team.workflow.withdraw(post_id)
    worker(team).run(until_idle=True)
    got = team.outbox.get(d.id)
    assert got.state == "cancelled" and "withdrawn" in got.error
    assert board.notices == []


def test_a_careless_adapter_message_never_records_the_secret(team, board, monkeypatch):
    from studio_test_adapter.noticeboard import NoticeboardAdapter

    from studio.api import RejectedError

    def leaky(self, request, uploads):
        raise RejectedError(f"refused for token {self.ctx.credentials.secret}")

    monkeypatch.setattr(NoticeboardAdapter, "publish", leaky)
    noticeboard_account(team, "nb", board, token="tok-do-not-leak")
    post_id = approved_post(team, ["nb"])
    (d,) = publish_post(team, post_id)
    worker(team).run(until_idle=True)
    failed = team.outbox.get(d.id)
    assert failed.error == "refused for token <secret>"
    dump = team.db.conn.execute("SELECT group_concat(detail, ' ') FROM audit_log").fetchone()[0]
    assert "tok-do-not-leak" not in dump and "<secret>" in dump


def test_offline_waits_without_using_up_attempts(team):
    from studio.publish.accounts import add_account

    add_account(
        team, "noticeboard", "nb", secret="t0ken-x", server="http://127.0.0.1:1",
        options={"timeout": "2"},
    )  # fmt: skip
    post_id = approved_post(team, ["nb"])
    (d,) = publish_post(team, post_id)
    w = worker(team)
    for _ in range(3):
        w.run(once=True)
        team.db.conn.execute("UPDATE delivery SET next_at = NULL")
    got = team.outbox.get(d.id)
    assert got.state == "queued" and got.attempts == 0 and got.error_kind == "offline"
    assert "cannot reach 127.0.0.1:1" in got.error


def test_backoff_doubles_with_jitter_and_is_capped():
    import random

    from studio.publish.worker import Policy

    policy, rng = Policy(backoff_base=5, backoff_cap=60), random.Random(1)
    for attempt, full in ((1, 5), (2, 10), (3, 20), (4, 40), (5, 60), (9, 60)):
        waits = {policy.backoff(attempt, rng) for _ in range(50)}
        assert all(full * 0.5 <= w <= full for w in waits) and len(waits) > 40


def test_late_deliveries_go_out_when_the_policy_is_send(team, board):
    noticeboard_account(team, "nb", board)
    post_id = approved_post(team, ["nb"])
    (d,) = publish_post(team, post_id, at=iso(utcnow() - timedelta(hours=2)))
    assert outbox_control.late_policy(team) == "send"
    summary = worker(team).run(until_idle=True)
    assert summary.held == [] and team.outbox.get(d.id).state == "sent"


def test_a_live_lease_is_respected_and_an_expired_one_taken_over(team, board):
    import time

    noticeboard_account(team, "nb", board)
    post_id = approved_post(team, ["nb"])
    (d,) = publish_post(team, post_id)
    a, b = worker(team), worker(team)
    held, recovered = team.outbox.claim(a.owner, 0.3)  # a live worker of this process
    assert not recovered and team.outbox.claim(b.owner, 30) is None
    time.sleep(0.35)
    b.run(until_idle=True)  # the lease ran out: b takes the delivery over
    assert team.outbox.get(d.id).state == "sent" and len(board.notices) == 1
    with pytest.raises(OutboxError, match="no longer held by this worker"):
        team.outbox.publish_started(held, a.owner)  # a stands down before posting


def test_the_youtube_title_is_approved_content(team):
    with acting_as("omar"):
        post = team.posts.create(
            {"title": "Zellige", "platforms": ["youtube", "x"], "text": {"en": "Hi"}}
        )
    snap = approval.snapshot(team, post.id)
    assert snap.document["titles"] == {"youtube": "Zellige"}
    before = approval.source_document(team, post)
    with acting_as("omar"):
        edited = team.posts.update(post.id, {"title": "Zellige of Fès"})
    assert approval.source_changes(before, approval.source_document(team, edited)) == ["titles"]
    assert approval.snapshot(team, post.id).content_hash != snap.content_hash
    with acting_as("omar"):
        other = team.posts.create({"title": "t", "platforms": ["x"], "text": {"en": "Hi"}})
    assert "titles" not in approval.snapshot(team, other.id).document  # no title is published
