"""Adapters that load but must be refused by the registry, each for one reason."""

from __future__ import annotations

from studio.api import Capabilities, SecretSpec
from studio_test_adapter.noticeboard import NoticeboardAdapter


class FutureApiAdapter(NoticeboardAdapter):
    """Written for a plugin API this studio does not speak (registered: test-future-api)."""

    NAME = "test-future-api"
    API_VERSIONS = (99,)


class NoPublishAdapter:
    """Declares everything but cannot publish (used by the registry tests directly)."""

    NAME = "test-no-publish"
    DISPLAY_NAME = "No publish"
    API_VERSIONS = (1,)
    CAPABILITIES = Capabilities()
    SECRET = SecretSpec("token")
    RULES = None
    DEFAULT_SERVER = None

    def verify(self): ...

    def prepare(self, request): ...

    def upload(self, media, request): ...

    def reconcile(self, request): ...


NOT_A_CLASS = object()
