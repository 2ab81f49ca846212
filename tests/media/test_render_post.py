"""Planning and rendering whole posts: aspects, refusals, manifest, cache, cancel, videos."""

from __future__ import annotations

import hashlib
import json
import math
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from studio.core.model import MediaItem, Post, PostMedia
from studio.core.platforms import PLATFORM_IDS, get_platform
from studio.media.jobs import RenderCancelled
from studio.media.render import (
    MANIFEST,
    PREVIEW_LONG_SIDE,
    RenderError,
    UnsupportedMediaError,
    plan_jobs,
    render_post,
)

MANIFEST_KEYS = {
    "platform",
    "index",
    "kind",
    "file",
    "width",
    "height",
    "bytes",
    "sha256",
    "source_sha256",
}


def media_item(id=1, kind="photo", width=4000, height=3000, **kw) -> MediaItem:
    base = dict(
        id=id,
        sha256=f"{id:064x}",
        kind=kind,
        format="jpeg" if kind == "photo" else "mp4",
        mime="image/jpeg" if kind == "photo" else "video/mp4",
        ext="jpg" if kind == "photo" else "mp4",
        bytes=1000,
        width=width,
        height=height,
        path=Path(f"/nonexistent/{id}"),
        original_name=f"item{id}.{'jpg' if kind == 'photo' else 'mp4'}",
        title=f"Item {id}",
    )
    return MediaItem(**{**base, **kw})


def post_with(*items, platforms=("instagram",), **pm) -> tuple[Post, dict]:
    media = [PostMedia(media_id=i.id, **pm) for i in items]
    return Post(id=1, title="Post", platforms=list(platforms), media=media), {
        i.id: i for i in items
    }


# --- planning --------------------------------------------------------------------------------


def test_aspect_is_the_crop_else_closest_preferred_else_first():
    wide = media_item(width=4000, height=3000)  # 1.33, inside Instagram's 0.8..1.91
    post, media = post_with(wide, platforms=["instagram", "x", "tiktok"])
    by = {j.platform: j for j in plan_jobs(post, media, None)}
    assert by["instagram"].aspect.name == "1:1"  # closest of 4:5, 1:1, 1.91:1 to 4:3
    assert by["x"].aspect.name == "16:9"
    assert by["tiktok"].aspect.name == "1:1"
    tall = media_item(width=1000, height=3000)  # 0.33: outside Instagram's range
    post, media = post_with(tall, platforms=["instagram", "x"])
    by = {j.platform: j for j in plan_jobs(post, media, None)}
    assert by["instagram"].aspect.name == "4:5"  # the platform's first preferred aspect
    assert by["x"].aspect.name == "1:1"  # X takes any shape: closest preferred
    post, media = post_with(wide, platforms=["instagram"], crop={"instagram": "4:5"})
    job = plan_jobs(post, media, None)[0]
    assert (job.aspect.name, job.size) == ("4:5", (1080, 1350))


def test_sizes_never_upscale_photos_and_previews_are_small():
    small = media_item(width=800, height=600)
    post, media = post_with(small, platforms=["x", "instagram"])
    by = {j.platform: j for j in plan_jobs(post, media, None)}
    assert by["x"].size == (800, 450)  # 16:9 crop of 800x600 is 800 wide: no upscale
    assert by["instagram"].size == (600, 600)
    tiny = media_item(width=100, height=100)
    post, media = post_with(tiny, platforms=["instagram"])
    assert plan_jobs(post, media, None)[0].size == (320, 320)  # Instagram's minimum width
    post, media = post_with(media_item(), platforms=["bluesky", "x"])
    for job in plan_jobs(post, media, None, preview=True):
        assert max(job.size) <= PREVIEW_LONG_SIDE and job.preview
        assert abs(job.size[0] / job.size[1] - job.aspect.ratio) < 0.01


def test_focal_from_post_else_item():
    item = media_item(focal=(0.2, 0.3))
    post, media = post_with(item, platforms=["x"])
    assert plan_jobs(post, media, None)[0].focal == (0.2, 0.3)
    post, media = post_with(item, platforms=["x"], focal=(0.9, 0.1))
    assert plan_jobs(post, media, None)[0].focal == (0.9, 0.1)


MEDIA_SETS = {
    "one photo": [media_item()],
    "five photos": [media_item(id=i) for i in range(1, 6)],
    "eleven photos": [media_item(id=i) for i in range(1, 12)],
    "photo + video": [media_item(1), media_item(2, kind="video", duration=20.0)],
    "two videos": [media_item(1, kind="video", duration=20.0), media_item(2, kind="video", duration=20.0)],
    "long video": [media_item(kind="video", duration=1500.0)],
    "short video": [media_item(kind="video", duration=1.0)],
}  # fmt: skip
_PLANNER_CODES = {"media.too_many", "media.mixed", "media.too_many_videos",
                  "media.too_many_photos", "video.too_long", "video.too_short"}  # fmt: skip


@pytest.mark.parametrize("platform", PLATFORM_IDS)
@pytest.mark.parametrize("name", MEDIA_SETS)
def test_render_refuses_exactly_what_validation_reports(platform, name):
    """The planner and validation share one media-rule check: same verdict, same words."""
    from studio.core.validation import validate_post

    post, media = post_with(*MEDIA_SETS[name], platforms=[platform])
    findings = validate_post(post, media, None)
    reported = [f.message for f in findings if f.code in _PLANNER_CODES and f.platform == platform]
    try:
        plan_jobs(post, media, None)
    except UnsupportedMediaError as exc:
        assert any(f.severity == "error" and f.platform == platform for f in findings)
        if "takes no" not in str(exc):  # photo on YouTube: media.photo_unsupported there
            assert reported and all(m in str(exc) for m in reported), (str(exc), reported)
    else:
        assert not reported, reported


@pytest.mark.parametrize(
    ("items", "platforms", "pm", "message"),
    [
        ([media_item()], ["youtube"], {}, r"YouTube takes no photos: media\[0\] “Item 1” is a photo"),
        ([media_item(kind="video", duration=1500.0)], ["x"], {},
         r"media\[0\] “Item 1”: X takes videos up to 20 min; this one lasts 25 min\. Set a trim"),
        ([media_item(kind="video", duration=1500.0)], ["x"], {"trim": (0.0, 1300.0)},
         r"lasts 21 min 40 s\. Shorten the trim"),
        ([media_item(kind="video", duration=1.0)], ["instagram"], {}, r"at least 3 s"),
        ([media_item(id=i) for i in range(1, 6)], ["x"], {}, r"X takes at most 4 media per post"),
        ([media_item(1), media_item(2, kind="video", duration=5.0)], ["bluesky"], {},
         r"Bluesky cannot mix photos and videos"),
    ],
)  # fmt: skip
def test_platforms_that_cannot_take_the_media_are_refused_by_name(items, platforms, pm, message):
    post, media = post_with(*items, platforms=platforms, **pm)
    with pytest.raises(UnsupportedMediaError, match=message):
        plan_jobs(post, media, None)


def test_video_within_limits_and_trim_is_planned():
    video = media_item(kind="video", width=1920, height=1080, duration=1500.0)
    post, media = post_with(video, platforms=["x", "youtube"], trim=(10.0, 70.0))
    jobs = plan_jobs(post, media, None)
    assert [(j.platform, j.kind, j.trim) for j in jobs] == [
        ("x", "video", (10.0, 70.0)),
        ("youtube", "video", (10.0, 70.0)),
    ]
    assert all(w % 2 == 0 and h % 2 == 0 for w, h in (j.size for j in jobs))


def test_unknown_crop_and_missing_media_are_clear_errors():
    post, media = post_with(media_item(), platforms=["x"], crop={"x": "wide"})
    with pytest.raises(RenderError, match="not an aspect ratio"):
        plan_jobs(post, media, None)
    post, _ = post_with(media_item(), platforms=["x"])
    with pytest.raises(RenderError, match=r"item #1 is no longer in the library"):
        plan_jobs(post, {}, None)


# --- rendering a stored post ---------------------------------------------------------------------


def _photo(path: Path, seed: int, size=(1600, 1200)) -> Path:
    rng = np.random.default_rng(seed)
    small = rng.integers(0, 255, (size[1] // 40, size[0] // 40, 3), np.uint8)
    Image.fromarray(small).resize(size, Image.Resampling.BICUBIC).save(path, quality=90)
    return path


@pytest.fixture
def stored_post(workspace, tmp_path):
    """A post with three photos (three sources) for three platforms."""
    src = tmp_path / "src"
    src.mkdir()
    paths = [_photo(src / f"p{i}.jpg", i) for i in range(3)]
    report = workspace.library.import_files(paths)
    ids = [f.item.id for f in report.imported]
    for i in ids:
        workspace.library.update(i, credit="Atelier", license="CC BY 4.0")
    post = workspace.posts.create(
        {
            "title": "Zellige",
            "platforms": ["instagram", "x", "bluesky"],
            "text": {"en": "x"},
            "media": [{"id": i} for i in ids],
        }
    )
    return post


def test_render_post_writes_every_output_and_a_manifest(workspace, stored_post, tmp_path):
    out = tmp_path / "out"
    seen = []
    manifest = render_post(workspace, stored_post.id, out, progress=seen.append)
    assert len(manifest.files) == 9 and seen[-1] == pytest.approx(1.0)
    assert seen == sorted(seen)
    data = json.loads((out / MANIFEST).read_text("utf-8"))
    assert data["post"] == stored_post.id and len(data["outputs"]) == 9
    items = {
        i.sha256 for i in workspace.library.get_many(m.media_id for m in stored_post.media).values()
    }
    for entry in data["outputs"]:
        assert set(entry) == MANIFEST_KEYS  # photos: no duration
        path = out / entry["file"]
        raw = path.read_bytes()
        assert hashlib.sha256(raw).hexdigest() == entry["sha256"] and len(raw) == entry["bytes"]
        with Image.open(path) as im:
            assert im.size == (entry["width"], entry["height"])
        assert entry["kind"] == "photo" and entry["source_sha256"] in items
        assert entry["bytes"] <= get_platform(entry["platform"]).image.max_bytes
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [MANIFEST] + [e["file"] for e in data["outputs"]]
    )


def test_unchanged_rerender_comes_from_the_cache(workspace, stored_post, tmp_path):
    first = render_post(workspace, stored_post.id, tmp_path / "a")
    assert not any(f.cached for f in first.files)
    again = render_post(workspace, stored_post.id, tmp_path / "b")
    assert all(f.cached for f in again.files)
    assert [f.sha256 for f in again.files] == [f.sha256 for f in first.files]
    for f in again.files:
        assert hashlib.sha256(f.file.read_bytes()).hexdigest() == f.sha256
    # Moving one photo's focal point re-renders that photo only.
    media = [m.to_json() for m in stored_post.media]
    media[1]["focal"] = [0.1, 0.1]
    workspace.posts.update(stored_post.id, {"media": media})
    third = render_post(workspace, stored_post.id, tmp_path / "c")
    assert {f.index for f in third.files if not f.cached} == {1}


def test_corrupted_cache_entry_is_not_served(workspace, stored_post, tmp_path):
    first = render_post(workspace, stored_post.id, tmp_path / "a", ["x"])
    first.files[0].file.write_bytes(b"edited in place")  # hard-linked into the cache
    again = render_post(workspace, stored_post.id, tmp_path / "b", ["x"])
    bad = next(f for f in again.files if f.index == 0)
    assert not bad.cached and bad.file.read_bytes() != b"edited in place"


@pytest.mark.parametrize("sources", [1, 3])  # in-process path and process-pool path
def test_cancel_mid_render_removes_partial_files(workspace, stored_post, tmp_path, sources):
    if sources == 1:
        workspace.posts.update(stored_post.id, {"media": [stored_post.media[0].to_json()]})
    out = tmp_path / "out"
    calls = []

    def cancelled() -> bool:
        calls.append(1)
        return len(calls) > 3

    with pytest.raises(RenderCancelled):
        render_post(workspace, stored_post.id, out, cancelled=cancelled)
    assert list(out.iterdir()) == []  # no outputs, no temp files, no manifest


def test_rerender_with_fewer_platforms_removes_stale_outputs(workspace, stored_post, tmp_path):
    out = tmp_path / "out"
    render_post(workspace, stored_post.id, out)
    render_post(workspace, stored_post.id, out, ["x"])
    assert sorted(p.name for p in out.iterdir()) == [MANIFEST, "x-1.jpg", "x-2.jpg", "x-3.jpg"]


def test_refusal_writes_nothing(workspace, stored_post, tmp_path):
    with pytest.raises(UnsupportedMediaError, match="YouTube"):
        render_post(workspace, stored_post.id, tmp_path / "out", ["youtube"])
    assert not (tmp_path / "out").exists()


def test_preview_renders_are_small(workspace, stored_post, tmp_path):
    manifest = render_post(workspace, stored_post.id, tmp_path / "p", ["bluesky"], preview=True)
    assert all(max(f.width, f.height) <= PREVIEW_LONG_SIDE for f in manifest.files)
    assert json.loads(manifest.path.read_text("utf-8"))["preview"] is True


def write_kit(folder: Path) -> Path:
    """A kit with a magenta logo at the bottom right (the same one test_render_photo uses)."""
    kit = folder / "test-kit"
    kit.mkdir(parents=True)
    Image.new("RGBA", (200, 100), (255, 0, 255, 255)).save(kit / "logo.png")
    (kit / "kit.toml").write_text(
        'schema_version = 1\nname = "Test"\nlanguages = ["en"]\n'
        '[colours]\nprimary = "#0B5D3B"\nsecondary = "#C8A24A"\nbackground = "#F4EFE6"\n'
        'text = "#1B1B1B"\n[fonts]\ntitle = { family = "Amiri" }\nbody = { family = "Amiri" }\n'
        '[logos]\nprimary = "logo.png"\n[watermark.default]\nscale = 0.2\nopacity = 1.0\n',
        "utf-8",
    )
    return kit


def test_kit_overlays_and_kit_edits_invalidate_the_cache(workspace, stored_post, tmp_path):
    kit = write_kit(workspace.root / "brand_kits")
    workspace.posts.update(stored_post.id, {"brand_kit": kit.name})
    plain = render_post(workspace, stored_post.id, tmp_path / "a", ["instagram"])
    assert not any(f.cached for f in plain.files)
    logo = Image.open(kit / "logo.png").convert("RGBA")
    logo.paste((0, 255, 0, 255), (0, 0, 200, 100))  # a new logo
    logo.save(kit / "logo.png")
    again = render_post(workspace, stored_post.id, tmp_path / "b", ["instagram"])
    assert not any(f.cached for f in again.files)
    with Image.open(again.files[0].file) as im:
        a = np.asarray(im.convert("RGB")).astype(int)
    assert ((a[..., 1] > 200) & (a[..., 0] < 80) & (a[..., 2] < 80)).sum() > 1000  # green logo


def test_broken_kit_is_an_error_not_a_silent_render_without_overlays(
    workspace, stored_post, tmp_path
):
    kit = workspace.root / "brand_kits" / "broken-kit"
    kit.mkdir(parents=True)
    (kit / "kit.toml").write_text("name = [", "utf-8")
    workspace.posts.update(stored_post.id, {"brand_kit": "broken-kit"})
    with pytest.raises(RenderError, match="broken-kit"):
        render_post(workspace, stored_post.id, tmp_path / "out")


def test_video_jobs_go_to_the_video_renderer(workspace, samples, tmp_path):
    pytest.importorskip(
        "studio.media.video_render", reason="studio.media.video_render is not written yet"
    )
    clip = workspace.library.import_files([samples["mosaic-film"].path]).imported[0].item
    photo = workspace.library.import_files([samples["zellige"].path]).imported[0].item
    post = workspace.posts.create(
        {
            "title": "Film",
            "platforms": ["instagram", "threads"],
            "text": {"en": "x"},
            "media": [{"id": clip.id, "trim": [0.0, 3.5]}, {"id": photo.id}],
        }
    )
    manifest = render_post(workspace, post.id, tmp_path / "out", preview=True)
    data = json.loads(manifest.path.read_text("utf-8"))
    videos = [e for e in data["outputs"] if e["kind"] == "video"]
    assert {e["platform"] for e in videos} == {"instagram", "threads"}
    for entry in videos:
        assert set(entry) >= MANIFEST_KEYS and math.isclose(entry["duration"], 3.5, abs_tol=0.2)
        assert (tmp_path / "out" / entry["file"]).stat().st_size == entry["bytes"]
    again = render_post(workspace, post.id, tmp_path / "again", preview=True)
    assert all(f.cached for f in again.files)


def test_photos_of_several_sources_render_on_two_worker_processes(workspace, stored_post, tmp_path):
    from pool_probe import decoding_processes

    workers, parent = decoding_processes(workspace.root, stored_post.id, tmp_path / "out", tmp_path)
    assert len(workers) == 2 and parent not in workers


def test_cancelled_rerender_leaves_no_manifest_and_none_of_its_files(
    workspace, stored_post, tmp_path
):
    out = tmp_path / "out"
    render_post(workspace, stored_post.id, out, ["x"])
    (workspace.cache_dir / "renders").rename(tmp_path / "no-cache")  # force real rendering
    media = [m.to_json() for m in stored_post.media]
    for m in media:
        m["focal"] = [0.3, 0.3]
    workspace.posts.update(stored_post.id, {"media": media})
    calls = []
    with pytest.raises(RenderCancelled):
        render_post(
            workspace,
            stored_post.id,
            out,
            ["x"],
            cancelled=lambda: len(calls.append(1) or calls) > 4,
        )
    assert not (out / MANIFEST).exists()
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_pool_is_safe_when_threads_are_running(workspace, stored_post, tmp_path):
    """The GUI has threads: forking it would be unsafe, so the pool uses forkserver."""
    import threading

    from studio.media.render_pool import mp_context

    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, daemon=True)
    thread.start()
    try:
        assert mp_context().get_start_method() in ("forkserver", "spawn")
        manifest = render_post(workspace, stored_post.id, tmp_path / "out", ["x", "bluesky"])
    finally:
        stop.set()
        thread.join()
    assert len(manifest.files) == 6 and all(f.file.exists() for f in manifest.files)


def test_instagram_carousel_items_share_the_first_items_aspect(tmp_path):
    """Instagram crops carousel items to the first one's aspect: render them that way."""
    import pytest as _pytest

    from studio.core.model import MediaItem, Post, PostMedia
    from studio.media.render import UnsupportedMediaError, plan_jobs

    def photo(i, w, h):
        return MediaItem(
            id=i,
            sha256=f"{i}" * 64,
            kind="photo",
            format="jpeg",
            mime="image/jpeg",
            ext="jpg",
            bytes=1000,
            width=w,
            height=h,
            path=tmp_path / f"{i}.jpg",
            original_name=f"{i}.jpg",
        )

    media = {1: photo(1, 3000, 2000), 2: photo(2, 2000, 2000), 3: photo(3, 2000, 3000)}
    post = Post(
        id=1,
        title="t",
        platforms=["instagram", "x"],
        text={"en": "x"},
        media=[PostMedia(1), PostMedia(2), PostMedia(3)],
    )
    jobs = plan_jobs(post, media, None)
    ig = {j.aspect.name for j in jobs if j.platform == "instagram"}
    assert len(ig) == 1  # one shared aspect on Instagram...
    x = [j.aspect.name for j in jobs if j.platform == "x"]
    assert len(set(x)) > 1  # ...while X chooses per item (landscape, square, portrait differ)
    post.media[0].crop = {"instagram": "4:5"}
    assert {j.aspect.name for j in plan_jobs(post, media, None) if j.platform == "instagram"} == {
        "4:5"
    }
    post.media[2].crop = {"instagram": "1:1"}
    with _pytest.raises(UnsupportedMediaError, match="first one's aspect"):
        plan_jobs(post, media, None)
