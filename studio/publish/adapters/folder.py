"""Folder export: the approved post as files, for someone to post by hand from another machine.

Why an adapter and not a separate export command: it then passes the same gate, the same
outbox and the same audit as every platform, so an export is exactly the approved content and
is recorded like a post. One account exports for one post platform (option ``platform``),
into the folder given as the account's server (or option ``path``).

Each delivery becomes ``<folder>/<platform>-<key prefix>/`` (or the same name ``.zip`` with
option ``zip=true``) holding ``text.txt``, the media files under their rendered names,
``alt.txt`` and ``post.json``. It is written under a temporary name and renamed into place,
so a crash never leaves half an export under the final name; and since the name comes from
the delivery's idempotency key, a retry finds the earlier export instead of writing a second.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import Any, ClassVar

from studio.core.platforms import PLATFORM_IDS, Platform, get_platform
from studio.publish.adapters.base import BaseAdapter
from studio.publish.http import utc_now
from studio.publish.protocol import (
    AccountInfo,
    Capabilities,
    MediaFile,
    Published,
    PublishRequest,
    RejectedError,
    SecretSpec,
    TransientError,
    UploadedMedia,
)

FORMAT = "heritage-studio.export.v1"
_TRUE = ("1", "true", "yes", "on")


class FolderAdapter(BaseAdapter):
    NAME: ClassVar[str] = "folder"
    DISPLAY_NAME: ClassVar[str] = "Folder export"
    CAPABILITIES: ClassVar[Capabilities] = Capabilities(
        alt_text=True, video=True, threads=False, language_tags=True, idempotency="key"
    )
    SECRET: ClassVar[SecretSpec] = SecretSpec(
        "none", help="a folder export needs no secret", required=False
    )
    RULES: ClassVar[str | None] = None  # per account: option "platform"
    DEFAULT_SERVER: ClassVar[str | None] = None

    # -- the account's settings -----------------------------------------------------------
    @property
    def folder(self) -> Path:
        where = self.account.options.get("path") or self.account.server
        if not where:
            raise RejectedError(
                f"account {self.account.name!r}: give the export folder as --server DIR or "
                "--option path=DIR"
            )
        if where.startswith("file://"):
            where = where[len("file://") :]
        return Path(where).expanduser()

    @property
    def platform(self) -> str:
        pid = self.account.options.get("platform", "")
        if pid not in PLATFORM_IDS:
            raise RejectedError(
                f"account {self.account.name!r}: option platform={pid or '(missing)'} must be "
                f"one of {', '.join(PLATFORM_IDS)} (the post platform this folder is for)"
            )
        return pid

    @property
    def rules(self) -> Platform | None:
        return get_platform(self.platform)

    @property
    def zipped(self) -> bool:
        return self.account.options.get("zip", "").lower() in _TRUE

    def export_name(self, request: PublishRequest) -> str:
        return f"{self.platform}-{request.key[:16]}" + (".zip" if self.zipped else "")

    # -- protocol -------------------------------------------------------------------------
    def verify(self) -> AccountInfo:
        folder = self.folder
        self.platform  # noqa: B018 - validates the option with a clear message
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise RejectedError(f"cannot create the export folder {folder}: {exc}") from None
        if not os.access(folder, os.W_OK):
            raise RejectedError(f"the export folder {folder} is not writable")
        return AccountInfo(
            handle=str(folder),
            display_name=f"{get_platform(self.platform).name} export",
            url=folder.resolve().as_uri(),
        )

    def prepare(self, request: PublishRequest) -> list[str]:
        try:
            self.folder  # noqa: B018
            self.platform  # noqa: B018
        except RejectedError as exc:
            return [exc.message]
        return super().prepare(request)

    def upload(self, media: MediaFile, request: PublishRequest) -> UploadedMedia:
        # Nothing leaves the machine: the bytes are read (and verified) when the export is
        # written, so an upload only fixes the file's name inside the export.
        return UploadedMedia(ref={"name": media.path.name, "sha256": media.sha256}, media=media)

    def reconcile(self, request: PublishRequest) -> Published | None:
        target = self.folder / self.export_name(request)
        return self._published(target) if target.exists() else None

    def publish(self, request: PublishRequest, uploads: list[UploadedMedia]) -> Published:
        folder = self.folder
        target = folder / self.export_name(request)
        if target.exists():  # an earlier attempt of this delivery finished: that is the post
            return self._published(target)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(prefix=".export-", dir=folder))
        except OSError as exc:
            raise TransientError(f"cannot write into {folder}: {exc}") from None
        try:
            self._write(staging, request, uploads)
            self.ctx.check_cancelled()
            if self.zipped:
                tmp_zip = staging.with_suffix(".zip.tmp")
                _zip_dir(staging, tmp_zip)
                os.replace(tmp_zip, target)
            else:
                os.rename(staging, target)
            _fsync_dir(folder)
        except OSError as exc:
            raise TransientError(f"writing the export {target} failed: {exc}") from None
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return self._published(target)

    # -- internals ------------------------------------------------------------------------
    def _published(self, target: Path) -> Published:
        return Published(remote_id=target.name, url=target.resolve().as_uri())

    def _write(self, staging: Path, request: PublishRequest, uploads: list[UploadedMedia]):
        (staging / "text.txt").write_text(request.text + "\n", encoding="utf-8")
        if request.title:
            (staging / "title.txt").write_text(request.title + "\n", encoding="utf-8")
        names: list[str] = []
        alt_lines: list[str] = []
        media_doc: list[dict[str, Any]] = []
        total = max(1, len(uploads))
        for i, up in enumerate(uploads):
            self.ctx.check_cancelled()
            m = up.media
            name = _unique(m.path.name, names)
            names.append(name)
            _write_synced(staging / name, m.data())  # verified: refuses swapped bytes
            self.ctx.progress((i + 1) / total, f"exported {name}")
            alt_lines.append(f"{name}: {m.alt}" if m.alt else f"{name}: (no alt text)")
            alt_lines += [f"  [{lang}] {text}" for lang, text in sorted(m.alt_by_lang.items())]
            media_doc.append(
                {
                    "file": name,
                    "kind": m.kind,
                    "mime": m.mime,
                    "width": m.width,
                    "height": m.height,
                    "duration": m.duration,
                    "sha256": m.sha256,
                    "alt": m.alt,
                    "alt_by_lang": dict(m.alt_by_lang),
                }
            )
        if alt_lines:
            (staging / "alt.txt").write_text("\n".join(alt_lines) + "\n", encoding="utf-8")
        doc = {
            "format": FORMAT,
            "key": request.key,
            "account": request.account.name,
            "platform": self.platform,
            "langs": list(request.langs),
            "title": request.title,
            "text": request.text,
            "media": media_doc,
            "exported_at": utc_now().isoformat(timespec="seconds"),
        }
        _write_synced(
            staging / "post.json",
            json.dumps(doc, ensure_ascii=False, indent=2).encode("utf-8") + b"\n",
        )


def _unique(name: str, taken: list[str]) -> str:
    if name not in taken and name not in ("text.txt", "title.txt", "alt.txt", "post.json"):
        return name
    stem, dot, ext = name.partition(".")
    n = 2
    while f"{stem}-{n}{dot}{ext}" in taken:
        n += 1
    return f"{stem}-{n}{dot}{ext}"


def _write_synced(path: Path, data: bytes) -> None:
    with open(path, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())


def _zip_dir(folder: Path, target: Path) -> None:
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(folder.iterdir()):
            zf.write(path, path.name)
    with open(target, "rb") as f:
        os.fsync(f.fileno())


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
