"""Render a post for its platforms: plan one job per (platform, media), run them, write a manifest.

The work is split by stage, each in its own module, all re-exported here (the GUI, the CLI,
approval and the publisher import from ``studio.media.render``):

- :mod:`studio.media.render_plan` -- :func:`plan_jobs`, pure planning and its refusals;
- :mod:`studio.media.render_run` -- :func:`render_jobs`: cache, photos, videos, cancel;
- :mod:`studio.media.render_pool` -- the photo worker processes;
- this module -- :func:`render_post` for a stored post, and its ``manifest.json``.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studio.media.jobs import RenderCancelled, RenderedFile
from studio.media.render_plan import (
    MIN_PHOTO_WIDTH,
    PREVIEW_LONG_SIDE,
    RenderError,
    UnsupportedMediaError,
    choose_aspect,
    output_size,
    plan_jobs,
)
from studio.media.render_run import output_base, render_jobs

if TYPE_CHECKING:
    from studio.core.workspace import Workspace
    from studio.media.jobs import Cancelled, Progress

MANIFEST = "manifest.json"


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
    "MIN_PHOTO_WIDTH",
    "PREVIEW_LONG_SIDE",
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
