"""What an approval means, and the one check publishing must pass.

An approval is an Ed25519 signature over a *decision*: a small JSON document binding the
workspace id, the post id, the review round and the *content hash*. The content hash is the
sha256 of the canonical JSON of everything that will be published (every target's final text
from ``compose_text``, the sha256 of every rendered file, alt texts, the schedule, the target
accounts). So an approval can only ever vouch for exactly those bytes: change one character or
one pixel and the hash no longer matches; copy a signature to another post, round or workspace
and it no longer verifies. docs/approval.md specifies the formats for offline tools.

``require_publishable`` is the only gate: publishing code calls it and publishes the
``ApprovedContent`` it returns (texts and files it has just hashed), nothing else.

This module is the stable entry point (``approval.require_publishable`` and friends, as the
docs and callers name them); the parts live in modules named for what they hold:

- ``canonical``: the canonical JSON encoding and sha256 of everything hashed or signed;
- ``approval_content``: the content document, its snapshot and the pre-render source form;
- ``decisions``: the signed decision documents (make, sign, verify);
- ``review_record``: a post's review round and every stored decision judged from its signature;
- ``approval_policy``: how many distinct approvers a post needs;
- ``publish_gate``: ``require_publishable`` and the ``ApprovedContent`` it returns.
"""

from __future__ import annotations

from studio.core.approval_content import (
    CONTENT_FORMAT,
    ApprovedMedia,
    ApprovedTarget,
    ContentError,
    ContentSnapshot,
    NotPublishableError,
    accounts_by_platform,
    effective_alt,
    published_titles,
    snapshot,
    source_changes,
    source_document,
)
from studio.core.approval_policy import required_approvals, set_required_approvals
from studio.core.canonical import canonical_json, sha256_hex
from studio.core.decisions import (
    DECISION_FORMAT,
    DECISION_KEYS,
    DECISIONS,
    make_decision,
    sign_decision,
    verify_decision,
)
from studio.core.publish_gate import ApprovedContent, approved_content, require_publishable
from studio.core.review_record import (
    DecisionStatus,
    Review,
    check_decisions,
    review_of,
    valid_approvers,
)

__all__ = [
    "CONTENT_FORMAT",
    "DECISIONS",
    "DECISION_FORMAT",
    "DECISION_KEYS",
    "ApprovedContent",
    "ApprovedMedia",
    "ApprovedTarget",
    "ContentError",
    "ContentSnapshot",
    "DecisionStatus",
    "NotPublishableError",
    "Review",
    "accounts_by_platform",
    "approved_content",
    "canonical_json",
    "check_decisions",
    "effective_alt",
    "make_decision",
    "published_titles",
    "require_publishable",
    "required_approvals",
    "review_of",
    "set_required_approvals",
    "sha256_hex",
    "sign_decision",
    "snapshot",
    "source_changes",
    "source_document",
    "valid_approvers",
    "verify_decision",
]
