"""Exactly once under faults: many deliveries through servers that fail at random, and a
worker killed with SIGKILL mid-run. Zero duplicates, zero lost deliveries.

Two noticeboard servers on 127.0.0.1, one deduping on the Idempotency-Key and one offering
only a lookup, answer a seeded share of POSTs with 500/503, 429 + Retry-After, a reset before
handling, a lost response after creating the notice, or a delay past the client's timeout
(the notice is created after the client gave up). The seed is printed; rerun one with
``STUDIO_FAULT_SEED=<seed>``.
"""

from __future__ import annotations

import collections
import os
import random
import signal
import subprocess
import sys
import time

import pytest
from contract.noticeboard import NoticeboardServer
from test_outbox_support import approved_post, make_team, noticeboard_account

from studio.core.outbox_enqueue import publish_post
from studio.publish.worker import Policy, Worker

pytestmark = pytest.mark.slow

CLIENT_TIMEOUT = 0.5  # the adapter's read timeout
SERVER_DELAY = 1.0  # a "delay" fault: the notice lands after the client gave up
RECONCILE_DELAY = 1.5  # > SERVER_DELAY: look only after an in-flight request has landed
CHAOS_RATE = 0.3
ARGS = ("--backoff", "0.02", "--max-attempts", "200", "--poll", "0.05")

POLICY = Policy(
    backoff_base=0.02,
    backoff_cap=0.3,
    max_attempts=200,
    offline_wait=0.05,
    poll=0.02,
    lease_seconds=30,
    reconcile_delay=RECONCILE_DELAY,
)


@pytest.fixture
def team(workspace):
    yield from make_team(workspace)


@pytest.fixture
def seed():
    value = int(os.environ.get("STUDIO_FAULT_SEED") or random.SystemRandom().randrange(10**6))
    print(f"fault seed: {value} (rerun with STUDIO_FAULT_SEED={value})")
    return value


@pytest.fixture
def boards():
    with NoticeboardServer(mode="key") as key, NoticeboardServer(mode="lookup") as lookup:
        yield {"key": key, "lookup": lookup}


def _accounts(ws, boards) -> dict[str, NoticeboardServer]:
    out = {}
    for mode, server in boards.items():
        for n in (1, 2):
            name = f"{mode}-{n}"
            noticeboard_account(ws, name, server, timeout=str(CLIENT_TIMEOUT))
            out[name] = server
    return out


def _queue_posts(ws, names: list[str], count: int, first: int) -> None:
    for i in range(first, first + count):
        post_id = approved_post(ws, names, text={"en": f"Heritage notice number {i}."})
        publish_post(ws, post_id)


def _check_exactly_once(ws, accounts: dict[str, NoticeboardServer]) -> collections.Counter:
    deliveries = ws.outbox.list()
    states = collections.Counter(d.state for d in deliveries)
    errors = {d.error for d in deliveries if d.state != "sent"}
    assert states == {"sent": len(deliveries)}, (states, sorted(errors, key=str)[:3])
    for server in {id(s): s for s in accounts.values()}.values():
        refs = collections.Counter(n["ref"] for n in server.notices)
        duplicates = {k[:12]: c for k, c in refs.items() if c > 1}
        assert not duplicates, f"{server.mode} server got duplicates: {duplicates}"
        expected = {d.key for d in deliveries if accounts[d.account] is server}
        assert set(refs) == expected, "lost or unexpected notices"
        by_ref = {n["ref"]: n["id"] for n in server.notices}
        for d in deliveries:
            if accounts[d.account] is server:
                assert d.remote_id == by_ref[d.key]
    assert {p.state for p in ws.posts.list()} == {"published"}
    return states


def test_random_faults_never_duplicate_or_lose_a_delivery(team, boards, seed):
    accounts = _accounts(team, boards)
    _queue_posts(team, sorted(accounts), 10, 0)  # 40 deliveries
    for i, server in enumerate(boards.values()):
        server.chaos(seed + i, CHAOS_RATE, delay=SERVER_DELAY)
        # Whatever the seed, each kind of lost response happens at least once.
        server.fault("POST", "/api/v1/notices", "drop-after", times=2)
        server.fault("POST", "/api/v1/notices", "delay", seconds=SERVER_DELAY, times=1)
    started = time.monotonic()
    Worker(team, policy=POLICY, rng=random.Random(seed)).run(until_idle=True)
    elapsed = time.monotonic() - started
    states = _check_exactly_once(team, accounts)
    faults = collections.Counter(line.split()[-1] for s in boards.values() for line in s.chaos_log)
    print(f"{states['sent']} deliveries in {elapsed:.1f}s; faults: {dict(faults)}")
    assert states["sent"] == 40
    assert all(f.times == 0 for s in boards.values() for f in s.faults)  # planned faults hit


def test_a_worker_killed_mid_run_resumes_without_duplicates(team, boards, seed):
    accounts = _accounts(team, boards)
    _queue_posts(team, sorted(accounts), 8, 0)  # 32 deliveries
    for i, server in enumerate(boards.values()):
        server.chaos(seed + i, CHAOS_RATE, delay=SERVER_DELAY)
    cmd = [
        sys.executable, "-m", "studio", "--workspace", str(team.root),
        "outbox", "run", "--until-idle", "--reconcile-delay", str(RECONCILE_DELAY), *ARGS,
    ]  # fmt: skip
    kills = 0
    deadline = time.monotonic() + 100  # typically ~10 s; generous for a loaded machine
    for target in (6, 16):  # kill after this many are sent, twice
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        while time.monotonic() < deadline and proc.poll() is None:
            if len(team.outbox.list(states=("sent",))) >= target:
                break
            time.sleep(0.02)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.wait(10)
    in_flight = len(team.outbox.list(states=("sending",)))
    final = subprocess.run(cmd, capture_output=True, timeout=max(5, deadline - time.monotonic()))
    assert final.returncode == 0, final.stderr.decode()[-2000:]
    states = _check_exactly_once(team, accounts)
    print(f"killed {kills}x ({in_flight} left in flight); {states['sent']} sent exactly once")
    assert kills >= 1 and states["sent"] == 32
