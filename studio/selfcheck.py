"""``studio --self-check``: prove on this machine that an installed studio can do its real work.

A bundle can start and still be useless: a Qt plugin missing, FriBiDi absent so Arabic comes out
unjoined, ffmpeg not executable, no keyring, kit fonts not packed, worker processes that cannot
start once frozen. Each check here runs the real code path (the renderer, ffmpeg, the keyring)
instead of testing for files, and says in one line what failed and why, so support can read a
report pasted from an embassy laptop. CI runs it on the built bundle.

Nothing permanent is written: renders go to a temporary workspace, the keyring entry made to
prove writing works is deleted again, and the user's own workspace is only opened.

Qt is imported lazily (only by the ``qt`` check) so the other checks run where Qt cannot load.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from studio import __version__

# Qt platform plugins the window needs per OS, plus ``offscreen`` (headless runs and this
# check); source: the "Qt for Linux/X11", "Qt for Windows" and "Qt for macOS" requirements pages
# of the Qt 6 documentation (platform plugin names xcb, windows, cocoa).
QT_PLATFORM_PLUGINS = {
    "linux": ("xcb", "offscreen"),
    "win32": ("windows", "offscreen"),
    "darwin": ("cocoa", "offscreen"),
}
# The GUI's icons are SVG (studio/gui/icons): without these two plugins every icon is blank.
QT_OTHER_PLUGINS = (("imageformats", "svg"), ("iconengines", "svgicon"))
RENDER_KIT = "embassy-cultural-ar"  # bundled: Arabic lower third (RAQM, Amiri) and a logo
_SHAPING_LIBS = ("RAQM", "FriBiDi", "HarfBuzz")  # names as PIL.features knows them, lowercased


@dataclass
class CheckResult:
    name: str
    ok: bool
    detail: str
    seconds: float

    def to_json(self) -> dict:
        return {
            "name": self.name,
            "ok": self.ok,
            "detail": self.detail,
            "seconds": round(self.seconds, 3),
        }


class CheckFailed(Exception):
    """A check ran and found a problem; the message is the reason shown to the user."""


class _Context:
    """State shared by the checks: the workspace asked for and one temporary folder."""

    def __init__(self, workspace: str | None, tmp: Path):
        self.workspace = workspace
        self.tmp = tmp


# --- the checks ------------------------------------------------------------------------------


def check_workspace(ctx: _Context) -> str:
    from studio.core.workspace import Workspace, resolve_workspace_dir

    root = resolve_workspace_dir(ctx.workspace)
    if not (root / "studio.sqlite3").exists():
        with Workspace(ctx.tmp / "fresh-workspace") as ws:
            media, posts = ws.library.count(), len(ws.posts.list())
        return (
            f"no workspace at {root} yet (the app creates it on first start); "
            f"created and opened a new one in a temporary folder ({media} media, {posts} posts)"
        )
    with Workspace(root) as ws:
        integrity = ws.db.conn.execute("PRAGMA quick_check").fetchone()[0]
        if integrity != "ok":
            raise CheckFailed(f"{root / 'studio.sqlite3'} is damaged (SQLite: {integrity})")
        return f"{root}: {ws.library.count()} media, {len(ws.posts.list())} posts, database ok"


def check_render(ctx: _Context) -> str:
    """Two photos through the real renderer with a bundled kit: the Arabic lower third needs
    RAQM and the kit's fonts, and two sources make a process pool. It runs in a background
    thread, as in the app, so the pool starts its workers the way the app's does (a forkserver
    on Linux, spawn elsewhere), which is the part a frozen build can break."""
    import threading

    from PIL import Image, ImageDraw

    from studio.core.workspace import Workspace
    from studio.media.render import load_for_render, plan_jobs, render_jobs

    src = ctx.tmp / "photos"
    src.mkdir()
    for i, colour in enumerate([(176, 96, 48), (32, 104, 110)]):
        img = Image.new("RGB", (1600, 1200), colour)
        draw = ImageDraw.Draw(img)
        for x in range(0, 1600, 80):  # real detail for the JPEG quality search
            draw.line([(x, 0), (1600 - x, 1200)], fill=(240, 220, 190), width=6)
        img.save(src / f"selfcheck-{i}.jpg", quality=90)
    with Workspace(ctx.tmp / "render-workspace") as ws:
        report = ws.library.import_files(sorted(src.iterdir()))
        if report.rejected:
            raise CheckFailed(
                f"import refused {report.rejected[0].source.name}: {report.rejected[0].reason}"
            )
        post = ws.posts.create(
            {
                "title": "فحص ذاتي — self-check",
                "brand_kit": RENDER_KIT,
                "platforms": ["instagram", "x"],
                "text": {"ar": "الزليج", "en": "Zellige"},
                "media": [f.item.id for f in report.imported],
            }
        )
        post, media, kit = load_for_render(ws, post.id)
        jobs = plan_jobs(post, media, kit)
        outcome: dict = {}

        def work() -> None:
            try:
                outcome["files"] = render_jobs(jobs, ctx.tmp / "out", cache_dir=None, workers=2)
            except BaseException as exc:  # reported by the main thread below
                outcome["error"] = exc

        worker = threading.Thread(target=work, name="selfcheck-render")
        worker.start()
        worker.join(timeout=300)
        if worker.is_alive():
            raise CheckFailed("the render did not finish within 300 s")
        if "error" in outcome:
            raise outcome["error"]
    files = outcome["files"]
    for f in files:
        with Image.open(f.file) as im:
            if im.format != "JPEG" or im.size != (f.width, f.height):
                raise CheckFailed(f"{f.file.name} is not the {f.width}x{f.height} JPEG promised")
    sizes = ", ".join(f"{f.platform} {f.width}x{f.height}" for f in files)
    return f"{len(files)} photos with kit {RENDER_KIT} in a 2-process pool: {sizes}"


def _child_report() -> dict:
    """Runs in a spawned worker: what the parent needs to know that the child is real."""
    from PIL import features

    frozen = bool(getattr(sys, "frozen", False))
    return {"pid": os.getpid(), "frozen": frozen, "raqm": bool(features.check("raqm"))}


def check_processes(ctx: _Context) -> str:
    """A worker started with ``spawn``, the method Windows and macOS always use: a frozen app
    re-runs its own executable for it, which only works with ``freeze_support()`` in place."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    started = time.monotonic()
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        child = pool.submit(_child_report).result(timeout=120)
    if child["pid"] == os.getpid():
        raise CheckFailed("the worker ran inside this process, not a new one")
    if child["frozen"] != bool(getattr(sys, "frozen", False)):
        raise CheckFailed("the worker did not run this program's own interpreter")
    if not child["raqm"]:  # renders happen in workers: they must shape Arabic too
        raise CheckFailed("RAQM works here but not in the worker: FriBiDi was not found there")
    return f"spawned worker pid {child['pid']} answered in {time.monotonic() - started:.1f} s"


def check_raqm(ctx: _Context) -> str:
    import PIL
    from PIL import features

    from studio.core.fonts import resolve_font
    from studio.media.textshape import load_font, require_raqm

    require_raqm()  # raises, naming the FriBiDi package, when RAQM is off
    font = load_font(resolve_font({"family": "Amiri", "style": "Regular"}, ctx.tmp), 48)
    joined, apart = font.getlength("بيت"), sum(font.getlength(c) for c in "بيت")
    if not joined < apart:  # joined letters take their narrow medial/initial forms
        raise CheckFailed("Arabic letters were not joined: RAQM loaded but did not shape")
    versions = ", ".join(f"{lib} {features.version(lib.lower())}" for lib in _SHAPING_LIBS)
    return f"Pillow {PIL.__version__}, {versions}: Arabic is shaped"


def check_ffmpeg(ctx: _Context) -> str:
    from studio.media.ffmpeg import ffmpeg_exe, run_ffmpeg

    exe = ffmpeg_exe()
    version = run_ffmpeg(["-version"], timeout=30).stdout.decode("utf-8", "replace")
    out = ctx.tmp / "ffmpeg-check.mp4"
    proc = run_ffmpeg(
        ["-loglevel", "error", "-f", "lavfi", "-i", "testsrc=size=128x72:rate=10", "-frames:v",
         "5", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-y", str(out)],
        timeout=60,
    )  # fmt: skip
    if proc.returncode != 0 or not out.is_file() or out.stat().st_size == 0:
        raise CheckFailed(
            f"{exe} could not encode H.264: {proc.stderr.decode('utf-8', 'replace')[-300:]}"
        )
    first = version.splitlines()[0] if version else "ffmpeg"
    return f"{' '.join(first.split()[:3])} at {exe} encodes H.264"


def check_keyring(ctx: _Context) -> str:
    import secrets as random_tokens

    from studio.core import secrets

    backend = secrets.check_available()
    name = f"self-check-{random_tokens.token_hex(8)}"  # deleted below: nothing stays behind
    value = random_tokens.token_urlsafe(24)
    secrets.store(name, value)
    try:
        if secrets.fetch(name) != value:
            raise CheckFailed(f"{backend} returned a different value than was stored")
    finally:
        secrets.delete(name)
    return f"{backend}: a temporary entry was stored, read back and deleted"


def check_fonts(ctx: _Context) -> str:
    from studio.core.brandkit import KitError, list_kits
    from studio.core.fonts import package_font_dirs
    from studio.resources import bundled_kits_dir

    kits = list_kits([bundled_kits_dir()])
    if not kits:
        raise CheckFailed(f"no bundled brand kits in {bundled_kits_dir()}")
    shipped = [d.resolve() for _, d in package_font_dirs()]
    families = set()
    for kit in kits:
        if isinstance(kit, KitError):
            raise CheckFailed(f"bundled kit {kit.kit_id} is broken: {kit}")
        for field, path in kit.fonts.items():
            path = Path(path).resolve()
            if not (path.is_relative_to(kit.path.resolve()) or
                    any(path.is_relative_to(d) for d in shipped)):  # fmt: skip
                raise CheckFailed(
                    f"kit {kit.id} fonts.{field} resolves to {path}, a system font: "
                    "the font package or the kit's fonts/ folder is missing from this install"
                )
            families.add(path.name)
    names = ", ".join(sorted(families))
    return f"{len(kits)} bundled kits; fonts from kits and font packages: {names}"


def check_data(ctx: _Context) -> str:
    from studio.core.textcount import count_text
    from studio.sample import showcase_spec

    # A bare domain is only a link if its TLD is in twitter-text's list (studio/core/data).
    if count_text("x", "heritage.museum").length != 23:
        raise CheckFailed("X counts heritage.museum as text: the TLD list is not installed")
    posts = len(showcase_spec()["posts"])
    return f"TLD list loaded (links count 23 on X); sample showcase with {posts} posts"


def check_qt(ctx: _Context) -> str:
    from PySide6.QtCore import QCoreApplication, QLibraryInfo, QPluginLoader

    folders = [Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))]
    folders += [Path(p) for p in os.environ.get("QT_PLUGIN_PATH", "").split(os.pathsep) if p]
    folders += [Path(p) for p in QCoreApplication.libraryPaths()]
    platform = "linux" if sys.platform.startswith("linux") else sys.platform
    wanted = [("platforms", p) for p in QT_PLATFORM_PLUGINS.get(platform, ("offscreen",))]
    loaded = []
    for kind, name in [*wanted, *QT_OTHER_PLUGINS]:
        files = [f for d in folders for f in sorted((d / kind).glob(f"*q{name}.*"))]
        if not files:
            raise CheckFailed(f"the Qt {kind} plugin '{name}' is missing (searched {folders[0]})")
        loader = QPluginLoader(str(files[0]))
        if not loader.load():
            raise CheckFailed(
                f"the Qt {kind} plugin '{name}' does not load: {loader.errorString()}"
            )
        loaded.append(name)
    return f"Qt {QLibraryInfo.version().toString()}; plugins load: {', '.join(loaded)}"


CHECKS: tuple[tuple[str, Callable[[_Context], str]], ...] = (
    ("workspace", check_workspace),
    ("render", check_render),
    ("processes", check_processes),
    ("raqm", check_raqm),
    ("ffmpeg", check_ffmpeg),
    ("keyring", check_keyring),
    ("fonts", check_fonts),
    ("data", check_data),
    ("qt", check_qt),
)


# --- running and reporting -------------------------------------------------------------------


def run_checks(
    workspace: str | None = None, only: Sequence[str] | None = None
) -> list[CheckResult]:
    """Run every check (or those named in ``only``); a failure never stops the others."""
    results = []
    with tempfile.TemporaryDirectory(prefix="studio-selfcheck-") as tmp:
        for name, check in CHECKS:
            if only is not None and name not in only:
                continue
            sub = Path(tmp) / name
            sub.mkdir()
            started = time.monotonic()
            try:
                detail, ok = check(_Context(workspace, sub)), True
            except CheckFailed as exc:
                detail, ok = str(exc), False
            except Exception as exc:  # any other failure is a finding, reported by its type
                detail, ok = f"{type(exc).__name__}: {exc}"[:500], False
            results.append(CheckResult(name, ok, detail, time.monotonic() - started))
    return results


def describe_build() -> str:
    kind = "bundle" if getattr(sys, "frozen", False) else "source"
    return (
        f"Heritage Studio {__version__} ({kind}, Python {sys.version.split()[0]}, {sys.platform})"
    )


def to_json(results: Sequence[CheckResult]) -> dict:
    return {
        "version": __version__,
        "frozen": bool(getattr(sys, "frozen", False)),
        "python": sys.version.split()[0],
        "platform": sys.platform,
        "ok": all(r.ok for r in results),
        "checks": [r.to_json() for r in results],
    }


def format_report(results: Sequence[CheckResult]) -> str:
    width = max((len(r.name) for r in results), default=0)
    lines = [f"{describe_build()} self-check"]
    lines += [f"{'OK' if r.ok else 'FAIL':<4}  {r.name:<{width}}  {r.detail}" for r in results]
    failed = sum(not r.ok for r in results)
    total = len(results)
    lines.append(f"{failed} of {total} checks failed" if failed else f"all {total} checks passed")
    return "\n".join(lines)


def main(workspace: str | None, as_json: bool) -> int:
    """The CLI's ``--self-check``: print the report, exit 0 when every check passed, else 1."""
    results = run_checks(workspace)
    if as_json:
        from studio.cli.output import print_json

        print_json(to_json(results))
    else:
        print(format_report(results))
    return 0 if all(r.ok for r in results) else 1
