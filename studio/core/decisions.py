"""Signed decisions: the small documents an approver's Ed25519 key signs.

A decision binds the workspace id, the post id, the review round and the content hash, so a
signature copied to another post, round or workspace no longer verifies. They are plain dicts
so an offline reviewer's tool can build and check the same bytes (docs/approval.md).
"""

from __future__ import annotations

import base64
import unicodedata
from typing import TYPE_CHECKING, Any

from studio.core.canonical import canonical_json

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

DECISION_FORMAT = "heritage-studio.decision.v1"
DECISIONS = ("submit", "approve", "request_changes")
DECISION_KEYS = (
    "format",
    "workspace_id",
    "post_id",
    "round",
    "content_hash",
    "decision",
    "signer",
    "signed_at",
    "comment",
)


def make_decision(
    *,
    workspace_id: str,
    post_id: int,
    round: int,
    content_hash: str,
    decision: str,
    signer: str,
    signed_at: str,
    comment: str = "",
) -> dict[str, Any]:
    """A decision document ready to sign; plain data so an offline tool can build the same."""
    if decision not in DECISIONS:
        raise ValueError(f"decision must be one of {DECISIONS}, not {decision!r}")
    return {
        "format": DECISION_FORMAT,
        "workspace_id": str(workspace_id),
        "post_id": int(post_id),
        "round": int(round),
        "content_hash": str(content_hash),
        "decision": decision,
        "signer": unicodedata.normalize("NFC", signer),
        "signed_at": str(signed_at),
        "comment": unicodedata.normalize("NFC", comment or ""),
    }


def sign_decision(decision: dict[str, Any], private_key: Ed25519PrivateKey) -> dict[str, Any]:
    """The decision plus ``signature``: base64 Ed25519 over ``canonical_json(decision)``."""
    payload = {k: decision[k] for k in DECISION_KEYS}
    if set(decision) - {*DECISION_KEYS, "signature"}:
        raise ValueError(f"unknown decision keys: {sorted(set(decision) - set(DECISION_KEYS))}")
    signature = private_key.sign(canonical_json(payload))
    return {**payload, "signature": base64.b64encode(signature).decode("ascii")}


def verify_decision(signed: Any, public_key_b64: str) -> bool:
    """True only if ``signed`` is a well-formed decision signed by that public key.

    Never raises on bad input: whatever is malformed, tampered or foreign is simply False.
    """
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        if not isinstance(signed, dict) or set(signed) != {*DECISION_KEYS, "signature"}:
            return False
        if signed["format"] != DECISION_FORMAT or signed["decision"] not in DECISIONS:
            return False
        payload = {k: signed[k] for k in DECISION_KEYS}
        key = Ed25519PublicKey.from_public_bytes(base64.b64decode(public_key_b64, validate=True))
        key.verify(base64.b64decode(signed["signature"], validate=True), canonical_json(payload))
    except (InvalidSignature, ValueError, TypeError, KeyError):
        return False
    return True
