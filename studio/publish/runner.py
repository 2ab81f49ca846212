"""One attempt at one delivery: the gate again, then the adapter, then the record.

The order is the safety argument (docs/publishing.md):

1. the crisis pause is checked before anything is requested;
2. ``require_publishable`` runs again under the delivery's content hash: a post whose approval
   went away since it was queued is cancelled, never sent;
3. a delivery that may already have posted (crash, lost response) is reconciled first;
4. ``prepare`` problems fail the delivery as rejected, without a request;
5. ``maybe_posted`` is committed before ``publish``; the remote id is committed with ``sent``.

Errors are turned into outcomes by class (:mod:`studio.publish.protocol`); the worker turns
outcomes into the next state and time.
"""

from __future__ import annotations

import json
import mimetypes
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from studio.core.accounts import AccountRecord
from studio.core.approval import ApprovedContent, ApprovedTarget, require_publishable
from studio.core.errors import StudioError
from studio.publish.protocol import (
    Account,
    Credentials,
    MediaFile,
    PublishRequest,
)

if TYPE_CHECKING:
    from studio.core.outbox import Delivery
    from studio.core.workspace import Workspace

MIME_BY_SUFFIX = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png"}


class GateClosed(StudioError):
    """The post may no longer be published as queued (approval void, withdrawn, changed)."""


@dataclass(frozen=True)
class Prepared:
    content: ApprovedContent
    target: ApprovedTarget
    request: PublishRequest
    record: AccountRecord


def protocol_account(record: AccountRecord) -> Account:
    return Account(
        name=record.name,
        platform=record.platform,
        server=record.server,
        handle=record.handle,
        lang=record.lang,
        options=dict(record.options),
    )


def credentials_for(ws: Workspace, record: AccountRecord, secret_required: bool) -> Credentials:
    """The keyring secret; ``update`` writes a refreshed one straight back to the keyring."""
    secret = ws.accounts.secret(record.name) if secret_required else ""

    def update(new: str) -> None:
        ws.accounts.store_secret(record.name, new)

    return Credentials(secret, update)


def _alt(alt: dict[str, str], preferred: list[str]) -> str:
    for lang in preferred:
        if alt.get(lang):
            return alt[lang]
    return next(iter(alt.values()), "") if alt else ""


def media_files(target: ApprovedTarget, preferred: list[str]) -> tuple[MediaFile, ...]:
    out = []
    for m in target.media:
        suffix = m.file.suffix.lower()
        mime = MIME_BY_SUFFIX.get(suffix) or mimetypes.guess_type(m.file.name)[0]
        out.append(
            MediaFile(
                path=m.file,
                kind=m.kind,
                mime=mime or ("video/mp4" if m.kind == "video" else "application/octet-stream"),
                width=m.width,
                height=m.height,
                sha256=m.sha256,
                alt=_alt(m.alt, preferred),
                alt_by_lang=dict(m.alt),
                poster=m.poster,
                read=m.read_verified,  # refuses bytes that are not the approved ones
            )
        )
    return tuple(out)


def prepare_request(ws: Workspace, d: Delivery) -> Prepared:
    """Pass the gate for ``d`` and build exactly its approved request; GateClosed if not."""
    record = ws.accounts.find(d.account)
    if record is None or not record.active:
        raise GateClosed(f"account {d.account!r} was removed; the delivery cannot go out")
    try:
        content = require_publishable(ws, d.post_id)
    except StudioError as exc:
        raise GateClosed(str(exc)) from None
    if content.content_hash != d.content_hash or content.round != d.round:
        raise GateClosed(
            f"post #{d.post_id} was approved again with other content since this delivery was "
            "queued; publish it again to send the new content"
        )
    target = next(
        (t for t in content.targets if t.platform == d.platform and t.account == d.account),
        None,
    )
    if target is None:
        raise GateClosed(f"the approved content no longer has {d.platform} via {d.account}")
    post = ws.posts.get(d.post_id)
    langs = post.ordered_languages
    preferred = ([record.lang] if record.lang else []) + langs
    titles = content.snapshot.document.get("titles", {})
    request = PublishRequest(
        key=d.key,
        account=protocol_account(record),
        text=target.text,
        media=media_files(target, preferred),
        # The account's language leads when the post has it; else the post's caption order.
        langs=tuple(dict.fromkeys(([record.lang] if record.lang in langs else []) + langs)),
        title=titles.get(d.platform),
    )
    return Prepared(content, target, request, record)


def secret_values(secret: str) -> list[str]:
    """The strings to hide from messages: the secret, and each value of a JSON secret."""
    values = [secret]
    try:
        bundle = json.loads(secret)
    except ValueError:
        bundle = None
    if isinstance(bundle, dict):
        values += [v for v in bundle.values() if isinstance(v, str)]
    return sorted({v for v in values if len(v) >= 6}, key=len, reverse=True)


def scrub(text: str, hide: list[str]) -> str:
    """An adapter's message with any secret replaced: a careless plugin must not leak one."""
    for value in hide:
        text = text.replace(value, "<secret>")
    return text


def describe(exc: BaseException, hide: Sequence[str] = ()) -> dict[str, Any]:
    """What goes into the record and the audit log about an adapter error (no secrets)."""
    out: dict[str, Any] = {
        "error": scrub(str(exc), list(hide))[:1000],
        "class": type(exc).__name__,
    }
    status = getattr(exc, "status", None)
    if status is not None:
        out["status"] = int(status)
    said = getattr(exc, "platform_message", None)
    if said:
        out["platform_message"] = scrub(str(said), list(hide))[:500]
    return out
