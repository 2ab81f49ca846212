"""How each platform shows a post in the feed: the frame's shape and where the text folds.

These are display facts, not publishing rules (those are in ``studio.core.platform_data``):
they only decide what the mockup shows before a reader taps "more". Each value was observed in
the platform's own web or mobile client (sources below, checked 2026); they drift as clients
change, which is why they live here as data and not in the painting code.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Mockup:
    key: str  # "instagram_story" for variants, else the platform id
    platform: str  # the platform whose render is shown
    fold_chars: int | None  # characters shown before "… more"; None: the whole text
    fold_lines: int | None  # lines shown before the fold, whichever comes first
    more: str  # the client's own word for the fold link (translated on screen)
    layout: str  # "feed": header, text, media; "story": full-bleed; "video": media, title, text
    text_over_media: bool = False  # TikTok and stories write over the picture


MOCKUPS: tuple[Mockup, ...] = (
    # x.com web: posts up to 280 characters are shown whole; longer ones fold ("Show more").
    Mockup("x", "x", 280, None, "Show more", "feed"),
    # Instagram app/web: the caption under the photo shows ~125 characters or 2 lines, "… more".
    Mockup("instagram", "instagram", 125, 2, "more", "feed"),
    # Instagram stories: full-screen 9:16, the caption is not shown (text lives in the image).
    Mockup("instagram_story", "instagram", 0, 0, "", "story", text_over_media=True),
    # facebook.com: about 480 characters or 5 lines above the photo, then "See more".
    Mockup("facebook", "facebook", 480, 5, "See more", "feed"),
    # linkedin.com feed: about 210 characters or 3 lines, then "…see more".
    Mockup("linkedin", "linkedin", 210, 3, "see more", "feed"),
    # bsky.app: 300 graphemes at most, never folded.
    Mockup("bluesky", "bluesky", None, None, "", "feed"),
    # Mastodon web: 500 characters by default, never folded (unless behind a content warning).
    Mockup("mastodon", "mastodon", None, None, "", "feed"),
    # Telegram channels: the caption is shown whole under the photo.
    Mockup("telegram", "telegram", None, None, "", "feed"),
    # youtube.com watch page: the description shows ~3 lines (about 150 characters), "...more".
    Mockup("youtube", "youtube", 150, 3, "more", "video"),
    # TikTok app: the caption over the video shows ~2 lines (about 80 characters), "more".
    Mockup("tiktok", "tiktok", 80, 2, "more", "story", text_over_media=True),
    # threads.net: 500 characters, shown whole.
    Mockup("threads", "threads", None, None, "", "feed"),
)


def mockups_for(platforms: list[str]) -> list[Mockup]:
    """The mockups of a post's platforms, in the fixed order above (Instagram adds a story)."""
    chosen = set(platforms)
    return [m for m in MOCKUPS if m.platform in chosen]


def fold_text(text: str, chars: int | None, lines: int | None) -> tuple[str, bool]:
    """(what shows before the fold, whether anything was hidden).

    Cuts at whichever comes first, the character count or the line count, then backs up to
    the last space so no word is split (as the clients do), and drops trailing spaces.
    """
    if chars is None and lines is None:
        return text, False
    cut = len(text)
    if chars is not None:
        cut = min(cut, chars)
    if lines is not None:
        pos = -1
        for _ in range(lines):
            pos = text.find("\n", pos + 1)
            if pos < 0:
                break
        if pos >= 0:
            cut = min(cut, pos)
    if cut >= len(text.rstrip()):
        return text, False
    head = text[:cut]
    space = max(head.rfind(" "), head.rfind("\n"))
    if space > cut * 0.6:
        head = head[:space]
    return head.rstrip(), True
