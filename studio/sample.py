"""The sample heritage showcase: generated media, described and used in a few posts.

Used by ``studio sample`` and by the app's first run, so a new user sees a real showcase
(photos at camera resolution, a video with sound, captions in Arabic, French and English,
two brand kits) instead of an empty window.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from studio.core.workspace import Workspace
from studio.resources import assets_dir

SEEDED_KEY = "sample_seeded"


@dataclass
class SampleReport:
    created: bool
    media: dict[str, int] = field(default_factory=dict)  # asset key -> library id
    posts: list[int] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"created": self.created, "media": self.media, "posts": self.posts}


def showcase_spec() -> dict:
    with open(assets_dir() / "sample" / "showcase.json", encoding="utf-8") as fh:
        return json.load(fh)


def is_seeded(ws: Workspace) -> list[int] | None:
    row = ws.db.conn.execute("SELECT value FROM settings WHERE key = ?", (SEEDED_KEY,)).fetchone()
    return json.loads(row[0]) if row else None


def seed_sample(
    ws: Workspace,
    *,
    full_resolution: bool = True,
    progress: Callable[[str], None] | None = None,
) -> SampleReport:
    """Generate and import the sample media and create the sample posts, once per workspace."""
    from studio.media.samplegen import generate_sample_media

    done = is_seeded(ws)
    if done is not None:
        existing = [p for p in done if any(s["id"] == p for s in ws.posts.summaries())]
        return SampleReport(created=False, posts=existing)

    say = progress or (lambda _msg: None)
    report = SampleReport(created=True)
    spec = showcase_spec()
    with tempfile.TemporaryDirectory(prefix="studio-sample-") as tmp:
        say("Generating sample photos and video…")
        assets = generate_sample_media(Path(tmp), full_resolution=full_resolution)
        say("Importing into the library…")
        for asset in assets:
            imported = ws.library.import_files([asset.path])
            if imported.rejected:
                raise RuntimeError(
                    f"sample asset {asset.key} was rejected: {imported.rejected[0].reason}"
                )
            item = imported.imported[0].item
            ws.library.update(
                item.id,
                title=asset.title,
                credit=asset.credit,
                license=asset.license,
                alt=dict(asset.alt),
                tags=list(asset.tags),
                focal=asset.focal,
            )
            report.media[asset.key] = item.id
    say("Creating sample posts…")
    for post_spec in spec["posts"]:
        data = {k: v for k, v in post_spec.items() if not k.startswith("_")}
        data["media"] = [
            {**{k: v for k, v in m.items() if k != "sample"}, "id": report.media[m["sample"]]}
            for m in data.get("media", [])
        ]
        report.posts.append(ws.posts.create(data).id)
    with ws.db.transaction() as conn:
        conn.execute(
            "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)",
            (SEEDED_KEY, json.dumps(report.posts)),
        )
    return report
