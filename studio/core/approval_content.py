"""The content document: everything a post will publish, and the hash an approval signs.

An approval can only vouch for exact bytes if the hash covers all of them: every target's
final text from ``compose_text``, the sha256 of every rendered file (read and hashed here,
never taken from a cache record), alt texts, the schedule and the target accounts. Change one
character or one pixel and the hash moves. ``source_document`` is the cheap pre-render form
the edit hook compares, so an edit can void a review without rendering anything.
docs/approval.md specifies the document for offline tools.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studio.core.canonical import canonical_json, sha256_hex
from studio.core.errors import StudioError
from studio.core.mediastore import sha256_file

if TYPE_CHECKING:
    from studio.core.model import MediaItem, Post, PostMedia
    from studio.core.workspace import Workspace

CONTENT_FORMAT = "heritage-studio.content.v1"


class NotPublishableError(StudioError):
    """The post is not approved under its current content; nothing may be published."""


class ContentError(StudioError):
    """The content to review cannot be built (a broken brand kit, a missing file)."""


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
