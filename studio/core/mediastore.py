"""Content-addressed store of original media: files named by their SHA-256, never modified.

Originals are the evidence of what a reviewer approved and what was published, so they are
written once (temp file, fsync, atomic rename) and made read-only. Identical bytes imported
twice are stored once.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
from pathlib import Path

CHUNK = 1 << 20


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class MediaStore:
    def __init__(self, root: Path):
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)

    def path_for(self, sha256: str, ext: str) -> Path:
        return self.root / sha256[:2] / f"{sha256}.{ext}"

    def add(self, source: Path, ext: str, sha256: str | None = None) -> tuple[str, Path]:
        """Copy ``source`` into the store; return (sha256, stored path). Idempotent."""
        source = Path(source)
        digest = hashlib.sha256()
        if sha256 is not None:
            target = self.path_for(sha256, ext)
            if target.exists():
                return sha256, target
        target_dir_tmp = self.root / "tmp"
        target_dir_tmp.mkdir(exist_ok=True)
        tmp = target_dir_tmp / f"import-{os.getpid()}-{id(source)}"
        try:
            with open(source, "rb") as src, open(tmp, "wb") as dst:
                while chunk := src.read(CHUNK):
                    digest.update(chunk)
                    dst.write(chunk)
                dst.flush()
                os.fsync(dst.fileno())
            sha = digest.hexdigest()
            if sha256 is not None and sha != sha256:
                raise OSError(f"{source} changed while it was being imported; import it again")
            target = self.path_for(sha, ext)
            if target.exists():
                tmp.unlink()
                return sha, target
            target.parent.mkdir(exist_ok=True)
            os.chmod(tmp, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
            os.replace(tmp, target)
            _fsync_dir(target.parent)
            return sha, target
        finally:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()


def _fsync_dir(path: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
