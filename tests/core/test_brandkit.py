"""Brand kits: the sample kits load; every kind of mistake is reported with file and field."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from studio.core.brandkit import (
    KitError,
    KitNotFoundError,
    Term,
    check_kit,
    find_forbidden,
    find_kit,
    find_terms,
    kit_search_path,
    list_kits,
    load_kit,
)
from studio.core.fonts import FontError, font_covers, missing_glyphs, parse_style, resolve_font
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


# --- more validation rules -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "field", "words"),
    [
        ('name = "Cultural Section', 'nme = "Cultural Section', "nme", "did you mean 'name'"),
        ('name = "Cultural Section', 'xname = "Cultural Section', "name", "is missing"),
        ('languages = ["ar", "fr", "en"]', 'languages = "ar"', "languages", "must be a list"),
        (
            'languages = ["ar", "fr", "en"]',
            'languages = ["ar", "fr", "ar"]',
            "languages[2]",
            "twice",
        ),
        ('languages = ["ar", "fr", "en"]', "languages = []", "languages", "is empty"),
        ('primary = "#0B5D4B"', 'primary = "#0b5"', "colours.primary", "#00BB55"),
        ('primary = "#0B5D4B"', "primary = 11", "colours.primary", "not a colour"),
        ('text = "#1D2B27"', 'txt = "#1D2B27"', "colours.text", "is missing"),
        (
            'text_colour = "#F6F1E7"',
            'text_colour = "#F6F1E7AA"',
            "lower_third.text_colour",
            "#RRGGBB",
        ),
        (
            'text_colour = "#F6F1E7"',
            'text_color = "#F6F1E7"',
            "lower_third.text_color",
            "did you mean 'text_colour'",
        ),
        ("scale = 0.12", "scale = 0.9", "watermark.default.scale", "0.02 to 0.5"),
        ("margin = 0.03", "margin = -0.1", "watermark.default.margin", "out of range"),
        ("opacity = 0.85", 'opacity = "high"', "watermark.default.opacity", "must be a number"),
        ("opacity = 0.85", "opacity = true", "watermark.default.opacity", "must be a number"),
        ("[watermark.tiktok]", "[watermark.tiktk]", "watermark.tiktk", "did you mean 'tiktok'"),
        (
            'logo = "light"',
            'logo = "ligth"',
            "watermark.instagram:story.logo",
            "did you mean 'light'",
        ),
        ("height = 0.11", "height = 0.9", "lower_third.height", "out of range"),
        ('font = "title"', 'font = "titel"', "lower_third.font", "did you mean 'title'"),
        (
            'x = "@maridia_culture"',
            'x = "maridia_culture_and_friends"',
            "handles.x",
            "@ and up to 15",
        ),
        (
            'mastodon = "@culture@social.maridia.example"',
            'mastodon = "@culture"',
            "handles.mastodon",
            "@user@server",
        ),
        (
            'required = ["#MaridiaHeritage"]',
            'required = ["MaridiaHeritage"]',
            "hashtags.required[0]",
            "write '#MaridiaHeritage'",
        ),
        (
            'instagram = ["#Zellige"',
            'instagram = ["#Zellige tiles"',
            "hashtags.instagram[0]",
            "not a hashtag",
        ),
        ('severity = "error"', 'severity = "fatal"', "forbidden[0].severity", "error, warning"),
        ('lang = "en"', 'lang = "de"', "forbidden[0].lang", "not one of the kit's languages"),
        (
            'lang = "en"',
            'lang = "en"\nwhole_word = "yes"',
            "forbidden[0].whole_word",
            "true or false",
        ),
        ('term = "exotic"', 'term = "primitive"', "forbidden[", "already listed"),
        (
            'credit_format = "Photo: {credit} ({license})"',
            'credit_format = "Photo: {author}"',
            "credit_format",
            "{credit}",
        ),
        (
            'credit_format = "Photo: {credit} ({license})"',
            'credit_format = "Photo: {credit"',
            "credit_format",
            "cannot be read",
        ),
        (
            'credit_format = "Photo: {credit} ({license})"',
            'credit_format = "{credit!r}"',
            "credit_format",
            "plain placeholder",
        ),
        ("approvals_required = 2", "approvals_required = true", "approvals_required", "at least 1"),
        (
            "approvals_required = 2",
            'approvals_required = "two"',
            "approvals_required",
            "whole number",
        ),
        ("schema_version = 1\n", "", "schema_version", "is missing"),
        ("schema_version = 1", 'schema_version = "1"', "schema_version", "whole number 1"),
        (
            'title = { family = "Amiri", style = "Bold" }',
            'title = { family = "Amiri", style = "Bolt" }',
            "fonts.title",
            "did you mean 'Bold'",
        ),
        (
            'title = { family = "Amiri", style = "Bold" }',
            'title = { family = "Amiri", style = "Black" }',
            "fonts.title",
            "only Bold, BoldItalic, Italic, Regular",
        ),
        (
            'title = { family = "Amiri", style = "Bold" }',
            'title = { famly = "Amiri" }',
            "fonts.title.famly",
            "did you mean 'family'",
        ),
        (
            'title = { family = "Amiri", style = "Bold" }',
            'title = "/usr/share/fonts/x.ttf"',
            "fonts.title",
            "outside the kit",
        ),
        (
            'title = { family = "Amiri", style = "Bold" }',
            'tittle = { family = "Amiri" }',
            "fonts.tittle",
            "did you mean 'title'",
        ),
        ('light = "logos/maridia-star-light.png"', "light = 3", "logos.light", "must be text"),
    ],
)
def test_more_mistakes(kit_copy, old, new, field, words):
    kit_dir = kit_copy()
    _break(kit_dir, old, new)
    problems = check_kit(kit_dir)
    hits = [p for p in problems if p.field.startswith(field)]
    assert hits, f"expected a problem at {field}, got {[str(p) for p in problems]}"
    if words:
        assert any(words in p.message for p in hits), [str(p) for p in hits]


def test_required_elements_must_exist_in_the_kit(kit_copy):
    kit_dir = kit_copy("institut-culturel-fr")
    toml = kit_dir / "kit.toml"
    text = toml.read_text(encoding="utf-8")
    start = text.index("[lower_third]")
    toml.write_text(text[:start] + text[text.index("[handles]") :], encoding="utf-8")
    assert load_kit(kit_dir).lower_third is None  # optional unless required
    _break(kit_dir, 'required = ["alt_text"', 'required = ["lower_third", "alt_text"')
    (problem,) = check_kit(kit_dir)
    assert problem.field == "required" and "no a [lower_third] table" not in problem.message
    assert "lower_third" in problem.message


def test_top_level_key_after_a_table_is_explained(kit_copy):
    kit_dir = kit_copy()
    toml = kit_dir / "kit.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + "approvals_required = 3\n", encoding="utf-8")
    (problem,) = check_kit(kit_dir)
    assert problem.field.startswith("forbidden[") and problem.field.endswith(".approvals_required")
    assert "[[forbidden]]" in problem.message and "above the first [table]" in problem.message


def test_kit_id_must_be_a_slug(tmp_path):
    dst = tmp_path / "My Kit"
    shutil.copytree(bundled_kits_dir() / "embassy-cultural-ar", dst)
    (problem,) = check_kit(dst)
    assert problem.field == "id" and "lowercase" in problem.message


def test_logo_must_be_a_big_enough_png(kit_copy):
    from PIL import Image

    kit_dir = kit_copy()
    logo = kit_dir / "logos" / "maridia-star.png"
    Image.new("RGBA", (300, 300)).convert("RGB").save(logo, "JPEG")
    assert any("JPEG" in p.message for p in check_kit(kit_dir))
    Image.new("RGBA", (40, 40), (0, 0, 0, 0)).save(logo)
    (problem,) = check_kit(kit_dir)
    assert problem.file == logo and "40x40" in problem.message
    Image.new("RGBA", (300, 300), (0, 0, 0, 0)).save(logo)
    assert check_kit(kit_dir) == []


def test_font_file_that_is_not_a_font(kit_copy):
    kit_dir = kit_copy()
    (kit_dir / "fonts").mkdir()
    (kit_dir / "fonts" / "Fake.ttf").write_text("not a font")
    _break(kit_dir, 'title = { family = "Amiri", style = "Bold" }', 'title = "fonts/Fake.ttf"')
    (problem,) = check_kit(kit_dir)
    assert problem.field == "fonts.title" and "not a valid TrueType/OpenType" in problem.message


def test_problem_and_error_text_name_file_and_field(kit_copy):
    kit_dir = kit_copy()
    _break(kit_dir, 'primary = "#0B5D4B"', 'primary = "#12"')
    _break(kit_dir, "approvals_required = 2", "approvals_required = 0")
    with pytest.raises(KitError) as info:
        load_kit(kit_dir / "kit.toml")  # the kit.toml path works as well as the folder
    lines = str(info.value).splitlines()
    assert len(lines) == 3 and str(kit_dir) in lines[0]
    assert (
        lines[1]
        .strip()
        .startswith(f"{kit_dir / 'kit.toml'}: colours.primary: '#12' is not a colour")
    )
    assert "write it as #RRGGBB" in lines[1]
    assert info.value.kit_id == "embassy-cultural-ar"


def test_utf8_bom_is_accepted_and_other_encodings_explained(kit_copy):
    kit_dir = kit_copy()
    toml = kit_dir / "kit.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert check_kit(kit_dir) == []
    toml.write_bytes(text.encode("utf-8").replace("—".encode(), b"\x97"))
    (problem,) = check_kit(kit_dir)
    assert "UTF-8" in problem.message


# --- the model ---------------------------------------------------------------------------------


def test_watermark_inheritance_and_variants():
    kit = load_kit(bundled_kits_dir() / "embassy-cultural-ar")
    story = kit.watermark_for("instagram:story")
    assert (story.position, story.scale, story.logo) == ("top-left", 0.16, "light")
    assert story.opacity == kit.watermark_for("default").opacity  # inherited
    assert kit.watermark_for("instagram:reel") == kit.watermark_for("instagram")
    assert kit.watermark_for("mastodon") == kit.watermark_for("default")
    assert kit.logos[story.logo].name == "maridia-star-light.png"


def test_no_watermark_table_means_none(kit_copy):
    kit_dir = kit_copy("institut-culturel-fr")
    toml = kit_dir / "kit.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(
        text[: text.index("[watermark.default]")] + text[text.index("[lower_third]") :],
        encoding="utf-8",
    )
    assert load_kit(kit_dir).watermark_for("instagram") is None


def test_hashtags_and_handles():
    kit = load_kit(bundled_kits_dir() / "embassy-cultural-ar")
    assert kit.hashtags_for("instagram") == (
        "#MaridiaHeritage",
        "#التراث_الماريدي",
        "#Zellige",
        "#IslamicArt",
    )
    assert kit.hashtags_for("x") == ("#MaridiaHeritage", "#التراث_الماريدي")
    assert kit.handle_for("mastodon") == "@culture@social.maridia.example"
    fr = load_kit(bundled_kits_dir() / "institut-culturel-fr")
    assert fr.handle_for("instagram:story") == "@institut.valcourt"
    assert fr.name_for("ar") == "المعهد الثقافي لفالكور" and fr.name_for("de") == fr.name
    with pytest.raises(TypeError):
        fr.colours["primary"] = "#000000"  # read-only mappings


def test_content_hash_follows_files_not_location(kit_copy):
    original = load_kit(bundled_kits_dir() / "embassy-cultural-ar")
    kit_dir = kit_copy()
    copy = load_kit(kit_dir)
    assert copy.content_hash() == original.content_hash()
    logo = kit_dir / "logos" / "maridia-star-light.png"
    logo.write_bytes(logo.read_bytes() + b"\0")  # trailing bytes: still a loadable PNG
    assert copy.content_hash() != original.content_hash()
    assert len({copy, original}) == 2  # kits are hashable, by id and folder


def test_list_kits_reports_folders_without_kit_toml_and_skips_hidden(tmp_path):
    (tmp_path / "not-a-kit").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "_drafts").mkdir()
    kits = list_kits([tmp_path / "missing", tmp_path, bundled_kits_dir()])
    ids = [k.kit_id if isinstance(k, KitError) else k.id for k in kits]
    assert ids == ["embassy-cultural-ar", "institut-culturel-fr", "not-a-kit"]
    assert "kit.toml is missing" in str(kits[2])


def test_search_path_workspace_first_and_env_entries(tmp_path, monkeypatch):
    a, b = tmp_path / "a", tmp_path / "b"
    monkeypatch.setenv("STUDIO_BRAND_KITS", f"{a}{os.pathsep}{os.pathsep}{b}")
    assert kit_search_path(tmp_path / "ws") == [
        tmp_path / "ws" / "brand_kits",
        a,
        b,
        bundled_kits_dir(),
    ]
    monkeypatch.delenv("STUDIO_BRAND_KITS")
    assert kit_search_path() == [bundled_kits_dir()]
    with pytest.raises(KitNotFoundError) as info:
        find_kit("nope", kit_search_path())
    assert str(bundled_kits_dir()) in str(info.value) and "embassy-cultural-ar" in str(info.value)


# --- forbidden terms ---------------------------------------------------------------------------


def _term(term, lang=None, whole_word=True):
    return Term(term, None, "warning", "", lang, whole_word)


def test_arabic_tatweel_harakat_and_clitics():
    kit = load_kit(bundled_kits_dir() / "embassy-cultural-ar")
    text = "هذا فنّ بـــدائي، والبدائيةُ كلمة مسيئة"
    hits = find_forbidden(kit, text, "ar")
    assert [h.matched for h in hits] == [
        "بـــدائي",
        "بدائي",
    ]  # whole_word = false: inside والبدائيةُ
    assert all(text[h.start : h.end] == h.matched for h in hits)
    # A whole-word Arabic term does not match inside a longer word, but does across a line break
    # and an invisible right-to-left mark.
    text = "زيارة المقاطعةِ الشماليةِ\u200f غداً، لا المقاطعة الشماليةالجديدة"
    (hit,) = find_forbidden(kit, text.replace("غداً", "غداً\n"), "ar")
    assert hit.matched == "المقاطعةِ الشماليةِ"  # the final kasra belongs to the word
    spaced = "المقاطعة\n  الشمالية"
    assert find_forbidden(kit, spaced, "ar")[0].matched == spaced


def test_alef_forms_and_presentation_forms_fold():
    terms = [_term("أثري")]
    assert [h.matched for h in find_terms(terms, "موقع اثري وآخر إثري")] == ["اثري", "إثري"]
    assert find_terms([_term("لا")], "\ufefb")  # the lam-alef ligature is lam + alef


def test_latin_case_accents_whole_words_and_spans():
    kit = load_kit(bundled_kits_dir() / "embassy-cultural-ar")
    text = "La PROVINCE\u00a0DU NORD et la « Province du Nordique »"
    (hit,) = find_forbidden(kit, text, "fr-CA")  # region subtags match their language
    assert hit.matched == "PROVINCE\u00a0DU NORD" and hit.start == 3
    assert not find_forbidden(kit, "primitives, primitively, nonprimitive", "en")
    assert [h.matched for h in find_forbidden(kit, "(primitive) primitive-looking", "en")] == [
        "primitive",
        "primitive",
    ]
    # Accents count: "primitif" is not "prímitif"; a decomposed é still equals é.
    assert not find_terms([_term("primitif")], "prímitif")
    (hit,) = find_terms([_term("café")], "un cafe\u0301 noir")
    assert hit.matched == "cafe\u0301"
    assert not find_terms([_term("cafe")], "un café noir")  # the accent continues the word


def test_lang_filter_and_ordering():
    terms = [_term("exotic", "en"), _term("exotic craft", "en"), _term("craft")]
    text = "An exotic craft"
    hits = find_terms(terms, text, "en")
    assert [(h.start, h.matched) for h in hits] == [
        (3, "exotic craft"),
        (3, "exotic"),
        (10, "craft"),
    ]
    assert [h.matched for h in find_terms(terms, text, "fr")] == ["craft"]


# --- fonts -------------------------------------------------------------------------------------


def test_fonts_resolve_from_kit_package_and_report_clearly(tmp_path):
    fr = load_kit(bundled_kits_dir() / "institut-culturel-fr")
    assert fr.fonts["title"] == fr.fonts["body"]  # the file and the family name find the same font
    assert fr.fonts["body"].is_relative_to(fr.path)
    assert "fontpkg_amiri" in fr.fonts["arabic"].parts  # pip, not the system copy
    assert (
        resolve_font({"family": "amiri", "style": "bold italic"}, tmp_path).name
        == "Amiri-BoldItalic.ttf"
    )
    with pytest.raises(FontError, match="not found; searched the kit's fonts/ folder"):
        resolve_font({"family": "Surely Not Installed Sans"}, tmp_path)
    with pytest.raises(FontError, match="does not exist"):
        resolve_font("fonts/missing.ttf", tmp_path)


def test_kit_fonts_folder_wins_over_packages(tmp_path):
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    amiri = resolve_font({"family": "Amiri"}, tmp_path)
    shutil.copy(amiri, fonts / "MyCopy.ttf")
    assert (
        resolve_font({"family": "Amiri", "style": "Regular"}, tmp_path)
        == (fonts / "MyCopy.ttf").resolve()
    )


@pytest.mark.parametrize(
    ("style", "expected"),
    [("Regular", (400, False)), ("Book", (400, False)), ("BoldItalic", (700, True)),
     ("bold-oblique", (700, True)), ("Italic", (400, True)), ("SemiBold", (600, False)),
     ("Condensed", None), ("Bolt", None)],
)  # fmt: skip
def test_parse_style(style, expected):
    assert parse_style(style) == expected


def test_font_coverage():
    fr = load_kit(bundled_kits_dir() / "institut-culturel-fr")
    mixed = "معرض «Patrimoine» UNESCO ١٢٣ — مَرْحَبًا"
    assert font_covers(fr.fonts["arabic"], mixed)  # Amiri: Arabic, harakat and Latin
    assert font_covers(fr.fonts["title"], "Été à Valcourt : « Œuvres » — ça")
    assert missing_glyphs(fr.fonts["title"], "Musée متحف") == ["م", "ت", "ح", "ف"]
    assert font_covers(fr.fonts["title"], " \u200f\n")  # invisible characters need no glyph
    try:
        noto = resolve_font({"family": "Noto Sans Arabic"}, Path("."))
    except FontError:
        pytest.skip("Noto Sans Arabic is not installed here")
    assert font_covers(noto, "مرحبا") and not font_covers(noto, "UNESCO")
