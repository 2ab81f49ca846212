"""Adding and testing accounts: where the adapter, the keyring and the workspace meet.

The core's :class:`~studio.core.accounts.AccountService` stores; this module knows adapters:
which post platform an account serves, what its secret must look like, how a browser sign-in
gets one, and how ``verify`` is called. The CLI and the Settings screen both call these.
"""

from __future__ import annotations

import json
import webbrowser
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from studio.core.accounts import AccountError, AccountRecord, check_account_name, check_options
from studio.core.platforms import PLATFORM_IDS
from studio.publish.context import LocalContext
from studio.publish.http import new_session
from studio.publish.protocol import AccountInfo, AdapterError, SignsIn
from studio.publish.registry import get_adapter
from studio.publish.runner import credentials_for, protocol_account, scrub, secret_values

if TYPE_CHECKING:
    from studio.core.workspace import Workspace


def serves(cls: type, options: Mapping[str, str]) -> str:
    """The post platform an account of ``cls`` publishes to: the adapter's, else its option.

    Only adapters without ``RULES`` (the folder export) take ``--option platform``: a
    Mastodon account cannot be told to serve X posts.
    """
    rules = getattr(cls, "RULES", None)
    if rules and options.get("platform") not in (None, rules):
        raise AccountError(
            f"{cls.NAME} accounts serve {rules} posts; --option platform="
            f"{options['platform']} does not apply to them"
        )
    pid = rules or options.get("platform")
    if not pid:
        raise AccountError(
            f"{cls.NAME} accounts must say which post platform they serve: --option "
            f"platform=ID ({', '.join(PLATFORM_IDS)})"
        )
    if pid not in PLATFORM_IDS:
        raise AccountError(f"--option platform={pid}: use one of {', '.join(PLATFORM_IDS)}")
    return pid


def needs_secret(cls: type) -> bool:
    return bool(getattr(cls.SECRET, "required", True))


def can_sign_in(cls: type) -> bool:
    """Adapters implementing :class:`~studio.publish.protocol.SignsIn` (OAuth)."""
    return issubclass(cls, SignsIn)


def check_secret(cls: type, secret: str) -> str:
    """Shape checks only; the message never contains the secret."""
    secret = secret.strip()
    if not secret:
        raise AccountError(f"{cls.DISPLAY_NAME}: the {cls.SECRET.label} is empty")
    fields = cls.SECRET.json_fields
    if fields:
        try:
            value = json.loads(secret)
        except ValueError:
            raise AccountError(
                f"{cls.DISPLAY_NAME}: the {cls.SECRET.label} must be a JSON object with "
                f"{', '.join(fields)}"
            ) from None
        missing = [f for f in fields if not isinstance(value, dict) or f not in value]
        if missing:
            raise AccountError(
                f"{cls.DISPLAY_NAME}: the {cls.SECRET.label} lacks {', '.join(missing)}"
            )
    return secret


def add_account(
    ws: Workspace,
    platform: str,
    name: str,
    *,
    secret: str | None,
    server: str | None = None,
    handle: str | None = None,
    lang: str | None = None,
    options: Mapping[str, Any] | None = None,
    open_url: Callable[[str], Any] | None = None,
    client_secret: str | None = None,
) -> AccountRecord:
    """Check everything, get the secret (given, or by browser sign-in), store the account.

    ``secret`` None means "none given": adapters that sign in run their browser flow (through
    ``open_url``, default the system browser), others are refused (the CLI asks with a hidden
    prompt before calling this). ``client_secret`` is the app's OAuth client secret for
    adapters that sign in with one (``OAUTH_CLIENT_SECRET``): it goes to the adapter and,
    inside the token bundle, to the keyring only.
    """
    from studio.core import secrets

    cls = get_adapter(platform)
    name = check_account_name(name)
    opts = check_options(options or {})
    served = serves(cls, opts)
    existing = ws.accounts.find(name)
    if existing is not None and existing.active:  # before any browser or prompt
        raise AccountError(
            f"account {name!r} already exists ({existing.platform}); remove it first "
            f"(studio accounts remove {name}) or choose another name"
        )
    if not needs_secret(cls):
        secret = None  # nothing for the keyring
    elif secret is None:
        if not can_sign_in(cls):
            raise AccountError(f"{cls.DISPLAY_NAME} needs its {cls.SECRET.label}")
        secrets.check_available()  # before the browser: the token would have nowhere to go
        draft = protocol_account(AccountRecord(name, cls.NAME, served, server, handle, lang, opts))
        try:
            extra = {"client_secret": client_secret} if client_secret else {}
            secret = cls.sign_in(draft, new_session(), open_url or webbrowser.open, **extra)
        except AdapterError as exc:
            raise AccountError(f"{cls.DISPLAY_NAME} sign-in failed: {exc.message}") from None
        secret = check_secret(cls, secret or "")
    else:
        secret = check_secret(cls, secret)
    return ws.accounts.add(
        name,
        cls.NAME,
        serves=served,
        secret=secret,
        server=server,
        handle=handle,
        lang=lang,
        options=opts,
    )


def test_account(ws: Workspace, name: str, *, http: Any = None) -> AccountInfo:
    """Call the platform's verify-credentials for ``name``; audited either way."""
    record = ws.accounts.get(name)
    cls = get_adapter(record.platform)
    creds = credentials_for(ws, record, needs_secret(cls))
    ctx = LocalContext(creds, http=http)
    adapter = cls(protocol_account(record), ctx)
    try:
        info = adapter.verify()
    except AdapterError as exc:
        message = scrub(exc.message, secret_values(creds.secret))
        ws.accounts.record_test(name, False, {"error": message[:500]})
        raise AccountError(f"account {name!r}: {message}") from None
    ws.accounts.record_test(name, True, {"handle": info.handle})
    return info


def info_json(info: AccountInfo) -> dict[str, Any]:
    return {
        "handle": info.handle,
        "display_name": info.display_name,
        "url": info.url,
        "limits": dict(info.limits),
    }
