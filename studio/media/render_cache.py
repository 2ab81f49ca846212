"""A content-addressed cache of rendered files, so an unchanged re-render costs a link.

The key is a sha256 over everything that decides an output's bytes: the source's sha256
(originals are content-addressed and never change), the job fields that affect pixels or
metadata (aspect, size, focal point, trim, overlays, lower-third text, preview, options, the
item's credit and licence), the platform's rule, the renderer version, and the brand kit:
its :meth:`content_hash` when overlays are drawn (logo, fonts, colours), otherwise only the
two kit fields that still matter (credit format, background colour used to flatten
transparency). Change any of them and the key changes; nothing ever needs invalidating.

A hit is materialised with a hard link (instant, no extra space) or a copy across file
systems. Renderers always write a new file and rename it over the old one, so a later render
never modifies a linked inode in place; a hit is still checked against its recorded sha256,
so an output edited in place cannot poison the cache. Entries are touched on use and the
least recently used are pruned beyond :data:`DEFAULT_MAX_BYTES`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from studio.core.mediastore import sha256_file
from studio.media.jobs import RenderedFile

if TYPE_CHECKING:
    from studio.media.jobs import RenderJob

DEFAULT_MAX_BYTES = 2 * 1024**3


def cache_root(cache_dir: Path) -> Path:
    return Path(cache_dir) / "renders"


class RenderCache:
    def __init__(self, root: Path):
        self.root = Path(root)
        self._kit_hashes: dict[Path, str] = {}  # one read of the kit's files per cache object

    def _kit_part(self, job: RenderJob):
        kit = job.kit
        if kit is None:
            return None
        if job.overlays:
            if kit.path not in self._kit_hashes:
                self._kit_hashes[kit.path] = kit.content_hash()
            return {"content": self._kit_hashes[kit.path]}
        return {"credit_format": kit.credit_format, "background": kit.colours.get("background")}

    def key(self, job: RenderJob, renderer_version: str) -> str:
        """The cache key of ``job`` rendered by ``renderer_version``."""
        item = job.item
        overlays = job.overlays and job.kit is not None
        fields = {
            "renderer": renderer_version,
            "source": item.sha256,
            "kind": job.kind,
            "platform": job.platform if overlays else None,  # watermark placement differs
            "aspect": [job.aspect.name, job.aspect.width, job.aspect.height],
            "size": list(job.size),
            "focal": [round(v, 6) for v in job.focal],
            "trim": list(job.trim) if job.trim else None,
            "overlays": overlays,
            "lower_third": job.lower_third if overlays else None,
            "preview": job.preview,
            "options": job.options,
            "credit": [item.credit, item.license, item.title, item.captured_at],
            "rule": dataclasses.asdict(job.rule),
            "kit": self._kit_part(job),
        }
        blob = json.dumps(fields, sort_keys=True, default=str, ensure_ascii=False)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    def _entry(self, key: str) -> Path:
        return self.root / key[:2] / key

    def fetch(self, key: str, job: RenderJob, out_base: Path) -> RenderedFile | None:
        """Materialise a cached output at ``out_base`` + its suffix, or None on a miss."""
        entry = self._entry(key)
        try:
            meta = json.loads(entry.with_suffix(".json").read_text("utf-8"))
            cached = entry.with_suffix(meta["suffix"])
            if cached.stat().st_size != meta["bytes"] or sha256_file(cached) != meta["sha256"]:
                self.evict(key)
                return None
        except (OSError, ValueError, KeyError):
            return None
        target = Path(out_base).with_suffix(meta["suffix"])
        _link_or_copy(cached, target)
        poster = None
        if meta.get("poster_suffix"):
            poster = target.with_name(target.stem + ".poster" + meta["poster_suffix"])
            with contextlib.suppress(OSError):
                _link_or_copy(entry.with_suffix(".poster" + meta["poster_suffix"]), poster)
        with contextlib.suppress(OSError):
            os.utime(entry.with_suffix(".json"))
        return RenderedFile(
            platform=job.platform,
            index=job.index,
            kind=job.kind,
            file=target,
            width=meta["width"],
            height=meta["height"],
            bytes=meta["bytes"],
            sha256=meta["sha256"],
            source_sha256=job.item.sha256,
            duration=meta.get("duration"),
            poster=poster,
            cached=True,
        )

    def store(self, key: str, rendered: RenderedFile) -> None:
        """Keep a rendered file (linked, not copied, when on the same file system)."""
        entry = self._entry(key)
        entry.parent.mkdir(parents=True, exist_ok=True)
        meta = {
            "suffix": rendered.file.suffix,
            "width": rendered.width,
            "height": rendered.height,
            "bytes": rendered.bytes,
            "sha256": rendered.sha256,
            "duration": rendered.duration,
            "poster_suffix": rendered.poster.suffix if rendered.poster else None,
        }
        _link_or_copy(rendered.file, entry.with_suffix(rendered.file.suffix))
        if rendered.poster is not None:
            _link_or_copy(rendered.poster, entry.with_suffix(".poster" + rendered.poster.suffix))
        _write_text(entry.with_suffix(".json"), json.dumps(meta))  # last: marks it complete

    def evict(self, key: str) -> None:
        entry = self._entry(key)
        for path in entry.parent.glob(entry.name + ".*"):
            with contextlib.suppress(OSError):
                path.unlink()

    def prune(self, max_bytes: int = DEFAULT_MAX_BYTES) -> int:
        """Remove least recently used entries until the cache fits; returns bytes freed."""
        entries = []
        for meta in self.root.glob("??/*.json"):
            with contextlib.suppress(OSError):
                files = [p for p in meta.parent.glob(meta.stem + ".*")]
                entries.append(
                    (meta.stat().st_mtime, meta.stem, sum(p.stat().st_size for p in files))
                )
        total = sum(size for _, _, size in entries)
        freed = 0
        for _mtime, key, size in sorted(entries):
            if total - freed <= max_bytes:
                break
            self.evict(key)
            freed += size
        return freed


def _link_or_copy(src: Path, dst: Path) -> None:
    """Hard link ``src`` at ``dst`` (replacing it atomically), copying across file systems."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError):
        if os.path.samefile(src, dst):  # already that file (re-render into the same folder)
            return
    tmp = dst.with_name(f".{dst.name}.{os.getpid()}.link")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    try:
        os.link(src, tmp)
    except OSError:
        shutil.copyfile(src, tmp)
    try:
        os.replace(tmp, dst)
    finally:  # rename() between two links of one inode succeeds and leaves both in place
        with contextlib.suppress(OSError):
            tmp.unlink()


def _write_text(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
