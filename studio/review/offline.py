"""The reviewer's side: sign a decision about a verified pack, with a key from this keyring.

Nothing here needs the workspace: the pack carries the workspace id, post id, review round,
content hash and the approvers' public keys. What the decision binds is decided at home
(``decision_import``); here we only refuse what is certain to be refused there (an author
deciding, a request for changes without a comment) so the reviewer learns it now.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from studio.core.errors import StudioError
from studio.review.keys import KeyInfo, signing_key_for
from studio.review.pack_verify import VerifiedPack

OFFLINE_DECISIONS = {"approve": "approve", "request-changes": "request_changes"}


class OfflineReviewError(StudioError):
    """The decision cannot be signed as asked; the message says what to do."""


@dataclass(frozen=True)
class SignedDecision:
    document: dict[str, Any]  # the signed decision (heritage-studio.decision.v1 + signature)
    key: KeyInfo
    warnings: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "decision": self.document,
            "fingerprint": self.key.fingerprint,
            "warnings": list(self.warnings),
        }


def sign_pack_decision(
    pack: VerifiedPack, decision: str, comment: str, signer: str
) -> SignedDecision:
    """Sign ``decision`` ("approve" or "request_changes") over the pack's content hash."""
    from studio.core.approval import make_decision, sign_decision
    from studio.core.timeutil import now_iso

    decision = OFFLINE_DECISIONS.get(decision, decision)
    if decision not in OFFLINE_DECISIONS.values():
        raise OfflineReviewError(
            f"a review decision is approve or request_changes, not {decision!r}"
        )
    comment = (comment or "").strip()
    if decision == "request_changes" and not comment:
        raise OfflineReviewError("say what to change: --comment TEXT is required")
    if signer in pack.manifest.get("authors", []):
        raise OfflineReviewError(
            f"{signer!r} wrote or submitted post #{pack.post_id}; authors cannot decide on "
            "their own post: ask another approver"
        )
    trusted = pack.approver(signer)
    key, info = signing_key_for(signer, pack.workspace_id, trusted and trusted["public_key"])
    warnings = []
    if trusted is None:
        warnings.append(
            f"{signer!r} is not an approver of this workspace in the pack; the decision will "
            f"count only once they register {info.fingerprint} (studio user add {signer} "
            f"--role approver --public-key {info.public_key})"
        )
    elif trusted["public_key"] != info.public_key:
        warnings.append(
            f"the workspace knows {signer!r} by key {trusted['fingerprint']}, but this "
            f"computer's key is {info.fingerprint}; the decision will be refused unless the "
            "workspace registers this key"
        )
    doc = make_decision(
        workspace_id=pack.workspace_id,
        post_id=pack.post_id,
        round=pack.round,
        content_hash=pack.content_hash,
        decision=decision,
        signer=signer,
        signed_at=now_iso(),
        comment=comment,
    )
    return SignedDecision(sign_decision(doc, key), info, tuple(warnings))


def write_decision(signed: SignedDecision, out: Path | str) -> Path:
    """Write the decision JSON (replacing ``out`` only once it is complete)."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.part")
    tmp.write_text(json.dumps(signed.document, ensure_ascii=False, indent=2) + "\n", "utf-8")
    os.replace(tmp, out)
    return out
