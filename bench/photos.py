"""How fast the photo renderer is, against naive Pillow, ImageMagick, vipsthumbnail and the floor.

The job: 4 photos at camera resolution (24 MP JPEGs from the sample generator, one stored
portrait with EXIF orientation 6) to 5 platform sizes (Instagram 4:5 1080x1350, X 16:9
1600x900, Facebook 1:1 1080x1080, Mastodon 16:9 1920x1080, TikTok 9:16 1080x1920): 20 files,
centre crop + Lanczos resize + JPEG q85, no overlays. Each method runs in its own child
process (peak memory is its own), ``--repeat`` times; the median is reported, as RATIOS
measured in the same run (absolute times depend on the machine):

- ``naive``: Pillow, a full decode per output, ``exif_transpose``, crop, LANCZOS, save;
- ``magick``: ImageMagick ``convert`` per output, 2 at a time;
- ``vips``: ``vipsthumbnail`` per output size (shrink-on-load, centre crop), 2 at a time;
- ``ours``: :func:`studio.media.render.render_post` with a cold cache (strict DCT-scaled
  decode once per photo, Lanczos from it, 2 worker processes, quality search, metadata,
  manifest) -- everything a real render does;
- ``floor``: the same decode once per photo and the same encoder, but no resample (an
  output-sized window is cut out and encoded): no renderer built on this decoder/encoder
  can beat it;
- ``overlays``: ours with the kit's logo and an Arabic lower third on every output;
- ``cache``: ours again with nothing changed (every output served from the render cache);
- ``single``: ours for a post with only the first photo (5 outputs): fewer photos than
  workers, so the two workers share that photo's outputs (each decodes it for its share).

Targets: ours >= 8x naive and ImageMagick, >= 3x vipsthumbnail, <= 2.5x the floor, both cores
busy. Every method writes the same kind of file, the one the publisher needs: progressive,
Huffman-optimised, 4:2:0 JPEG at q85 (progressive costs 4-5x the encode time of baseline, so
letting the others write baseline would flatter them). Needs /usr/bin/convert (imagemagick)
and vipsthumbnail (libvips-tools).

    .venv/bin/python bench/photos.py [--repeat 3] [--workdir DIR] [--only ours,floor]
                                     [--quiet-wait SECONDS]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

CONVERT = "/usr/bin/convert"  # Debian's ImageMagick 6, not any wrapper earlier on PATH
TARGETS = {"instagram": "4:5", "x": "16:9", "facebook": "1:1", "mastodon": "16:9", "tiktok": "9:16"}
METHODS = ("naive", "magick", "vips", "ours", "floor", "overlays", "cache", "single")
QUALITY = 85
KIT_TOML = """schema_version = 1
name = "Bench kit"
languages = ["ar", "fr", "en"]
credit_format = "{credit} ({license})"
[colours]
primary = "#0B5D3B"
secondary = "#C8A24A"
background = "#F4EFE6"
text = "#1B1B1B"
[fonts]
title = { family = "Amiri", style = "Bold" }
body = { family = "Amiri" }
[logos]
primary = "logo.png"
[watermark.default]
position = "bottom-right"
scale = 0.14
[lower_third]
background = "#0B5D3BCC"
text_colour = "#FFFFFF"
font = "title"
height = 0.1
template = "{title} · {credit}"
"""


# --- setup (parent) ----------------------------------------------------------------------------


def prepare(workdir: Path) -> dict:
    """4 x 24 MP JPEGs, a workspace holding them, a plain post and a kit post; the geometry."""
    import dataclasses
    import shutil

    from studio.core.workspace import Workspace
    from studio.media.photo_render import crop_box
    from studio.media.render import plan_jobs
    from studio.media.samplecatalog import CATALOG
    from studio.media.samplegen import generate_sample_media

    photos_dir = workdir / "photos"
    assets = generate_sample_media(workdir / "samples", full_resolution=True)
    photos = [a.path for a in assets if a.path.suffix == ".jpg" and "arcade" not in a.path.name]
    extra = {"arches": ((4000, 6000), 6), "girih": ((6000, 4000), 1)}  # 24 MP versions
    photos_dir.mkdir(parents=True, exist_ok=True)
    for spec in CATALOG:
        if spec.key in extra:
            target = photos_dir / f"{spec.key}-24mp.jpg"
            if not target.exists():
                from studio.media.samplerender import render_photo

                size, orientation = extra[spec.key]
                spec = dataclasses.replace(
                    spec, filename=target.name, size=size, orientation=orientation
                )
                target.write_bytes(render_photo(spec, True))
            photos.append(target)
    ws_dir = workdir / "ws"
    shutil.rmtree(ws_dir, ignore_errors=True)
    with Workspace(ws_dir) as ws:
        items = [ws.library.import_files([p]).imported[0].item for p in photos]
        for item in items:
            ws.library.update(item.id, title="زليج المدينة العتيقة", credit="Heritage Studio")
        kit_dir = ws_dir / "brand_kits" / "bench-kit"
        kit_dir.mkdir(parents=True)
        (kit_dir / "kit.toml").write_text(KIT_TOML, "utf-8")
        shutil.copy(
            REPO / "brand_kits/embassy-cultural-ar/logos/maridia-star.png", kit_dir / "logo.png"
        )
        media = [{"id": it.id, "focal": [0.5, 0.5], "crop": dict(TARGETS)} for it in items]
        base = {"title": "bench", "platforms": list(TARGETS), "text": {"en": "x"}, "media": media}
        plain = ws.posts.create(base).id
        kitted = ws.posts.create({**base, "brand_kit": "bench-kit"}).id
        single = ws.posts.create({**base, "media": media[:1]}).id
        post = ws.posts.get(plain)
        jobs = plan_jobs(post, {it.id: it for it in items}, None)
        outputs = [
            {
                "src": str(j.source),
                "display": [j.item.width, j.item.height],
                "size": list(j.size),
                "box": [round(v) for v in crop_box((j.item.width, j.item.height), j.size, j.focal)],
                "name": f"{j.platform}-{j.index + 1}.jpg",
            }
            for j in jobs
        ]
    return {
        "ws": str(ws_dir),
        "plain": plain,
        "kitted": kitted,
        "single": single,
        "outputs": outputs,
    }


# --- methods (child process) -------------------------------------------------------------------


def run_naive(setup: dict, out: Path) -> None:
    from PIL import Image, ImageOps

    for o in setup["outputs"]:
        with Image.open(o["src"]) as im:
            img = ImageOps.exif_transpose(im)
            img = img.crop(o["box"]).resize(o["size"], Image.Resampling.LANCZOS)
            img.save(
                out / o["name"], "JPEG", quality=QUALITY, progressive=True, optimize=True,
                subsampling="4:2:0",
            )  # fmt: skip


def _parallel(commands: list[list[str]]) -> None:
    from concurrent.futures import ThreadPoolExecutor

    def run(cmd):
        subprocess.run(cmd, check=True, capture_output=True)

    with ThreadPoolExecutor(2) as pool:
        list(pool.map(run, commands))


def run_magick(setup: dict, out: Path) -> None:
    cmds = []
    for o in setup["outputs"]:
        x0, y0, x1, y1 = o["box"]
        w, h = o["size"]
        cmds.append(
            [CONVERT, o["src"], "-auto-orient", "-crop", f"{x1 - x0}x{y1 - y0}+{x0}+{y0}",
             "+repage", "-filter", "Lanczos", "-resize", f"{w}x{h}!", "-quality", str(QUALITY),
             "-interlace", "JPEG", "-sampling-factor", "4:2:0", "-define",
             "jpeg:optimize-coding=true", str(out / o["name"])]
        )  # fmt: skip
    _parallel(cmds)


def run_vips(setup: dict, out: Path) -> None:
    cmds = [
        ["vipsthumbnail", o["src"], "-s", "{}x{}".format(*o["size"]), "-m", "centre",
         "-o", f"{out / o['name']}[Q={QUALITY},interlace,optimize_coding,subsample_mode=on]"]
        for o in setup["outputs"]
    ]  # fmt: skip
    _parallel(cmds)


def _render(setup: dict, out: Path, post_key: str, warm: bool):
    import shutil

    from studio.core.workspace import Workspace
    from studio.media.render import render_post

    with Workspace(Path(setup["ws"])) as ws:
        shutil.rmtree(ws.cache_dir / "renders", ignore_errors=True)
        options = {"quality": QUALITY}
        if warm:
            render_post(ws, setup[post_key], out / "warm-up", options=options)
        t0 = time.perf_counter()
        manifest = render_post(ws, setup[post_key], out, options=options)
        elapsed = time.perf_counter() - t0
    cached = sum(f.cached for f in manifest.files)
    return elapsed, {"rendered": len(manifest.files), "cached": cached}


def _floor_photo(jobs, out: str) -> None:
    from PIL import Image

    from studio.media.photo_decode import decode
    from studio.media.photo_encode import jpeg
    from studio.media.photo_geometry import ORIENTED, crop_box, to_stored
    from studio.media.scrub import output_exif, srgb_profile

    source = decode(jobs[0].source, jobs)
    for job in jobs:
        box = [v * source.scale for v in crop_box(source.display, job.size, job.focal)]
        x0, y0, _, _ = (round(v) for v in to_stored(box, source.image.size, source.orientation))
        w, h = job.size if source.orientation < 5 else job.size[::-1]
        img = source.image.crop((x0, y0, x0 + w, y0 + h))
        if source.orientation != 1:
            img = img.transpose(getattr(Image.Transpose, ORIENTED[source.orientation]))
        data = jpeg(img, QUALITY, output_exif(source.exif, job), srgb_profile())
        Path(out, f"{job.platform}-{job.index + 1}.jpg").write_bytes(data)


def run_floor(setup: dict, out: Path) -> None:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from studio.core.workspace import Workspace
    from studio.media.render import load_for_render, plan_jobs

    with Workspace(Path(setup["ws"])) as ws:
        post, media, kit = load_for_render(ws, setup["plain"])
    groups: dict[str, list] = {}
    for job in plan_jobs(post, media, kit, options={"quality": QUALITY}):
        groups.setdefault(job.item.sha256, []).append(job)
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("fork")) as pool:
        list(pool.map(_floor_photo, groups.values(), [str(out)] * len(groups)))


def child(method: str, setup: dict, out: Path) -> dict:
    # What a running app has loaded already; imported before the clock starts for every
    # method, so no method pays for imports inside its timed region.
    import numpy  # noqa: F401
    import PIL.Image  # noqa: F401
    import simplejpeg  # noqa: F401

    import studio.media.photo_render
    import studio.media.render
    import studio.media.scrub
    from studio.media import configure_pillow

    configure_pillow()  # done at start-up by any app that has shown a thumbnail
    studio.media.scrub.srgb_profile()
    out.mkdir(parents=True, exist_ok=True)
    extra: dict = {}
    r0 = [resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    if method in ("ours", "overlays", "cache", "single"):
        key = {"overlays": "kitted", "single": "single"}.get(method, "plain")
        elapsed, extra = _render(setup, out, key, warm=method == "cache")
    else:
        t0 = time.perf_counter()
        {"naive": run_naive, "magick": run_magick, "vips": run_vips, "floor": run_floor}[method](
            setup, out
        )
        elapsed = time.perf_counter() - t0
    r1 = [resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    cpu = sum(
        (b.ru_utime + b.ru_stime) - (a.ru_utime + a.ru_stime) for a, b in zip(r0, r1, strict=True)
    )
    if method == "cache":  # the warm-up render's CPU is not part of the timed re-render
        cpu = float("nan")
    return {"seconds": elapsed, "cpu": cpu, **extra}


# --- measuring (parent) ------------------------------------------------------------------------


class TreeRss(threading.Thread):
    """Samples the summed RSS of a process and all its descendants every 20 ms (Linux /proc).

    It follows /proc/PID/task/TID/children instead of scanning every process, so the sampler
    itself costs almost nothing: on a 2-core machine a busy sampler would slow the parallel
    methods (and only them) and bias the ratios.
    """

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak, self.stop = pid, 0, threading.Event()
        self.page = os.sysconf("SC_PAGE_SIZE")

    def _tree(self) -> list[int]:
        todo, seen = [self.pid], []
        while todo:
            pid = todo.pop()
            seen.append(pid)
            try:
                tasks = list(Path(f"/proc/{pid}/task").glob("*/children"))
            except OSError:  # the process has just exited
                continue
            for task in tasks:
                try:
                    todo += [int(c) for c in task.read_text().split()]
                except (OSError, ValueError):
                    continue
        return seen

    def run(self) -> None:
        while not self.stop.is_set():
            total = 0
            for pid in self._tree():
                try:
                    total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * self.page
                except (OSError, ValueError, IndexError):
                    continue
            self.peak = max(self.peak, total)
            self.stop.wait(0.02)


def _idle_fraction(seconds: float = 0.5) -> float:
    """Share of CPU time the whole machine spent idle over ``seconds`` (/proc/stat)."""

    def sample():
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
        return fields[3] + fields[4], sum(fields)

    idle0, total0 = sample()
    time.sleep(seconds)
    idle1, total1 = sample()
    return (idle1 - idle0) / max(1, total1 - total0)


def wait_quiet(limit: float = 180.0) -> bool:
    """Wait until other processes leave the CPUs alone (>= 90 % idle), up to ``limit`` s.

    On a shared 2-core machine another job's ffmpeg would slow the parallel methods more than
    the single-process ones and skew every ratio; a run that never got a quiet machine is
    flagged in the report.
    """
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if _idle_fraction() >= 0.9:
            return True
    return False


def expected(setup: dict, method: str) -> list[dict]:
    """The outputs ``method`` must make: all 20, or the first photo's 5 for ``single``."""
    if method == "single":
        return [o for o in setup["outputs"] if o["src"] == setup["outputs"][0]["src"]]
    return setup["outputs"]


def verify(out: Path, setup_file: Path, method: str) -> int:
    """How many of the expected outputs exist with the right size (every method must make all)."""
    from PIL import Image

    good = 0
    for o in expected(json.loads(setup_file.read_text("utf-8")), method):
        try:
            with Image.open(out / o["name"]) as im:
                good += list(im.size) == o["size"] and im.info.get("progressive") == 1
        except OSError:
            continue
    return good


def measure(method: str, setup_file: Path, out: Path, quiet_wait: float = 180.0) -> dict:
    import shutil

    shutil.rmtree(out, ignore_errors=True)
    quiet = wait_quiet(quiet_wait)
    proc = subprocess.Popen(
        [
            sys.executable,
            __file__,
            "--child",
            method,
            "--setup",
            str(setup_file),
            "--out",
            str(out),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    sampler = TreeRss(proc.pid)
    sampler.start()
    stdout, _ = proc.communicate()
    sampler.stop.set()
    sampler.join()
    if proc.returncode:
        raise SystemExit(f"{method} failed (exit {proc.returncode})")
    result = json.loads(stdout.strip().splitlines()[-1])
    result["files"] = verify(out, setup_file, method)
    result["rss"] = sampler.peak
    result["quiet"] = quiet
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--only", default=",".join(METHODS))
    parser.add_argument(
        "--quiet-wait",
        type=float,
        default=180.0,
        help="seconds to wait for an idle machine before each measurement (default 180)",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--setup", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        setup = json.loads(args.setup.read_text("utf-8"))
        print(json.dumps(child(args.child, setup, args.out)))
        return 0
    workdir = args.workdir or Path(tempfile.gettempdir()) / "studio-bench-photos"
    workdir.mkdir(parents=True, exist_ok=True)
    print(f"preparing 4 x 24 MP photos in {workdir} ...", flush=True)
    setup = prepare(workdir)
    setup_file = workdir / "setup.json"
    setup_file.write_text(json.dumps(setup), "utf-8")
    methods = [m for m in METHODS if m in args.only.split(",")]
    results = {}
    for method in methods:
        runs = [
            measure(method, setup_file, workdir / "out" / method, args.quiet_wait)
            for _ in range(args.repeat)
        ]
        best = sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2]
        best["rss"] = max(r["rss"] for r in runs)
        best["quiet"] = all(r["quiet"] for r in runs)
        results[method] = best
        noisy = "" if best["quiet"] else "  (machine busy with other work: not trustworthy)"
        if best["files"] != len(expected(setup, method)):
            noisy += f"  ONLY {best['files']}/{len(expected(setup, method))} correct outputs"
        print(f"  {method:<9} {best['seconds']:7.3f} s (median of {len(runs)}){noisy}", flush=True)
    report(results, len(setup["outputs"]))
    return 0


def report(results: dict, n_files: int) -> None:
    ours = results.get("ours", {}).get("seconds")
    print(f"\n{n_files} outputs from 4 x 24 MP JPEGs; ratios measured in this run")
    print(f"{'method':<10}{'ours is x faster':>18}{'cpu cores':>11}{'peak RSS (tree)':>17}")
    for method, r in results.items():
        ratio = f"{r['seconds'] / ours:.2f}" if ours else "-"
        cores = r["cpu"] / r["seconds"] if r["cpu"] == r["cpu"] else float("nan")
        print(f"{method:<10}{ratio:>18}{cores:>11.2f}{r['rss'] / 2**20:>13.0f} MiB")
    if ours:
        checks = [
            ("naive", lambda x: x >= 8, ">= 8x faster than naive Pillow"),
            ("magick", lambda x: x >= 8, ">= 8x faster than ImageMagick"),
            ("vips", lambda x: x >= 3, ">= 3x faster than vipsthumbnail"),
            ("floor", lambda x: x <= 2.5, "within 2.5x of the floor"),
        ]
        for method, ok, text in checks:
            if method in results:
                x = results[method]["seconds"] / ours
                x = 1 / x if method == "floor" else x
                print(f"  {'PASS' if ok(x) else 'FAIL'}  {text}: {x:.2f}x")
        if "overlays" in results:
            print(f"  overlays cost {results['overlays']['seconds'] / ours:.2f}x the plain render")
        if "cache" in results:
            c = results["cache"]
            print(
                f"  unchanged re-render: {ours / c['seconds']:.0f}x faster than cold "
                f"({c.get('cached', 0)}/{c.get('files', 0)} from the cache)"
            )
        if "single" in results:
            one = results["single"]["seconds"]
            print(
                f"  one photo to 5 platforms: {one:.3f} s, {one / ours * 4:.2f}x a quarter of "
                "the 4-photo render (1 would be perfect sharing of the two workers)"
            )


if __name__ == "__main__":
    sys.exit(main())
