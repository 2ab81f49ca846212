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
"""

from __future__ import annotations

import base64
import hashlib
import json
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studio.core.errors import StudioError
from studio.core.mediastore import sha256_file

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from studio.core.model import MediaItem, Post, PostMedia
    from studio.core.workspace import Workspace

CONTENT_FORMAT = "heritage-studio.content.v1"
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


class NotPublishableError(StudioError):
    """The post is not approved under its current content; nothing may be published."""


class ContentError(StudioError):
    """The content to review cannot be built (a broken brand kit, a missing file)."""


# -- canonical JSON ---------------------------------------------------------------------
def _canonical(value: Any, path: str) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        raise TypeError(f"{path}: floats are not allowed in canonical JSON (use ISO strings/ints)")
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"{path}: keys must be text, not {key!r}")
            out[unicodedata.normalize("NFC", key)] = _canonical(item, f"{path}.{key}")
        return out
    if isinstance(value, list | tuple):
        return [_canonical(item, f"{path}[{i}]") for i, item in enumerate(value)]
    raise TypeError(f"{path}: {type(value).__name__} is not JSON")


def canonical_json(value: Any) -> bytes:
    """UTF-8 JSON with sorted keys, no spaces, NFC text, no floats (docs/approval.md)."""
    return json.dumps(
        _canonical(value, "$"),
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        allow_nan=False,
    ).encode("utf-8")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# -- the content document: everything that will be published ----------------------------
@dataclass(frozen=True)
class ApprovedMedia:
    """One rendered file a target receives, with the hash it had when it was read."""

    platform: str
    index: int  # position of the media in the post
    kind: str
    file: Path
    sha256: str
    width: int
    height: int
    alt: dict[str, str]
    poster: Path | None = None
    poster_sha256: str | None = None

    def to_document(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "kind": self.kind,
            "sha256": self.sha256,
            "width": self.width,
            "height": self.height,
            "alt": dict(self.alt),
            "poster_sha256": self.poster_sha256,
        }

    def read_verified(self) -> bytes:
        """The file's bytes, refused if they are not the approved ones (swapped on disk)."""
        data = self.file.read_bytes()
        if sha256_hex(data) != self.sha256:
            raise NotPublishableError(
                f"{self.file} no longer has the approved content (sha256 {self.sha256[:12]}…); "
                "it was changed on disk after the check: run the publish again"
            )
        return data


@dataclass(frozen=True)
class ApprovedTarget:
    platform: str
    account: str | None  # the publishing account, once accounts exist; None until then
    text: str
    media: tuple[ApprovedMedia, ...]

    def to_document(self) -> dict[str, Any]:
        return {
            "platform": self.platform,
            "account": self.account,
            "text": self.text,
            "media": [m.to_document() for m in self.media],
        }


@dataclass(frozen=True)
class ContentSnapshot:
    post_id: int
    document: dict[str, Any]
    canonical: bytes
    content_hash: str
    targets: tuple[ApprovedTarget, ...]


def _utc(value: str | None) -> str | None:
    from studio.core.timeutil import parse_iso

    if not value:
        return None
    return parse_iso(value).astimezone(UTC).isoformat().replace("+00:00", "Z")


def effective_alt(pm: PostMedia, item: MediaItem | None) -> dict[str, str]:
    """Alt text per language as published: the post's own, else the library's; no blanks."""
    from studio.core.compose import alt_text

    if item is None:
        return {k: v.strip() for k, v in sorted(pm.alt.items()) if v.strip()}
    langs = sorted(set(item.alt) | set(pm.alt))
    return {lang: alt_text(pm, item, lang) for lang in langs if alt_text(pm, item, lang)}


def _kit(ws: Workspace, post: Post):
    if not post.brand_kit:
        return None
    kit, error = ws.load_kit(post.brand_kit)
    if kit is None:
        raise ContentError(
            f"post #{post.id}: brand kit {post.brand_kit!r} cannot be loaded ({error}); fix the "
            "kit or choose another before review"
        )
    return kit


def _render(ws: Workspace, post: Post) -> list:
    """Render (or take from the render cache) every file the post's targets receive."""
    if not post.media or not post.platforms:
        return []
    from studio.media.render import render_post

    manifest = render_post(ws, post.id, ws.cache_dir / "review" / f"post-{post.id}")
    return list(manifest.files)


def accounts_by_platform(ws: Workspace, post: Post) -> dict[str, list[str]]:
    """The post's active accounts grouped by the post platform each serves, names sorted.

    An account the post names that does not exist (or was removed), or that serves a platform
    the post does not target, publishes nothing; a platform with no account keeps a target
    with ``account`` None, which `studio publish` refuses to send.
    """
    serves = ws.accounts.serving(post.accounts)
    out: dict[str, list[str]] = {}
    for name, platform in serves.items():
        if platform in post.platforms:
            out.setdefault(platform, []).append(name)
    return {p: sorted(names) for p, names in out.items()}


def published_titles(post: Post) -> dict[str, str]:
    """Titles a platform publishes (YouTube's video title is the post title), NFC.

    They are published content, so they are hashed with it: editing the title of a post bound
    for YouTube voids its approval.
    """
    from studio.core.platforms import get_platform

    return {
        p: unicodedata.normalize("NFC", post.title)
        for p in sorted(post.platforms)
        if get_platform(p).title is not None
    }


def snapshot(ws: Workspace, post_id: int) -> ContentSnapshot:
    """Build the content document now: compose every text, render and hash every file."""
    from studio.core.compose import compose_text

    post = ws.posts.get(post_id)
    kit = _kit(ws, post)
    items = ws.library.get_many(m.media_id for m in post.media)
    outputs = _render(ws, post)
    serving = accounts_by_platform(ws, post)
    targets = []
    for platform in post.platforms:
        media = []
        for rf in sorted((o for o in outputs if o.platform == platform), key=lambda o: o.index):
            pm = post.media[rf.index]
            media.append(
                ApprovedMedia(
                    platform=platform,
                    index=rf.index,
                    kind=rf.kind,
                    file=Path(rf.file),
                    sha256=sha256_file(rf.file),  # hashed here, never taken from a cache record
                    width=int(rf.width),
                    height=int(rf.height),
                    alt=effective_alt(pm, items.get(pm.media_id)),
                    poster=Path(rf.poster) if rf.poster else None,
                    poster_sha256=sha256_file(rf.poster) if rf.poster else None,
                )
            )
        text = unicodedata.normalize("NFC", compose_text(post, platform, kit))
        for account in serving.get(platform) or [None]:
            targets.append(ApprovedTarget(platform, account, text, tuple(media)))
    targets.sort(key=lambda t: (t.platform, t.account or ""))
    document = {
        "format": CONTENT_FORMAT,
        "schedule_at": _utc(post.schedule_at),
        "targets": [t.to_document() for t in targets],
    }
    titles = published_titles(post)
    if titles:  # only posts to a platform with a title (YouTube) carry the key
        document["titles"] = titles
    canonical = canonical_json(document)
    return ContentSnapshot(post_id, document, canonical, sha256_hex(canonical), tuple(targets))


def source_document(ws: Workspace, post: Post) -> dict[str, Any]:
    """What the content hash is made from, before rendering: cheap enough for every edit.

    Renders are a function of these inputs (originals by hash, crop, focal point, trim, kit),
    so when this is unchanged an edit cannot have changed the content hash through the post;
    changes from outside the post (kit files, library alt text) are caught by the full hash
    at approval and publish time.
    """
    from studio.core.compose import compose_text

    kit, _error = ws.load_kit(post.brand_kit) if post.brand_kit else (None, None)
    items = ws.library.get_many(m.media_id for m in post.media)
    return {
        "brand_kit": post.brand_kit,
        "schedule_at": post.schedule_at and _utc(post.schedule_at),
        "platforms": sorted(post.platforms),
        "accounts": accounts_by_platform(ws, post),
        "titles": published_titles(post),
        "text": {p: compose_text(post, p, kit) for p in post.platforms},
        "media": [
            {
                "source": items[pm.media_id].sha256 if pm.media_id in items else None,
                "alt": effective_alt(pm, items.get(pm.media_id)),
                "crop": dict(pm.crop),
                "focal": list(pm.focal) if pm.focal else None,
                "trim": list(pm.trim) if pm.trim else None,
            }
            for pm in post.media
        ],
    }


def source_changes(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """Which parts differ, e.g. ``["text.x", "media"]`` (for the audit entry)."""
    changed = []
    for key in sorted(set(before) | set(after)):
        if key == "text":
            texts_a, texts_b = before.get("text", {}), after.get("text", {})
            changed += [
                f"text.{p}"
                for p in sorted(set(texts_a) | set(texts_b))
                if texts_a.get(p) != texts_b.get(p)
            ]
        elif before.get(key) != after.get(key):
            changed.append(key)
    return changed


# -- decisions: the signed documents ------------------------------------------------------
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


# -- the review record of a post ----------------------------------------------------------
@dataclass(frozen=True)
class Review:
    post_id: int
    round: int = 0
    content_hash: str | None = None
    content: str | None = None  # canonical JSON of what was submitted
    submitted_by: str | None = None
    submitted_at: str | None = None
    authors: tuple[str, ...] = ()


def review_of(ws: Workspace, post_id: int) -> Review:
    conn = ws.db.conn
    row = conn.execute("SELECT * FROM post_review WHERE post_id = ?", (post_id,)).fetchone()
    authors = tuple(
        r[0]
        for r in conn.execute(
            "SELECT name FROM post_author WHERE post_id = ? ORDER BY at, name", (post_id,)
        )
    )
    if row is None:
        return Review(post_id, authors=authors)
    return Review(
        post_id=post_id,
        round=row["round"],
        content_hash=row["content_hash"],
        content=row["content"],
        submitted_by=row["submitted_by"],
        submitted_at=row["submitted_at"],
        authors=authors,
    )


@dataclass(frozen=True)
class DecisionStatus:
    id: int
    signer: str
    decision: str
    round: int
    content_hash: str
    signed_at: str
    comment: str
    status: str  # "valid" | "void" (superseded) | "invalid" (must not be trusted)
    reason: str
    key: str | None = None  # the public key it verified with

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "signer": self.signer,
            "decision": self.decision,
            "round": self.round,
            "content_hash": self.content_hash,
            "signed_at": self.signed_at,
            "comment": self.comment,
            "status": self.status,
            "valid": self.status == "valid",
            "reason": self.reason,
        }


def check_decisions(
    ws: Workspace, review: Review, current_hash: str | None
) -> list[DecisionStatus]:
    """Judge every stored decision of the post from its signed payload, not its columns.

    The columns of ``review_decision`` are only an index; a row typed into SQLite by hand has no
    signature that verifies, and a genuine one copied from elsewhere binds another post,
    round, hash or workspace.
    """
    rows = ws.db.conn.execute(
        "SELECT * FROM review_decision WHERE post_id = ? ORDER BY id", (review.post_id,)
    ).fetchall()
    return [_judge(ws, review, current_hash, row) for row in rows]


def _judge(ws: Workspace, review: Review, current_hash: str | None, row) -> DecisionStatus:
    def result(status: str, reason: str, key: str | None = None) -> DecisionStatus:
        return DecisionStatus(
            id=row["id"],
            signer=row["signer"],
            decision=row["decision"],
            round=row["round"],
            content_hash=row["content_hash"],
            signed_at=row["created_at"],
            comment=comment,
            status=status,
            reason=reason,
            key=key,
        )

    comment = ""
    try:
        signed = json.loads(row["payload"])
        signed["signature"] = row["signature"]
        comment = str(signed.get("comment", ""))
    except (ValueError, TypeError, AttributeError):
        return result("invalid", "the stored decision is not readable")
    user = ws.users.find(row["signer"])
    if user is None:
        return result("invalid", f"signer {row['signer']!r} is not a user of this workspace")
    if not verify_decision(signed, user.public_key):
        return result("invalid", f"the signature does not verify with {user.fingerprint}")
    expected = {
        "workspace_id": ws.workspace_id,
        "post_id": review.post_id,
        "signer": row["signer"],
        "decision": row["decision"],
        "round": row["round"],
        "content_hash": row["content_hash"],
    }
    wrong = [k for k, v in expected.items() if signed[k] != v]
    if wrong:
        return result("invalid", f"signed for another {', '.join(wrong)}")
    if not user.active:
        return result("invalid", f"{user.name!r} was removed from the workspace")
    if row["decision"] in ("approve", "request_changes"):
        if user.role != "approver":
            return result("invalid", f"{user.name!r} is not an approver (role {user.role})")
        if user.name in review.authors:
            return result("invalid", f"{user.name!r} is an author of this post")
    if row["round"] != review.round:
        return result("void", f"from review round {row['round']}; the post was resubmitted")
    if current_hash is not None and row["content_hash"] != current_hash:
        return result("void", "the content changed after this decision")
    return result("valid", "ok", user.public_key)


def valid_approvers(statuses: list[DecisionStatus]) -> list[str]:
    """Distinct signers (and distinct keys) of valid approvals, in signing order."""
    names: list[str] = []
    keys: set[str] = set()
    for s in statuses:
        fresh = s.signer not in names and s.key not in keys
        if s.decision == "approve" and s.status == "valid" and fresh:
            names.append(s.signer)
            keys.add(s.key or "")
    return names


# -- how many approvals --------------------------------------------------------------------
def required_approvals(ws: Workspace, brand_kit: str) -> int:
    """The stricter of the post's brand kit and the workspace setting (at least 1)."""
    kit, _error = ws.load_kit(brand_kit) if brand_kit else (None, None)
    row = ws.db.conn.execute(
        "SELECT value FROM settings WHERE key = 'approvals_required'"
    ).fetchone()
    setting = int(row[0]) if row else 1
    return max(1, setting, kit.approvals_required if kit else 1)


def set_required_approvals(ws: Workspace, count: int) -> None:
    """Workspace-wide minimum of distinct approvers; a brand kit may ask for more."""
    from studio.core import audit
    from studio.core.users import UserError

    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= 10:
        raise UserError(f"approvals required must be a whole number from 1 to 10, not {count!r}")
    ws.users._require_manager("change how many approvals are required")
    with ws.db.transaction() as conn:
        old = conn.execute("SELECT value FROM settings WHERE key = 'approvals_required'").fetchone()
        conn.execute(
            "INSERT INTO settings (key, value) VALUES ('approvals_required', ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (str(count),),
        )
        audit.record(
            ws, "policy.changed", detail={"approvals_required": count, "was": old and old[0]}
        )


# -- the gate -----------------------------------------------------------------------------
@dataclass(frozen=True)
class ApprovedContent:
    """Exactly what was approved: publish these texts and these files, nothing recomputed."""

    post_id: int
    workspace_id: str
    round: int
    content_hash: str
    snapshot: ContentSnapshot
    approvers: tuple[str, ...]
    decisions: tuple[DecisionStatus, ...] = field(default=())

    @property
    def targets(self) -> tuple[ApprovedTarget, ...]:
        return self.snapshot.targets

    @property
    def schedule_at(self) -> str | None:
        return self.snapshot.document["schedule_at"]


def require_publishable(ws: Workspace, post_id: int) -> ApprovedContent:
    """Refuse unless the post is approved under its current content hash; else return it.

    Checks, every time, from first principles: the state, a fresh content hash (texts composed
    and files rendered and hashed now), and that enough distinct, currently entitled approvers
    signed that very hash for this post, round and workspace. Every outcome is audited.
    """
    return approved_content(ws, post_id, states=("approved", "scheduled"))


def approved_content(ws: Workspace, post_id: int, *, states: tuple[str, ...]) -> ApprovedContent:
    """``require_publishable`` for posts in ``states`` (the workflow's retry uses "failed")."""
    from studio.core import audit

    post = ws.posts.get(post_id)
    try:
        if post.state not in states:
            raise NotPublishableError(
                f"post #{post_id} is {post.state}, not approved; it cannot be published until "
                "it is submitted and approved (studio status " + str(post_id) + ")"
            )
        review = review_of(ws, post_id)
        snap = snapshot(ws, post_id)
        if snap.content_hash != review.content_hash:
            from studio.core.workflow import void_if_changed

            void_if_changed(ws, post_id)
            raise NotPublishableError(
                f"post #{post_id} changed after it was approved (content hash "
                f"{snap.content_hash[:12]}…, approved {str(review.content_hash)[:12]}…); its "
                "approval is void and it is back in draft: submit it for review again"
            )
        statuses = check_decisions(ws, review, snap.content_hash)
        approvers = valid_approvers(statuses)
        needed = required_approvals(ws, post.brand_kit)
        if len(approvers) < needed:
            raise NotPublishableError(
                f"post #{post_id} has {len(approvers)} valid approval(s) of the {needed} needed "
                f"for its current content; see `studio status {post_id}`"
            )
    except StudioError as exc:
        audit.record(ws, "publish.refused", post_id, {"reason": str(exc)})
        raise
    audit.record(
        ws,
        "publish.cleared",
        post_id,
        {"content_hash": snap.content_hash, "round": review.round, "approvers": approvers},
    )
    return ApprovedContent(
        post_id=post_id,
        workspace_id=ws.workspace_id,
        round=review.round,
        content_hash=snap.content_hash,
        snapshot=snap,
        approvers=tuple(approvers),
        decisions=tuple(statuses),
    )
