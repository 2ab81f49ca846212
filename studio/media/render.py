"""Render a post for its platforms: plan one job per (platform, media), run them, write a manifest.

Planning is pure (:func:`plan_jobs`): the GUI calls it to show what each platform will get, and
it refuses, naming the platform and the media, what no transformation can fix (a photo on
YouTube, a video over the limit without a trim, too many media). Running
(:func:`render_jobs`) serves cache hits first, then renders photos grouped by source (each
source decoded once, see :mod:`studio.media.photo_render`) on a process pool with one worker
per core, and videos one at a time through :mod:`studio.media.video_render` (ffmpeg already
uses every core). A cancel stops the workers between outputs and removes every file this
render wrote; completed outputs stay in the cache, so the next attempt resumes quickly.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import json
import math
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studio.core.errors import StudioError
from studio.media.jobs import RenderCancelled, RenderedFile, RenderJob

if TYPE_CHECKING:
    from studio.core.brandkit import BrandKit
    from studio.core.model import MediaItem, Post, PostMedia
    from studio.core.platforms import Aspect, Platform
    from studio.core.workspace import Workspace
    from studio.media.jobs import Cancelled, Progress

MANIFEST = "manifest.json"
PREVIEW_LONG_SIDE = 640  # GUI previews: small and fast, never published
MIN_PHOTO_WIDTH = 320  # Instagram and Threads refuse narrower photos


class RenderError(StudioError):
    """A post cannot be rendered as it stands; the message says what to change."""


class UnsupportedMediaError(RenderError):
    """A platform cannot take the post's media even after cropping, resizing or re-encoding."""


@dataclass
class RenderManifest:
    post_id: int
    revision: int
    out_dir: Path
    files: list[RenderedFile] = field(default_factory=list)
    preview: bool = False

    @property
    def path(self) -> Path:
        return self.out_dir / MANIFEST

    def to_json(self) -> dict[str, Any]:
        from studio.media.photo_render import renderer_fingerprint

        return {
            "post": self.post_id,
            "revision": self.revision,
            "preview": self.preview,
            "renderer": renderer_fingerprint(),
            "outputs": [f.to_json(relative_to=self.out_dir) for f in self.files],
        }


# --- planning --------------------------------------------------------------------------------


def _parse_aspect(name: str, preferred: Sequence[Aspect]) -> Aspect:
    from studio.core.platforms import Aspect

    for aspect in preferred:
        if aspect.name == name:
            return aspect
    try:
        w, h = (float(v) for v in name.split(":"))
    except ValueError:
        w = h = 0.0
    if not (w > 0 and h > 0 and math.isfinite(w / h)):
        raise RenderError(f"crop {name!r} is not an aspect ratio like 4:5 or 1.91:1")
    ref = preferred[0].size  # same pixel count as the platform's default size
    height = math.sqrt(ref[0] * ref[1] * h / w)
    return Aspect(name, round(w * 100), round(h * 100), (round(height * w / h), round(height)))


def choose_aspect(rule, item: MediaItem, crop: str | None) -> Aspect:
    """The post's crop if set; else the preferred aspect closest to the source when the
    platform accepts the source's shape; else the platform's first preferred aspect."""
    if crop:
        aspect = _parse_aspect(crop, rule.preferred)
        lo, hi = rule.min_aspect, rule.max_aspect
        if (lo is not None and aspect.ratio < lo - 1e-3) or (
            hi is not None and aspect.ratio > hi + 1e-3
        ):
            raise RenderError(f"crop {crop} is outside the accepted aspect ratios ({lo}–{hi})")
        return aspect
    ratio = item.aspect or 1.0
    inside = (rule.min_aspect is None or ratio >= rule.min_aspect - 1e-3) and (
        rule.max_aspect is None or ratio <= rule.max_aspect + 1e-3
    )
    if not inside:
        return rule.preferred[0]
    return min(rule.preferred, key=lambda a: abs(math.log(a.ratio / ratio)))


def output_size(
    aspect: Aspect, item: MediaItem, rule, *, kind: str, preview: bool
) -> tuple[int, int]:
    """The recommended size, but photos are never upscaled beyond their crop (bytes without
    detail) except up to the narrowest width platforms accept; previews are small."""
    w, h = aspect.size
    scale = 1.0
    if kind == "photo" and item.width and item.height:
        crop_w = min(item.width, item.height * w / h)
        scale = min(1.0, max(crop_w / w, MIN_PHOTO_WIDTH / w))
        if getattr(rule, "max_pixels", None) and w * h * scale * scale > rule.max_pixels:
            scale = math.sqrt(rule.max_pixels / (w * h))
    if preview:
        scale = min(scale, PREVIEW_LONG_SIDE / max(w, h))
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    if kind == "video":  # H.264 4:2:0 needs even dimensions
        size = (max(2, size[0] // 2 * 2), max(2, size[1] // 2 * 2))
    return size


def _label(index: int, item: MediaItem) -> str:
    return f"media[{index}] “{item.title or item.original_name}”"


def _check_post_media(platform: Platform, items: list[tuple[int, PostMedia, MediaItem]]) -> None:
    """Refuse what validation reports as a media-count error, in validation's own words."""
    from studio.core.media_rules import count_findings

    photos = sum(1 for i in items if i[2].kind == "photo")
    found = count_findings(platform, photos, len(items) - photos)
    if found:
        raise UnsupportedMediaError(" ".join(f.message for f in found))


def _video_trim(platform: Platform, index: int, pm: PostMedia, item: MediaItem):
    from studio.core.media_rules import duration_finding

    trim = tuple(pm.trim) if pm.trim else None
    length = (trim[1] - trim[0]) if trim else item.duration
    if length is None:
        return trim
    finding = duration_finding(platform, f"media[{index}]", length, trimmed=bool(trim))
    if finding is not None:
        raise UnsupportedMediaError(f"{_label(index, item)}: {finding.message}")
    return trim


def _shared_aspect(platform: Platform, items) -> str | None:
    """The one aspect every item of a multi-media post gets where the platform crops them
    all to the first item's (Instagram carousels); None where each item keeps its own."""
    if not platform.media.uniform_aspect or len(items) < 2:
        return None
    _index, first_pm, first = items[0]
    rule = platform.image if first.kind == "photo" else platform.video
    shared = choose_aspect(rule, first, first_pm.crop.get(platform.id)).name
    for index, pm, item in items[1:]:
        own = pm.crop.get(platform.id)
        if own and own != shared:
            raise UnsupportedMediaError(
                f"{platform.name} crops every item of a multi-photo post to the first one's "
                f"aspect ({shared}); {_label(index, item)} asks for {own}: use {shared} for it "
                "or change the first item's crop"
            )
    return shared


def plan_jobs(
    post: Post,
    media_by_id: dict[int, MediaItem],
    kit: BrandKit | None,
    platforms: Sequence[str] | None = None,
    *,
    preview: bool = False,
    options: dict[str, Any] | None = None,
) -> list[RenderJob]:
    """One :class:`RenderJob` per (platform, media) of ``post``, in platform then media order.

    Raises :class:`UnsupportedMediaError` naming the platform and media when a platform cannot
    take the post's media at all.
    """
    from studio.core.platforms import UnknownPlatformError, get_platform

    targets = list(platforms) if platforms else list(post.platforms)
    items = []
    for index, pm in enumerate(post.media):
        item = media_by_id.get(pm.media_id)
        if item is None:
            raise RenderError(f"media[{index}]: item #{pm.media_id} is no longer in the library")
        items.append((index, pm, item))
    jobs: list[RenderJob] = []
    for pid in dict.fromkeys(targets):
        try:
            platform = get_platform(pid)
        except UnknownPlatformError as exc:
            raise RenderError(str(exc)) from None
        for index, _pm, item in items:
            if (platform.image if item.kind == "photo" else platform.video) is None:
                kind = "photos" if item.kind == "photo" else "videos"
                raise UnsupportedMediaError(
                    f"{platform.name} takes no {kind}: {_label(index, item)} is a {item.kind}; "
                    f"remove it or remove {platform.name} from the post"
                )
        _check_post_media(platform, items)
        shared = _shared_aspect(platform, items)
        for index, pm, item in items:
            rule = platform.image if item.kind == "photo" else platform.video
            trim = _video_trim(platform, index, pm, item) if item.kind == "video" else None
            try:
                aspect = choose_aspect(rule, item, pm.crop.get(pid) or shared)
            except RenderError as exc:
                raise RenderError(f"{platform.name}, {_label(index, item)}: {exc}") from None
            lower = None
            if kit is not None and kit.lower_third is not None:
                lower = {
                    "title": item.title or post.title,
                    "credit": item.credit,
                    "license": item.license,
                    "handle": kit.handle_for(pid) or "",
                    "date": (item.captured_at or "")[:10],
                }
            jobs.append(
                RenderJob(
                    platform=pid,
                    index=index,
                    kind=item.kind,
                    item=item,
                    post_media=pm,
                    aspect=aspect,
                    size=output_size(aspect, item, rule, kind=item.kind, preview=preview),
                    focal=tuple(pm.focal) if pm.focal is not None else tuple(item.focal),
                    rule=rule,
                    kit=kit,
                    overlays=kit is not None,
                    lower_third=lower,
                    trim=trim,
                    preview=preview,
                    options=dict(options or {}),
                )
            )
    return jobs


# --- running ---------------------------------------------------------------------------------


def output_base(out_dir: Path, job: RenderJob) -> Path:
    """Where a job's output goes, without suffix: ``instagram-1`` for the first media."""
    return Path(out_dir) / f"{job.platform}-{job.index + 1}"


def render_jobs(
    jobs: Sequence[RenderJob],
    out_dir: Path,
    *,
    cache_dir: Path | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    workers: int | None = None,
) -> list[RenderedFile]:
    """Render ``jobs`` into ``out_dir``, cache first; results in job order.

    On cancel (or any error) every file this call wrote into ``out_dir`` is removed before
    :class:`RenderCancelled` (or the error) propagates.
    """
    from studio.media.render_cache import RenderCache, cache_root

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    cache = RenderCache(cache_root(cache_dir)) if cache_dir is not None else None
    run = _Run(jobs, out_dir, cache, progress, cancelled)
    try:
        run.serve_cached()
        run.render_photos(workers or min(2, os.cpu_count() or 1))
        run.render_videos()
    except BaseException:
        run.remove_written()
        raise
    return [run.results[i] for i in range(len(jobs))]


class _Run:
    """The state of one :func:`render_jobs` call: results, written files, progress."""

    def __init__(self, jobs, out_dir: Path, cache, progress, cancelled):
        self.jobs = list(jobs)
        self.out_dir = out_dir
        self.cache = cache
        self.progress = progress
        self.cancelled = cancelled or (lambda: False)
        self.results: dict[int, RenderedFile] = {}
        self.keys: dict[int, str] = {}
        self.started = time.time() - 1.0  # file systems with coarse timestamps

    def report(self, partial: float = 0.0) -> None:
        if self.progress is not None and self.jobs:
            self.progress(min(1.0, (len(self.results) + partial) / len(self.jobs)))

    def check(self) -> None:
        if self.cancelled():
            raise RenderCancelled()

    def finish(self, i: int, rendered: RenderedFile) -> None:
        self.results[i] = rendered
        if self.cache is not None and not rendered.cached and i in self.keys:
            with contextlib.suppress(OSError):
                self.cache.store(self.keys[i], rendered)
        self.report()

    def serve_cached(self) -> None:
        if self.cache is None:
            return
        for i, job in enumerate(self.jobs):
            self.check()
            self.keys[i] = self.cache.key(job, _renderer_version(job.kind))
            hit = self.cache.fetch(self.keys[i], job, output_base(self.out_dir, job))
            if hit is not None:
                self.finish(i, hit)

    def render_photos(self, workers: int) -> None:
        groups: dict[str, list[int]] = {}
        for i, job in enumerate(self.jobs):
            if job.kind == "photo" and i not in self.results:
                groups.setdefault(job.item.sha256, []).append(i)
        tasks = [
            (
                [_portable(self.jobs[i]) for i in idx],
                [output_base(self.out_dir, self.jobs[i]).with_suffix(".jpg") for i in idx],
                idx,
            )
            for idx in groups.values()
        ]
        if not tasks:
            return
        if workers <= 1 or len(tasks) == 1:  # one source: a pool would only add start-up time
            from studio.media.photo_render import render_photos

            for jobs, outs, idx in tasks:
                order = iter(idx)
                render_photos(
                    jobs,
                    outs,
                    cancelled=self.cancelled,
                    on_output=lambda rendered, order=order: self.finish(next(order), rendered),
                )
            return
        _run_pool(self, tasks, min(workers, len(tasks)))

    def render_videos(self) -> None:
        todo = [
            i for i, job in enumerate(self.jobs) if job.kind == "video" and i not in self.results
        ]
        if not todo:
            return
        render_video = _video_renderer()
        for i in todo:
            self.check()
            job = self.jobs[i]
            rendered = render_video(
                job,
                output_base(self.out_dir, job).with_suffix(".mp4"),
                progress=lambda f: self.report(f),
                cancelled=self.cancelled,
            )
            self.finish(i, rendered)

    def remove_written(self) -> None:
        """Delete outputs and leftovers of this run (cache entries stay: they are complete)."""
        for rendered in self.results.values():
            for path in (rendered.file, rendered.poster):
                if path is not None:
                    with contextlib.suppress(OSError):
                        path.unlink()
        for job in self.jobs:
            base = output_base(self.out_dir, job)
            for path in [
                *self.out_dir.glob(f".{base.name}.*"),
                *self.out_dir.glob(f"{base.name}.*"),
            ]:
                with contextlib.suppress(OSError):
                    # Temp files, and outputs a worker wrote after the cancel but never
                    # reported; files older than this run belong to an earlier render.
                    if path.name.startswith(".") or path.stat().st_mtime >= self.started:
                        path.unlink()


def _renderer_version(kind: str) -> str:
    """What the cache keys on for ``kind``: the renderer's version and its code."""
    if kind == "photo":
        from studio.media.photo_render import renderer_fingerprint

        return renderer_fingerprint()
    return _video_fingerprint()


@functools.cache
def _video_fingerprint() -> str:
    """The video renderer's RENDERER_VERSION (if any) and a digest of its studio.media
    modules' sources, so a change to the video code never serves a stale cached video."""
    import hashlib

    try:
        import studio.media.video_render as module
    except ImportError:
        return "video-unavailable"
    names = {module.__name__} | {
        getattr(v, "__module__", None) or "" for v in vars(module).values()
    }
    digest = hashlib.sha256(str(getattr(module, "RENDERER_VERSION", "")).encode())
    for name in sorted(n for n in names if n.startswith("studio.media.")):
        path = getattr(sys.modules.get(name), "__file__", None)
        with contextlib.suppress(OSError, TypeError):
            digest.update(name.encode() + Path(path).read_bytes())
    return f"video+{digest.hexdigest()[:12]}"


def _video_renderer():
    try:
        from studio.media.video_render import render_video
    except ImportError as exc:
        raise RenderError(f"this build cannot render videos yet ({exc})") from exc
    return render_video


def _portable(job: RenderJob) -> RenderJob:
    """The job with its kit's read-only mappings turned into dicts, so it pickles."""
    kit = job.kit
    if kit is None:
        return job
    from collections.abc import Mapping

    changes = {
        f.name: dict(getattr(kit, f.name))
        for f in dataclasses.fields(kit)
        if isinstance(getattr(kit, f.name), Mapping)
    }
    return dataclasses.replace(job, kit=dataclasses.replace(kit, **changes))


# Worker-process side of the pool: a cancel flag and a queue of finished outputs.
_worker_cancel = None
_worker_done = None


def _init_worker(cancel_event, done_queue) -> None:
    global _worker_cancel, _worker_done
    _worker_cancel, _worker_done = cancel_event, done_queue


def _work(jobs, outs, idx) -> list[tuple[int, RenderedFile]]:
    from studio.media.photo_render import render_photos

    results = []

    def done(rendered: RenderedFile) -> None:
        i = idx[len(results)]
        results.append((i, rendered))
        _worker_done.put((i, rendered))

    render_photos(jobs, outs, cancelled=_worker_cancel.is_set, on_output=done)
    return results


def _mp_context():
    """fork is fastest but unsafe once threads exist (the GUI); forkserver is safe."""
    import multiprocessing
    import sys
    import threading

    if sys.platform.startswith("linux"):
        if threading.active_count() == 1:
            return multiprocessing.get_context("fork")
        ctx = multiprocessing.get_context("forkserver")
        # Workers fork from a server that has the renderer imported (fast start), and the
        # server imports nothing else: never the app's __main__.
        ctx.set_forkserver_preload(["studio.media.photo_render", "studio.media.overlay"])
        return ctx
    return multiprocessing.get_context("spawn")  # a frozen app must call freeze_support()


def _run_pool(run: _Run, tasks, workers: int) -> None:
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    ctx = _mp_context()
    cancel, done = ctx.Event(), ctx.SimpleQueue()
    pool = ProcessPoolExecutor(
        workers, mp_context=ctx, initializer=_init_worker, initargs=(cancel, done)
    )
    try:
        pending = {pool.submit(_work, *task) for task in tasks}
        while pending:
            finished, pending = wait(pending, timeout=0.05, return_when=FIRST_COMPLETED)
            _drain(run, done)
            for future in finished:
                for i, rendered in future.result():  # re-raises a worker's error here
                    if i not in run.results:
                        run.finish(i, rendered)
            if run.cancelled():
                cancel.set()
                raise RenderCancelled()
    except BaseException:
        cancel.set()
        pool.shutdown(wait=True, cancel_futures=True)
        _drain(run, done)  # so remove_written() knows every file the workers wrote
        raise
    pool.shutdown(wait=True)


def _drain(run: _Run, done) -> None:
    while not done.empty():
        i, rendered = done.get()
        if i not in run.results:
            run.finish(i, rendered)


def load_for_render(ws: Workspace, post_id: int):
    """(post, media by id, kit) for a stored post; a broken kit is an error, not "no overlays"."""
    post = ws.posts.get(post_id)
    media = ws.library.get_many(m.media_id for m in post.media)
    if not post.brand_kit:
        return post, media, None
    kit, problem = ws.load_kit(post.brand_kit)
    if problem:
        raise RenderError(
            f"post #{post_id} uses brand kit “{post.brand_kit}”, which cannot be used: {problem}"
        )
    return post, media, kit


def render_post(
    ws: Workspace,
    post_id: int,
    out_dir: Path,
    platforms: Sequence[str] | None = None,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    preview: bool = False,
    options: dict[str, Any] | None = None,
) -> RenderManifest:
    """Render every target platform's media of a stored post and write ``manifest.json``."""
    from studio.media.render_cache import RenderCache, cache_root

    post, media, kit = load_for_render(ws, post_id)
    jobs = plan_jobs(post, media, kit, platforms, preview=preview, options=options)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    # The old manifest goes first: while files are being replaced it would describe a folder
    # that no longer exists, and a cancelled render must not leave it behind.
    previous = _previous_outputs(out_dir)
    with contextlib.suppress(FileNotFoundError):
        (out_dir / MANIFEST).unlink()
    files = render_jobs(
        jobs, out_dir, cache_dir=ws.cache_dir, progress=progress, cancelled=cancelled
    )
    keep = {f.file.name for f in files} | {f.poster.name for f in files if f.poster}
    for name in previous - keep:  # outputs of an earlier render that this one did not make
        with contextlib.suppress(OSError):
            (out_dir / name).unlink()
    manifest = RenderManifest(post.id, post.revision, out_dir, files, preview)
    _write_manifest(manifest)
    with contextlib.suppress(OSError):
        RenderCache(cache_root(ws.cache_dir)).prune()
    return manifest


def _previous_outputs(out_dir: Path) -> set[str]:
    """File names an earlier render of this folder listed in its manifest."""
    try:
        old = json.loads((out_dir / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return set()
    names = set()
    for entry in old.get("outputs", []) if isinstance(old, dict) else []:
        for key in ("file", "poster"):
            name = entry.get(key) if isinstance(entry, dict) else None
            if isinstance(name, str) and name and "/" not in name and os.sep not in name:
                names.add(name)
    return names


def _write_manifest(manifest: RenderManifest) -> None:
    tmp = manifest.path.with_name(f".{MANIFEST}.{os.getpid()}.part")
    tmp.write_text(json.dumps(manifest.to_json(), indent=2, ensure_ascii=False) + "\n", "utf-8")
    os.replace(tmp, manifest.path)


__all__ = [
    "MANIFEST",
    "RenderCancelled",
    "RenderError",
    "RenderManifest",
    "UnsupportedMediaError",
    "choose_aspect",
    "load_for_render",
    "output_base",
    "output_size",
    "plan_jobs",
    "render_jobs",
    "render_post",
]
