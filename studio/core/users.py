"""People of a workspace: their role and their Ed25519 signing key.

The private half of each key lives only in the OS keyring of the computer where the user was
added (``secrets``, entry ``signing-key:{workspace_id}:{name}``); the workspace holds the public
half, so anyone with the workspace can check a signature and nobody can make one without that
keyring. Users are never deleted, only marked removed: their past signatures must still be
explainable in ``studio status``, and a removed user's signatures no longer count.

Who acts: ``acting_as`` (the CLI's ``--user``) wins, then ``$STUDIO_USER``, then the OS login.
"""

from __future__ import annotations

import base64
import contextlib
import contextvars
import getpass
import hashlib
import os
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from studio.core.errors import NotFoundError, StudioError
from studio.core.timeutil import now_iso

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from studio.core.workspace import Workspace

ROLES = ("author", "approver")
_NAME_RE = re.compile(r"^[\w][\w.@-]{0,63}$")
_acting: contextvars.ContextVar[str | None] = contextvars.ContextVar("studio_user", default=None)


class UserError(StudioError):
    """A user name, role or user action is not acceptable; the message says what to do."""


@dataclass(frozen=True)
class User:
    name: str
    role: str
    public_key: str  # base64 of the raw 32-byte Ed25519 public key
    created_at: str
    updated_at: str
    removed_at: str | None = None

    @property
    def active(self) -> bool:
        return self.removed_at is None

    @property
    def fingerprint(self) -> str:
        """Short, comparable id of the public key, for checking keys out of band."""
        return key_fingerprint(self.public_key)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "role": self.role,
            "active": self.active,
            "public_key": self.public_key,
            "fingerprint": self.fingerprint,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
            "removed_at": self.removed_at,
        }


def key_fingerprint(public_key_b64: str) -> str:
    digest = hashlib.sha256(base64.b64decode(public_key_b64)).hexdigest()
    return "ed25519:" + ":".join(digest[i : i + 4] for i in range(0, 16, 4))


def check_public_key(value: Any) -> str:
    """The canonical base64 of a raw 32-byte Ed25519 public key, or a UserError saying why not."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        raw = base64.b64decode(str(value).strip(), validate=True)
        Ed25519PublicKey.from_public_bytes(raw)
    except ValueError:
        raw = b""
    if len(raw) != 32:
        raise UserError(
            f"--public-key {str(value)[:60]!r} is not an Ed25519 public key: give the 44-character "
            "base64 text that `studio keys init NAME` printed on the reviewer's computer"
        )
    return base64.b64encode(raw).decode("ascii")


def check_name(name: Any) -> str:
    """NFC-normalised user name: letters, digits, ``_ . @ -``; at most 64 characters."""
    if not isinstance(name, str):
        raise UserError("a user name must be text, e.g. 'amina' or 'a.benali'")
    name = unicodedata.normalize("NFC", name.strip())
    if not _NAME_RE.match(name):
        raise UserError(
            f"{name!r} is not a usable user name: use letters, digits, '_', '.', '@' or '-' "
            "(at most 64 characters, starting with a letter or digit), e.g. 'a.benali'"
        )
    return name


def check_role(role: Any) -> str:
    if role not in ROLES:
        raise UserError(f"{role!r} is not a role; use one of: {', '.join(ROLES)}")
    return role


@contextlib.contextmanager
def acting_as(name: str | None) -> Iterator[None]:
    """Run the block as user ``name`` (None keeps the default); the CLI's ``--user``."""
    token = _acting.set(check_name(name) if name else None)
    try:
        yield
    finally:
        _acting.reset(token)


def current_user_name() -> str:
    """Who is acting: ``acting_as``, else ``$STUDIO_USER``, else the OS login."""
    name = _acting.get() or os.environ.get("STUDIO_USER", "").strip()
    if not name:
        try:
            name = getpass.getuser()
        except (OSError, KeyError):
            raise UserError(
                "cannot tell who is acting: pass --user NAME or set STUDIO_USER"
            ) from None
    return check_name(name)


def actor_name() -> str:
    """``current_user_name()`` for records: "unknown" instead of failing an edit or a log."""
    try:
        return current_user_name()
    except UserError:
        return "unknown"


def key_entry(workspace_id: str, name: str) -> str:
    """The keyring user name of a signing key (service ``heritage-studio``)."""
    return f"signing-key:{workspace_id}:{name}"


class UserService:
    def __init__(self, workspace: Workspace):
        self.ws = workspace
        self.db = workspace.db

    # -- read -----------------------------------------------------------------------
    def find(self, name: str) -> User | None:
        row = self.db.conn.execute(
            "SELECT * FROM user WHERE name = ?", (unicodedata.normalize("NFC", name),)
        ).fetchone()
        return _user(row) if row else None

    def get(self, name: str) -> User:
        user = self.find(name)
        if user is None:
            raise NotFoundError(
                f"no user {name!r} in this workspace; add one with "
                f"`studio user add {name} --role author|approver` (see `studio user list`)"
            )
        return user

    def require_active(self, name: str | None = None) -> User:
        """The acting (or named) user, who must exist and not be removed."""
        user = self.get(name or current_user_name())
        if not user.active:
            raise UserError(
                f"user {user.name!r} was removed from this workspace on {user.removed_at}; "
                "ask a colleague to add them again"
            )
        return user

    def list(self, *, include_removed: bool = False) -> list[User]:
        sql = "SELECT * FROM user" + ("" if include_removed else " WHERE removed_at IS NULL")
        return [_user(r) for r in self.db.conn.execute(sql + " ORDER BY name")]

    # -- change ---------------------------------------------------------------------
    def _require_manager(self, what: str) -> str:
        """Who may manage people: anyone until the first approver exists, then approvers only.

        Otherwise an author could give a second name of theirs the approver role and approve
        their own post. Returns the acting user's name for the audit log.
        """
        actor = current_user_name()
        approvers = [u.name for u in self.list() if u.role == "approver"]
        if approvers and actor not in approvers:
            raise UserError(
                f"only an approver can {what} once the workspace has approvers; {actor!r} is "
                f"not one. Run it as an approver, e.g. `studio --user {approvers[0]} ...`"
            )
        return actor

    def _keep_an_approver(self, leaving: User) -> None:
        """Never leave the workspace without approvers: it would open user management to all."""
        others = [u for u in self.list() if u.role == "approver" and u.name != leaving.name]
        if leaving.role == "approver" and not others:
            raise UserError(
                f"{leaving.name!r} is the last approver; add another approver first "
                "(studio user add NAME --role approver)"
            )

    def add(self, name: str, role: str, *, public_key: str | None = None) -> User:
        """Create the user and their signing key (private half into this computer's keyring).

        The key is saved in the keyring before the row is written and removed again if the
        write fails, so there is never a workspace user whose key was lost half-way.

        ``public_key`` (base64 of a raw Ed25519 public key) registers someone whose private key
        lives in another computer's keyring (an offline reviewer's ``studio keys init``): no
        key is made or stored here, and that person signs with ``studio review``.
        """
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        from studio.core import audit, secrets

        name, role = check_name(name), check_role(role)
        public = check_public_key(public_key) if public_key is not None else None
        self._require_manager("add users")
        existing = self.find(name)
        if existing is not None and existing.active:
            raise UserError(
                f"user {name!r} already exists (role {existing.role}); change the role with "
                f"`studio user role {name} ROLE`"
            )
        if public is not None:
            holder = next((u for u in self.list() if u.public_key == public), None)
            if holder is not None:
                raise UserError(
                    f"public key {key_fingerprint(public)} already belongs to {holder.name!r}; "
                    "each person needs their own key (studio keys init NAME on their computer)"
                )
        entry = key_entry(self.ws.workspace_id, name)
        if public is None:
            key = Ed25519PrivateKey.generate()
            secrets.store(entry, _private_b64(key))
            public = _public_b64(key)
            del key
        else:
            entry = None  # nothing stored here, nothing to clean up
        now = now_iso()
        try:
            with self.db.transaction() as conn:
                conn.execute(
                    "INSERT INTO user (name, role, public_key, created_at, updated_at) "
                    "VALUES (?,?,?,?,?) ON CONFLICT (name) DO UPDATE SET role = excluded.role, "
                    "public_key = excluded.public_key, updated_at = excluded.updated_at, "
                    "removed_at = NULL",
                    (name, role, public, now, now),
                )
                audit.record(
                    self.ws,
                    "user.added",
                    detail={"user": name, "role": role, "key": key_fingerprint(public)}
                    | ({"key_from": "public key given"} if entry is None else {}),
                )
        except BaseException:
            if entry is not None:
                secrets.delete(entry)
            raise
        return self.get(name)

    def set_role(self, name: str, role: str) -> User:
        """Change a role; signatures made under the old role stop counting at once."""
        from studio.core import audit

        user, role = self.get(check_name(name)), check_role(role)
        if not user.active:
            raise UserError(f"user {user.name!r} was removed; add them again with a role")
        if user.role == role:
            return user
        self._require_manager("change roles")
        self._keep_an_approver(user)
        with self.db.transaction() as conn:
            conn.execute(
                "UPDATE user SET role = ?, updated_at = ? WHERE name = ?",
                (role, now_iso(), user.name),
            )
            audit.record(
                self.ws,
                "user.role_changed",
                detail={"user": user.name, "from": user.role, "to": role},
            )
        return self.get(user.name)

    def remove(self, name: str) -> User:
        """Mark removed and delete the private key from this computer's keyring."""
        from studio.core import audit, secrets

        user = self.get(check_name(name))
        if not user.active:
            return user
        self._require_manager("remove users")
        self._keep_an_approver(user)
        with self.db.transaction() as conn:
            conn.execute(
                "UPDATE user SET removed_at = ?, updated_at = ? WHERE name = ?",
                (now_iso(), now_iso(), user.name),
            )
            audit.record(self.ws, "user.removed", detail={"user": user.name, "role": user.role})
        with contextlib.suppress(secrets.KeyringUnavailableError):
            secrets.delete(key_entry(self.ws.workspace_id, user.name))
        return self.get(user.name)

    # -- keys -----------------------------------------------------------------------
    def signing_key(self, name: str) -> Ed25519PrivateKey:
        """The user's private key from the keyring, checked against the workspace's public key."""
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        from studio.core import secrets

        user = self.require_active(name)
        entry = key_entry(self.ws.workspace_id, user.name)
        try:
            raw = base64.b64decode(secrets.fetch(entry), validate=True)
            key = Ed25519PrivateKey.from_private_bytes(raw)
        except secrets.SecretNotFoundError:
            raise UserError(
                f"the signing key of {user.name!r} is not in this computer's keyring (entry "
                f"{entry!r}); sign on the computer where {user.name!r} was added (or where their "
                "key was made: offline reviewers sign review packs with `studio review`), or "
                "remove and add the user again to make a new key"
            ) from None
        except ValueError:
            raise UserError(
                f"the keyring entry {entry!r} is not a usable signing key; remove and add user "
                f"{user.name!r} again to make a new key"
            ) from None
        if _public_b64(key) != user.public_key:
            raise UserError(
                f"the signing key of {user.name!r} in this keyring does not match the workspace's "
                f"public key {user.fingerprint}; remove and add the user again"
            )
        return key


def _private_b64(key: Ed25519PrivateKey) -> str:
    from cryptography.hazmat.primitives import serialization

    raw = key.private_bytes(
        serialization.Encoding.Raw,
        serialization.PrivateFormat.Raw,
        serialization.NoEncryption(),
    )
    return base64.b64encode(raw).decode("ascii")


def _public_b64(key: Ed25519PrivateKey) -> str:
    from cryptography.hazmat.primitives import serialization

    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def _user(row) -> User:
    return User(
        name=row["name"],
        role=row["role"],
        public_key=row["public_key"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        removed_at=row["removed_at"],
    )
