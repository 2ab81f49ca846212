"""`studio render ID --out DIR`: every target platform's media for a post, plus manifest.json.

Exit codes: 0 rendered; 1 a platform cannot take the post's media even after transformation
(a photo on YouTube, a video over the limit without a trim): the message names the platform
and the media; 2 any other error a user can fix (unknown post, broken kit, damaged file).
"""

from __future__ import annotations

import sys
from pathlib import Path

from studio.cli.context import fail_on_studio_errors, open_workspace
from studio.cli.output import CliError, add_json_flag, print_json


def register(sub) -> None:
    p = sub.add_parser(
        "render",
        help="render a post's photos and videos for each platform",
        description="Write each target platform's media and a manifest.json into DIR.",
    )
    p.add_argument("id", type=int, help="post id (studio posts)")
    p.add_argument("--out", required=True, metavar="DIR", type=Path, help="output folder")
    p.add_argument(
        "--platform",
        "-p",
        action="append",
        metavar="P",
        help="render only this platform (repeatable; default: the post's platforms)",
    )
    p.add_argument(
        "--preview", action="store_true", help="small, fast renders (not for publishing)"
    )
    p.add_argument(
        "--keep-location",
        action="store_true",
        help="keep GPS positions in the outputs (removed by default)",
    )
    add_json_flag(p)
    p.set_defaults(func=run)


@fail_on_studio_errors
def run(args) -> int:
    from studio.media.jobs import RenderCancelled
    from studio.media.render import UnsupportedMediaError, render_post

    options = {"keep_location": True} if args.keep_location else None
    progress = _progress_line() if sys.stderr.isatty() and not args.json else None
    try:
        with open_workspace(args) as ws:
            manifest = render_post(
                ws,
                args.id,
                args.out,
                args.platform,
                progress=progress,
                preview=args.preview,
                options=options,
            )
    except UnsupportedMediaError as exc:
        raise CliError(str(exc), exit_code=1) from exc
    except RenderCancelled:
        raise CliError("render cancelled; partial files were removed", exit_code=130) from None
    finally:
        if progress is not None:
            sys.stderr.write("\r\033[K")
    if args.json:
        data = manifest.to_json()
        data["out"] = str(manifest.out_dir)
        data["manifest"] = str(manifest.path)
        print_json(data)
        return 0
    for f in manifest.files:
        extra = f"  {f.duration:.1f} s" if f.duration is not None else ""
        cached = "  (cached)" if f.cached else ""
        print(
            f"{f.platform:<10} {f.index + 1:>2}  {f.kind:<5} {f.width}x{f.height:<6} "
            f"{_size(f.bytes):>8}{extra}  {f.file.name}{cached}"
        )
    print(f"post #{manifest.post_id}: {len(manifest.files)} file(s) in {manifest.out_dir}")
    return 0


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 1e6 else f"{n / 1e3:.0f} KB"


def _progress_line():
    def show(fraction: float) -> None:
        sys.stderr.write(f"\rrendering… {fraction * 100:3.0f} %")
        sys.stderr.flush()

    return show
