"""A threaded HTTP server on 127.0.0.1 with routing, a request log and fault injection.

Why hand-rolled on ``http.server``: it needs nothing installed, binds only loopback, and lets a
test make the server misbehave exactly the way platforms do (5xx, 429 with Retry-After, a
response lost after the post was accepted) to prove the outbox never double-posts.

A platform module subclasses :class:`ContractServer`, decorates handlers with :func:`route`,
and keeps its state (posts, media) on the instance so a test can assert on what was received.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]  # lower-case names
    body: bytes
    params: dict[str, str] = field(default_factory=dict)  # from the route pattern

    def json(self) -> Any:
        return json.loads(self.body or b"null")

    def form(self) -> dict[str, list[str]]:
        return parse_qs(self.body.decode())

    def arg(self, name: str, default: str | None = None) -> str | None:
        values = self.query.get(name)
        return values[0] if values else default

    def multipart(self) -> dict[str, tuple[str | None, bytes]]:
        """Fields of a multipart/form-data body: name -> (filename, bytes)."""
        ctype = self.headers.get("content-type", "")
        m = re.search(r'boundary="?([^";]+)"?', ctype)
        if not m:
            return {}
        out: dict[str, tuple[str | None, bytes]] = {}
        for part in self.body.split(b"--" + m.group(1).encode())[1:]:
            if part.startswith(b"--"):
                break
            head, _, data = part.partition(b"\r\n\r\n")
            name = re.search(rb'name="([^"]*)"', head)
            fname = re.search(rb'filename="([^"]*)"', head)
            if name:
                out[name.group(1).decode()] = (
                    fname.group(1).decode() if fname else None,
                    data[:-2] if data.endswith(b"\r\n") else data,
                )
        return out


@dataclass
class Response:
    status: int = 200
    body: Any = None  # dict/list -> JSON; bytes -> raw
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Fault:
    """Misbehave on matching requests: ``times`` times, then behave again.

    kinds: "status" (answer ``status`` with ``body``), "drop-after" (run the handler, so the
    post IS created, then close the connection without answering: a lost response),
    "drop-before" (close without handling), "delay" (sleep ``seconds`` then handle).
    """

    method: str
    path: str  # regex matched against the path
    kind: str
    times: int = 1
    status: int = 500
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0


def route(method: str, pattern: str) -> Callable:
    """Mark a method as the handler of ``method`` on paths matching ``pattern`` (named groups)."""

    def mark(func: Callable) -> Callable:
        func._route = (method, re.compile(pattern + r"\Z"))  # type: ignore[attr-defined]
        return func

    return mark


class ContractServer:
    """Start with ``with Server() as s:``; ``s.url`` is the base URL, ``s.requests`` the log."""

    def __init__(self) -> None:
        self.requests: list[Request] = []
        self.faults: list[Fault] = []
        self.lock = threading.RLock()
        self._routes = [
            (*getattr(self, name)._route, getattr(self, name))
            for name in dir(type(self))
            if hasattr(getattr(type(self), name), "_route")
        ]
        self._httpd: ThreadingHTTPServer | None = None

    # -- lifecycle --------------------------------------------------------------------------
    def start(self) -> ContractServer:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # else each small answer waits ~40 ms for an ACK

            def log_message(self, *args: Any) -> None:
                pass

            def _handle(self) -> None:
                server._dispatch(self)

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _handle

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        httpd = self._httpd
        threading.Thread(
            target=lambda: httpd.serve_forever(poll_interval=0.05), daemon=True
        ).start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> ContractServer:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    @property
    def url(self) -> str:
        assert self._httpd is not None, "server not started"
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def fault(self, method: str, path: str, kind: str, **kw: Any) -> Fault:
        f = Fault(method, path, kind, **kw)
        with self.lock:
            self.faults.append(f)
        return f

    # -- dispatch ---------------------------------------------------------------------------
    def _take_fault(self, req: Request) -> Fault | None:
        with self.lock:
            for f in self.faults:
                if f.times > 0 and f.method == req.method and re.search(f.path, req.path):
                    f.times -= 1
                    return f
        return None

    def _dispatch(self, h: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(h.path)
        length = int(h.headers.get("Content-Length") or 0)
        body = h.rfile.read(length) if length else b""
        req = Request(
            h.command,
            parts.path,
            parse_qs(parts.query),
            {k.lower(): v for k, v in h.headers.items()},
            body,
        )
        with self.lock:
            self.requests.append(req)
        fault = self._take_fault(req)
        if fault is not None and fault.kind == "drop-before":
            h.close_connection = True
            h.connection.close()
            return
        if fault is not None and fault.kind == "delay":
            time.sleep(fault.seconds)
        if fault is not None and fault.kind == "status":
            self._send(h, Response(fault.status, fault.body, fault.headers))
            return
        resp = self._call(req)
        if fault is not None and fault.kind == "drop-after":
            h.close_connection = True
            h.connection.close()
            return
        self._send(h, resp)

    def _call(self, req: Request) -> Response:
        allowed = False
        for method, pattern, func in self._routes:
            m = pattern.match(req.path)
            if m:
                allowed = True
                if method == req.method:
                    req.params = m.groupdict()
                    try:
                        out = func(req)
                    except Exception as exc:  # a bug in the server: make it loud in the test
                        return Response(500, {"error": f"contract server bug: {exc!r}"})
                    return out if isinstance(out, Response) else Response(200, out)
        return Response(405 if allowed else 404, {"error": f"no route {req.method} {req.path}"})

    def _send(self, h: BaseHTTPRequestHandler, resp: Response) -> None:
        body = resp.body
        headers = dict(resp.headers)
        if isinstance(body, (bytes, bytearray)):
            data = bytes(body)
            headers.setdefault("Content-Type", "application/octet-stream")
        elif body is None:
            data = b""
        else:
            data = json.dumps(body).encode()
            headers.setdefault("Content-Type", "application/json; charset=utf-8")
        h.send_response(resp.status)
        for k, v in headers.items():
            h.send_header(k, v)
        h.send_header("Content-Length", str(len(data)))
        h.end_headers()
        if h.command != "HEAD":
            h.wfile.write(data)
