"""Everything the approval brief shows, gathered once from the workspace.

The brief must show exactly what the content hash covers, so texts and files come from the
same ``approval.snapshot`` the hash was computed from (the review pack passes its own, so the
brief inside a pack and the files beside it can never disagree). Only what the hash does not
cover (credits, findings, the history) is read from the library, validation and audit log.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from studio.core.approval import ContentSnapshot, DecisionStatus
    from studio.core.audit import AuditEntry
    from studio.core.brandkit import BrandKit
    from studio.core.model import Post
    from studio.core.validation import Finding
    from studio.core.workspace import Workspace

# Audit actions shown in the brief's history (the rest is in `studio audit`).
HISTORY_ACTIONS = (
    "post.created",
    "post.state_changed",
    "review.submitted",
    "review.changes_requested",
    "approval.signed",
    "approval.voided",
    "review.pack_exported",
)


@dataclass(frozen=True)
class BriefMedia:
    index: int
    kind: str
    file: Path  # the rendered file the platform receives
    poster: Path | None
    width: int
    height: int
    sha256: str
    alt: dict[str, str]
    title: str = ""
    credit: str = ""
    license: str = ""


@dataclass(frozen=True)
class BriefTarget:
    platform: str
    name: str  # the platform's display name
    account: str | None
    handle: str | None
    text: str
    media: tuple[BriefMedia, ...]
    findings: tuple[Finding, ...]
    title: str | None = None  # published title (YouTube's video title), when the platform has one


@dataclass(frozen=True)
class BriefData:
    post: Post
    workspace_id: str
    kit: BrandKit | None
    content_hash: str
    round: int
    reviewed_hash: str | None  # what was submitted, when the post was submitted
    authors: tuple[str, ...]
    schedule_utc: str | None
    generated_at: str
    targets: tuple[BriefTarget, ...]
    post_findings: tuple[Finding, ...]  # findings about the post as a whole
    decisions: tuple[DecisionStatus, ...]
    history: tuple[AuditEntry, ...]
    approvals_required: int
    approvers: tuple[str, ...] = field(default=())

    @property
    def kit_name(self) -> str:
        return self.kit.name if self.kit else "—"


def display_time(iso: str | None) -> str:
    """'2026-12-07 08:30 UTC' from an ISO time (readable, and unambiguous across embassies)."""
    if not iso:
        return "—"
    from studio.core.timeutil import parse_iso

    try:
        return parse_iso(iso).astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    except (ValueError, TypeError):
        return iso


def gather(ws: Workspace, post_id: int, snap: ContentSnapshot | None = None) -> BriefData:
    from studio.core.approval import (
        check_decisions,
        required_approvals,
        review_of,
        snapshot,
        valid_approvers,
    )
    from studio.core.platforms import get_platform
    from studio.core.timeutil import now_iso

    snap = snap or snapshot(ws, post_id)
    post, findings = ws.validate_post(post_id)
    kit, _error = ws.load_kit(post.brand_kit) if post.brand_kit else (None, None)
    items = ws.library.get_many(m.media_id for m in post.media)
    targets = []
    for t in snap.targets:
        media = []
        for m in t.media:
            item = items.get(post.media[m.index].media_id) if m.index < len(post.media) else None
            media.append(
                BriefMedia(
                    index=m.index,
                    kind=m.kind,
                    file=m.file,
                    poster=m.poster,
                    width=m.width,
                    height=m.height,
                    sha256=m.sha256,
                    alt=dict(m.alt),
                    title=item.title if item else "",
                    credit=item.credit if item else "",
                    license=item.license if item else "",
                )
            )
        targets.append(
            BriefTarget(
                platform=t.platform,
                name=get_platform(t.platform).name,
                account=t.account,
                handle=kit.handle_for(t.platform) if kit else None,
                text=t.text,
                media=tuple(media),
                findings=tuple(f for f in findings if f.platform == t.platform),
                title=snap.document.get("titles", {}).get(t.platform),
            )
        )
    platforms = {t.platform for t in snap.targets}
    review = review_of(ws, post_id)
    decisions = check_decisions(ws, review, snap.content_hash)
    history = [e for e in ws.audit.entries(post_id=post_id) if e.action in HISTORY_ACTIONS]
    return BriefData(
        post=post,
        workspace_id=ws.workspace_id,
        kit=kit,
        content_hash=snap.content_hash,
        round=review.round,
        reviewed_hash=review.content_hash,
        authors=review.authors,
        schedule_utc=snap.document.get("schedule_at"),
        generated_at=now_iso(),
        targets=tuple(targets),
        post_findings=tuple(f for f in findings if f.platform not in platforms),
        decisions=tuple(decisions),
        history=tuple(history),
        approvals_required=required_approvals(ws, post.brand_kit),
        approvers=tuple(valid_approvers(decisions)),
    )
