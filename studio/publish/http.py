"""HTTP plumbing every adapter shares: one session shape, one way to read a platform's errors.

Why here and not in each adapter: the outbox's safety depends on classifying failures the same
way everywhere (a 401 is never retried, a 429 always waits for Retry-After, a connection reset
is transient and may have posted), and on never echoing a request's Authorization header or a
token in a message. Adapters call :func:`request` and get either a response or one of the
protocol's error classes.
"""

from __future__ import annotations

import email.utils
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import requests

from studio import __version__
from studio.publish.protocol import (
    AdapterError,
    AuthError,
    RateLimitedError,
    RejectedError,
    TransientError,
)

USER_AGENT = f"HeritageStudio/{__version__} (+https://github.com/heritage-studio)"
#: (connect, read) seconds; uploads pass a longer read timeout themselves.
TIMEOUT = (10.0, 60.0)


def new_session() -> requests.Session:
    s = requests.Session()
    s.headers["User-Agent"] = USER_AGENT
    s.trust_env = False  # no proxy or .netrc surprises: only the URL the account names
    return s


def retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    now = time.time() if now is None else now
    return max(0.0, when.timestamp() - now)


def platform_message(resp: requests.Response) -> str:
    """The platform's own error words from a JSON or text body, trimmed for display."""
    try:
        body = resp.json()
    except ValueError:
        return (resp.text or resp.reason or "").strip()[:500]
    return _find_message(body)[:500] or (resp.reason or "")


def _find_message(body: Any) -> str:
    if isinstance(body, str):
        return body
    if isinstance(body, list):
        return "; ".join(m for m in (_find_message(x) for x in body[:3]) if m)
    if isinstance(body, dict):
        for key in (
            "error_description",
            "message",
            "detail",
            "description",
            "error_msg",
            "title",
            "error",
            "errors",
        ):
            if body.get(key):
                found = _find_message(body[key])
                if found:
                    return found
    return ""


def classify(resp: requests.Response, what: str) -> AdapterError:
    """The protocol error for a failed response. ``what`` names the action for the user."""
    status = resp.status_code
    said = platform_message(resp)
    where = f"{what}: HTTP {status}" + (f" ({said})" if said else "")
    if status == 429:
        return RateLimitedError(
            f"{where}; the platform asked to slow down",
            retry_after=retry_after(resp.headers.get("Retry-After")),
            platform_message=said,
            status=status,
        )
    if status in (401, 403) and _looks_like_auth(status, said):
        return AuthError(
            f"{where}; sign in again (studio accounts test NAME)",
            platform_message=said,
            status=status,
        )
    if status == 413:
        return RejectedError(
            f"{where}; the file is too large for this platform",
            platform_message=said,
            status=status,
        )
    if status >= 500 or status in (408, 425):
        return TransientError(f"{where}; will retry", platform_message=said, status=status)
    return RejectedError(where, platform_message=said, status=status)


def _looks_like_auth(status: int, said: str) -> bool:
    if status == 401:
        return True
    low = said.lower()
    return any(w in low for w in ("token", "auth", "expired", "credential", "login", "session"))


def request(
    http: requests.Session,
    method: str,
    url: str,
    *,
    what: str,
    ok: Callable[[requests.Response], bool] | None = None,
    timeout: tuple[float, float] | float = TIMEOUT,
    **kw: Any,
) -> requests.Response:
    """Send one request; a response that is ``ok`` (default: 2xx) or a classified error.

    Network failures become TransientError: ``offline=True`` when nothing could be reached
    (DNS, refused, unreachable), so the outbox waits for the network rather than counting
    attempts. A timeout or reset after the request was sent is transient but *may have
    posted*: the outbox reconciles before it tries again.
    """
    try:
        resp = http.request(method, url, timeout=timeout, **kw)
    except requests.ConnectionError as exc:
        offline = _unreachable(exc)
        raise TransientError(
            f"{what}: {'cannot reach ' + _host(url) if offline else 'the connection broke'}"
            f" ({type(exc).__name__})",
            offline=offline,
        ) from None
    except requests.Timeout:
        raise TransientError(f"{what}: {_host(url)} did not answer in time") from None
    except requests.RequestException as exc:
        raise TransientError(f"{what}: {type(exc).__name__}") from None
    good = ok(resp) if ok is not None else 200 <= resp.status_code < 300
    if not good:
        raise classify(resp, what)
    return resp


def _host(url: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(url).netloc or url


def _unreachable(exc: requests.ConnectionError) -> bool:
    """True when the request never left: refused, no route, name resolution failed."""
    text = repr(exc).lower()
    if "remotedisconnected" in text or "connection aborted" in text or "reset" in text:
        return False
    return any(
        w in text
        for w in (
            "refused",
            "name or service",
            "nodename",
            "no route",
            "unreachable",
            "temporary failure in name resolution",
            "failed to resolve",
            "max retries",
        )
    )


def utc_now() -> datetime:
    return datetime.now(UTC)
