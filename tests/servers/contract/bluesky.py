"""Bluesky faults the real PDS cannot be asked to make, in front of the real PDS.

Why a forwarding proxy and not a fake XRPC server: the reference PDS (tests/servers/pds) is the
contract. Everything this server answers comes from it, byte for byte; the only thing added is
:class:`~contract.base.ContractServer`'s fault injection on the way: a 429 with ``Retry-After``
or ``RateLimit-Reset`` on any call, a 5xx, an answer lost after the PDS already wrote the post
(``drop-after``, so the post exists and the client saw a broken connection), or a connection
closed after an upload body arrived (``drop-before``: nothing stored). ``requests`` keeps the
log of what the client sent, so a test can assert that a second ``createRecord`` was never made.

:class:`BlueskyVideoService` stands in for video.bsky.app, which has no runnable reference
implementation; it stores what it receives in the real PDS, as the real service does.
"""

from __future__ import annotations

import base64
import json
import time

import requests

from contract.base import ContractServer, Request, Response, route

#: Hop-by-hop and length headers are the proxy's own business, not the PDS's answer.
_DROP = {"connection", "keep-alive", "transfer-encoding", "content-length", "content-encoding"}


class BlueskyProxy(ContractServer):
    """``BlueskyProxy(pds_url)``: point an account's ``server`` at ``proxy.url``."""

    def __init__(self, upstream: str) -> None:
        super().__init__()
        self.upstream = upstream.rstrip("/")
        self.http = requests.Session()
        self.http.trust_env = False  # loopback only

    def _forward(self, req: Request) -> Response:
        headers = {k: v for k, v in req.headers.items() if k not in _DROP and k not in ("host",)}
        resp = self.http.request(
            req.method,
            self.upstream + req.path,
            params=[(k, v) for k, values in req.query.items() for v in values],
            data=req.body or None,
            headers=headers,
            timeout=60,
        )
        out = {k: v for k, v in resp.headers.items() if k.lower() not in _DROP}
        return Response(resp.status_code, resp.content, out)

    @route("GET", r"/xrpc/(?P<nsid>[A-Za-z0-9._]+)")
    def xrpc_get(self, req: Request) -> Response:
        return self._forward(req)

    @route("POST", r"/xrpc/(?P<nsid>[A-Za-z0-9._]+)")
    def xrpc_post(self, req: Request) -> Response:
        return self._forward(req)

    def calls(self, nsid: str) -> list[Request]:
        """Requests the client made for one XRPC method, in order."""
        with self.lock:
            return [r for r in self.requests if r.path == f"/xrpc/{nsid}"]


def _claims(req: Request) -> dict:
    """The payload of the request's Bearer JWT ({} when there is none)."""
    auth = req.headers.get("authorization", "")
    if not auth.startswith("Bearer ") or auth.count(".") != 2:
        return {}
    payload = auth.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


class BlueskyVideoService(ContractServer):
    """video.bsky.app as https://docs.bsky.app/docs/tutorials/video describes it.

    It checks the service tokens the way the real service needs them (audience, method, expiry,
    issuer = the ``did`` parameter), then stores the file in the account's repository on the real
    PDS with the token it was given, as the real service stores its processed file; the job
    reports progress for ``polls`` polls before it completes. ``can_upload``/``limit_message``
    and ``fail_with`` make the refusals.
    """

    def __init__(self, pds_url: str, pds_did: str = "did:web:localhost", polls: int = 2):
        super().__init__()
        self.pds_url = pds_url.rstrip("/")
        self.pds_did = pds_did
        self.polls = polls
        self.can_upload = True
        self.limit_message = ""
        self.fail_with: str | None = None
        self.jobs: dict[str, dict] = {}
        self.uploads: list[bytes] = []
        self.http = requests.Session()
        self.http.trust_env = False

    def _token_problem(self, req: Request, aud: str, lxm: str) -> Response | None:
        claims = _claims(req)
        if not claims:
            return Response(401, {"error": "AuthMissing", "message": "Authentication Required"})
        if claims.get("aud") != aud or claims.get("lxm") != lxm:
            return Response(401, {"error": "BadJwtAudience", "message": "wrong aud or lxm"})
        if claims.get("exp", 0) < time.time():
            return Response(401, {"error": "JwtExpired", "message": "jwt expired"})
        return None

    @route("GET", r"/xrpc/app\.bsky\.video\.getUploadLimits")
    def upload_limits(self, req: Request):
        problem = self._token_problem(req, "did:web:video.bsky.app", req.path.rsplit("/", 1)[1])
        if problem:
            return problem
        return {
            "canUpload": self.can_upload,
            "remainingDailyVideos": 25 if self.can_upload else 0,
            "remainingDailyBytes": 10 * 1024**3 if self.can_upload else 0,
            **({"message": self.limit_message} if self.limit_message else {}),
        }

    @route("POST", r"/xrpc/app\.bsky\.video\.uploadVideo")
    def upload_video(self, req: Request):
        problem = self._token_problem(req, self.pds_did, "com.atproto.repo.uploadBlob")
        if problem:
            return problem
        did, name = req.arg("did"), req.arg("name")
        if not did or not name or _claims(req).get("iss") != did:
            return Response(400, {"error": "InvalidRequest", "message": "did and name required"})
        if req.headers.get("content-type") != "video/mp4" or not req.body:
            return Response(400, {"error": "InvalidRequest", "message": "expected video/mp4"})
        self.uploads.append(req.body)
        stored = self.http.post(
            f"{self.pds_url}/xrpc/com.atproto.repo.uploadBlob",
            data=req.body,
            headers={"Authorization": req.headers["authorization"], "Content-Type": "video/mp4"},
            timeout=60,
        )
        if not stored.ok:  # the PDS refused the service token: the contract is broken
            return Response(500, {"error": "InternalServerError", "message": stored.text})
        job_id = f"job-{len(self.jobs) + 1}"
        self.jobs[job_id] = {
            "jobId": job_id,
            "did": did,
            "state": "JOB_STATE_CREATED",
            "polls": self.polls,
            "blob": stored.json()["blob"],
        }
        return {"jobId": job_id, "did": did, "state": "JOB_STATE_CREATED"}  # bare, as served

    @route("GET", r"/xrpc/app\.bsky\.video\.getJobStatus")
    def job_status(self, req: Request):
        job = self.jobs.get(req.arg("jobId") or "")
        if job is None:
            return Response(400, {"error": "InvalidRequest", "message": "job not found"})
        status = {"jobId": job["jobId"], "did": job["did"]}
        if self.fail_with:
            return {"jobStatus": {**status, "state": "JOB_STATE_FAILED", "error": self.fail_with}}
        if job["polls"] > 0:
            job["polls"] -= 1
            return {"jobStatus": {**status, "state": "JOB_STATE_ENCODING", "progress": 50}}
        return {"jobStatus": {**status, "state": "JOB_STATE_COMPLETED", "blob": job["blob"]}}
