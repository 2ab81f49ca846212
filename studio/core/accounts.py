"""Publishing accounts: the non-secret half in the workspace, the secret in the OS keyring.

Why split: the workspace folder is copied, backed up and shared for review, so it must never
hold a token. The row keeps what a reviewer may see (platform, server, handle, language,
options such as a Telegram chat id); the secret goes to the keyring through
:mod:`studio.core.secrets` under ``account:{workspace_id}:{name}`` and is read only when a
delivery or a test starts. The secret is written before the row and removed again if the row
cannot be written, so there is never an account whose secret went missing half-way.

``serves`` is the post platform (a :data:`studio.core.platforms.PLATFORM_IDS` id) an account
publishes to: the adapter's ``RULES``, or the account's ``platform`` option for adapters that
serve any platform (folder export). The core matches a post's accounts to its platforms with
it, without importing adapters.

Accounts are never deleted, only marked removed: deliveries and audit entries name them.
Re-adding a removed name reuses its row.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from studio.core import secrets
from studio.core.errors import NotFoundError, StudioError
from studio.core.timeutil import now_iso

if TYPE_CHECKING:
    from studio.core.workspace import Workspace

_NAME_RE = re.compile(r"^[\w][\w.@-]{0,63}$")
_OPTION_KEY_RE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")

Listener = Callable[[str], None]


class AccountError(StudioError):
    """An account name, option or action is not acceptable; the message says what to do."""


@dataclass(frozen=True)
class AccountRecord:
    name: str
    platform: str  # adapter NAME
    serves: str | None  # the post platform id it publishes to
    server: str | None = None
    handle: str | None = None
    lang: str | None = None
    options: Mapping[str, str] = field(default_factory=dict)
    has_secret: bool = True  # False: the adapter needs none, nothing is in the keyring
    created_at: str = ""
    updated_at: str = ""
    removed_at: str | None = None

    @property
    def active(self) -> bool:
        return self.removed_at is None

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "platform": self.platform,
            "serves": self.serves,
            "server": self.server,
            "handle": self.handle,
            "lang": self.lang,
            "options": dict(self.options),
            "has_secret": self.has_secret,
            "active": self.active,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
            "removed_at": self.removed_at,
        }


def check_account_name(name: Any) -> str:
    """NFC account label: letters, digits, ``_ . @ -``; at most 64 characters."""
    if not isinstance(name, str):
        raise AccountError("an account name must be text, e.g. 'embassy-bsky'")
    name = unicodedata.normalize("NFC", name.strip())
    if not _NAME_RE.match(name):
        raise AccountError(
            f"{name!r} is not a usable account name: use letters, digits, '_', '.', '@' or '-' "
            "(at most 64, starting with a letter or digit), e.g. 'embassy-bsky'"
        )
    return name


def check_options(options: Mapping[str, Any]) -> dict[str, str]:
    out = {}
    for key, value in options.items():
        if not _OPTION_KEY_RE.match(str(key)):
            raise AccountError(
                f"option {key!r}: names are lower case letters, digits and '_' (e.g. chat_id)"
            )
        if secrets_like(str(key)):
            raise AccountError(
                f"option {key!r} looks like a secret; secrets go to the keyring only "
                "(--secret-stdin or the hidden prompt), never into account options"
            )
        out[str(key)] = str(value)
    return out


def secrets_like(key: str) -> bool:
    return bool(re.search(r"secret|password|passphrase|token|private|credential", key, re.I))


def secret_entry(workspace_id: str, name: str) -> str:
    """The keyring user name of an account's secret (service ``heritage-studio``)."""
    return f"account:{workspace_id}:{name}"


def _record(row) -> AccountRecord:
    return AccountRecord(
        name=row["name"],
        platform=row["platform"],
        serves=row["serves"],
        server=row["server"],
        handle=row["handle"],
        lang=row["lang"],
        options=json.loads(row["options"]),
        has_secret=bool(row["has_secret"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        removed_at=row["removed_at"],
    )


class AccountService:
    """``ws.accounts``: add, list, read secrets of and remove publishing accounts.

    Adapters are not known here (the core never imports them): the caller (the CLI or the
    window, through :mod:`studio.publish.accounts`) resolves the adapter and passes ``serves``.
    """

    def __init__(self, workspace: Workspace):
        self.ws = workspace
        self.db = workspace.db
        self._listeners: list[Listener] = []

    def subscribe(self, listener: Listener) -> None:
        """Call ``listener(account_name)`` after every committed change (Settings refreshes)."""
        self._listeners.append(listener)

    def _changed(self, name: str) -> None:
        for listener in list(self._listeners):
            listener(name)

    # -- reading -------------------------------------------------------------------------
    def find(self, name: str) -> AccountRecord | None:
        row = self.db.conn.execute("SELECT * FROM account WHERE name = ?", (name,)).fetchone()
        return _record(row) if row else None

    def get(self, name: str) -> AccountRecord:
        found = self.find(name)
        if found is None or not found.active:
            raise NotFoundError(
                f"no account {name!r} in this workspace (see `studio accounts list`)"
            )
        return found

    def list(self, *, include_removed: bool = False) -> list[AccountRecord]:
        rows = self.db.conn.execute("SELECT * FROM account ORDER BY name").fetchall()
        records = [_record(r) for r in rows]
        return [r for r in records if include_removed or r.active]

    def serving(self, names: list[str]) -> dict[str, str]:
        """name -> served post platform for the active accounts among ``names``."""
        out = {}
        for name in names:
            found = self.find(name)
            if found is not None and found.active and found.serves:
                out[name] = found.serves
        return out

    def secret_entry(self, name: str) -> str:
        return secret_entry(self.ws.workspace_id, name)

    def secret(self, name: str) -> str:
        """The account's secret from the keyring ("" for adapters that need none)."""
        if not self.get(name).has_secret:
            return ""
        try:
            return secrets.fetch(self.secret_entry(name))
        except secrets.SecretNotFoundError:
            raise AccountError(
                f"account {name!r} has no secret in this computer's keyring (it was added on "
                f"another computer, or the entry was deleted); add it again: studio accounts "
                f"add PLATFORM {name}"
            ) from None

    def store_secret(self, name: str, secret: str) -> None:
        """Replace the secret (a refreshed OAuth token); the keyring entry only."""
        self.get(name)
        secrets.store(self.secret_entry(name), secret)

    # -- changing ------------------------------------------------------------------------
    def add(
        self,
        name: str,
        platform: str,
        *,
        serves: str | None,
        secret: str | None,
        server: str | None = None,
        handle: str | None = None,
        lang: str | None = None,
        options: Mapping[str, Any] | None = None,
    ) -> AccountRecord:
        """Create (or re-add a removed) account; secret into the keyring first.

        ``secret`` None: the adapter needs none (folder export), and the keyring is not used.
        """
        from studio.core import audit
        from studio.core.platforms import PLATFORM_IDS
        from studio.core.post_format import check_lang

        name = check_account_name(name)
        opts = check_options(options or {})
        if serves is not None and serves not in PLATFORM_IDS:
            raise AccountError(
                f"{serves!r} is not a post platform; use one of {', '.join(PLATFORM_IDS)}"
            )
        if lang:
            try:
                check_lang(lang, "--lang")
            except StudioError as exc:
                raise AccountError(str(exc)) from None
        existing = self.find(name)
        if existing is not None and existing.active:
            raise AccountError(
                f"account {name!r} already exists ({existing.platform}); remove it first "
                f"(studio accounts remove {name}) or choose another name"
            )
        entry = self.secret_entry(name)
        if secret is not None:
            secrets.check_available()  # refuse before anything is written
            secrets.store(entry, secret)
        now = now_iso()
        try:
            with self.db.transaction() as conn:
                conn.execute(
                    "INSERT INTO account (name, platform, serves, server, handle, lang, options, "
                    "has_secret, created_at, updated_at, removed_at) VALUES "
                    "(?,?,?,?,?,?,?,?,?,?,NULL) ON CONFLICT (name) DO UPDATE SET platform = "
                    "excluded.platform, serves = excluded.serves, server = excluded.server, "
                    "handle = excluded.handle, lang = excluded.lang, options = excluded.options, "
                    "has_secret = excluded.has_secret, updated_at = excluded.updated_at, "
                    "removed_at = NULL",
                    (
                        name,
                        platform,
                        serves,
                        server or None,
                        handle or None,
                        lang or None,
                        json.dumps(opts, ensure_ascii=False, sort_keys=True),
                        int(secret is not None),
                        now,
                        now,
                    ),
                )
                audit.record(
                    self.ws,
                    "account.added",
                    detail={
                        "name": name,
                        "platform": platform,
                        "serves": serves,
                        "server": server or None,
                        "handle": handle or None,
                        "options": sorted(opts),
                        "in_keyring": secret is not None,
                    },
                )
        except BaseException:
            if secret is not None:
                secrets.delete(entry)
            raise
        self._changed(name)
        return self.get(name)

    def remove(self, name: str) -> AccountRecord:
        """Mark removed and delete its secret; queued deliveries to it can no longer go out."""
        from studio.core import audit

        record = self.get(name)
        now = now_iso()
        with self.db.transaction() as conn:
            conn.execute(
                "UPDATE account SET removed_at = ?, updated_at = ? WHERE name = ?",
                (now, now, name),
            )
            audit.record(self.ws, "account.removed", detail={"name": name})
        try:
            secrets.delete(self.secret_entry(name))
        except secrets.KeyringUnavailableError:
            if record.has_secret:
                raise
        self._changed(name)
        found = self.find(name)
        assert found is not None
        return found

    def record_test(self, name: str, ok: bool, detail: dict[str, Any]) -> None:
        """Audit a verify-credentials call (who we would post as, or why it failed)."""
        from studio.core import audit

        audit.record(self.ws, "account.tested", detail={"name": name, "ok": ok, **detail})
