"""The audit trail: chained by the documented formula, append-only, tampering detected.

Tampering is done the way it would be in real life: a separate sqlite3 connection to the
workspace file that first drops the append-only triggers.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3

import pytest

from studio.core import audit
from studio.core.users import acting_as


@pytest.fixture
def logged(workspace):
    """A workspace with five entries from different sources."""
    with acting_as("amina"):
        workspace.posts.create({"title": "Fès", "platforms": ["x"], "text": {"en": "Fès"}})
        audit.record(workspace, "outbox.paused", detail={"reason": "embargo until 09:00"})
        audit.record(workspace, "outbox.resumed")
        audit.record(workspace, "account.changed", 1, {"platform": "x", "handle": "@embassy"})
        audit.record(workspace, "publish.attempted", 1, {"platform": "x", "attempt": 1})
    return workspace


def tamper(ws) -> sqlite3.Connection:
    conn = sqlite3.connect(ws.db.path, isolation_level=None)
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("DROP TRIGGER audit_log_no_delete")
    return conn


def test_entries_chain_by_the_documented_formula(logged):
    entries = logged.audit.entries()
    assert [e.seq for e in entries] == [1, 2, 3, 4, 5]
    assert entries[0].action == "post.created" and entries[0].actor == "amina"
    prev = "0" * 64
    for e in entries:
        body = {
            "seq": e.seq,
            "at": e.at,
            "actor": e.actor,
            "action": e.action,
            "post_id": e.post_id,
            "detail": e.detail,
        }
        raw = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        assert e.prev_hash == prev
        assert e.entry_hash == hashlib.sha256(prev.encode() + raw.encode()).hexdigest()
        prev = e.entry_hash
    result = logged.audit.verify()
    assert result.ok and result.count == 5 and result.head == prev


def test_the_app_cannot_rewrite_or_delete_entries(logged):
    conn = logged.db.conn
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("UPDATE audit_log SET actor = 'someone else' WHERE seq = 2")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("DELETE FROM audit_log WHERE seq = 5")
    assert logged.audit.verify().ok


def test_an_altered_entry_is_named(logged):
    conn = tamper(logged)
    detail = json.dumps({"reason": "no embargo"}, separators=(",", ":"))
    conn.execute("UPDATE audit_log SET detail = ? WHERE seq = 2", (detail,))
    result = logged.audit.verify()
    assert not result.ok and result.broken_seq == 2 and result.count == 1
    assert "altered" in result.problem


def test_an_altered_actor_with_recomputed_own_hash_breaks_the_next_link(logged):
    conn = tamper(logged)
    e = logged.audit.entries()[2]
    body = {**e.body(), "actor": "mallory"}
    forged = audit.chain_hash(e.prev_hash, body)
    conn.execute("UPDATE audit_log SET actor = 'mallory', entry_hash = ? WHERE seq = 3", (forged,))
    result = logged.audit.verify()
    assert result.broken_seq == 4 and "does not follow" in result.problem


def test_a_deleted_entry_is_named(logged):
    tamper(logged).execute("DELETE FROM audit_log WHERE seq = 3")
    result = logged.audit.verify()
    assert not result.ok and result.broken_seq == 4
    assert "deleted or reordered" in result.problem


def test_reordered_entries_are_named(logged):
    conn = tamper(logged)
    conn.execute("UPDATE audit_log SET seq = 100 WHERE seq = 2")
    conn.execute("UPDATE audit_log SET seq = 2 WHERE seq = 3")
    conn.execute("UPDATE audit_log SET seq = 3 WHERE seq = 100")
    result = logged.audit.verify()
    assert not result.ok and result.broken_seq == 2 and result.count == 1


def test_swapped_contents_at_the_same_positions_are_named(logged):
    conn = tamper(logged)
    rows = {
        r[0]: r[1:]
        for r in conn.execute("SELECT seq, at, actor, action, post_id, detail FROM audit_log")
    }
    for seq, other in ((4, 5), (5, 4)):
        conn.execute(
            "UPDATE audit_log SET at=?, actor=?, action=?, post_id=?, detail=? WHERE seq=?",
            (*rows[other], seq),
        )
    result = logged.audit.verify()
    assert result.broken_seq == 4


def test_details_never_hold_secrets_or_floats(workspace):
    with pytest.raises(ValueError, match="never hold secrets"):
        audit.record(workspace, "account.changed", detail={"access_token": "abc"})
    with pytest.raises(ValueError, match="never hold secrets"):
        audit.record(workspace, "account.changed", detail={"oauth": {"refresh_token": "x"}})
    with pytest.raises(TypeError, match="floats"):
        audit.record(workspace, "publish.attempted", detail={"delay": 2.5})
    with pytest.raises(ValueError, match="dotted lower case"):
        audit.record(workspace, "Published")
    assert workspace.audit.entries() == []


def test_entries_filter_by_post(logged):
    assert [e.action for e in logged.audit.entries(post_id=1)] == [
        "post.created",
        "account.changed",
        "publish.attempted",
    ]
