"""The words of a kit: its names, languages, handles, hashtags and forbidden terms.

These feed composing and validation rather than rendering, so the checks are about the
text a platform will receive: BCP-47 language tags, handles shaped as each platform writes
them, hashtags a platform will link, and terms that are unique per language.
"""

from __future__ import annotations

import re
from typing import Any

from studio.core.brandkit import Term
from studio.core.kit_fields import HASHTAG, PLATFORMS, SEVERITIES, TERM_KEYS
from studio.core.kit_reader import KitReader, describe
from studio.core.platforms import get_platform


def read_names(r: KitReader, value: Any) -> dict[str, str]:
    out = {}
    for lang, text in (r.table(value, "names", None) or {}).items():
        if r.lang(lang, f"names.{lang}") and (text := r.text(text, f"names.{lang}")):
            out[lang] = text
    return out


def read_languages(r: KitReader, value: Any) -> list[str]:
    langs = r.text_list(value, "languages")
    if langs is None:
        return []
    if not langs:
        r.add(
            "languages",
            'is empty; list the kit\'s languages, the main one first, e.g. ["ar", "fr", "en"]',
        )
    out = []
    for i, lang in enumerate(langs):
        if r.lang(lang, f"languages[{i}]") is None:
            continue
        if lang.lower() in (x.lower() for x in out):
            r.add(f"languages[{i}]", f"{lang!r} is listed twice; keep one")
        else:
            out.append(lang)
    return out


def read_handles(r: KitReader, value: Any) -> dict[str, str]:
    out = {}
    for platform, handle in (r.table(value, "handles", PLATFORMS) or {}).items():
        field = f"handles.{platform}"
        if platform not in PLATFORMS or (handle := r.text(handle, field)) is None:
            continue
        shape = get_platform(platform).handle
        if shape and not re.fullmatch(shape[0], handle, flags=re.ASCII):
            r.add(field, f"{handle!r} does not look like a {platform} handle; write {shape[1]}")
        else:
            out[platform] = handle
    return out


def read_hashtags(r: KitReader, value: Any) -> tuple[dict[str, list[str]], list[str]]:
    out: dict[str, list[str]] = {}
    for key, tags in (
        r.table(value, "hashtags", ("default", "required", *PLATFORMS)) or {}
    ).items():
        if key not in ("default", "required", *PLATFORMS):
            continue
        good = []
        for i, tag in enumerate(r.text_list(tags, f"hashtags.{key}") or []):
            if HASHTAG.fullmatch(tag):
                good.append(tag)
            elif HASHTAG.fullmatch("#" + tag):
                r.add(f"hashtags.{key}[{i}]", f"{tag!r} must start with #; write '#{tag}'")
            else:
                r.add(
                    f"hashtags.{key}[{i}]",
                    f"{tag!r} is not a hashtag; use # then letters, digits or _ with no spaces or punctuation, e.g. #{_tag_example(tag)}",
                )
        out[key] = good
    return out, out.pop("required", [])


def _tag_example(tag: str) -> str:
    return re.sub(r"\W", "", tag) or "Heritage"


def read_forbidden(r: KitReader, value: Any, languages: list[str]) -> list[Term]:
    if not isinstance(value, list):
        r.add("forbidden", f"must be a list of [[forbidden]] tables, not {describe(value)}")
        return []
    primaries = {lang.lower().split("-")[0] for lang in languages}
    terms, seen = [], {}
    for i, entry in enumerate(value):
        field = f"forbidden[{i}]"
        table = r.table(entry, field, TERM_KEYS, ("term",))
        if table is None or "term" not in table:
            continue
        parts = [r.text(table["term"], f"{field}.term")]
        replacement = table.get("replacement")
        if replacement is not None:
            parts.append(replacement := r.text(replacement, f"{field}.replacement"))
        parts.append(
            severity := r.choice(table.get("severity", "warning"), f"{field}.severity", SEVERITIES)
        )
        parts.append(note := r.text(table.get("note", ""), f"{field}.note", allow_empty=True))
        lang = table.get("lang")
        if lang is not None:
            parts.append(lang := r.lang(lang, f"{field}.lang"))
            if lang and languages and lang.lower().split("-")[0] not in primaries:
                r.add(
                    f"{field}.lang",
                    f"{lang!r} is not one of the kit's languages ({', '.join(languages)}); add it to languages or fix the tag",
                )
        whole = table.get("whole_word", True)
        if not isinstance(whole, bool):
            r.add(f"{field}.whole_word", f"must be true or false, not {describe(whole)}")
        if any(p is None for p in parts) or not isinstance(whole, bool):
            continue
        key = (parts[0].casefold(), lang)
        if key in seen:
            r.add(
                f"{field}.term",
                f"{parts[0]!r} is already listed as forbidden[{seen[key]}]; keep one",
            )
            continue
        seen[key] = i
        terms.append(Term(parts[0], replacement, severity, note.strip(), lang, whole))
    return terms
