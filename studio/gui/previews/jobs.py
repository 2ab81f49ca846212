"""What a preview card renders: the publishing plan's first media for its platform, small.

Planning runs on the UI thread (it is pure and takes microseconds), so a card can tell whether
an edit changed its picture at all: captions never do, a title or kit may (lower third,
watermark). Rendering runs on a worker through the same ``render_jobs`` as publishing, with
the workspace's render cache, so what the card shows is what the platform will receive.
"""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path

from PySide6.QtGui import QImage

from studio.core.platform_data import TALL_9_16
from studio.gui.previews.fold import Mockup
from studio.media.jobs import RenderJob
from studio.media.render import RenderError, output_size, plan_jobs, render_jobs


def plan_preview(post, media: dict, kit, mockup: Mockup) -> RenderJob | None:
    """The job for the mockup's first media; None for a post without media.

    Raises :class:`RenderError` (with the renderer's own message) when the platform cannot
    take the media, which the card shows instead of a picture.
    """
    if not post.media:
        return None
    first = dataclasses.replace(post, media=post.media[:1])
    jobs = plan_jobs(first, media, kit, [mockup.platform], preview=True)
    job = jobs[0]
    if mockup.layout == "story" and mockup.platform == "instagram":
        # A story is the feed render cropped to the full screen: same source, focal and kit.
        size = output_size(TALL_9_16, job.item, job.rule, kind=job.kind, preview=True)
        job = dataclasses.replace(job, aspect=TALL_9_16, size=size)
    return job


def render_preview(job: RenderJob, cache_dir: Path, cancelled) -> QImage:
    """Render one job into a temporary folder and load it (a video shows its poster frame)."""
    with tempfile.TemporaryDirectory(prefix="studio-preview-") as tmp:
        (rendered,) = render_jobs([job], Path(tmp), cache_dir=cache_dir, cancelled=cancelled)
        path = rendered.poster if rendered.kind == "video" else rendered.file
        image = QImage(str(path)) if path is not None else QImage()
    if image.isNull():
        raise RenderError(f"{job.platform}: the preview of media 1 could not be read back")
    return image
