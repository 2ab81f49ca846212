"""The post JSON format (docs/post-format.md): parse and check what users and scripts send.

Every problem names its field (``media[1].alt.en``) and says what to write instead. Keys that
``studio post show --json`` prints but that are not editable (id, state, revision, times) are
accepted and ignored, so a shown post can be edited and fed back unchanged.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any

from studio.core.errors import FormatError
from studio.core.model import PostMedia
from studio.core.timeutil import parse_iso

EDITABLE_KEYS = (
    "title",
    "brand_kit",
    "platforms",
    "accounts",
    "languages",
    "text",
    "overrides",
    "hashtags",
    "media",
    "schedule_at",
    "campaign",
)
READ_ONLY_KEYS = ("id", "state", "revision", "created_at", "updated_at")
MEDIA_KEYS = ("path", "id", "alt", "crop", "focal", "trim")
REQUIRED_ON_CREATE = ("title", "platforms", "text")

# BCP-47 shape check (language[-script][-region][-variants]); enough to catch typos like "arabic".
_LANG_RE = re.compile(
    r"^[a-zA-Z]{2,3}(-[a-zA-Z]{4})?(-([a-zA-Z]{2}|[0-9]{3}))?(-[a-zA-Z0-9]{5,8})*$"
)
_ASPECT_RE = re.compile(r"^\d+(\.\d+)?:\d+(\.\d+)?$")
_HASHTAG_RE = re.compile(r"^#?[\w\u0600-\u06FF\u0750-\u077F]+$")


def check_lang(tag: Any, field: str) -> str:
    if not isinstance(tag, str) or not _LANG_RE.match(tag):
        raise FormatError(
            field, f"{tag!r} is not a language tag; use BCP-47 like 'ar', 'fr', 'en-GB'"
        )
    return tag


def _suggest(key: str, known: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(key, known, n=1)
    return f" (did you mean {close[0]!r}?)" if close else f" (known keys: {', '.join(known)})"


def _lang_texts(value: Any, field: str, *, allow_star: bool = False) -> dict[str, str]:
    if not isinstance(value, dict):
        raise FormatError(
            field, 'must be an object of language -> text, e.g. {"ar": "...", "en": "..."}'
        )
    out = {}
    for lang, text in value.items():
        if not (allow_star and lang == "*"):
            check_lang(lang, f"{field}.{lang}")
        if not isinstance(text, str):
            raise FormatError(f"{field}.{lang}", "must be text")
        out[lang] = text
    return out


def _platform(pid: Any, field: str) -> str:
    from studio.core.platforms import PLATFORM_IDS

    if pid not in PLATFORM_IDS:
        raise FormatError(
            field, f"{pid!r} is not a known platform{_suggest(str(pid), PLATFORM_IDS)}"
        )
    return pid


def _accounts(value: Any) -> list[str]:
    """Account names (``studio accounts list``); whether they exist is checked at publish."""
    from studio.core.accounts import AccountError, check_account_name

    if not isinstance(value, list):
        raise FormatError("accounts", 'must be a list of account names such as ["embassy-bsky"]')
    names = []
    for i, name in enumerate(value):
        try:
            names.append(check_account_name(name))
        except AccountError as exc:
            raise FormatError(f"accounts[{i}]", str(exc)) from None
    return list(dict.fromkeys(names))


def parse_post_fields(data: Any, *, base_dir: Path, creating: bool) -> dict[str, Any]:
    """Check post JSON; return the editable fields present, normalised.

    ``media`` entries come back as (PostMedia-with-media_id-0, Path-or-None, id-or-None) until
    the caller resolves paths by importing them.
    """
    if not isinstance(data, dict):
        raise FormatError("", "a post must be a JSON object")
    for key in data:
        if key not in EDITABLE_KEYS and key not in READ_ONLY_KEYS:
            raise FormatError(key, "unknown key" + _suggest(key, EDITABLE_KEYS))
    if creating:
        for key in REQUIRED_ON_CREATE:
            if key not in data:
                raise FormatError(key, "is required to create a post")
    out: dict[str, Any] = {}
    if "title" in data:
        if not isinstance(data["title"], str) or not data["title"].strip():
            raise FormatError("title", "must be non-empty text")
        out["title"] = data["title"].strip()
    if "brand_kit" in data:
        if not isinstance(data["brand_kit"], str):
            raise FormatError("brand_kit", "must be a brand kit id such as 'embassy-cultural-ar'")
        out["brand_kit"] = data["brand_kit"].strip()
    if "campaign" in data:
        if not isinstance(data["campaign"], str):
            raise FormatError("campaign", "must be text")
        out["campaign"] = data["campaign"].strip()
    if "platforms" in data:
        value = data["platforms"]
        if not isinstance(value, list):
            raise FormatError("platforms", 'must be a list such as ["x", "instagram"]')
        out["platforms"] = list(
            dict.fromkeys(_platform(p, f"platforms[{i}]") for i, p in enumerate(value))
        )
    if "accounts" in data:
        out["accounts"] = _accounts(data["accounts"])
    if "text" in data:
        out["text"] = _lang_texts(data["text"], "text")
    if "languages" in data:
        value = data["languages"]
        if not isinstance(value, list):
            raise FormatError("languages", 'must be a list such as ["ar", "fr", "en"]')
        out["languages"] = list(
            dict.fromkeys(check_lang(v, f"languages[{i}]") for i, v in enumerate(value))
        )
    if "overrides" in data:
        value = data["overrides"]
        if not isinstance(value, dict):
            raise FormatError(
                "overrides", 'must be an object: {"x": {"en": "..."}} or {"x": "..."}'
            )
        overrides = {}
        for pid, texts in value.items():
            _platform(pid, f"overrides.{pid}")
            if isinstance(texts, str):
                texts = {"*": texts}
            overrides[pid] = _lang_texts(texts, f"overrides.{pid}", allow_star=True)
        out["overrides"] = overrides
    if "hashtags" in data:
        value = data["hashtags"]
        if not isinstance(value, list):
            raise FormatError("hashtags", 'must be a list such as ["#Heritage", "#Mosaic"]')
        tags = []
        for i, tag in enumerate(value):
            if not isinstance(tag, str) or not _HASHTAG_RE.match(tag.strip()):
                raise FormatError(
                    f"hashtags[{i}]", f"{tag!r} is not a hashtag (letters, digits, _)"
                )
            tag = tag.strip()
            tags.append(tag if tag.startswith("#") else "#" + tag)
        out["hashtags"] = list(dict.fromkeys(tags))
    if "schedule_at" in data:
        value = data["schedule_at"]
        if value is None or value == "":
            out["schedule_at"] = None
        else:
            try:
                out["schedule_at"] = parse_iso(str(value)).isoformat()
            except ValueError as exc:
                raise FormatError(
                    "schedule_at",
                    str(exc)
                    if "zone" in str(exc)
                    else f"{value!r} is not an ISO 8601 time like 2026-12-01T09:00:00+01:00",
                ) from None
    if "media" in data:
        value = data["media"]
        if not isinstance(value, list):
            raise FormatError("media", 'must be a list of {"path": ...} or {"id": ...} objects')
        out["media"] = [_media_entry(m, f"media[{i}]", base_dir) for i, m in enumerate(value)]
    return out


def _media_entry(entry: Any, field: str, base_dir: Path):
    if isinstance(entry, (str, int)) and not isinstance(entry, bool):
        entry = {"id": entry} if isinstance(entry, int) else {"path": entry}
    if not isinstance(entry, dict):
        raise FormatError(field, 'must be {"path": "photo.jpg"} or {"id": 12}')
    for key in entry:
        if key not in MEDIA_KEYS:
            raise FormatError(f"{field}.{key}", "unknown key" + _suggest(key, MEDIA_KEYS))
    has_path, has_id = "path" in entry, "id" in entry
    if has_path == has_id:
        raise FormatError(
            field, 'give exactly one of "path" (a file to import) or "id" (a library item)'
        )
    path = media_id = None
    if has_path:
        if not isinstance(entry["path"], str) or not entry["path"]:
            raise FormatError(f"{field}.path", "must be a file path")
        path = Path(entry["path"]).expanduser()
        if not path.is_absolute():
            path = base_dir / path
    else:
        if not isinstance(entry["id"], int) or isinstance(entry["id"], bool):
            raise FormatError(f"{field}.id", "must be a library item number")
        media_id = entry["id"]
    pm = PostMedia(media_id=media_id or 0)
    if "alt" in entry:
        pm.alt = {k: v.strip() for k, v in _lang_texts(entry["alt"], f"{field}.alt").items()}
    if "crop" in entry:
        crop = entry["crop"]
        if not isinstance(crop, dict):
            raise FormatError(
                f"{field}.crop", 'must map platform -> aspect, e.g. {"instagram": "1:1"}'
            )
        for pid, aspect in crop.items():
            _platform(pid, f"{field}.crop.{pid}")
            if not isinstance(aspect, str) or not _ASPECT_RE.match(aspect):
                raise FormatError(f"{field}.crop.{pid}", f"{aspect!r} is not an aspect like '4:5'")
        pm.crop = dict(crop)
    if "focal" in entry and entry["focal"] is not None:
        from studio.core.library import _focal

        pm.focal = _focal(entry["focal"], f"{field}.focal")
    if "trim" in entry and entry["trim"] is not None:
        trim = entry["trim"]
        try:
            t_in, t_out = (float(t) for t in trim)
        except (TypeError, ValueError):
            raise FormatError(f"{field}.trim", "must be [in, out] in seconds") from None
        if t_in < 0 or t_out <= t_in:
            raise FormatError(
                f"{field}.trim", f"[{t_in}, {t_out}]: out must be after in, both >= 0"
            )
        pm.trim = (t_in, t_out)
    return pm, path, media_id
