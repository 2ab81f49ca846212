"""The user's preferences, typed and versioned, kept apart from window state (Picard's
``setting`` vs ``persist``): both live in the same QSettings file, under ``prefs/`` and
``window/`` respectively, so "reset the window layout" never loses a preference.

A missing or malformed value reads as its default; ``migrate`` upgrades older files in place
(version 1 is the first, so there is nothing to convert yet, only the version to record).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from PySide6.QtCore import QSettings

from studio.core.platforms import PLATFORM_IDS
from studio.gui.i18n import UI_LANGUAGES

VERSION = 1
KITS_ENV = "STUDIO_BRAND_KITS"
_ORIGINAL_KITS_ENV = os.environ.get(KITS_ENV, "")


@dataclass
class Preferences:
    language: str = ""  # "" follows the system; else one of UI_LANGUAGES
    kits_folder: str = ""  # an organisation's shared kits, searched after the workspace's own
    default_kit: str = ""  # the brand kit of a new post ("" : none)
    default_platforms: list[str] = field(default_factory=list)  # a new post's targets

    @classmethod
    def load(cls, settings: QSettings) -> Preferences:
        migrate(settings)
        language = str(settings.value("prefs/language", "") or "")
        platforms = settings.value("prefs/default_platforms", [])
        if isinstance(platforms, str):
            platforms = [p for p in platforms.split(",") if p]
        return cls(
            language=language if language in UI_LANGUAGES else "",
            kits_folder=str(settings.value("prefs/kits_folder", "") or ""),
            default_kit=str(settings.value("prefs/default_kit", "") or ""),
            default_platforms=[p for p in (platforms or []) if p in PLATFORM_IDS],
        )

    def save(self, settings: QSettings) -> None:
        settings.setValue("prefs/version", VERSION)
        settings.setValue("prefs/language", self.language)
        settings.setValue("prefs/kits_folder", self.kits_folder)
        settings.setValue("prefs/default_kit", self.default_kit)
        settings.setValue("prefs/default_platforms", ",".join(self.default_platforms))
        settings.sync()

    def apply_kits_folder(self) -> None:
        """Put the chosen folder first in the kits search path core reads ($STUDIO_BRAND_KITS),
        keeping whatever the environment already named after it."""
        parts = [self.kits_folder] if self.kits_folder else []
        parts += [p for p in _ORIGINAL_KITS_ENV.split(os.pathsep) if p.strip()]
        if parts:
            os.environ[KITS_ENV] = os.pathsep.join(parts)
        else:
            os.environ.pop(KITS_ENV, None)


def migrate(settings: QSettings) -> None:
    version = settings.value("prefs/version", 0)
    try:
        version = int(version)
    except (TypeError, ValueError):
        version = 0
    if version < VERSION:
        settings.setValue("prefs/version", VERSION)
