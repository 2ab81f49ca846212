"""What every built-in adapter shares: construction, the server URL and the rule checks.

Third-party adapters may subclass this too (it is re-exported by :mod:`studio.api` as
``BaseAdapter``), but only the protocol is the contract.
"""

from __future__ import annotations

from typing import Any, ClassVar

from studio.core.platforms import Platform, get_platform
from studio.core.textcount import count_text
from studio.publish import http
from studio.publish.protocol import (
    API_VERSION,
    Account,
    Capabilities,
    Context,
    MediaFile,
    PublishRequest,
    SecretSpec,
)


class BaseAdapter:
    NAME: ClassVar[str] = ""
    DISPLAY_NAME: ClassVar[str] = ""
    API_VERSIONS: ClassVar[tuple[int, ...]] = (API_VERSION,)
    CAPABILITIES: ClassVar[Capabilities] = Capabilities()
    SECRET: ClassVar[SecretSpec] = SecretSpec("access token")
    RULES: ClassVar[str | None] = None
    DEFAULT_SERVER: ClassVar[str | None] = None

    def __init__(self, account: Account, context: Context) -> None:
        self.account = account
        self.ctx = context

    # -- helpers ----------------------------------------------------------------------------
    @property
    def server(self) -> str:
        """Base URL: the account's own (an instance, a PDS, a test server) or the default."""
        base = self.account.server or self.DEFAULT_SERVER
        if not base:
            raise ValueError(f"account {self.account.name!r} needs a server URL (--server)")
        return base.rstrip("/")

    @property
    def rules(self) -> Platform | None:
        return get_platform(self.RULES) if self.RULES else None

    def call(self, method: str, path_or_url: str, *, what: str, **kw: Any):
        """:func:`studio.publish.http.request` against ``server`` (or an absolute URL)."""
        url = path_or_url if "://" in path_or_url else self.server + path_or_url
        return http.request(self.ctx.http, method, url, what=what, **kw)

    def server_limits(self) -> dict[str, int] | None:
        """Per-account limits learned from the server (Mastodon); None: the platform's own."""
        return None

    # -- protocol defaults ----------------------------------------------------------------------
    def prepare(self, request: PublishRequest) -> list[str]:
        """Problems the platform would refuse, judged by the shared platform rules."""
        rules = self.rules
        if rules is None:
            return []
        problems: list[str] = []
        field = "text" if request.media or rules.message is None else "message"
        counted = count_text(rules.id, request.text, field=field, server=self.server_limits())
        problems += [f"text: {p}" for p in counted.problems]
        photos = [m for m in request.media if m.kind == "photo"]
        videos = [m for m in request.media if m.kind == "video"]
        media = rules.media
        if media.requires_media and not request.media:
            problems.append(f"{rules.name} posts need a photo or a video")
        if len(request.media) > media.max_items:
            problems.append(f"{len(request.media)} media, {rules.name} takes {media.max_items}")
        if len(photos) > media.max_images:
            problems.append(f"{len(photos)} photos, {rules.name} takes {media.max_images}")
        if len(videos) > media.max_videos:
            problems.append(f"{len(videos)} videos, {rules.name} takes {media.max_videos}")
        if photos and videos and not media.allow_mixed:
            problems.append(f"{rules.name} does not take photos and videos in one post")
        for m in request.media:
            problems += self._file_problems(rules, m)
        return problems

    def _file_problems(self, rules: Platform, m: MediaFile) -> list[str]:
        rule = rules.image if m.kind == "photo" else rules.video
        if rule is None:
            return [f"{rules.name} does not take {m.kind}s ({m.path.name})"]
        size = m.path.stat().st_size
        if size > rule.max_bytes:
            return [f"{m.path.name}: {size} bytes, over {rules.name}'s {rule.max_bytes}"]
        return []

    def reconcile(self, request: PublishRequest):
        from studio.publish.protocol import UncertainError

        raise UncertainError(
            f"{self.DISPLAY_NAME or self.NAME} gives no way to check whether an interrupted "
            "post went out; check the account and confirm in the outbox"
        )
