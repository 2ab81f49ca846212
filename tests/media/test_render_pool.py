"""How photo work is spread over worker processes, and what the render cache keys on.

The split of one photo's outputs between workers is checked as arithmetic and on a real
render (two worker processes decode the one photo); the cache fingerprints are checked against
the modules a real render actually imports, so a new renderer module cannot be left out.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from PIL import Image

from studio.media.render import render_post
from studio.media.render_pool import SPLIT_MIN_PIXELS, spread_tasks

REPO = Path(__file__).resolve().parents[2]


def task(*sizes, start=0):
    jobs = [SimpleNamespace(size=s) for s in sizes]
    idx = list(range(start, start + len(sizes)))
    return (jobs, [Path(f"out-{i}") for i in idx], idx)


def test_a_lone_photo_with_large_outputs_is_shared_between_workers():
    sizes = [(1080, 1350), (1600, 900), (1080, 1080), (1920, 1080), (1080, 1920)]
    tasks = spread_tasks([task(*sizes)], 2)
    assert len(tasks) == 2
    assert sorted(i for t in tasks for i in t[2]) == list(range(5))
    for jobs, outs, idx in tasks:
        assert idx == sorted(idx) and [o.name for o in outs] == [f"out-{i}" for i in idx]
        assert [j.size for j in jobs] == [sizes[i] for i in idx]
    loads = [sum(w * h for w, h in (j.size for j in t[0])) for t in tasks]
    assert abs(loads[0] - loads[1]) <= max(w * h for w, h in sizes)  # about even


@pytest.mark.parametrize(
    ("tasks", "workers"),
    [
        ([task((640, 800), (640, 360), (640, 640))], 2),  # previews: a split costs more
        ([task((4000, 3000))], 2),  # one output cannot be shared
        ([task((1080, 1350), (1600, 900)), task((1080, 1350), (1600, 900), start=2)], 2),
        ([task((1080, 1350), (1600, 900), start=2 * i) for i in range(5)], 2),  # 3 + 2: fine
        ([task((1080, 1350), (1600, 900), (1920, 1080))], 1),  # one worker
    ],
)
def test_tasks_are_left_whole_where_splitting_does_not_pay(tasks, workers):
    assert spread_tasks(tasks, workers) == tasks


def test_three_photos_on_two_workers_become_four_even_tasks():
    sizes = [(1080, 1350), (1600, 900), (1920, 1080)]
    tasks = [task(*sizes, start=3 * i) for i in range(3)]
    spread = spread_tasks(tasks, 2)
    assert len(spread) == 4 and tasks[1] in spread and tasks[2] in spread  # the first split
    assert sorted(i for t in spread for i in t[2]) == list(range(9))


def test_split_threshold_is_about_two_full_size_outputs():
    assert 1080 * 1350 < SPLIT_MIN_PIXELS <= 2 * 1920 * 1080


def test_one_photo_for_five_platforms_renders_on_two_workers(workspace, tmp_path):
    from pool_probe import decoding_processes

    rng = np.random.default_rng(5)
    small = rng.integers(0, 255, (60, 90, 3), np.uint8)
    Image.fromarray(small).resize((3600, 2400), Image.Resampling.BICUBIC).save(
        tmp_path / "big.jpg", quality=90
    )
    item = workspace.library.import_files([tmp_path / "big.jpg"]).imported[0].item
    platforms = ["instagram", "x", "facebook", "mastodon", "tiktok"]
    post = workspace.posts.create(
        {"title": "t", "platforms": platforms, "text": {"en": "x"}, "media": [{"id": item.id}]}
    )
    workers, parent = decoding_processes(workspace.root, post.id, tmp_path / "out", tmp_path)
    assert len(workers) == 2 and parent not in workers
    manifest = render_post(workspace, post.id, tmp_path / "out")
    assert [f.platform for f in manifest.files] == platforms  # still in platform order
    for f in manifest.files:
        with Image.open(f.file) as im:
            assert im.size == (f.width, f.height) and im.info.get("progressive") == 1


# --- what the render cache keys on -------------------------------------------------------------

#: studio.media modules a render imports that do not decide its bytes.
NOT_DECIDING = {
    "studio.media",  # configure_pillow: which files open, not how they render
    "studio.media.jobs",  # the job and result records
}
#: Photos: the probe module only lends its pixel limit (refuse or not, never other bytes).
#: Videos have no such exemption: the probe's duration, frame rate and audio decide the plan.
NOT_DECIDING_PHOTO = {"studio.media.probe"}

_PHOTO = """
import hashlib, json, sys
from pathlib import Path
from PIL import Image
from studio.core.model import MediaItem, PostMedia
from studio.core.platforms import get_platform
from studio.media.jobs import RenderJob
from studio.media.photo_render import RENDERER_MODULES, render_photo

tmp = Path(sys.argv[1])
Image.new("RGBA", (800, 600), (100, 150, 200, 128)).save(tmp / "p.png")
data = (tmp / "p.png").read_bytes()
item = MediaItem(id=1, sha256=hashlib.sha256(data).hexdigest(), kind="photo", format="png",
                 mime="image/png", ext="png", bytes=len(data), width=800, height=600,
                 path=tmp / "p.png", original_name="p.png", credit="A", title="T")
rule = get_platform("x").image
job = RenderJob(platform="x", index=0, kind="photo", item=item, post_media=PostMedia(1),
                aspect=rule.preferred[0], size=(320, 180), focal=(0.5, 0.5), rule=rule)
render_photo(job, tmp / "o.jpg")
loaded = sorted(m for m in sys.modules if m.startswith("studio.media"))
print(json.dumps({"loaded": loaded, "listed": list(RENDERER_MODULES)}))
"""

_VIDEO = """
import json, sys
from pathlib import Path
from studio.core.model import MediaItem, PostMedia
from studio.core.platforms import get_platform
from studio.media.ffmpeg import run_ffmpeg
from studio.media.jobs import RenderJob
from studio.media.video_render import RENDERER_MODULES, render_video

tmp = Path(sys.argv[1])
src = tmp / "c.mp4"
run_ffmpeg(["-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=s=320x180:r=25:d=3.2",
            "-f", "lavfi", "-i", "sine=d=3.2", "-shortest", "-c:v", "libx264", "-preset",
            "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-y", str(src)], timeout=60)
item = MediaItem(id=1, sha256="ab" * 32, kind="video", format="mp4", mime="video/mp4",
                 ext="mp4", bytes=src.stat().st_size, width=320, height=180, path=src,
                 original_name="c.mp4")
rule = get_platform("tiktok").video
job = RenderJob(platform="tiktok", index=0, kind="video", item=item, post_media=PostMedia(1),
                aspect=rule.preferred[0], size=(180, 320), focal=(0.5, 0.5), rule=rule,
                preview=True, options={"preset": "ultrafast", "loudness": True})
render_video(job, tmp / "o.mp4")
loaded = sorted(m for m in sys.modules if m.startswith("studio.media"))
print(json.dumps({"loaded": loaded, "listed": list(RENDERER_MODULES)}))
"""


@pytest.mark.parametrize(
    ("script", "exempt"),
    [(_PHOTO, NOT_DECIDING | NOT_DECIDING_PHOTO), (_VIDEO, NOT_DECIDING)],
    ids=["photo", "video"],
)
def test_fingerprint_covers_every_module_a_render_runs(tmp_path, script, exempt):
    """A fresh process renders once; every studio.media module it imported must be hashed
    into the cache key (or be one that cannot change the bytes)."""
    proc = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    listed = {f"studio.media.{name}" for name in data["listed"]}
    missing = set(data["loaded"]) - listed - exempt
    assert not missing, f"add to RENDERER_MODULES: {sorted(missing)}"
    for name in data["listed"]:
        assert (REPO / "studio" / "media" / f"{name}.py").is_file(), name


def test_editing_a_renderer_module_changes_the_fingerprint(tmp_path, monkeypatch):
    """The fingerprint reads each listed module's source: a copy with one module edited
    gives another key, so new code never serves an old render."""
    import shutil

    copy = tmp_path / "studio"
    shutil.copytree(REPO / "studio", copy, ignore=shutil.ignore_patterns("__pycache__"))
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "from studio.media.photo_render import renderer_fingerprint as p;"
        "from studio.media.render_run import video_fingerprint as v; print(p(), v())"
    )

    def fingerprints() -> list[str]:
        out = subprocess.run(
            [sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True
        )
        assert out.returncode == 0, out.stderr
        return out.stdout.split()

    before = fingerprints()
    resample = copy / "media" / "photo_resample.py"
    resample.write_text(resample.read_text("utf-8") + "\n# edited\n", "utf-8")
    between = fingerprints()
    plan = copy / "media" / "video_plan.py"
    plan.write_text(plan.read_text("utf-8") + "\n# edited\n", "utf-8")
    after = fingerprints()
    assert between[0] != before[0] and between[1] == before[1]
    assert after[1] != between[1] and after[0] == between[0]
