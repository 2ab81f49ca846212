"""Run planned render jobs: cache hits first, then photos on a process pool, then videos.

Photos are grouped by source (each decoded once, see :mod:`studio.media.photo_render`) and
rendered on a pool with one worker per core (:mod:`studio.media.render_pool`); videos one at
a time through :mod:`studio.media.video_render` (ffmpeg already uses every core). A cancel
stops the workers between outputs and removes every file this run wrote; completed outputs
stay in the cache, so the next attempt resumes quickly.
"""

from __future__ import annotations

import contextlib
import functools
import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from studio.media.jobs import RenderCancelled, RenderedFile, RenderJob
from studio.media.render_plan import RenderError

if TYPE_CHECKING:
    from studio.media.jobs import Cancelled, Progress


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
            self.keys[i] = self.cache.key(job, renderer_version(job.kind))
            hit = self.cache.fetch(self.keys[i], job, output_base(self.out_dir, job))
            if hit is not None:
                self.finish(i, hit)

    def render_photos(self, workers: int) -> None:
        from studio.media.render_pool import portable, run_pool, spread_tasks

        groups: dict[str, list[int]] = {}
        for i, job in enumerate(self.jobs):
            if job.kind == "photo" and i not in self.results:
                groups.setdefault(job.item.sha256, []).append(i)
        tasks = [
            (
                [portable(self.jobs[i]) for i in idx],
                [output_base(self.out_dir, self.jobs[i]).with_suffix(".jpg") for i in idx],
                idx,
            )
            for idx in groups.values()
        ]
        if workers > 1:
            tasks = spread_tasks(tasks, workers)
        if not tasks:
            return
        if workers <= 1 or len(tasks) == 1:  # one task: a pool would only add start-up time
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
        # Largest first, so no worker is left with a big photo while the other idles.
        tasks.sort(key=lambda t: -sum(j.size[0] * j.size[1] for j in t[0]))
        run_pool(self, tasks, min(workers, len(tasks)))

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


def renderer_version(kind: str) -> str:
    """What the cache keys on for ``kind``: the renderer's version and its code."""
    if kind == "photo":
        from studio.media.photo_render import renderer_fingerprint

        return renderer_fingerprint()
    return video_fingerprint()


@functools.cache
def video_fingerprint() -> str:
    """The video renderer's RENDERER_VERSION and a digest of the sources of the modules
    that decide a video's bytes, so a change to the video code never serves a stale video."""
    import hashlib

    try:
        import studio.media.video_render as module
    except ImportError:
        return "video-unavailable"
    digest = hashlib.sha256(str(module.RENDERER_VERSION).encode())
    for name in module.RENDERER_MODULES:
        with contextlib.suppress(OSError):  # a frozen app may ship no sources: version only
            digest.update(
                name.encode() + Path(module.__file__).with_name(f"{name}.py").read_bytes()
            )
    return f"video+{digest.hexdigest()[:12]}"


def _video_renderer():
    try:
        from studio.media.video_render import render_video
    except ImportError as exc:
        raise RenderError(f"this build cannot render videos yet ({exc})") from exc
    return render_video
