"""How long counting a caption for every platform takes: validation does it on each keystroke.

Budget: a 2,000-character mixed Arabic/French/English caption with URLs, hashtags and emoji,
counted for all 10 platforms, well under 5 ms in total. Each run clears the per-text caches
first, so it measures a new keystroke (one text, ten platforms), not a repeat.

    .venv/bin/python bench/count.py [--runs 200] [--json]

Exit status 1 if the median is over budget, so CI can run it.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time

BUDGET_MS = 5.0

_PIECES = (
    "التراث الثقافي غير المادي في المغرب: الزليج الفاسي، فن الهندسة والصبر. ",
    "Le zellige de Fès est un art millénaire, taillé à la main pièce par pièce. ",
    "Heritage crafts of Morocco, explained by the masters themselves: ",
    "https://heritage.example.org/zellige?lang=en&utm_source=studio ",
    "#تراث #Zellige #Patrimoine #الزليج_الفاسي ",
    "Voir aussi whc.unesco.org/fr/list/170 et @maalems@mastodon.example.org. ",
    "🇲🇦 👩🏽‍🎨 ✨ ",
    "Visitez le musée Nejjarine, ouvert tous les jours. ",
)


def sample_caption(length: int = 2000) -> str:
    """A deterministic caption mixing scripts, URLs, a bare domain, mentions, tags and emoji."""
    out, i = "", 0
    while len(out) < length:
        out += _PIECES[(i * 5) % len(_PIECES)]
        i += 1
    return out[:length]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    t0 = time.perf_counter()
    from studio.core.platforms import PLATFORM_IDS
    from studio.core.textcount import clear_caches, count_text

    text = sample_caption()
    for pid in PLATFORM_IDS:  # first call compiles the regexes (TLD list included)
        count_text(pid, text)
    first_ms = (time.perf_counter() - t0) * 1000

    totals: list[float] = []
    per_platform: dict[str, list[float]] = {pid: [] for pid in PLATFORM_IDS}
    for _ in range(args.runs):
        clear_caches()
        start = time.perf_counter()
        for pid in PLATFORM_IDS:
            t = time.perf_counter()
            count_text(pid, text)
            per_platform[pid].append(time.perf_counter() - t)
        totals.append(time.perf_counter() - start)

    median_ms = statistics.median(totals) * 1000
    result = {
        "text_chars": len(text),
        "platforms": len(PLATFORM_IDS),
        "runs": args.runs,
        "median_ms_all_platforms": round(median_ms, 3),
        "median_ms_per_call": round(median_ms / len(PLATFORM_IDS), 3),
        "budget_ms": BUDGET_MS,
        "ratio_to_budget": round(median_ms / BUDGET_MS, 3),
        "first_call_ms_including_imports": round(first_ms, 1),
        "median_ms_by_platform": {
            pid: round(statistics.median(v) * 1000, 3) for pid, v in per_platform.items()
        },
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"{len(text)}-character caption, {len(PLATFORM_IDS)} platforms, {args.runs} runs")
        for pid, ms in result["median_ms_by_platform"].items():
            print(f"  {pid:<10} {ms:7.3f} ms")
        print(
            f"median: {median_ms:.3f} ms for all platforms, "
            f"{result['median_ms_per_call']:.3f} ms per call; "
            f"{result['ratio_to_budget']:.2f} × the {BUDGET_MS:g} ms budget"
        )
        print(f"first call (imports, regex compilation): {first_ms:.0f} ms, once per process")
    return 0 if median_ms <= BUDGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
