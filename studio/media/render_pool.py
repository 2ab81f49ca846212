"""Photo renders on a process pool: which tasks, which start method, cancel and progress.

One task per photo source (decoded once for all of its platforms), except when the sources
do not share out evenly -- fewer than workers (one photo), or a few that leave a worker idle
at the end (three photos on two workers): then a source's outputs are split between two
tasks (:func:`spread_tasks`), each decoding the photo for its own share, since an idle core
costs more than a second decode. Finished outputs come back through a queue as soon as each is
written, so progress moves and a cancel knows every file the workers wrote.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from studio.media.jobs import RenderCancelled, RenderedFile

if TYPE_CHECKING:
    from pathlib import Path

    from studio.media.jobs import RenderJob

#: Share one photo's outputs between workers only when they add up to this many output
#: pixels: below it (GUI previews), a worker's start-up and second decode cost more than
#: they save. About two full-size outputs (bench/photos.py measures the trade).
SPLIT_MIN_PIXELS = 3_000_000

#: (jobs, output paths, indices into the run's job list): what one worker renders.
Task = tuple[list["RenderJob"], list["Path"], list[int]]


def spread_tasks(tasks: list[Task], workers: int) -> list[Task]:
    """Split the largest tasks in two until the workers get even shares, where that pays.

    Even shares: at least one task per worker, and while there are fewer than two per
    worker, a multiple of the workers (3 photos on 2 workers would leave one worker idle for
    a whole photo; split one and each gets a photo and a half). A split task decodes the
    photo again in the other worker (each half at the scale its own outputs need), so only
    tasks whose outputs add up to :data:`SPLIT_MIN_PIXELS` are split; the halves get outputs
    dealt largest first, so they take about the same time.
    """

    def pixels(task: Task) -> int:
        return sum(job.size[0] * job.size[1] for job in task[0])

    def uneven(n: int) -> bool:
        return n < workers or (n % workers != 0 and n < 2 * workers)

    tasks = list(tasks)
    while workers > 1 and uneven(len(tasks)):
        big = max(tasks, key=pixels, default=None)
        if big is None or len(big[0]) < 2 or pixels(big) < SPLIT_MIN_PIXELS:
            break
        tasks.remove(big)
        order = sorted(range(len(big[0])), key=lambda k: -big[0][k].size[0] * big[0][k].size[1])
        halves: list[list[int]] = [[], []]
        load = [0, 0]
        for k in order:
            side = 0 if load[0] <= load[1] else 1
            halves[side].append(k)
            load[side] += big[0][k].size[0] * big[0][k].size[1]
        for half in halves:
            half.sort()  # keep the platform order inside each half
            tasks.append(
                ([big[0][k] for k in half], [big[1][k] for k in half], [big[2][k] for k in half])
            )
    return tasks


def portable(job: RenderJob) -> RenderJob:
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


def mp_context():
    """fork is fastest but unsafe once threads exist (the GUI); forkserver is safe."""
    import multiprocessing
    import sys
    import threading

    if sys.platform.startswith("linux"):
        if threading.active_count() == 1:
            return multiprocessing.get_context("fork")
        ctx = multiprocessing.get_context("forkserver")
        # Workers fork from a server that has the renderer and Pillow's HEIF plugin imported
        # (fast start), and the server imports nothing else: never the app's __main__.
        ctx.set_forkserver_preload(
            ["studio.media.photo_render", "studio.media.overlay", "pillow_heif"]
        )
        return ctx
    return multiprocessing.get_context("spawn")  # a frozen app must call freeze_support()


def _prepare_parent() -> None:
    """Configure Pillow and import the renderer once here, so forked workers inherit them
    instead of each doing it again (~20-40 ms per worker, on every render)."""
    import importlib

    from studio.media import configure_pillow

    configure_pillow()
    for name in ("studio.media.photo_render", "studio.media.overlay"):  # overlay: lazily
        importlib.import_module(name)


def run_pool(run, tasks: list[Task], workers: int) -> None:
    """Render ``tasks`` on ``workers`` processes, reporting each output to ``run.finish``."""
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    ctx = mp_context()
    if ctx.get_start_method() == "fork":
        _prepare_parent()
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


def _drain(run, done) -> None:
    while not done.empty():
        i, rendered = done.get()
        if i not in run.results:
            run.finish(i, rendered)
