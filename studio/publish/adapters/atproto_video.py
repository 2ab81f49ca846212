"""Bluesky's video service: pre-processed video, so a post never shows a missing video.

The "recommended method" of https://docs.bsky.app/docs/tutorials/video:

1. ``com.atproto.server.getServiceAuth`` on the PDS: a token for the video service to call
   ``app.bsky.video.getUploadLimits`` (audience ``did:web:video.bsky.app``), and one that lets it
   store the processed file in the account's repository (audience the PDS's own
   ``did:web:<pds host>``, method ``com.atproto.repo.uploadBlob``, 30 minutes).
2. ``app.bsky.video.getUploadLimits``: ``canUpload`` false (e-mail not verified, daily limit
   reached) is a refusal with the service's message, before any byte is sent.
3. ``POST app.bsky.video.uploadVideo?did=&name=`` with the file: a job (``jobId``). A file the
   service has seen answers ``already_exists`` and the blob at once.
4. ``app.bsky.video.getJobStatus?jobId=`` every POLL_INTERVAL until the job has a ``blob``
   (``JOB_STATE_COMPLETED``) or failed. The job id is remembered with the delivery, so a retry
   after a crash polls the same job instead of uploading again.

The service answers the job status both bare and wrapped in ``{"jobStatus": ...}`` (the
lexicon's shape); both are read.
"""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import urlsplit

from studio.publish import http
from studio.publish.adapters.atproto_session import XrpcClient
from studio.publish.protocol import MediaFile, RejectedError, TransientError

#: https://docs.bsky.app/docs/tutorials/video ("https://video.bsky.app")
VIDEO_SERVICE = "https://video.bsky.app"
VIDEO_SERVICE_DID = "did:web:video.bsky.app"
GET_SERVICE_AUTH = "com.atproto.server.getServiceAuth"
UPLOAD_LIMITS = "app.bsky.video.getUploadLimits"
UPLOAD_VIDEO = "app.bsky.video.uploadVideo"
JOB_STATUS = "app.bsky.video.getJobStatus"
UPLOAD_BLOB = "com.atproto.repo.uploadBlob"
DESCRIBE_SERVER = "com.atproto.server.describeServer"
TOKEN_SECONDS = 30 * 60  # "30 minutes is recommended"
_JOB_MEMO = "bluesky:video-job:{sha}"


def _job(body: Any) -> dict:
    if isinstance(body, dict) and isinstance(body.get("jobStatus"), dict):
        return body["jobStatus"]
    return body if isinstance(body, dict) else {}


class VideoService:
    """Upload one video through the service; ``POLL_INTERVAL``/``TIMEOUT`` shrink in tests."""

    POLL_INTERVAL = 1.0  # the tutorial polls once a second
    TIMEOUT = 15 * 60.0  # give up (transient: a retry polls the same job) after this long

    def __init__(self, xrpc: XrpcClient, base: str = VIDEO_SERVICE):
        self.xrpc = xrpc
        self.base = base.rstrip("/")
        self.ctx = xrpc.ctx

    def _service_token(self, aud: str, lxm: str, seconds: int) -> str:
        resp = self.xrpc.call(
            "GET",
            GET_SERVICE_AUTH,
            what="Bluesky video authorisation",
            params={"aud": aud, "lxm": lxm, "exp": int(time.time()) + seconds},
        )
        return resp.json()["token"]

    def _pds_did(self) -> str:
        """The service DID of the PDS that holds the repository (not an entryway).

        ``did:web:<host>`` of the DID document's PDS endpoint, as the tutorial does; when the
        session carried no DID document, the server's own DID from ``describeServer``.
        """
        if self.xrpc.session.pds:
            return f"did:web:{urlsplit(self.xrpc.session.pds).hostname}"
        resp = self.xrpc.call("GET", DESCRIBE_SERVER, what="Bluesky server check", auth=False)
        return resp.json()["did"]

    def _get(self, nsid: str, what: str, **kw: Any):
        return http.request(self.ctx.http, "GET", f"{self.base}/xrpc/{nsid}", what=what, **kw)

    def check_limits(self) -> None:
        token = self._service_token(VIDEO_SERVICE_DID, UPLOAD_LIMITS, 60)
        limits = self._get(
            UPLOAD_LIMITS,
            "Bluesky video limits",
            headers={"Authorization": f"Bearer {token}"},
        ).json()
        if not limits.get("canUpload", True):
            said = limits.get("message") or limits.get("error") or "video uploads not allowed"
            raise RejectedError(
                f"Bluesky will not take a video from this account now ({said})",
                platform_message=said,
            )

    def upload(self, media: MediaFile) -> dict:
        """The blob ref of the processed video."""
        memo_key = _JOB_MEMO.format(sha=media.sha256)
        job_id = self.ctx.recall(memo_key)
        if job_id:
            try:
                return self._wait(job_id, media.path.name)
            except RejectedError as exc:
                if exc.status not in (400, 404):
                    raise
                self.ctx.remember(memo_key, None)  # the service forgot the job: send again
                job_id = None
        if not job_id:
            self.check_limits()
            job = self._send(media)
            if job.get("blob"):
                return job["blob"]
            job_id = job.get("jobId")
            if not job_id:
                raise TransientError("Bluesky video upload: the service returned no job")
            self.ctx.remember(memo_key, job_id)
        return self._wait(job_id, media.path.name)

    def _send(self, media: MediaFile) -> dict:
        session = self.xrpc.session
        token = self._service_token(self._pds_did(), UPLOAD_BLOB, TOKEN_SECONDS)
        self.ctx.check_cancelled()
        self.ctx.progress(0.0, f"uploading {media.path.name}")
        resp = http.request(
            self.ctx.http,
            "POST",
            f"{self.base}/xrpc/{UPLOAD_VIDEO}",
            what=f"Bluesky video upload of {media.path.name}",
            # 409 already_exists carries the blob of the earlier processing: not a failure.
            ok=lambda r: r.ok or r.status_code == 409,
            params={"did": session.did, "name": media.path.name},
            data=media.data(),
            headers={"Authorization": f"Bearer {token}", "Content-Type": media.mime},
            timeout=(10.0, 600.0),
        )
        job = _job(resp.json())
        if resp.status_code == 409 and not job.get("blob") and not job.get("jobId"):
            raise RejectedError(
                f"Bluesky video upload: {http.platform_message(resp)}",
                platform_message=http.platform_message(resp),
                status=409,
            )
        return job

    def _wait(self, job_id: str, name: str) -> dict:
        deadline = time.monotonic() + self.TIMEOUT
        while True:
            job = _job(
                self._get(JOB_STATUS, "Bluesky video processing", params={"jobId": job_id}).json()
            )
            if job.get("blob"):
                self.ctx.progress(1.0, f"{name} processed")
                return job["blob"]
            if job.get("state") == "JOB_STATE_FAILED":
                said = job.get("message") or job.get("error") or "processing failed"
                raise RejectedError(
                    f"Bluesky could not process {name} ({said})", platform_message=said
                )
            progress = job.get("progress")
            if isinstance(progress, (int, float)):
                self.ctx.progress(min(0.99, progress / 100), f"processing {name}")
            if time.monotonic() > deadline:
                raise TransientError(f"Bluesky is still processing {name}; will check again")
            self.ctx.sleep(self.POLL_INTERVAL)
