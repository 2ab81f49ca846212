"""The sample showcase: generated from code, complete, truthful metadata, idempotent."""

from __future__ import annotations

import re
import shutil
import time

import numpy as np
import pytest
from PIL import Image, ImageOps

from studio.media.ffmpeg import run_ffmpeg
from studio.media.probe import probe
from studio.media.samplecatalog import CATALOG
from studio.media.samplegen import MANIFEST, generate_sample_media

ARABIC = re.compile(r"[\u0600-\u06FF]")


def test_catalogue_is_complete_and_trilingual(samples):
    assert set(samples) == {
        "zellige",
        "tesserae",
        "arches",
        "girih",
        "azulejo",
        "mosaic-film",
    }
    kinds = [a.kind for a in samples.values()]
    assert kinds.count("photo") == 5 and kinds.count("video") == 1
    for asset in samples.values():
        assert asset.path.is_file() and asset.path.stat().st_size > 10_000
        assert set(asset.alt) == {"ar", "fr", "en"}
        assert len(ARABIC.findall(asset.alt["ar"])) > 40, asset.key
        assert all(len(text) > 60 for text in asset.alt.values())
        assert asset.license == "CC0-1.0" and asset.credit == "Heritage Studio sample (generated)"
        assert asset.title and asset.tags and all(0 <= c <= 1 for c in asset.focal)
    suffixes = sorted(a.path.suffix for a in samples.values())
    assert suffixes == [".heic", ".jpg", ".jpg", ".jpg", ".mp4", ".png"]
    full_sizes = [spec.size for spec in CATALOG if spec.kind == "photo"]
    assert full_sizes.count((6000, 4000)) >= 2


def test_rotated_sample_is_upright_only_once_orientation_is_applied(samples):
    stored = Image.open(samples["arches"].path)
    assert stored.size == (2016, 1512) and stored.getexif()[0x0112] == 6
    shown = np.asarray(ImageOps.exif_transpose(stored).convert("RGB"), np.float32)
    top, bottom = shown[:40].mean(axis=(0, 1)), shown[-30:].mean(axis=(0, 1))
    assert top[2] > top[0] + 40  # blue sky at the top...
    assert abs(bottom[0] - bottom[2]) < 40  # ...grey stone paving at the bottom


def test_gps_written_is_the_catalogued_fictional_position(samples):
    exif = Image.open(samples["zellige"].path).getexif()
    gps = exif.get_ifd(0x8825)
    spec = next(s for s in CATALOG if s.key == "zellige")
    lat = sum(float(v) / 60**i for i, v in enumerate(gps[2])) * (1 if gps[1] == "N" else -1)
    lon = sum(float(v) / 60**i for i, v in enumerate(gps[4])) * (1 if gps[3] == "E" else -1)
    assert (lat, lon) == pytest.approx(spec.gps, abs=1e-4)


def test_clip_has_audible_sound(samples):
    proc = run_ffmpeg(
        ["-i", str(samples["mosaic-film"].path), "-af", "volumedetect", "-vn", "-f", "null", "-"],
        timeout=60,
    )
    mean = float(re.search(r"mean_volume: (-?[\d.]+) dB", proc.stderr.decode()).group(1))
    assert -40 < mean < -10


def test_generation_is_idempotent_and_repairs_damage(samples, tmp_path):
    source = samples["zellige"].path.parent
    copy = tmp_path / "copy"
    shutil.copytree(source, copy)
    before = {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in copy.iterdir()}
    start = time.perf_counter()
    generate_sample_media(copy, full_resolution=False)
    assert time.perf_counter() - start < 2
    assert all(p.stat().st_mtime_ns == before[p.name][0] for p in copy.iterdir())

    damaged = copy / samples["arches"].path.name
    damaged.write_bytes(before[damaged.name][1][:5000])
    generate_sample_media(copy, full_resolution=False)
    assert damaged.read_bytes() == before[damaged.name][1]  # regenerated, bit for bit
    untouched = copy / samples["zellige"].path.name
    assert untouched.stat().st_mtime_ns == before[untouched.name][0]
    assert (copy / MANIFEST).is_file()


@pytest.mark.slow
def test_full_resolution_generation_and_probe_speed(tmp_path):
    start = time.perf_counter()
    assets = {a.key: a for a in generate_sample_media(tmp_path, full_resolution=True)}
    elapsed = time.perf_counter() - start
    assert elapsed < 40, f"full-resolution samples took {elapsed:.1f} s"
    sizes = {key: (probe(a.path).width, probe(a.path).height) for key, a in assets.items()}
    assert sizes == {
        "zellige": (6000, 4000),
        "tesserae": (6000, 4000),
        "arches": (3024, 4032),
        "girih": (4032, 3024),
        "azulejo": (4032, 3024),
        "mosaic-film": (1920, 1080),
    }
    start = time.perf_counter()
    probe(assets["zellige"].path)  # a 24 MP JPEG
    assert time.perf_counter() - start < 0.5


def test_every_sample_the_showcase_posts_use_is_generated():
    import json

    from studio.resources import assets_dir

    showcase = json.loads((assets_dir() / "sample" / "showcase.json").read_text("utf-8"))
    used = {m["sample"] for post in showcase["posts"] for m in post.get("media", [])}
    assert used <= {spec.key for spec in CATALOG}
