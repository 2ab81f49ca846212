"""Making a review pack: the brief, the rendered media exactly as submitted, and a manifest.

Only a post in review gets a pack: that is the state in which a decision can be imported, and
its content hash is fixed by the submission. The files come from the same
``approval.snapshot`` whose hash must equal the submitted one, and each is hashed again while
it is copied into the zip, so a render swapped on disk between the snapshot and the copy is
refused instead of packed. ``pack_verify`` documents the checks the reviewer's side runs.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studio.review.pack_verify import MANIFEST, PACK_FORMAT, PackError, Progress, safe_member_name

if TYPE_CHECKING:
    from studio.core.approval import ContentSnapshot
    from studio.core.workspace import Workspace


@dataclass(frozen=True)
class PackResult:
    path: Path
    post_id: int
    round: int
    content_hash: str
    files: int
    bytes: int
    pdf: bool
    pdf_problem: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "pack": str(self.path),
            "post_id": self.post_id,
            "round": self.round,
            "content_hash": self.content_hash,
            "files": self.files,
            "bytes": self.bytes,
            "pdf": self.pdf,
            "pdf_problem": self.pdf_problem,
        }


def _target_folder(platform: str, account: str | None) -> str:
    return platform if not account else f"{platform}@{account}"


def _members(snap: ContentSnapshot) -> list[dict[str, Any]]:
    """Where each rendered file goes in the zip, with the sha256 the content document names."""
    out = []
    for t in snap.targets:
        folder = _target_folder(t.platform, t.account)
        for m in t.media:
            where = {"platform": t.platform, "account": t.account, "index": m.index}
            name = f"{m.index + 1:02d}-{m.kind}{m.file.suffix.lower()}"
            out.append(
                {
                    "path": safe_member_name("media", folder, name),
                    "source": m.file,
                    "sha256": m.sha256,
                    "role": "media",
                    **where,
                }
            )
            if m.poster is not None and m.poster_sha256:
                name = f"{m.index + 1:02d}-poster{m.poster.suffix.lower()}"
                out.append(
                    {
                        "path": safe_member_name("media", folder, name),
                        "source": m.poster,
                        "sha256": m.poster_sha256,
                        "role": "poster",
                        **where,
                    }
                )
    return out


def _copy_in(zf: zipfile.ZipFile, member: dict[str, Any]) -> int:
    """Stream one file into the zip, hashing it on the way; refuse it if it is not the one."""
    digest, size = hashlib.sha256(), 0
    with open(member["source"], "rb") as src, zf.open(member["path"], "w") as dst:
        while chunk := src.read(1 << 20):
            digest.update(chunk)
            dst.write(chunk)
            size += len(chunk)
    if member.get("sha256") and digest.hexdigest() != member["sha256"]:
        raise PackError(
            f"{member['source']} changed on disk while the pack was being made (it is no longer "
            "the submitted file); make the pack again"
        )
    member["sha256"], member["bytes"] = digest.hexdigest(), size
    return size


def _approvers(ws: Workspace) -> list[dict[str, str]]:
    return [
        {"name": u.name, "public_key": u.public_key, "fingerprint": u.fingerprint}
        for u in ws.users.list()
        if u.role == "approver"
    ]


def export_review_pack(
    ws: Workspace,
    post_id: int,
    out: Path | str,
    *,
    pdf: bool | None = None,
    progress: Progress | None = None,
) -> PackResult:
    """Write the review pack of a post in review to ``out`` (a .zip); see docs/approval.md.

    ``pdf``: None adds the brief as PDF too when LibreOffice is installed; True insists.
    """
    from studio.core import audit
    from studio.core.approval import required_approvals, review_of, snapshot
    from studio.core.timeutil import now_iso
    from studio.core.users import actor_name
    from studio.core.workflow import state_of, void_if_changed
    from studio.review.brief import export_brief
    from studio.review.pdf import find_soffice

    say = progress or (lambda _f, _m: None)
    out = Path(out)
    state = state_of(ws, post_id)
    if state != "in_review":
        raise PackError(
            f"post #{post_id} is {state.replace('_', ' ')}: a review pack is made only for a "
            f"post in review, so that the decision can be imported; submit it first "
            f"(studio submit {post_id})"
        )
    say(0.02, "building the content")
    review = review_of(ws, post_id)
    snap = snapshot(ws, post_id)
    if snap.content_hash != review.content_hash:
        void_if_changed(ws, post_id, snap.content_hash)
        raise PackError(
            f"post #{post_id} changed after it was submitted (its brand kit, library items or "
            "renders); it is back in draft and must be submitted again before a pack is made"
        )
    post = ws.posts.get(post_id)
    want_pdf = find_soffice() is not None if pdf is None else pdf
    members = _members(snap)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp_zip = out.with_name(f".{out.name}.{os.getpid()}.part")
    try:
        with tempfile.TemporaryDirectory(prefix="studio-pack-") as tmp:
            brief = export_brief(
                ws,
                post_id,
                Path(tmp) / "brief.docx",
                pdf=want_pdf,
                snapshot=snap,
                progress=lambda f, m: say(0.05 + 0.6 * f, m),
            )
            if pdf and brief.pdf is None:
                raise PackError(f"no PDF of the brief: {brief.pdf_problem}")
            members[:0] = [{"path": "brief.docx", "source": brief.docx, "role": "brief"}]
            if brief.pdf is not None:
                members.insert(1, {"path": "brief.pdf", "source": brief.pdf, "role": "brief_pdf"})
            total = 0
            with zipfile.ZipFile(tmp_zip, "w", zipfile.ZIP_STORED) as zf:
                for n, member in enumerate(members):
                    say(0.7 + 0.28 * n / len(members), f"adding {member['path']}")
                    total += _copy_in(zf, member)
                manifest = {
                    "format": PACK_FORMAT,
                    "workspace_id": ws.workspace_id,
                    "post_id": post_id,
                    "title": post.title,
                    "brand_kit": post.brand_kit,
                    "state": state,
                    "round": review.round,
                    "content_hash": snap.content_hash,
                    "submitted_by": review.submitted_by,
                    "submitted_at": review.submitted_at,
                    "authors": list(review.authors),
                    "approvals_required": required_approvals(ws, post.brand_kit),
                    "approvers": _approvers(ws),
                    "created_at": now_iso(),
                    "created_by": actor_name(),
                    "content": snap.document,
                    "files": [{k: v for k, v in m.items() if k != "source"} for m in members],
                }
                zf.writestr(
                    MANIFEST,
                    json.dumps(manifest, ensure_ascii=False, indent=2) + "\n",
                    compress_type=zipfile.ZIP_DEFLATED,
                )
        os.replace(tmp_zip, out)
    finally:
        tmp_zip.unlink(missing_ok=True)
    audit.record(
        ws,
        "review.pack_exported",
        post_id,
        {"round": review.round, "content_hash": snap.content_hash, "files": len(members)},
    )
    say(1.0, "review pack written")
    return PackResult(
        out,
        post_id,
        review.round,
        snap.content_hash,
        len(members),
        total,
        brief.pdf is not None,
        brief.pdf_problem,
    )
