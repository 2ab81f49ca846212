"""A reviewed sample workspace, made once per session and copied for each test.

The template holds the reduced-resolution sample showcase, a team (amina and lina approve, omar
writes) and posts 1 (Arabic first, three photos) and 3 (French/English, two photos) submitted
by omar. Copies share the workspace id, so the team's keys in the real OS keyring serve every
copy; they and the offline reviewer's key are deleted when the session ends.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ARABIC_POST, PACK_POST, DRAFT_POST = 1, 3, 2
# The team's keyring entries, kept to put them back: several `./dev test` sessions on one
# machine share the keyring's file on disk, and one daemon's write can drop another's entries.
_TEAM_KEYS: dict[str, str] = {}


@pytest.fixture(scope="session")
def review_template(tmp_path_factory) -> Path:
    from studio.core import secrets
    from studio.core.users import acting_as, key_entry
    from studio.core.workspace import Workspace
    from studio.review.keys import reviewer_entry
    from studio.sample import seed_sample

    root = tmp_path_factory.mktemp("review-template") / "ws"
    with Workspace(root) as ws:
        seed_sample(ws, full_resolution=False)
        with acting_as("amina"):
            for name, role in (("amina", "approver"), ("lina", "approver"), ("omar", "author")):
                ws.users.add(name, role)
        with acting_as("omar"):
            for post_id in (ARABIC_POST, PACK_POST):
                ws.workflow.submit(post_id)
        workspace_id = ws.workspace_id
    for name in ("amina", "lina", "omar"):
        _TEAM_KEYS[key_entry(workspace_id, name)] = secrets.fetch(key_entry(workspace_id, name))
    yield root
    for name in ("amina", "lina", "omar"):
        secrets.delete(key_entry(workspace_id, name))
    for name in ("zaid", "nadia"):
        secrets.delete(reviewer_entry(name))


@pytest.fixture
def reviewed(review_template, tmp_path):
    """A private copy of the template workspace, open."""
    from studio.core import secrets
    from studio.core.workspace import Workspace

    for entry, secret in _TEAM_KEYS.items():
        try:
            secrets.fetch(entry)
        except secrets.SecretNotFoundError:
            secrets.store(entry, secret)
    target = tmp_path / "reviewed-ws"
    shutil.copytree(review_template, target)
    ws = Workspace(target)
    yield ws
    ws.close()


@pytest.fixture
def reviewer_key(review_template):
    """Zaid's reviewer key, made with `keys init` semantics on 'his laptop' (this keyring)."""
    from studio.core import secrets
    from studio.review.keys import init_reviewer_key, reviewer_entry

    info, _created = init_reviewer_key("zaid")
    yield info
    secrets.delete(reviewer_entry("zaid"))


@pytest.fixture(scope="session")
def template_pack(review_template, tmp_path_factory) -> Path:
    """The review pack of post 3 (DOCX brief only), made from a throw-away copy."""
    from studio.core.users import acting_as
    from studio.core.workspace import Workspace
    from studio.review.pack import export_review_pack

    work = tmp_path_factory.mktemp("pack-source") / "ws"
    shutil.copytree(review_template, work)
    out = work.parent / "post-3.zip"
    with Workspace(work) as ws, acting_as("amina"):
        export_review_pack(ws, PACK_POST, out, pdf=False)
    return out


@pytest.fixture
def with_reviewer(reviewed, reviewer_key):
    """``reviewed`` with zaid registered as an approver by his public key only."""
    from studio.core.users import acting_as

    with acting_as("amina"):
        reviewed.users.add("zaid", "approver", public_key=reviewer_key.public_key)
    return reviewed
