"""Checking a review pack on a computer that has nothing but the pack.

A pack is a zip: ``manifest.json`` plus the files it lists (the brief, the rendered media).
What makes it trustworthy offline:

- every file's sha256 and size are in the manifest, and the zip may hold nothing else;
- the content hash is recomputed from the canonical content document in the manifest, and every
  rendered file must be the one that document names (same target, index and sha256), so the
  hash the reviewer signs vouches for exactly the files they looked at;
- names are checked before anything is read: no absolute paths, ``..``, backslashes, drive
  letters, links, duplicates or encrypted entries, so a hostile pack cannot write outside the
  folder it is extracted to, and sizes are capped so it cannot fill the disk.

What a pack cannot prove on its own is who made it: a forged pack gets a forged content hash
signed, and that decision is refused at home because the hash is not the post's
(``decision_import``). The approvers' public keys in the manifest let the reviewer check that
their own key is the one the workspace registered.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from studio.core.approval import CONTENT_FORMAT, canonical_json, sha256_hex
from studio.core.errors import StudioError
from studio.core.users import key_fingerprint

PACK_FORMAT = "heritage-studio.review-pack.v1"
MANIFEST = "manifest.json"
MAX_MANIFEST_BYTES = 8 * 1024 * 1024
MAX_FILE_BYTES = 2 * 1024 * 1024 * 1024  # one rendered video stays far below this
FILE_ROLES = ("brief", "brief_pdf", "media", "poster")

Progress = Callable[[float, str], None]


class PackError(StudioError):
    """The review pack is damaged, altered or not a review pack; nothing in it is trusted."""


@dataclass(frozen=True)
class PackFile:
    path: str
    sha256: str
    bytes: int
    role: str
    platform: str | None = None
    account: str | None = None
    index: int | None = None


@dataclass(frozen=True)
class VerifiedPack:
    """A pack whose every byte checked out against its manifest and content hash."""

    path: Path
    manifest: dict[str, Any]
    files: tuple[PackFile, ...]

    @property
    def workspace_id(self) -> str:
        return self.manifest["workspace_id"]

    @property
    def post_id(self) -> int:
        return self.manifest["post_id"]

    @property
    def round(self) -> int:
        return self.manifest["round"]

    @property
    def content_hash(self) -> str:
        return self.manifest["content_hash"]

    @property
    def content(self) -> dict[str, Any]:
        return self.manifest["content"]

    def approver(self, name: str) -> dict[str, Any] | None:
        return next((a for a in self.manifest["approvers"] if a["name"] == name), None)

    def extract(self, folder: Path) -> list[Path]:
        """Write the checked files under ``folder`` (names were vetted by ``open_pack``)."""
        folder = Path(folder)
        written = []
        with zipfile.ZipFile(self.path) as zf:
            for f in self.files:
                target = folder.joinpath(*PurePosixPath(f.path).parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                data = zf.read(f.path)
                if sha256_hex(data) != f.sha256:  # the file was swapped since it was checked
                    raise PackError(f"{self.path}: {f.path} changed while it was being extracted")
                target.write_bytes(data)
                written.append(target)
        return written


def _fail(path: Path, why: str) -> PackError:
    return PackError(f"{path}: {why}; the pack cannot be trusted: ask for a new one")


def _check_name(path: Path, info: zipfile.ZipInfo) -> None:
    name = info.filename
    parts = PurePosixPath(name).parts
    mode = info.external_attr >> 16
    if (
        not name
        or name.startswith("/")
        or "\\" in name
        or "\x00" in name
        or (len(name) > 1 and name[1] == ":")
        or any(p in ("..", ".") for p in parts)
        or len(name) > 255
    ):
        raise _fail(path, f"entry {name!r} has an unsafe name (absolute, '..' or a drive)")
    if stat.S_ISLNK(mode):
        raise _fail(path, f"entry {name!r} is a link")
    if info.flag_bits & 0x1:
        raise _fail(path, f"entry {name!r} is encrypted")


def _entries(path: Path, zf: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    seen: dict[str, zipfile.ZipInfo] = {}
    for info in zf.infolist():
        _check_name(path, info)
        if info.is_dir():
            continue
        if info.filename in seen:
            raise _fail(path, f"entry {info.filename!r} appears twice")
        seen[info.filename] = info
    return seen


def _read_capped(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int, digest=None) -> bytes:
    """Read at most ``limit`` bytes whatever the header claims (zip bombs lie about sizes)."""
    chunks, total = [], 0
    with zf.open(info) as fh:
        while chunk := fh.read(1 << 20):
            total += len(chunk)
            if total > limit:
                raise ValueError(f"{info.filename} is larger than its {limit} bytes")
            if digest is None:
                chunks.append(chunk)
            else:
                digest.update(chunk)
    return b"".join(chunks)


def _require(manifest: dict, key: str, kind: type | tuple, path: Path):
    value = manifest.get(key)
    if not isinstance(value, kind) or isinstance(value, bool):
        raise _fail(
            path, f"manifest field {key!r} is missing or not a {getattr(kind, '__name__', kind)}"
        )
    return value


def _files(path: Path, manifest: dict) -> tuple[PackFile, ...]:
    raw = _require(manifest, "files", list, path)
    files = []
    for i, entry in enumerate(raw):
        try:
            f = PackFile(
                path=str(entry["path"]),
                sha256=str(entry["sha256"]),
                bytes=int(entry["bytes"]),
                role=str(entry["role"]),
                platform=entry.get("platform"),
                account=entry.get("account"),
                index=entry.get("index"),
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            raise _fail(path, f"manifest files[{i}] is malformed") from None
        if f.role not in FILE_ROLES or len(f.sha256) != 64 or not 0 <= f.bytes <= MAX_FILE_BYTES:
            raise _fail(path, f"manifest files[{i}] ({f.path}) is malformed")
        files.append(f)
    if len({f.path for f in files}) != len(files) or MANIFEST in {f.path for f in files}:
        raise _fail(path, "the manifest lists a file twice")
    return tuple(files)


def _check_media(path: Path, manifest: dict, files: tuple[PackFile, ...]) -> None:
    """Every file the content document names is in the pack, with that very sha256."""
    wanted: dict[tuple, str] = {}
    for target in manifest["content"].get("targets", []):
        for m in target.get("media", []):
            key = (target.get("platform"), target.get("account"), m.get("index"))
            wanted[(*key, "media")] = m.get("sha256")
            if m.get("poster_sha256"):
                wanted[(*key, "poster")] = m["poster_sha256"]
    have = {
        (f.platform, f.account, f.index, f.role): f for f in files if f.role in ("media", "poster")
    }
    for key, sha in wanted.items():
        f = have.get(key)
        if f is None:
            raise _fail(path, f"the {key[3]} {key[2]} of {key[0]} named by the content is missing")
        if f.sha256 != sha:
            raise _fail(path, f"{f.path} is not the file the content hash vouches for")
    extra = set(have) - set(wanted)
    if extra:
        raise _fail(path, f"{have[sorted(extra, key=str)[0]].path} is not part of the content")


def _check_manifest(path: Path, manifest: Any) -> dict[str, Any]:
    if not isinstance(manifest, dict) or manifest.get("format") != PACK_FORMAT:
        raise _fail(path, f"{MANIFEST} is not a {PACK_FORMAT} manifest")
    _require(manifest, "workspace_id", str, path)
    _require(manifest, "post_id", int, path)
    _require(manifest, "round", int, path)
    _require(manifest, "content_hash", str, path)
    _require(manifest, "title", str, path)
    content = _require(manifest, "content", dict, path)
    targets = content.get("targets")
    shaped = isinstance(targets, list) and all(
        isinstance(t, dict)
        and isinstance(t.get("media"), list)
        and all(isinstance(m, dict) for m in t["media"])
        for t in targets
    )
    if content.get("format") != CONTENT_FORMAT or not shaped:
        raise _fail(path, f"the manifest's content is not a {CONTENT_FORMAT} document")
    authors = manifest.get("authors", [])
    if not isinstance(authors, list) or not all(isinstance(a, str) for a in authors):
        raise _fail(path, "manifest field 'authors' is not a list of names")
    try:
        recomputed = sha256_hex(canonical_json(content))
    except (TypeError, ValueError):
        raise _fail(path, "the manifest's content document is not canonical JSON") from None
    if recomputed != manifest["content_hash"]:
        raise _fail(
            path,
            f"its content hash {manifest['content_hash'][:12]}… does not match its content "
            f"document ({recomputed[:12]}…): the content was altered",
        )
    approvers = _require(manifest, "approvers", list, path)
    for a in approvers:
        try:
            ok = key_fingerprint(a["public_key"]) == a["fingerprint"] and isinstance(a["name"], str)
        except (KeyError, TypeError, ValueError, AttributeError):
            ok = False
        if not ok:
            raise _fail(path, "an approver's public key does not match its fingerprint")
    return manifest


def open_pack(path: Path | str, *, progress: Progress | None = None) -> VerifiedPack:
    """Check everything in the pack; return it, or raise :class:`PackError` naming the fault."""
    path = Path(path)
    say = progress or (lambda _f, _m: None)
    try:
        zf = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise PackError(f"{path}: no such file") from None
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _fail(path, f"it is not a readable zip file ({exc})") from None
    with zf:
        try:
            entries = _entries(path, zf)
            if MANIFEST not in entries:
                raise _fail(path, f"it has no {MANIFEST}")
            try:
                raw = _read_capped(zf, entries[MANIFEST], MAX_MANIFEST_BYTES)
                manifest = _check_manifest(path, json.loads(raw.decode("utf-8")))
            except (ValueError, UnicodeDecodeError) as exc:
                raise _fail(path, f"{MANIFEST} is not valid JSON ({exc})") from None
            files = _files(path, manifest)
            listed = {f.path for f in files}
            unlisted = sorted(set(entries) - listed - {MANIFEST})
            if unlisted:
                raise _fail(path, f"entry {unlisted[0]!r} is not listed in the manifest")
            for f in files:
                if f.path not in entries:
                    raise _fail(path, f"{f.path} is listed in the manifest but missing")
            _check_media(path, manifest, files)
            total = sum(f.bytes for f in files) or 1
            done = 0
            for f in files:
                say(done / total, f"checking {f.path}")
                digest = hashlib.sha256()
                try:
                    _read_capped(zf, entries[f.path], f.bytes, digest)
                except ValueError:
                    raise _fail(path, f"{f.path} is larger than the manifest says") from None
                if digest.hexdigest() != f.sha256 or entries[f.path].file_size != f.bytes:
                    raise _fail(path, f"{f.path} does not match its sha256 in the manifest")
                done += f.bytes
        except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError) as exc:
            raise _fail(path, f"it is damaged ({exc})") from None
    say(1.0, "pack verified")
    return VerifiedPack(path, manifest, files)


def safe_member_name(*parts: str) -> str:
    """A zip entry name from plain parts: the pack writer uses the rules the reader checks."""
    cleaned = []
    for part in parts:
        part = "".join(c if c.isalnum() or c in "-_.@" else "-" for c in part).strip(".")
        cleaned.append(part or "_")
    name = "/".join(cleaned)
    assert ".." not in PurePosixPath(name).parts and not os.path.isabs(name)
    return name
