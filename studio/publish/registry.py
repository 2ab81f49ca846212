"""Adapter discovery: every adapter, built-in or third-party, comes from one entry-point group.

Why entry points for the built-ins too: there is then one way in, and the checks below apply
to our own adapters as much as to a plugin someone installed. Each entry point is loaded and
checked inside its own ``try``; a broken one (import error, an exception while importing, a
wrong API version, missing methods) becomes a :class:`Problem` naming the entry point and
the reason, and the others still load. Nothing here is ever fatal to the app.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from importlib import metadata
from typing import Any

from studio.core.errors import StudioError
from studio.publish.protocol import API_VERSION, Capabilities, SecretSpec

GROUP = "studio.adapters"
REQUIRED_METHODS = ("verify", "prepare", "upload", "publish", "reconcile")
REQUIRED_ATTRS = ("NAME", "DISPLAY_NAME", "API_VERSIONS", "CAPABILITIES", "SECRET")


class UnknownAdapterError(StudioError):
    """No usable adapter has this name; the message lists those that work and those broken."""


@dataclass(frozen=True)
class Problem:
    entry_point: str  # the entry-point name
    target: str  # "module:Class" it points at
    distribution: str | None  # the package that declared it
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {
            "entry_point": self.entry_point,
            "target": self.target,
            "distribution": self.distribution,
            "reason": self.reason,
        }

    def __str__(self) -> str:
        origin = f" from {self.distribution}" if self.distribution else ""
        return f"adapter {self.entry_point!r} ({self.target}{origin}) skipped: {self.reason}"


@dataclass(frozen=True)
class AdapterInfo:
    cls: type
    entry_point: str
    distribution: str | None

    @property
    def name(self) -> str:
        return self.cls.NAME

    def to_json(self) -> dict[str, Any]:
        cls = self.cls
        secret: SecretSpec = cls.SECRET
        return {
            "name": cls.NAME,
            "display_name": cls.DISPLAY_NAME,
            "api_versions": list(cls.API_VERSIONS),
            "capabilities": cls.CAPABILITIES.to_json(),
            "rules": getattr(cls, "RULES", None),
            "default_server": getattr(cls, "DEFAULT_SERVER", None),
            "secret": {
                "label": secret.label,
                "help": secret.help,
                "json_fields": list(secret.json_fields),
                "required": getattr(secret, "required", True),
            },
            "signs_in": callable(getattr(cls, "sign_in", None)),
            "distribution": self.distribution,
        }


def check_adapter(obj: Any) -> str | None:
    """Why ``obj`` cannot be used as an adapter of this studio, or None when it can."""
    if not isinstance(obj, type):
        return f"it is a {type(obj).__name__}, not an adapter class"
    missing = [a for a in REQUIRED_ATTRS if not hasattr(obj, a)]
    if missing:
        return f"it does not declare {', '.join(missing)}"
    if not isinstance(obj.NAME, str) or not obj.NAME:
        return "NAME must be a non-empty text"
    versions = obj.API_VERSIONS
    if not isinstance(versions, tuple | list) or API_VERSION not in versions:
        return (
            f"it supports plugin API version(s) {versions!r}, this studio speaks {API_VERSION}; "
            "update the adapter package"
        )
    if not isinstance(obj.CAPABILITIES, Capabilities):
        return "CAPABILITIES must be a studio.api.Capabilities"
    if not isinstance(obj.SECRET, SecretSpec):
        return "SECRET must be a studio.api.SecretSpec"
    rules = getattr(obj, "RULES", None)
    if rules is not None:
        from studio.core.platforms import PLATFORM_IDS

        if rules not in PLATFORM_IDS:
            return f"RULES {rules!r} is not a platform id ({', '.join(PLATFORM_IDS)})"
    lacking = [m for m in REQUIRED_METHODS if not callable(getattr(obj, m, None))]
    if lacking:
        return f"it lacks the method(s) {', '.join(lacking)}"
    return None


class Registry:
    """The adapters found in one scan, and the problems met on the way."""

    def __init__(self, adapters: dict[str, AdapterInfo], problems: list[Problem]):
        self.adapters = adapters
        self.problems = problems

    def names(self) -> list[str]:
        return sorted(self.adapters)

    def get(self, name: str) -> type:
        info = self.adapters.get(name)
        if info is None:
            broken = [p for p in self.problems if p.entry_point == name]
            why = f" ({broken[0].reason})" if broken else ""
            raise UnknownAdapterError(
                f"no usable adapter {name!r}{why}; usable: {', '.join(self.names()) or 'none'} "
                "(see `studio adapters`)"
            )
        return info.cls


def scan(entry_points: Any = None) -> Registry:
    """Load and check every ``studio.adapters`` entry point; never raises for a bad plugin."""
    if entry_points is None:
        entry_points = metadata.entry_points(group=GROUP)
    adapters: dict[str, AdapterInfo] = {}
    problems: list[Problem] = []
    for ep in sorted(entry_points, key=lambda e: e.name):
        dist = getattr(getattr(ep, "dist", None), "name", None)

        def problem(reason: str, ep=ep, dist=dist) -> None:
            problems.append(Problem(ep.name, ep.value, dist, reason))

        try:
            obj = ep.load()
        except ModuleNotFoundError as exc:
            problem(f"cannot import {exc.name!r} (not installed yet?)")
            continue
        except Exception as exc:  # anything a plugin's import can raise: report, go on
            problem(f"importing it failed: {type(exc).__name__}: {str(exc)[:200]}")
            continue
        try:
            reason = check_adapter(obj)
        except Exception as exc:  # a property that raises while we look at it
            reason = f"checking it failed: {type(exc).__name__}: {str(exc)[:200]}"
        if reason is None and ep.name != obj.NAME:
            reason = f"its NAME is {obj.NAME!r}; register it under that entry-point name"
        if reason is None and obj.NAME in adapters:
            reason = f"{adapters[obj.NAME].entry_point!r} already provides {obj.NAME!r}"
        if reason is not None:
            problem(reason)
            continue
        adapters[obj.NAME] = AdapterInfo(obj, ep.name, dist)
    return Registry(adapters, problems)


_lock = threading.Lock()
_cached: Registry | None = None


def registry(*, refresh: bool = False) -> Registry:
    """The process-wide scan (plugins are installed between runs, not during one)."""
    global _cached
    with _lock:
        if _cached is None or refresh:
            _cached = scan()
        return _cached


def get_adapter(name: str) -> type:
    return registry().get(name)
