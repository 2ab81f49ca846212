"""What each platform will actually receive as text, built from one post.

A post holds a caption per language. For a platform, the text is each language's caption in
post order (a platform override for that language replaces it; an override for "*" replaces the
whole text), separated by a blank line, then the hashtag line: the post's hashtags plus the
kit's hashtags for that platform, leaving out any already written in the text. This is the one
function validation, previews, the brief and publishing all use, so what is checked, shown,
approved and published is the same string.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from studio.core.model import Post

if TYPE_CHECKING:
    from studio.core.brandkit import BrandKit


def compose_parts(post: Post, platform: str) -> list[tuple[str, str, str]]:
    """The caption parts for ``platform``: (lang, field, text) with the field they came from."""
    overrides = post.overrides.get(platform, {})
    if "*" in overrides:
        return [("*", f"overrides.{platform}.*", overrides["*"])]
    parts = []
    for lang in post.ordered_languages:
        if lang in overrides:
            parts.append((lang, f"overrides.{platform}.{lang}", overrides[lang]))
        elif post.text.get(lang, "").strip():
            parts.append((lang, f"text.{lang}", post.text[lang]))
    return parts


def hashtag_line(post: Post, platform: str, kit: BrandKit | None, body: str) -> str:
    from studio.core.textcount import extract_hashtags

    present = {t.casefold() for t in extract_hashtags(body)}
    tags = list(post.hashtags)
    if kit is not None:
        tags += [t for t in kit.hashtags_for(platform) if t not in tags]
    out = []
    for tag in tags:
        tag = tag if tag.startswith("#") else "#" + tag
        if tag[1:].casefold() not in present and tag.casefold() not in present:
            present.add(tag[1:].casefold())
            out.append(tag)
    return " ".join(out)


def compose_text(post: Post, platform: str, kit: BrandKit | None = None) -> str:
    body = "\n\n".join(text.strip() for _lang, _field, text in compose_parts(post, platform))
    tags = hashtag_line(post, platform, kit, body)
    if tags:
        return f"{body}\n\n{tags}" if body else tags
    return body


def alt_text(post_media, item, lang: str) -> str:
    """Alt text for a post's media in ``lang``: the post's own, else the library's."""
    return (post_media.alt.get(lang) or item.alt.get(lang) or "").strip()
