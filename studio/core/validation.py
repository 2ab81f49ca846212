"""Per-platform checks of a post, fast enough to run on every keystroke.

``validate_post`` is pure: it takes the post, the library items it uses and the brand kit, and
touches no database or file, so the composer can call it on an unsaved edit. Findings name the
field to fix; ``platform`` is "*" for findings about the post as a whole.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from studio.core.compose import alt_text, compose_parts, compose_text
from studio.core.findings import ALL, SEVERITIES, Finding
from studio.core.media_rules import count_findings, duration_finding
from studio.core.model import MediaItem, Post

if TYPE_CHECKING:
    from studio.core.brandkit import BrandKit

_COUNTED = frozenset({"length", "bytes", "hashtags"})  # TextProblem codes reported separately


def validate_post(
    post: Post,
    media: Mapping[int, MediaItem],
    kit: BrandKit | None,
    *,
    kit_error: str | None = None,
    now: datetime | None = None,
) -> list[Finding]:
    from studio.core.platforms import get_platform

    out: list[Finding] = []
    add = out.append
    items = [(i, pm, media.get(pm.media_id)) for i, pm in enumerate(post.media)]

    if not post.platforms:
        add(
            Finding(
                ALL,
                "error",
                "post.no_platforms",
                "Choose at least one target platform.",
                "platforms",
            )
        )
    if not any(t.strip() for t in post.text.values()) and not post.overrides:
        add(
            Finding(ALL, "error", "text.empty", "Write a caption in at least one language.", "text")
        )
    if post.brand_kit and kit is None:
        add(
            Finding(
                ALL,
                "error",
                "kit.missing",
                kit_error or f"Brand kit {post.brand_kit!r} was not found; pick another kit.",
                "brand_kit",
                measured=post.brand_kit,
            )
        )
    elif not post.brand_kit:
        add(
            Finding(
                ALL,
                "warning",
                "kit.none",
                "No brand kit chosen: no logo, handles or forbidden-term checks will apply.",
                "brand_kit",
            )
        )
    if post.schedule_at:
        when = datetime.fromisoformat(post.schedule_at)
        if when < (now or datetime.now(UTC)):
            add(
                Finding(
                    ALL,
                    "warning",
                    "schedule.past",
                    f"The schedule time {post.schedule_at} has passed; it will go out as "
                    "soon as it is approved, or pick a new time.",
                    "schedule_at",
                    measured=post.schedule_at,
                )
            )

    _check_media_items(post, items, kit, add)
    if kit is not None:
        _check_forbidden(post, kit, add)

    for pid in post.platforms:
        platform = get_platform(pid)
        _check_text(post, platform, kit, add)
        _check_platform_media(post, platform, items, add)
        if kit is not None:
            _check_kit_for_platform(post, platform, kit, add)
    return out


def _check_text(post: Post, platform, kit, add) -> None:
    from studio.core.textcount import count_text

    text = compose_text(post, platform.id, kit)
    parts = compose_parts(post, platform.id)
    field = (
        parts[0][1]
        if len(parts) == 1
        else (f"overrides.{platform.id}" if platform.id in post.overrides else "text")
    )
    # Platforms with a separate limit for text-only posts (Telegram: 4096 vs a 1024 caption).
    text_field = "message" if platform.message is not None and not post.media else "text"
    c = count_text(platform.id, text, field=text_field)
    if c.length > c.limit:
        add(
            Finding(
                platform.id,
                "error",
                "text.too_long",
                f"{platform.name} counts {c.length} {c.unit}; the limit is {c.limit}. "
                f"Shorten the caption or write a version for {platform.name} (an override).",
                field,
                c.length,
                c.limit,
            )
        )
    if c.byte_limit is not None and c.bytes > c.byte_limit:
        add(
            Finding(
                platform.id,
                "error",
                "text.too_many_bytes",
                f"{platform.name} takes at most {c.byte_limit} bytes of UTF-8; this text has "
                f"{c.bytes}. Shorten it (Arabic letters take 2 bytes each).",
                field,
                c.bytes,
                c.byte_limit,
            )
        )
    if c.max_hashtags is not None and c.hashtags > c.max_hashtags:
        add(
            Finding(
                platform.id,
                "error",
                "text.too_many_hashtags",
                f"{platform.name} allows {c.max_hashtags} hashtags; there are {c.hashtags}. "
                "Remove some from the caption or the post's hashtags.",
                "hashtags",
                c.hashtags,
                c.max_hashtags,
            )
        )
    for problem in c.problems:
        if problem.code not in _COUNTED:  # the three above have findings of their own
            add(Finding(platform.id, "error", "text.invalid", f"{platform.name}: {problem}", field))
    if platform.title is not None:
        t = count_text(platform.id, post.title, field="title")
        if not t.valid:
            detail = "; ".join(t.problems) or f"{t.length} {t.unit}, limit {t.limit}"
            add(
                Finding(
                    platform.id,
                    "error",
                    "title.invalid",
                    f"{platform.name} title: {detail}. Edit the post title.",
                    "title",
                    t.length,
                    t.limit,
                )
            )


def _check_media_items(post: Post, items, kit, add) -> None:
    primary = post.ordered_languages[0] if post.ordered_languages else None
    needs_credit = kit is not None and "credit" in kit.required
    for i, pm, item in items:
        field = f"media[{i}]"
        if item is None:
            add(
                Finding(
                    ALL,
                    "error",
                    "media.missing",
                    f"Media item #{pm.media_id} is no longer in the library; remove it.",
                    field,
                )
            )
            continue
        for lang in post.ordered_languages:
            if not alt_text(pm, item, lang):
                severity = "error" if lang == primary else "warning"
                add(
                    Finding(
                        ALL,
                        severity,
                        "media.alt_missing",
                        f"“{item.title or item.original_name}” has no alt text in {lang}: "
                        "describe the image for people who cannot see it.",
                        f"{field}.alt.{lang}",
                        measured=lang,
                    )
                )
        if needs_credit and not item.credit.strip():
            add(
                Finding(
                    ALL,
                    "error",
                    "kit.credit_missing",
                    f"The brand kit requires a credit: add one to “{item.title or item.original_name}” "
                    "in the library.",
                    f"{field}.credit",
                )
            )
        if item.has_location:
            add(
                Finding(
                    ALL,
                    "info",
                    "media.location_scrubbed",
                    f"“{item.title or item.original_name}” has location metadata; it will be "
                    "removed from published files.",
                    field,
                )
            )


def _check_platform_media(post: Post, platform, items, add) -> None:
    rule = platform.media
    photos = [(i, pm, it) for i, pm, it in items if it is not None and it.kind == "photo"]
    videos = [(i, pm, it) for i, pm, it in items if it is not None and it.kind == "video"]
    n = len(photos) + len(videos)
    name = platform.name
    if rule.requires_media and n == 0:
        add(
            Finding(
                platform.id,
                "error",
                "media.required",
                f"{name} posts need a photo or video; add one.",
                "media",
            )
        )
    for finding in count_findings(platform, len(photos), len(videos)):
        add(finding)
    _check_uniform_aspect(platform, [x for x in items if x[2] is not None], add)
    for i, pm, item in photos:
        field = f"media[{i}]"
        if platform.image is None:
            add(
                Finding(
                    platform.id,
                    "error",
                    "media.photo_unsupported",
                    f"{name} takes videos only; remove the photo or the platform.",
                    field,
                )
            )
            continue
        _check_aspect(platform, platform.image, pm, item, field, add)
        if rule.alt_max_chars:
            for lang, text in {**item.alt, **pm.alt}.items():
                if len(text) > rule.alt_max_chars:
                    add(
                        Finding(
                            platform.id,
                            "error",
                            "media.alt_too_long",
                            f"{name} alt text is limited to {rule.alt_max_chars} characters; "
                            f"the {lang} alt text has {len(text)}.",
                            f"{field}.alt.{lang}",
                            len(text),
                            rule.alt_max_chars,
                        )
                    )
    for i, pm, item in videos:
        field = f"media[{i}]"
        vrule = platform.video
        if vrule is None:
            add(
                Finding(
                    platform.id,
                    "error",
                    "media.video_unsupported",
                    f"{name} does not take videos here; remove the video or the platform.",
                    field,
                )
            )
            continue
        duration = (pm.trim[1] - pm.trim[0]) if pm.trim else (item.duration or 0)
        if pm.trim and item.duration and pm.trim[1] > item.duration + 0.05:
            add(
                Finding(
                    ALL,
                    "error",
                    "media.trim_outside",
                    f"The trim ends at {pm.trim[1]:.1f} s but the video lasts {item.duration:.1f} s.",
                    f"{field}.trim",
                    pm.trim[1],
                    item.duration,
                )
            )
        finding = duration_finding(platform, field, duration, trimmed=bool(pm.trim))
        if finding is not None:
            add(finding)
        if item.bytes > vrule.max_bytes and not pm.trim:
            add(
                Finding(
                    platform.id,
                    "warning",
                    "video.large",
                    f"The video is {item.bytes / 1e6:.0f} MB, over {name}'s "
                    f"{vrule.max_bytes / 1e6:.0f} MB; it will be re-encoded to fit, which can "
                    "lower quality. A trim helps.",
                    field,
                    item.bytes,
                    vrule.max_bytes,
                )
            )
        _check_aspect(platform, vrule, pm, item, field, add)


def _check_uniform_aspect(platform, items, add) -> None:
    """Instagram crops carousel items to the first item's aspect: explicit crops must agree."""
    if not platform.media.uniform_aspect or len(items) < 2:
        return
    first = items[0][1].crop.get(platform.id)
    for i, pm, _item in items[1:]:
        own = pm.crop.get(platform.id)
        if own and first and own != first:  # (an implicit first crop is checked at render)
            add(
                Finding(
                    platform.id,
                    "error",
                    "media.carousel_aspect",
                    f"{platform.name} crops every item to the first one's aspect; this one "
                    f"asks for {own}. Use the same crop as the first item.",
                    f"media[{i}].crop.{platform.id}",
                    own,
                    first,
                )
            )


def _check_aspect(platform, rule, pm, item, field, add) -> None:
    aspect = item.aspect
    lo, hi = rule.min_aspect, rule.max_aspect
    if (lo is not None and aspect < lo - 1e-3) or (hi is not None and aspect > hi + 1e-3):
        target = pm.crop.get(platform.id) or (rule.preferred[0].name if rule.preferred else "")
        add(
            Finding(
                platform.id,
                "info",
                "media.will_crop",
                f"{platform.name} accepts aspect ratios {_ratio(lo)} to {_ratio(hi)}; this "
                f"{item.kind} is {item.width}×{item.height} and will be cropped to {target} "
                "around its focal point.",
                f"{field}.crop.{platform.id}",
                round(aspect, 3),
                [lo, hi],
            )
        )


def _check_forbidden(post: Post, kit, add) -> None:
    from studio.core.brandkit import find_forbidden

    fields = [(f"text.{lang}", lang, t) for lang, t in post.text.items()]
    fields += [
        (f"overrides.{p}.{lang}", None if lang == "*" else lang, t)
        for p, texts in post.overrides.items()
        for lang, t in texts.items()
    ]
    fields.append(("title", None, post.title))
    for field, lang, text in fields:
        for hit in find_forbidden(kit, text, lang):
            term = hit.term
            fix = f" Use “{term.replacement}” instead." if term.replacement else " Rephrase it."
            note = f" ({term.note})" if term.note else ""
            add(
                Finding(
                    ALL,
                    term.severity,
                    "kit.forbidden_term",
                    f"“{hit.matched}” is on {kit.name}'s list of terms to avoid{note}.{fix}",
                    field,
                    measured=hit.matched,
                    limit=term.replacement,
                )
            )


def _check_kit_for_platform(post: Post, platform, kit, add) -> None:
    if "handle" in kit.required and not kit.handle_for(platform.id):
        add(
            Finding(
                platform.id,
                "warning",
                "kit.handle_missing",
                f"The brand kit has no {platform.name} handle; previews will show a placeholder.",
                "brand_kit",
            )
        )


def _ratio(value: float | None) -> str:
    return "any" if value is None else f"{value:.2f}:1"


def summarize(findings: list[Finding]) -> dict[str, int]:
    counts = dict.fromkeys(SEVERITIES, 0)
    for f in findings:
        counts[f.severity] += 1
    return counts
