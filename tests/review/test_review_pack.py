"""Review packs: what goes in, and every way a pack can be damaged or made hostile."""

from __future__ import annotations

import hashlib
import json
import stat
import zipfile
from pathlib import Path

import pytest

from studio.core import approval
from studio.core.users import acting_as
from studio.review.pack import export_review_pack
from studio.review.pack_verify import PACK_FORMAT, PackError, open_pack

PACK_POST, DRAFT_POST = 3, 2  # tests/review/conftest.py: post 3 is in review, post 2 a draft


def rewrite(src: Path, dst: Path, *, change=None, add=(), drop=(), manifest=None) -> Path:
    """Copy a pack entry by entry, changing what the test asks for."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            if info.filename in drop:
                continue
            data = zin.read(info)
            if info.filename == "manifest.json" and manifest is not None:
                doc = json.loads(data)
                manifest(doc)
                data = json.dumps(doc, ensure_ascii=False).encode()
            if change and info.filename in change:
                data = change[info.filename](data)
            zout.writestr(info, data)
        for entry in add:
            zout.writestr(*entry)
    return dst


def test_pack_holds_the_brief_the_submitted_media_and_a_checkable_manifest(reviewed, tmp_path):
    out = tmp_path / "pack.zip"
    with acting_as("amina"):
        result = export_review_pack(reviewed, PACK_POST, out, pdf=False)
    snap = approval.snapshot(reviewed, PACK_POST)
    review = approval.review_of(reviewed, PACK_POST)
    assert result.content_hash == snap.content_hash == review.content_hash
    pack = open_pack(out)
    m = pack.manifest
    assert m["format"] == PACK_FORMAT
    assert (m["workspace_id"], m["post_id"], m["round"]) == (reviewed.workspace_id, PACK_POST, 1)
    assert m["content"] == snap.document
    assert hashlib.sha256(approval.canonical_json(m["content"])).hexdigest() == m["content_hash"]
    assert [a["name"] for a in m["approvers"]] == ["amina", "lina"]
    assert {a["fingerprint"] for a in m["approvers"]} == {
        reviewed.users.get(n).fingerprint for n in ("amina", "lina")
    }
    assert "omar" in m["authors"]
    roles = [f.role for f in pack.files]
    assert roles.count("brief") == 1 and "brief_pdf" not in roles
    media = {(f.platform, f.index): f for f in pack.files if f.role == "media"}
    expected = {(t.platform, x.index): x for t in snap.targets for x in t.media}
    assert set(media) == set(expected) and len(media) == 8
    with zipfile.ZipFile(out) as zf:
        for key, f in media.items():
            assert hashlib.sha256(zf.read(f.path)).hexdigest() == expected[key].sha256
            assert zf.read(f.path) == expected[key].file.read_bytes()
    last = reviewed.audit.entries(post_id=PACK_POST)[-1]
    assert last.action == "review.pack_exported" and last.actor == "amina"
    assert last.detail["content_hash"] == snap.content_hash


def test_extract_writes_the_checked_files_inside_the_folder_only(template_pack, tmp_path):
    pack = open_pack(template_pack)
    written = pack.extract(tmp_path / "look")
    assert len(written) == len(pack.files)
    for path in written:
        assert path.resolve().is_relative_to((tmp_path / "look").resolve())
    assert (tmp_path / "look" / "brief.docx").read_bytes()[:2] == b"PK"


def test_only_a_post_in_review_gets_a_pack(reviewed, tmp_path):
    with pytest.raises(PackError, match=r"post #2 is draft.*studio submit 2"):
        export_review_pack(reviewed, DRAFT_POST, tmp_path / "no.zip", pdf=False)
    assert not (tmp_path / "no.zip").exists()


def test_content_changed_since_submit_gets_no_pack_and_goes_back_to_draft(reviewed, tmp_path):
    post = reviewed.posts.get(PACK_POST)
    item = reviewed.library.get(post.media[0].media_id)
    reviewed.library.update(item.id, alt={**item.alt, "en": "Arches at dusk, seen from the square"})
    with pytest.raises(PackError, match="changed after it was submitted"):
        export_review_pack(reviewed, PACK_POST, tmp_path / "no.zip", pdf=False)
    assert reviewed.posts.get(PACK_POST).state == "draft"
    assert not list(tmp_path.glob("*.zip")) and not list(tmp_path.glob(".*part"))


def _media_path(pack_path: Path) -> str:
    return next(f.path for f in open_pack(pack_path).files if f.role == "media")


def _flip(data: bytes) -> bytes:
    return data[:-10] + bytes(b ^ 0xFF for b in data[-10:])


def test_altered_and_hostile_packs_are_refused_with_the_reason(template_pack, tmp_path):
    good = template_pack
    media = _media_path(good)
    other = [f.path for f in open_pack(good).files if f.role == "media"][1]

    def forge_text(doc):
        doc["content"]["targets"][0]["text"] += " (edited)"

    def swap_sha(doc):
        entry = next(f for f in doc["files"] if f["path"] == media)
        twin = next(f for f in doc["files"] if f["path"] == other)
        entry["sha256"], entry["bytes"] = twin["sha256"], twin["bytes"]

    with zipfile.ZipFile(good) as zf:
        twin = zf.read(other)
    link = zipfile.ZipInfo("media/link.jpg")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    cases = {
        "media changed": (rewrite(good, tmp_path / "a.zip", change={media: _flip}), "sha256"),
        "content text changed": (
            rewrite(good, tmp_path / "b.zip", manifest=forge_text),
            "content was altered",
        ),
        "unlisted file": (
            rewrite(good, tmp_path / "c.zip", add=[("media/extra.jpg", b"x")]),
            "not listed in the manifest",
        ),
        "dot-dot name": (
            rewrite(good, tmp_path / "d.zip", add=[("../../evil.sh", b"rm -rf ~")]),
            "unsafe name",
        ),
        "absolute name": (
            rewrite(good, tmp_path / "e.zip", add=[("/tmp/evil.sh", b"x")]),
            "unsafe name",
        ),
        "backslash name": (
            rewrite(good, tmp_path / "f.zip", add=[("..\\evil.bat", b"x")]),
            "unsafe name",
        ),
        "link": (rewrite(good, tmp_path / "g.zip", add=[(link, "/etc/passwd")]), "is a link"),
        "file missing": (
            rewrite(good, tmp_path / "h.zip", drop=[media]),
            "missing",
        ),
        "file swapped, manifest follows": (
            rewrite(good, tmp_path / "i.zip", manifest=swap_sha, change={media: lambda _d: twin}),
            "not the file the content hash vouches for",
        ),
        "manifest not json": (
            rewrite(good, tmp_path / "j.zip", change={"manifest.json": lambda d: d[: len(d) // 2]}),
            "not valid JSON",
        ),
        "no manifest": (rewrite(good, tmp_path / "k.zip", drop=["manifest.json"]), "no manifest"),
        "targets not objects": (
            rewrite(good, tmp_path / "l.zip", manifest=lambda d: d["content"].update(targets=[1])),
            "not a heritage-studio.content.v1 document",
        ),
        "approver key swapped": (
            rewrite(
                good,
                tmp_path / "m.zip",
                manifest=lambda d: d["approvers"][0].update(
                    public_key=d["approvers"][1]["public_key"]
                ),
            ),
            "does not match its fingerprint",
        ),
    }
    raw = good.read_bytes()
    (tmp_path / "truncated.zip").write_bytes(raw[: len(raw) // 2])
    cases["truncated zip"] = (tmp_path / "truncated.zip", "not a readable zip")
    (tmp_path / "text.zip").write_text('{"format": "heritage-studio.review-pack.v1"}')
    cases["not a zip"] = (tmp_path / "text.zip", "not a readable zip")
    with zipfile.ZipFile(tmp_path / "dup.zip", "w") as zf:
        with zipfile.ZipFile(good) as zin:
            for info in zin.infolist():
                zf.writestr(info, zin.read(info))
        with pytest.warns(UserWarning, match="Duplicate name"):
            zf.writestr("manifest.json", "{}")
    cases["duplicate entry"] = (tmp_path / "dup.zip", "appears twice")
    for label, (path, reason) in cases.items():
        with pytest.raises(PackError, match=reason) as refused:
            open_pack(path)
        assert "cannot be trusted" in str(refused.value), label
    assert open_pack(good).content_hash  # the original still verifies
