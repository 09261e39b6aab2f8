"""A real learning record store for the tests: Ralph (ralph-malph, installed by the ``test``
extra) with its file-system backend, started as a subprocess on 127.0.0.1 (``serve_ralph.py``)
and stopped after.

Requests only ever go to that local server. The server's start is waited for in a bounded loop
(it is a precondition, not a timed assertion).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

USER, PASSWORD = "researcher", "a-long-test-password"
_START_TIMEOUT = 120.0


@dataclass(frozen=True)
class LRS:
    url: str  # the xAPI endpoint, e.g. http://127.0.0.1:41234/xAPI/
    auth: str  # USER:PASSWORD
    store: Path  # where the file-system backend keeps the statements

    def get(self, query: str) -> tuple[int, Any]:
        """GET statements?query (the LRS's own answer, parsed)."""
        import base64

        request = urllib.request.Request(
            self.url + "statements?" + query,
            headers={
                "X-Experience-API-Version": "1.0.3",
                "Authorization": "Basic " + base64.b64encode(self.auth.encode()).decode(),
            },
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"null")

    def statements(self, query: str = "") -> list[dict[str, Any]]:
        """Every statement matching ``query``, following the LRS's 'more' links."""
        out: list[dict[str, Any]] = []
        _, page = self.get(query + ("&" if query else "") + "limit=100")
        out.extend(page["statements"])
        while page.get("more"):
            more = page["more"].split("?", 1)[1]
            _, page = self.get(more)
            out.extend(page["statements"])
        return out


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_ralph(folder: Path) -> Iterator[LRS]:
    """Start Ralph in ``folder``; yields an :class:`LRS`; stops the server afterwards."""
    import bcrypt

    folder.mkdir(parents=True, exist_ok=True)
    store = folder / "store"
    store.mkdir()
    auth_file = folder / "auth.json"
    hashed = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(rounds=4)).decode()
    auth_file.write_text(
        json.dumps(
            [
                {
                    "agent": {"mbox": "mailto:researcher@example.org", "objectType": "Agent"},
                    "scopes": ["all"],
                    "hash": hashed,
                    "username": USER,
                }
            ]
        )
    )
    port = _free_port()
    env = {
        **os.environ,
        "RALPH_APP_DIR": str(folder / "app"),
        "RALPH_AUTH_FILE": str(auth_file),
        "RALPH_RUNSERVER_BACKEND": "fs",
        "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(store),
        "RALPH_SENTRY_DSN": "",
    }
    log = (folder / "server.log").open("w")
    server = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("serve_ralph.py")), str(port)],
        env=env,
        cwd=folder,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_until_up(f"http://127.0.0.1:{port}/__heartbeat__", server, folder)
        yield LRS(f"http://127.0.0.1:{port}/xAPI/", f"{USER}:{PASSWORD}", store)
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def _wait_until_up(url: str, server: subprocess.Popen, folder: Path) -> None:
    deadline = time.monotonic() + _START_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(
                "the Ralph LRS stopped at start: " + (folder / "server.log").read_text()[-2000:]
            )
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, OSError):
            pass
        time.sleep(0.2)
    raise RuntimeError("the Ralph LRS did not answer within the start limit")
