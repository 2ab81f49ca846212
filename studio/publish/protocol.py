"""The contract between the outbox and a platform adapter, kept free of Qt and of the workspace.

Why a small, frozen vocabulary: adapters are plugins that third parties write and ship on
their own schedule, so everything they see is a plain dataclass or a documented callable,
versioned by :data:`API_VERSION`. The outbox owns retries, pacing, idempotency bookkeeping,
the approval gate and the keyring; an adapter only speaks its platform's HTTP API and says,
through the error classes below, what kind of failure it met.

Exactly-once is a joint duty. The outbox gives every delivery a stable ``key`` and calls
``publish`` again only after ``reconcile`` (the adapter's "did an earlier attempt already
post this?") answers ``None``. Adapters send the key where the platform accepts one
(Mastodon's ``Idempotency-Key``, a Bluesky record key), or find the earlier post by looking it
up; when neither is possible they raise :class:`UncertainError` and a person decides.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar, Protocol, runtime_checkable

#: Bumped when a change would break an existing adapter; adapters list what they support.
API_VERSION = 1


# -- errors: the outbox decides what to do from the class, the user reads the message -----
class AdapterError(Exception):
    """A failure the adapter understood. ``message`` is for the user; never put a secret in it.

    ``platform_message`` is the platform's own words (shown verbatim), ``status`` the HTTP
    status when there was one.
    """

    retryable: ClassVar[bool] = False

    def __init__(
        self, message: str, *, platform_message: str | None = None, status: int | None = None
    ):
        super().__init__(message)
        self.message = message
        self.platform_message = platform_message
        self.status = status


class AuthError(AdapterError):
    """The credentials were refused or expired beyond refresh: the user must sign in again."""


class RejectedError(AdapterError):
    """The platform refused this content (too long, bad media, duplicate...): do not retry."""


class TransientError(AdapterError):
    """A failure worth retrying later: 5xx, a dropped connection, a timeout, offline."""

    retryable = True

    def __init__(self, message: str, *, offline: bool = False, **kw: Any):
        super().__init__(message, **kw)
        self.offline = offline  # no route to the platform at all: wait for the network


class RateLimitedError(TransientError):
    """The platform asked us to slow down; ``retry_after`` seconds if it said (Retry-After)."""

    def __init__(self, message: str, *, retry_after: float | None = None, **kw: Any):
        super().__init__(message, **kw)
        self.retry_after = retry_after


class UncertainError(AdapterError):
    """An earlier attempt may or may not have posted and the platform cannot be asked.

    The outbox stops retrying the delivery and asks a person to check and confirm.
    """


# -- what an adapter declares ------------------------------------------------------------
@dataclass(frozen=True)
class Capabilities:
    alt_text: bool = False
    video: bool = False
    threads: bool = False  # can post a reply chain
    language_tags: bool = False
    server_scheduling: bool = False  # the platform can hold a post until a time itself
    async_media: bool = False  # uploads are processed server-side and must be polled
    delete: bool = False
    metrics: bool = False
    # How a retry after an unknown outcome is made safe: "key" (the platform dedupes on a key we
    # send), "lookup" (we can find an earlier post), "none" (UncertainError, a person decides).
    idempotency: str = "none"
    oauth: bool = False  # secrets come from a browser sign-in, not a pasted token

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class SecretSpec:
    """What the account's secret is, so `accounts add` and Settings can ask for it properly."""

    label: str  # "access token", "app password", "bot token", "OAuth client (JSON)"
    help: str = ""  # where the user finds it
    json_fields: tuple[str, ...] = ()  # for JSON secrets: the keys that must be present
    required: bool = True  # False: the adapter needs no secret (folder export)


# -- what an adapter receives --------------------------------------------------------------
@dataclass(frozen=True)
class Account:
    """The non-secret account data kept in the workspace."""

    name: str  # the user's label, unique in the workspace ("maridia-bsky")
    platform: str  # adapter NAME
    server: str | None = None  # instance/PDS/API base URL; None: the adapter's default
    handle: str | None = None
    lang: str | None = None  # default language of posts from this account
    options: Mapping[str, str] = field(default_factory=dict)  # e.g. chat_id, page_id


class Credentials:
    """The account's secret, read from the keyring when the delivery starts.

    ``update`` writes a refreshed secret (e.g. a rotated OAuth token) back to the keyring
    at once; adapters must call it before using the new token.
    """

    __slots__ = ("_secret", "_update")

    def __init__(self, secret: str, update: Callable[[str], None] | None = None):
        self._secret = secret
        self._update = update

    def __repr__(self) -> str:  # never show the secret, even in a traceback
        return "Credentials(<hidden>)"

    @property
    def secret(self) -> str:
        return self._secret

    def json(self) -> dict[str, Any]:
        """The secret parsed as a JSON object (OAuth bundles); a clear error if it is not."""
        try:
            value = json.loads(self._secret)
        except ValueError:
            raise AuthError(
                "the stored secret is not the JSON this adapter needs; add the account again"
            ) from None
        if not isinstance(value, dict):
            raise AuthError("the stored secret is not a JSON object; add the account again")
        return value

    def update(self, secret: str) -> None:
        self._secret = secret
        if self._update is not None:
            self._update(secret)


@dataclass(frozen=True)
class MediaFile:
    """One approved, rendered file. ``read()`` refuses bytes that are not the approved ones."""

    path: Path
    kind: str  # "photo" | "video"
    mime: str  # "image/jpeg", "image/png", "video/mp4"
    width: int
    height: int
    sha256: str
    alt: str  # alt text in the post's language (empty when there is none)
    alt_by_lang: Mapping[str, str] = field(default_factory=dict)
    duration: float | None = None
    poster: Path | None = None  # a still for video thumbnails, when rendered
    read: Callable[[], bytes] | None = None  # verified reader; falls back to the file

    def data(self) -> bytes:
        return self.read() if self.read is not None else self.path.read_bytes()


@dataclass(frozen=True)
class PublishRequest:
    """One delivery: exactly this text and these files to this account."""

    key: str  # idempotency key, stable across every retry of this delivery (hex, 32+ chars)
    account: Account
    text: str
    media: tuple[MediaFile, ...] = ()
    langs: tuple[str, ...] = ()  # BCP 47, first is the main language
    title: str | None = None  # YouTube
    schedule_at: datetime | None = None  # aware UTC; only given when server_scheduling is used


@dataclass(frozen=True)
class UploadedMedia:
    """A platform-side handle for one uploaded file (media id, blob ref, container id)."""

    ref: Any  # JSON-able
    media: MediaFile


@dataclass(frozen=True)
class Published:
    remote_id: str
    url: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)  # JSON-able, shown in the outbox


@dataclass(frozen=True)
class AccountInfo:
    """What verify-credentials told us: who we would post as."""

    handle: str
    display_name: str | None = None
    url: str | None = None
    limits: Mapping[str, Any] = field(default_factory=dict)  # e.g. Mastodon's max_characters


class Context(Protocol):
    """What the outbox lends an adapter for one call."""

    #: A ``requests.Session`` with the studio's User-Agent; adapters pass their own timeouts.
    http: Any
    credentials: Credentials

    def progress(self, fraction: float, message: str = "") -> None:
        """Report upload/processing progress (0..1) to the outbox and the window."""

    def check_cancelled(self) -> None:
        """Raise if the user paused publishing or cancelled; call between chunks and polls."""

    def remember(self, key: str, value: Any) -> None:
        """Persist a JSON-able value for this delivery (survives a crash), e.g. upload ids."""

    def recall(self, key: str) -> Any:
        """A value ``remember``-ed by an earlier attempt of this delivery, or None."""

    def sleep(self, seconds: float) -> None:
        """Wait (for async media processing) while still honouring pause and cancel."""


@runtime_checkable
class Adapter(Protocol):
    """A platform adapter. Registered under the ``studio.adapters`` entry-point group.

    Construction is cheap and does no I/O: ``Adapter(account, context)``.
    """

    NAME: ClassVar[str]  # platform id; built-ins use studio.core.platforms ids
    DISPLAY_NAME: ClassVar[str]
    API_VERSIONS: ClassVar[tuple[int, ...]]
    CAPABILITIES: ClassVar[Capabilities]
    SECRET: ClassVar[SecretSpec]
    #: studio.core.platforms id whose counting rule and media limits apply (None: no checks).
    RULES: ClassVar[str | None]
    #: Base URL used when the account sets no ``server``.
    DEFAULT_SERVER: ClassVar[str | None]

    def __init__(self, account: Account, context: Context) -> None: ...

    def verify(self) -> AccountInfo:
        """Call the platform's verify-credentials endpoint; AuthError if refused."""

    def prepare(self, request: PublishRequest) -> list[str]:
        """Problems that would make the platform refuse this request (empty: fine)."""

    def upload(self, media: MediaFile, request: PublishRequest) -> UploadedMedia:
        """Upload one file (chunked/resumable and polled where the platform needs it)."""

    def publish(self, request: PublishRequest, uploads: list[UploadedMedia]) -> Published:
        """Create the post. Send ``request.key`` as the platform allows."""

    def reconcile(self, request: PublishRequest) -> Published | None:
        """After an attempt with an unknown outcome: the post if it exists, else None.

        Raise UncertainError when the platform gives no way to tell.
        """


@runtime_checkable
class SignsIn(Protocol):
    """Adapters whose secret comes from a browser sign-in (OAuth) implement this classmethod.

    ``open_url`` opens the system browser; the adapter listens on a loopback redirect, trades
    the code for tokens and returns the secret to keep in the keyring (a JSON string).

    Where the inputs come from (the built-ins follow this; see studio/publish/oauth.py):

    - ``account.options["client_id"]``: the app's OAuth client id (not a secret);
      ``account.options["redirect_port"]``: the loopback port registered with the app
      (absent or 0: any free port, for platforms that allow it).
    - ``client_secret`` (keyword): the app's client secret. It IS a secret, so it never goes
      in ``options``: the caller reads it from a hidden prompt or stdin (``--secret-stdin``)
      and passes it here; the adapter returns it inside the JSON bundle, which goes to the
      keyring. The class attribute ``OAUTH_CLIENT_SECRET`` says whether to ask for it:
      "required", "optional" (press Enter to skip) or "none".
    - ``timeout`` (keyword): seconds to wait for the browser to come back (default 300).

    Raises ``AuthError`` with a message for the user: the user refused, no answer in time
    (closed the browser), a missing ``client_id``, the redirect port in use.
    """

    @classmethod
    def sign_in(
        cls,
        account: Account,
        http: Any,
        open_url: Callable[[str], None],
        *,
        client_secret: str | None = None,
        timeout: float = 300.0,
    ) -> str: ...


@runtime_checkable
class Deletes(Protocol):
    def delete(self, published: Published) -> None: ...


@runtime_checkable
class Measures(Protocol):
    def metrics(self, published: Published) -> dict[str, int]: ...
