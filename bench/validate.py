"""How long one full validation takes: all 10 platforms, a 2,000-character caption, a kit.

The composer validates on every keystroke, so the budget is 5 ms per full pass on this
machine kind. Compared, in the same run, with the obvious alternative: re-loading the post,
its media and its kit from the workspace before each check (what a naive "validate by id"
on every keystroke would do).

    .venv/bin/python bench/validate.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from studio.core.brandkit import find_kit, kit_search_path
from studio.core.model import MediaItem, Post, PostMedia
from studio.core.platforms import PLATFORM_IDS
from studio.core.validation import validate_post

BUDGET_MS = 5.0

AR = "في أسبوع التراث نحتفي بفن الزليج، حرفة تتوارثها الأجيال في ورش المدينة العتيقة. "
FR = "Pour la Semaine du patrimoine, hommage au zellige taillé à la main https://example.org/zellige "
EN = "For Heritage Week we celebrate zellige 🇲🇦✨ #Zellige @maridia_culture https://example.org/x "


def caption(seed: str, n: int) -> str:
    return (seed * (n // len(seed) + 1))[:n]


def make_post() -> tuple[Post, dict[int, MediaItem]]:
    text = {"ar": caption(AR, 700), "fr": caption(FR, 650), "en": caption(EN, 650)}
    assert sum(len(t) for t in text.values()) == 2000
    media = {
        i: MediaItem(
            id=i,
            sha256="0" * 64,
            kind="photo",
            format="jpeg",
            mime="image/jpeg",
            ext="jpg",
            bytes=6_000_000,
            width=6000,
            height=4000,
            path=Path("/dev/null"),
            original_name=f"p{i}.jpg",
            credit="Atelier",
            alt={"ar": "زليج", "fr": "x", "en": "x"},
        )
        for i in range(1, 4)
    }
    post = Post(
        id=1,
        title="Zellige",
        brand_kit="embassy-cultural-ar",
        platforms=list(PLATFORM_IDS),
        languages=["ar", "fr", "en"],
        text=text,
        hashtags=["#HeritageWeek"],
        media=[PostMedia(i) for i in media],
    )
    return post, media


def timed(fn, runs: int) -> float:
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    return statistics.median(samples)


def main() -> int:
    kit = find_kit("embassy-cultural-ar", kit_search_path(None))
    post, media = make_post()
    validate_post(post, media, kit)  # warm up caches and regexes

    # The naive alternative: a real workspace, reloaded for every keystroke.
    from studio.core.workspace import Workspace

    with tempfile.TemporaryDirectory() as tmp:
        ws = Workspace(Path(tmp))
        stored = ws.posts.create(
            {
                "title": post.title,
                "brand_kit": post.brand_kit,
                "platforms": post.platforms,
                "text": post.text,
                "hashtags": post.hashtags,
            }
        )
        ws.validate_post(stored.id)
        naive_ms = timed(lambda: ws.validate_post(stored.id), 50)
        ws.close()

    ours_ms = timed(lambda: validate_post(post, media, kit), 200)
    print(
        f"validate_post, 10 platforms, 2,000-char caption: {ours_ms:.2f} ms median "
        f"({ours_ms / BUDGET_MS:.2f} of the {BUDGET_MS:g} ms budget)"
    )
    print(
        f"reload-from-workspace-then-validate: {naive_ms:.2f} ms median "
        f"(in-memory validation is {naive_ms / ours_ms:.1f}x faster)"
    )
    return 0 if ours_ms < BUDGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
