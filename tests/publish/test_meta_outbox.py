"""Facebook and Threads through the real outbox: workspace, keyring, approval, worker.

A lost answer to the post-creating call must end with exactly one post and the delivery
holding its remote id, found by the adapter's reconcile (Meta takes no idempotency key).
"""

from __future__ import annotations

import pytest
from contract.facebook import FacebookServer
from contract.threads import ThreadsServer
from test_outbox_support import approved_post, make_team, worker

from studio.core.outbox_enqueue import publish_post
from studio.publish.accounts import add_account
from studio.publish.adapters.threads import ThreadsAdapter


@pytest.fixture
def team(workspace):
    yield from make_team(workspace)


@pytest.fixture(autouse=True)
def fast(monkeypatch):
    monkeypatch.setattr(ThreadsAdapter, "POLL_INTERVAL", 0.01)


def run_with_lost_answer(team, post_id, server, path):
    publish_post(team, post_id)
    server.fault("POST", path, "drop-after")
    w = worker(team)
    w.run(once=True)
    (d,) = team.outbox.list(post_id=post_id)
    assert d.state == "queued" and d.maybe_posted, d.to_json()
    team.db.conn.execute("UPDATE delivery SET next_at = NULL")
    w.run(until_idle=True)
    (d,) = team.outbox.list(post_id=post_id)
    return d


def test_facebook_lost_answer_is_reconciled_into_one_post(team):
    with FacebookServer() as fb:
        add_account(
            team,
            "facebook",
            "maridia-fb",
            secret=fb.token,
            server=fb.url,
            options={"page_id": fb.page_id},
        )
        post_id = approved_post(team, ["maridia-fb"], platforms=["facebook"])
        d = run_with_lost_answer(team, post_id, fb, r"/feed$")
        assert len(fb.posts) == 1 and d.state == "sent", d.to_json()
        assert d.remote_id == fb.posts[0]["id"]
        assert len([r for r in fb.requests if r.path.endswith("/feed")]) == 1
        assert not fb.token_in_query


def test_threads_lost_answer_is_reconciled_into_one_post(team):
    with ThreadsServer() as th:
        add_account(team, "threads", "maridia-threads", secret=th.token, server=th.url)
        post_id = approved_post(team, ["maridia-threads"], platforms=["threads"])
        d = run_with_lost_answer(team, post_id, th, r"/threads_publish$")
        assert len(th.published) == 1 and d.state == "sent", d.to_json()
        assert d.remote_id == th.published[0]["id"]
        assert len([r for r in th.requests if r.path.endswith("/threads_publish")]) == 1
