"""What Facebook, Instagram and Threads share: Meta's Graph API shape, its errors, its paging.

Why one module: the three APIs answer failures the same way, with HTTP 400 more often than not
and the meaning in a JSON ``error`` object (``code``, ``error_subcode``, ``is_transient``), so
the generic status-based classification in :mod:`studio.publish.http` would call an expired
token "rejected content" and a rate limit a permanent failure. Here the Graph error codes decide:

- 190 (invalid or expired token), 102 (session), 10 and 200-299 (permission missing):
  AuthError, the user must create a new token;
- 4, 17, 32, 613, 80001-80014 and HTTP 429: RateLimitedError, waiting for Retry-After or the
  ``estimated_time_to_regain_access`` (minutes) in the X-App-Usage /
  X-Business-Use-Case-Usage headers;
- 1, 2, ``is_transient`` and HTTP 5xx: TransientError;
- 368 (blocked as abusive / against policy), 100 (invalid parameter) and anything else:
  RejectedError with Meta's own message.

The token travels in the ``Authorization: Bearer`` header (documented for the Instagram
content publishing calls and accepted by every Graph host), never in a URL, so no message,
log or ``paging.next`` link can carry it.

Sources: https://developers.facebook.com/docs/graph-api/guides/error-handling/ ,
https://developers.facebook.com/docs/graph-api/overview/rate-limiting/ ,
https://developers.facebook.com/docs/graph-api/results (cursor paging).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import datetime
from typing import Any, ClassVar

import requests

from studio.publish import http
from studio.publish.adapters.base import BaseAdapter
from studio.publish.protocol import (
    AdapterError,
    AuthError,
    RateLimitedError,
    RejectedError,
    TransientError,
)

#: The newest Graph API version (v26.0, 29 July 2026), available until at least 2028.
#: Source: https://developers.facebook.com/docs/graph-api/changelog/versions/
GRAPH_VERSION = "v26.0"
GRAPH_HOST = "https://graph.facebook.com"

# Error codes, from https://developers.facebook.com/docs/graph-api/guides/error-handling/
AUTH_CODES = frozenset({102, 190, 10}) | frozenset(range(200, 300))
RATE_CODES = frozenset({4, 17, 32, 613}) | frozenset(range(80001, 80015))
TRANSIENT_CODES = frozenset({1, 2})
POLICY_CODES = frozenset({368})
#: Instagram's "maximum number of posts published by the API in 24 hours" (code 9/2207042):
#: a rolling window whose reset is not announced, so look again after an hour. Source:
#: https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/error-codes
QUOTA_ERRORS = frozenset({(9, 2207042)})
QUOTA_RETRY = 3600.0
USAGE_HEADERS = ("X-Business-Use-Case-Usage", "X-App-Usage", "X-Page-Usage")


def graph_time(value: Any) -> float:
    """Epoch seconds of a Graph timestamp (2026-11-22T06:50:00+0000); 0 when unreadable."""
    try:
        return datetime.strptime(str(value), "%Y-%m-%dT%H:%M:%S%z").timestamp()
    except ValueError:
        return 0.0


def graph_error(resp: requests.Response) -> dict[str, Any] | None:
    """The ``error`` object of a Graph response, or None when the body has none."""
    try:
        body = resp.json()
    except ValueError:
        return None
    err = body.get("error") if isinstance(body, dict) else None
    return err if isinstance(err, dict) else None


def regain_seconds(headers: Any) -> float | None:
    """Seconds until the app may call again, from Meta's usage headers (given in minutes)."""
    best: float | None = None
    for name in USAGE_HEADERS:
        raw = headers.get(name)
        if not raw:
            continue
        try:
            value = json.loads(raw)
        except ValueError:
            continue
        for minutes in _find_regain(value):
            best = max(best or 0.0, float(minutes) * 60.0)
    return best


def _find_regain(value: Any) -> Iterator[float]:
    if isinstance(value, dict):
        for k, v in value.items():
            if k == "estimated_time_to_regain_access" and isinstance(v, (int, float)) and v > 0:
                yield v
            else:
                yield from _find_regain(v)
    elif isinstance(value, list):
        for v in value:
            yield from _find_regain(v)


def classify(resp: requests.Response, what: str, secret: str = "") -> AdapterError:
    """The protocol error for a failed Graph response; Meta's words shown, never the token."""
    status = resp.status_code
    err = graph_error(resp)
    if err is None:
        return http.classify(resp, what)
    said = str(err.get("error_user_msg") or err.get("message") or "").strip()[:500]
    if secret:
        said = said.replace(secret, "<hidden>")
    code = err.get("code")
    sub = err.get("error_subcode")
    ref = f"code {code}" + (f"/{sub}" if sub else "")
    where = f"{what}: {said or 'Meta refused the request'} ({ref}, HTTP {status})"
    kw: dict[str, Any] = {"platform_message": said, "status": status}
    if code in AUTH_CODES:
        return AuthError(f"{where}; create a new access token and add the account again", **kw)
    if code in RATE_CODES or status == 429 or (code, sub) in QUOTA_ERRORS:
        wait = http.retry_after(resp.headers.get("Retry-After"))
        if wait is None:
            wait = regain_seconds(resp.headers)
        if wait is None and (code, sub) in QUOTA_ERRORS:
            wait = QUOTA_RETRY
        return RateLimitedError(f"{where}; Meta asked to slow down", retry_after=wait, **kw)
    if code in TRANSIENT_CODES or err.get("is_transient") or status >= 500:
        return TransientError(f"{where}; will retry", **kw)
    if code in POLICY_CODES:
        return RejectedError(f"{where}; Meta blocked this content", **kw)
    if status == 413:
        return RejectedError(f"{where}; the file is too large for this platform", **kw)
    return RejectedError(where, **kw)


class MetaGraphAdapter(BaseAdapter):
    """Shared plumbing: the Graph base URL with its version, authorised calls, paging.

    The account's secret is either the access token itself or a JSON object with
    ``access_token`` (and, for Instagram and Threads, ``media_put_authorization``: the
    Authorization header for the public media location, see :mod:`media_host`).
    """

    DEFAULT_SERVER: ClassVar[str | None] = GRAPH_HOST
    VERSION: ClassVar[str] = GRAPH_VERSION
    #: Seconds between status polls of an async container/video (shrunk by tests).
    POLL_INTERVAL: ClassVar[float] = 3.0
    #: Polls before giving up on one attempt (the container stays; the next attempt resumes).
    MAX_POLLS: ClassVar[int] = 100
    #: Recent posts looked at by ``reconcile`` (one page of the feed/media edge).
    RECONCILE_LIMIT: ClassVar[int] = 25
    #: How far before the first attempt a found post may be dated (clock skew).
    RECONCILE_SKEW: ClassVar[float] = 300.0

    # -- the secret ---------------------------------------------------------------------------
    def _secret_json(self) -> dict[str, Any]:
        raw = self.ctx.credentials.secret.strip()
        return self.ctx.credentials.json() if raw.startswith("{") else {"access_token": raw}

    @property
    def token(self) -> str:
        token = str(self._secret_json().get("access_token") or "").strip()
        if not token:
            raise AuthError(
                f"account {self.account.name!r}: the stored secret has no access token; "
                "add the account again"
            )
        return token

    def option(self, name: str, required: bool = True) -> str | None:
        value = (self.account.options or {}).get(name)
        if required and not value:
            raise RejectedError(
                f"account {self.account.name!r} needs the option {name!r}; "
                f"set it with studio accounts add ... --option {name}=VALUE"
            )
        return value

    # -- calls -------------------------------------------------------------------------------
    def url(self, path: str, host: str | None = None) -> str:
        return f"{(host or self.server).rstrip('/')}/{self.VERSION}/{path.lstrip('/')}"

    def graph(
        self, method: str, path: str, *, what: str, host: str | None = None, **kw: Any
    ) -> dict[str, Any]:
        """One authorised Graph call; the JSON body or a classified error."""
        headers = {**kw.pop("headers", {}), "Authorization": f"Bearer {self.token}"}
        target = path if "://" in path else self.url(path, host)
        resp = http.request(
            self.ctx.http, method, target, what=what, ok=lambda r: True, headers=headers, **kw
        )
        if resp.status_code >= 400 or graph_error(resp) is not None:
            raise classify(resp, what, self.token)
        try:
            body = resp.json()
        except ValueError:
            raise TransientError(f"{what}: Meta answered something that is not JSON") from None
        if body is True or body is None:
            return {"success": True}
        if not isinstance(body, dict):
            raise TransientError(f"{what}: Meta answered an unexpected {type(body).__name__}")
        return body

    def pages(
        self, path: str, *, what: str, params: dict[str, Any], max_items: int
    ) -> Iterator[dict[str, Any]]:
        """Items of an edge, following ``paging.next`` until ``max_items`` were seen."""
        seen = 0
        target: str | None = self.url(path)
        args: dict[str, Any] | None = params
        while target and seen < max_items:
            body = self.graph("GET", target, what=what, params=args)
            for item in body.get("data") or []:
                seen += 1
                yield item
                if seen >= max_items:
                    return
            target = (body.get("paging") or {}).get("next")
            args = None  # the next link carries its own query

    def wait_ready(self, container: str, *, status_field: str, detail_field: str, what: str) -> str:
        """Poll an async container until it is ready to publish; its final status.

        ERROR is RejectedError (Meta could not use the media); EXPIRED is transient (the next
        attempt makes a new container); running out of polls is transient too (the container
        is kept and the next attempt polls it again).
        """
        for n in range(self.MAX_POLLS):
            self.ctx.check_cancelled()
            body = self.graph(
                "GET", container, what=what, params={"fields": f"{status_field},{detail_field}"}
            )
            status = str(body.get(status_field) or "").upper()
            if status in ("FINISHED", "PUBLISHED"):
                return status
            if status == "EXPIRED":  # unused for 24 h: the next attempt makes a new one
                raise TransientError(f"{what}: the container expired; a new one is made")
            if status == "ERROR":
                detail = str(body.get(detail_field) or "").strip()
                raise RejectedError(
                    f"{what}: Meta could not use the media" + (f" ({detail})" if detail else ""),
                    platform_message=detail or status,
                )
            self.ctx.progress(min(0.99, 0.5 + n / (2 * self.MAX_POLLS)), "Meta is processing")
            self.ctx.sleep(self.POLL_INTERVAL)
        raise TransientError(f"{what}: Meta is still processing; will check again")

    @staticmethod
    def now() -> float:
        return time.time()
