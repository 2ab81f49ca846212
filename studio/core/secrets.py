"""The one door to the OS keyring: every secret Heritage Studio keeps goes through here.

Why one module: a secret must never end up in a file, a log line or an error message, and
that is only checkable if one small module does all keyring calls. Rules kept here:

- Only the OS's own secure stores are accepted (Secret Service/GNOME Keyring, KWallet, macOS
  Keychain, Windows Credential Locker). ``keyring``'s ``fail`` and ``null`` backends, and any
  third-party backend such as ``keyrings.alt``'s plain-text file, are refused: when no secure
  store is usable we say so (``KeyringUnavailableError``) instead of falling back to a file.
- A locked collection (no prompter without a display) is reported the same way, naming why.
- Error messages name the entry (service and user name), never the secret; a backend's own
  message is scrubbed of the secret before it is shown.
"""

from __future__ import annotations

from studio.core.errors import StudioError

SERVICE = "heritage-studio"

# Module prefixes of backends that store secrets in the OS's protected store.
_SECURE_BACKENDS = (
    "keyring.backends.SecretService",
    "keyring.backends.libsecret",
    "keyring.backends.kwallet",
    "keyring.backends.macOS",
    "keyring.backends.Windows",
)
_HOW_TO_FIX = (
    "Start a desktop session with GNOME Keyring/KWallet (or macOS Keychain/Windows Credential "
    "Locker) and unlock it, or on a headless machine run inside `dbus-run-session` with "
    "`gnome-keyring-daemon --unlock --components=secrets`"
)


class KeyringUnavailableError(StudioError):
    """No secure OS keyring can be used right now (none, a refused backend, or locked)."""

    def __init__(self, reason: str):
        super().__init__(
            f"No secure OS keyring is available ({reason}); Heritage Studio never stores keys "
            f"in files. {_HOW_TO_FIX}."
        )
        self.reason = reason


class SecretNotFoundError(StudioError, LookupError):
    """The keyring works but holds no entry under this name (e.g. another computer's key)."""


def _backend_name(backend) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


def _refusal(backend) -> str | None:
    """Why ``backend`` is not acceptable, or None when it is a secure OS store."""
    from keyring.backends.chainer import ChainerBackend

    if isinstance(backend, ChainerBackend):
        if not backend.backends:
            return "keyring found no backend"
        problems = [_refusal(b) for b in backend.backends]
        return next((p for p in problems if p), None)
    name = _backend_name(backend)
    if name.startswith(("keyring.backends.fail", "keyring.backends.null")):
        return f"the keyring backend is {name}, which cannot store anything"
    if not name.startswith(_SECURE_BACKENDS):
        return f"the keyring backend {name} is not an OS secure store"
    return None


def _backend():
    import keyring
    import keyring.errors

    try:
        backend = keyring.get_keyring()
    except keyring.errors.KeyringError as exc:  # pragma: no cover - init failures are rare
        raise KeyringUnavailableError(_describe(exc)) from None
    problem = _refusal(backend)
    if problem:
        raise KeyringUnavailableError(problem)
    return backend


def _describe(exc: BaseException, secret: str | None = None) -> str:
    text = str(exc).strip() or type(exc).__name__
    if secret:
        text = text.replace(secret, "<secret>")
    return f"{type(exc).__name__}: {text}"[:300]


def _call(what: str, func, *args, secret: str | None = None):
    """Run one backend call, turning every backend failure into a KeyringUnavailableError.

    Backends raise their own exception types (keyring's, secretstorage's, jeepney's D-Bus
    errors), so anything raised here means "the keyring did not work"; none of it may show the
    secret.
    """
    import keyring.errors

    try:
        return func(*args)
    except keyring.errors.NoKeyringError as exc:
        raise KeyringUnavailableError(_describe(exc, secret)) from None
    except keyring.errors.KeyringLocked:
        raise KeyringUnavailableError(
            f"the keyring is locked and could not be unlocked to {what}"
        ) from None
    except keyring.errors.PasswordDeleteError:
        raise
    except Exception as exc:  # any backend failure means "no usable keyring"
        raise KeyringUnavailableError(f"could not {what}: {_describe(exc, secret)}") from None


def check_available() -> str:
    """Raise KeyringUnavailableError unless a secure store is usable; return its name."""
    return _backend_name(_backend())


def store(username: str, secret: str) -> None:
    """Save ``secret`` under (SERVICE, ``username``), replacing any previous value."""
    backend = _backend()
    _call(f"save {username!r}", backend.set_password, SERVICE, username, secret, secret=secret)


def fetch(username: str) -> str:
    """The secret saved under ``username``; SecretNotFoundError when there is none."""
    backend = _backend()
    value = _call(f"read {username!r}", backend.get_password, SERVICE, username)
    if value is None:
        raise SecretNotFoundError(
            f"the OS keyring of this computer has no entry {username!r} (service {SERVICE!r})"
        )
    return value


def exists(username: str) -> bool:
    try:
        fetch(username)
    except SecretNotFoundError:
        return False
    return True


def delete(username: str) -> bool:
    """Remove the entry; True if it existed. Missing entries are not an error."""
    import keyring.errors

    backend = _backend()
    try:
        _call(f"delete {username!r}", backend.delete_password, SERVICE, username)
    except keyring.errors.PasswordDeleteError:
        return False
    return True
