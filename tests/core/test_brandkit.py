"""Brand kits: the sample kits load; every kind of mistake is reported with file and field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from studio.core.brandkit import (
    KitError,
    KitNotFoundError,
    check_kit,
    find_forbidden,
    find_kit,
    kit_search_path,
    list_kits,
    load_kit,
)
from studio.resources import bundled_kits_dir

SAMPLES = ("embassy-cultural-ar", "institut-culturel-fr")


@pytest.mark.parametrize("kit_id", SAMPLES)
def test_sample_kits_are_valid_and_resolve_their_files(kit_id):
    kit = load_kit(bundled_kits_dir() / kit_id)
    assert kit.id == kit_id and kit.languages
    for role in ("title", "body"):
        assert kit.fonts[role].is_file()
    assert kit.logos["primary"].is_file()
    assert kit.watermark_for("x") is not None
    assert len(kit.content_hash()) == 64


def test_sample_kit_details_used_by_the_showcase():
    kit = load_kit(bundled_kits_dir() / "embassy-cultural-ar")
    assert kit.languages[0] == "ar" and kit.approvals_required == 2
    assert kit.watermark_for("instagram").position == "bottom-left"  # per-platform override
    assert kit.watermark_for("linkedin").position == "bottom-right"  # default
    assert kit.hashtags_for("instagram")[:2] == ("#MaridiaHeritage", "#التراث_الماريدي")
    assert kit.required_hashtags == ("#MaridiaHeritage",)
    assert kit.handle_for("x") == "@maridia_culture"


@pytest.fixture
def kit_copy(tmp_path):
    def copy(kit_id="embassy-cultural-ar"):
        dst = tmp_path / "kits" / kit_id
        shutil.copytree(bundled_kits_dir() / kit_id, dst)
        return dst

    return copy


def _break(kit_dir: Path, old: str, new: str) -> None:
    toml = kit_dir / "kit.toml"
    text = toml.read_text(encoding="utf-8")
    assert old in text, old
    toml.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "field", "words"),
    [
        ('primary = "#0B5D4B"', 'primary = "#0B5"', "colours.primary", "#RRGGBB"),
        ("[colours]", "[colors]", "colors", "did you mean 'colours'"),
        ("opacity = 0.85", "opacity = 1.5", "watermark.default.opacity", "out of range"),
        (
            'position = "bottom-left"',
            'position = "bottom-middle"',
            "watermark.instagram.position",
            "not allowed",
        ),
        ("[handles]\nx = ", "[handles]\ntwiter = ", "handles.twiter", "unknown key"),
        ('lang = "en"', 'lang = "english"', "forbidden[0].lang", "language tag"),
        (
            'template = "{title} · {credit}"',
            'template = "{title} · {photographer}"',
            "lower_third.template",
            "not a placeholder",
        ),
        ('required = ["alt_text"', 'required = ["alt-text"', "required[0]", "not allowed"),
        ("approvals_required = 2", "approvals_required = 0", "approvals_required", "at least 1"),
        (
            'primary = "logos/maridia-star.png"',
            'primary = "logos/missing.png"',
            "logos.primary",
            "does not exist",
        ),
        (
            'primary = "logos/maridia-star.png"',
            'primary = "../../etc/passwd"',
            "logos.primary",
            "outside the kit",
        ),
        (
            'title = { family = "Amiri", style = "Bold" }',
            'title = { family = "No Such Font Family" }',
            "fonts.title",
            "",
        ),
        ("schema_version = 1", "schema_version = 9", "schema_version", "update the app"),
    ],
)
def test_each_mistake_names_file_field_and_fix(kit_copy, old, new, field, words):
    kit_dir = kit_copy()
    _break(kit_dir, old, new)
    problems = check_kit(kit_dir)
    hits = [p for p in problems if p.field == field]
    assert hits, f"expected a problem at {field}, got {[str(p) for p in problems]}"
    assert words in hits[0].message
    assert str(hits[0]).startswith(str(kit_dir / "kit.toml")) or hits[0].file.is_relative_to(
        kit_dir
    )
    with pytest.raises(KitError):
        load_kit(kit_dir)


def test_all_problems_are_reported_at_once(kit_copy):
    kit_dir = kit_copy()
    _break(kit_dir, 'primary = "#0B5D4B"', 'primary = "teal"')
    _break(kit_dir, "approvals_required = 2", "approvals_required = -1")
    assert len(check_kit(kit_dir)) >= 2


def test_toml_syntax_error_and_missing_file(kit_copy):
    kit_dir = kit_copy()
    _break(kit_dir, 'name = "Cultural', "name = Cultural")
    (problem,) = check_kit(kit_dir)
    assert "line 5" in problem.field and "double quotes" in problem.message
    (kit_dir / "kit.toml").unlink()
    assert "kit.toml is missing" in str(check_kit(kit_dir)[0])


def test_corrupt_or_opaque_logo_is_rejected(kit_copy):
    from PIL import Image

    kit_dir = kit_copy()
    (kit_dir / "logos" / "maridia-star.png").write_bytes(b"\x89PNG\r\n\x1a\n garbage")
    assert any(
        p.field == "logos.primary" and "cannot be read" in p.message for p in check_kit(kit_dir)
    )
    Image.new("RGB", (300, 300), "red").save(kit_dir / "logos" / "maridia-star.png")
    assert any("transparency" in p.message for p in check_kit(kit_dir))


def test_search_path_order_broken_kits_listed_and_not_found_message(
    kit_copy, tmp_path, monkeypatch
):
    broken = kit_copy("institut-culturel-fr")
    _break(broken, 'primary = "#1F2A44"', 'primary = "navy"')
    monkeypatch.setenv("STUDIO_BRAND_KITS", str(broken.parent))
    search = kit_search_path(None)
    assert search[0] == broken.parent and search[-1] == bundled_kits_dir()
    kits = {k.kit_id if isinstance(k, KitError) else k.id: k for k in list_kits(search)}
    assert isinstance(kits["institut-culturel-fr"], KitError)  # the earlier folder wins
    assert not isinstance(kits["embassy-cultural-ar"], KitError)
    with pytest.raises(KitError):
        find_kit("institut-culturel-fr", search)  # never silently falls through to the bundled one
    with pytest.raises(KitNotFoundError, match="Did you mean 'embassy-cultural-ar'"):
        find_kit("embassy-cultural", search)


def test_forbidden_terms_in_three_languages_with_spans():
    kit = load_kit(bundled_kits_dir() / "embassy-cultural-ar")
    text = "A primitive craft? No: a traditional one. Primitives aside."
    hits = find_forbidden(kit, text, "en")
    assert [(h.matched, text[h.start : h.end]) for h in hits] == [("primitive", "primitive")]
    assert hits[0].term.replacement == "traditional"
    assert not find_forbidden(kit, "un art primitif", "en")  # a French term in English text
    assert find_forbidden(kit, "un art Primitif", "fr")[0].term.replacement == "traditionnel"
    arabic = "فنٌّ بِدَائِيّ قديم"  # harakat must not hide the term
    (hit,) = find_forbidden(kit, arabic, "ar")
    assert arabic[hit.start : hit.end] == hit.matched and hit.term.replacement == "تقليدي"
    (hit,) = find_forbidden(kit, "Visit the Northern Province soon", None)
    assert hit.term.severity == "warning"
