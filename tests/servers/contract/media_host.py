"""A WebDAV-style file drop on loopback: PUT stores, GET serves publicly, DELETE removes.

It stands in for the account's public media location (docs/adapters.md): the folder a ministry
points ``media_put_url``/``media_public_url`` at. Like a WebDAV server (RFC 4918 9.7) or an S3
bucket, PUT needs the configured Authorization (when one is set) and GET does not, so a test
proves Meta's servers (the Instagram/Threads contract servers) can fetch what the adapter put.
"""

from __future__ import annotations

import hashlib

from contract.base import ContractServer, Request, Response, route


class MediaHostServer(ContractServer):
    def __init__(self, auth: str | None = None) -> None:
        super().__init__()
        self.auth = auth  # required Authorization header value for PUT/DELETE, or None
        self.reset()

    def reset(self) -> None:
        """Forget everything, so one running server can serve many tests."""
        with self.lock:
            self.requests.clear()
            self.faults.clear()
        self.files: dict[str, bytes] = {}
        self.types: dict[str, str] = {}
        self.deleted: list[str] = []
        self.fetches: list[str] = []  # names fetched with GET (by Meta's contract servers)

    @property
    def folder(self) -> str:
        return self.url + "/media"

    def _authorised(self, req: Request) -> bool:
        return self.auth is None or req.headers.get("authorization") == self.auth

    @route("PUT", r"/media/(?P<name>[A-Za-z0-9._-]+)")
    def put(self, req: Request) -> Response:
        if not self._authorised(req):
            return Response(401, b"Unauthorized", {"WWW-Authenticate": 'Basic realm="media"'})
        if not req.body:
            return Response(400, b"empty body")
        name = req.params["name"]
        created = name not in self.files
        with self.lock:
            self.files[name] = req.body
            self.types[name] = req.headers.get("content-type", "application/octet-stream")
        return Response(201 if created else 204, None)

    @route("GET", r"/media/(?P<name>[A-Za-z0-9._-]+)")
    def get(self, req: Request) -> Response:
        name = req.params["name"]
        with self.lock:
            self.fetches.append(name)
            data = self.files.get(name)
        if data is None:
            return Response(404, b"Not Found")
        return Response(200, data, {"Content-Type": self.types[name]})

    @route("DELETE", r"/media/(?P<name>[A-Za-z0-9._-]+)")
    def delete(self, req: Request) -> Response:
        if not self._authorised(req):
            return Response(401, b"Unauthorized")
        name = req.params["name"]
        with self.lock:
            if self.files.pop(name, None) is None:
                return Response(404, b"Not Found")
            self.deleted.append(name)
        return Response(204, None)

    def sha(self, name: str) -> str:
        return hashlib.sha256(self.files[name]).hexdigest()
