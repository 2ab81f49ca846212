"""Shared pieces of the outbox, accounts and folder tests: a team, accounts, approved posts.

Imported by the other ``test_outbox*``/``test_accounts*``/``test_folder*`` modules; its own
test checks the helpers themselves produce what the others rely on.
"""

from __future__ import annotations

import pytest

from studio.core import secrets
from studio.core.accounts import secret_entry
from studio.core.users import acting_as, key_entry
from studio.publish.accounts import add_account
from studio.publish.worker import Policy, Worker

FAST = Policy(
    backoff_base=0.01,
    backoff_cap=0.2,
    offline_wait=0.05,
    poll=0.02,
    lease_seconds=30,
    reconcile_delay=0.0,
)

POST = {
    "title": "Zellige of Fès",
    "platforms": ["mastodon"],
    "text": {"fr": "Le zellige de Fès, taillé à la main.", "en": "The zellige of Fès."},
    "hashtags": ["#Heritage"],
}


def forget_secrets(ws) -> None:
    for user in ws.users.list(include_removed=True):
        secrets.delete(key_entry(ws.workspace_id, user.name))
    for account in ws.accounts.list(include_removed=True):
        secrets.delete(secret_entry(ws.workspace_id, account.name))


def make_team(workspace):
    """Two approvers and an author with real keys; every keyring entry removed afterwards.

    A generator for each module's own ``team`` fixture (``yield from make_team(workspace)``).
    """
    try:
        with acting_as("amina"):
            workspace.users.add("amina", "approver")
            workspace.users.add("lina", "approver")
            workspace.users.add("omar", "author")
        yield workspace
    finally:
        forget_secrets(workspace)


@pytest.fixture
def team(workspace):
    yield from make_team(workspace)


def noticeboard_account(ws, name: str, server, token: str = "nb-token", **options):
    opts = {"timeout": "5", **options}
    return add_account(ws, "noticeboard", name, secret=token, server=server.url, options=opts)


def folder_account(ws, name: str, folder, platform: str = "mastodon", **options):
    return add_account(
        ws,
        "folder",
        name,
        secret=None,
        server=str(folder),
        options={"platform": platform, **options},
    )


def approved_post(ws, accounts: list[str], **fields) -> int:
    """A post by omar, submitted and approved by amina; returns its id."""
    with acting_as("omar"):
        post_id = ws.posts.create({**POST, "accounts": accounts, **fields}).id
        ws.workflow.submit(post_id)
    with acting_as("amina"):
        ws.workflow.approve(post_id)
    return post_id


def worker(ws, **kw) -> Worker:
    return Worker(ws, policy=kw.pop("policy", FAST), **kw)


def test_an_approved_post_targets_its_account(team, tmp_path):
    folder_account(team, "export", tmp_path / "out")
    post_id = approved_post(team, ["export"])
    assert team.posts.get(post_id).state == "approved"
    status = team.workflow.status(post_id)
    assert status["publishable"]
