"""Signing keys of offline reviewers: made on the reviewer's computer, never copied.

A reviewer who is not on the workspace's computer runs ``studio keys init NAME`` on their own
laptop. The private key goes into that laptop's OS keyring under an entry that belongs to no
workspace (``reviewer-key:{name}``), because the reviewer may review packs from several
workspaces with one key; the public key and its fingerprint are printed so the home workspace
can register them (``studio user add NAME --role approver --public-key B64``) after checking
the fingerprint out of band (phone, in person).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from studio.core.users import UserError, check_name, key_entry, key_fingerprint

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


@dataclass(frozen=True)
class KeyInfo:
    """The shareable half of a key: safe to print, mail or register."""

    name: str
    public_key: str  # base64 of the raw 32-byte Ed25519 public key
    entry: str  # the keyring entry (service heritage-studio) holding the private half

    @property
    def fingerprint(self) -> str:
        return key_fingerprint(self.public_key)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "public_key": self.public_key,
            "fingerprint": self.fingerprint,
            "keyring_entry": self.entry,
            "register_with": (
                f"studio user add {self.name} --role approver --public-key {self.public_key}"
            ),
        }


def reviewer_entry(name: str) -> str:
    """Keyring user name of an offline reviewer's key (service ``heritage-studio``)."""
    return f"reviewer-key:{check_name(name)}"


def public_b64(key: Ed25519PrivateKey) -> str:
    from cryptography.hazmat.primitives import serialization

    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def _private_b64(key: Ed25519PrivateKey) -> str:
    from cryptography.hazmat.primitives import serialization

    raw = key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    return base64.b64encode(raw).decode("ascii")


def _load(entry: str) -> Ed25519PrivateKey | None:
    """The key in ``entry``, None if there is none; a damaged entry is an error, not 'none'."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from studio.core import secrets

    try:
        stored = secrets.fetch(entry)
    except secrets.SecretNotFoundError:
        return None
    try:
        return Ed25519PrivateKey.from_private_bytes(base64.b64decode(stored, validate=True))
    except ValueError:
        raise UserError(
            f"the keyring entry {entry!r} is not a usable signing key; delete it in your "
            "keyring manager and run `studio keys init` again (then re-register the new key)"
        ) from None


def init_reviewer_key(name: str) -> tuple[KeyInfo, bool]:
    """Make ``name``'s reviewer key unless it exists; returns (key info, whether it is new).

    Never replaces an existing key: the home workspace trusts exactly that key, and a new one
    would silently stop this reviewer's decisions from counting.
    """
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from studio.core import secrets

    entry = reviewer_entry(name)
    existing = _load(entry)
    if existing is not None:
        return KeyInfo(check_name(name), public_b64(existing), entry), False
    key = Ed25519PrivateKey.generate()
    secrets.store(entry, _private_b64(key))
    return KeyInfo(check_name(name), public_b64(key), entry), True


def reviewer_key_info(name: str) -> KeyInfo:
    key = _load(reviewer_entry(name))
    if key is None:
        raise UserError(
            f"there is no reviewer key for {check_name(name)!r} in this computer's keyring; "
            f"make one with `studio keys init {check_name(name)}`"
        )
    return KeyInfo(check_name(name), public_b64(key), reviewer_entry(name))


def signing_key_for(
    name: str, workspace_id: str, trusted: str | None = None
) -> tuple[Ed25519PrivateKey, KeyInfo]:
    """The key ``name`` signs a pack's decision with, from this computer's keyring.

    Candidates: the reviewer key (``studio keys init``) and a workspace user key made on this
    computer (``studio user add``). When the pack says which public key its workspace
    trusts for ``name`` (``trusted``), the matching one wins; otherwise the reviewer key.
    """
    name = check_name(name)
    candidates = [
        (entry, key)
        for entry in (reviewer_entry(name), key_entry(workspace_id, name))
        if (key := _load(entry)) is not None
    ]
    if not candidates:
        raise UserError(
            f"{name!r} has no signing key in this computer's keyring: run `studio keys init "
            f"{name}` and have the workspace register the key it prints (studio user add "
            f"{name} --role approver --public-key B64), or pass --user with your own name"
        )
    chosen = next((c for c in candidates if public_b64(c[1]) == trusted), candidates[0])
    entry, key = chosen
    return key, KeyInfo(name, public_b64(key), entry)
