"""Starting and stopping a JupyterLab server for the browser tests: a random port and token, the
figures and saved workspaces sent to temporary folders, and a clear failure with the server's log when
it does not start. The JupyterLab tests share one server (``SharedLab``)."""

from __future__ import annotations

import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager

import pytest

from istanbul_talks.paths import REPO_ROOT

STARTUP_SECONDS = 90


def lab_root() -> str:
    """The folder ``make lab`` serves (its --ServerApp.root_dir), relative to the repository."""
    line = next(line for line in (REPO_ROOT / "Makefile").read_text().splitlines() if "jupyter lab" in line)
    found = re.search(r"--ServerApp\.root_dir=(\S+)", line)
    return found.group(1) if found else "."


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, port: int, token: str, process: subprocess.Popen, root=None):
        self.port, self.token, self.process, self.root = port, token, process, root
        self.base = f"http://127.0.0.1:{port}"

    def api(self, path: str, method: str = "GET", body: dict | None = None):
        data = json.dumps(body).encode() if body is not None else (b"" if method == "POST" else None)
        request = urllib.request.Request(f"{self.base}{path}", data=data, method=method,
                                         headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            raw = response.read()
            return json.loads(raw) if raw else None


@contextmanager
def running_lab(tmp_path_factory, root):
    """A JupyterLab server serving ``root``, stopped (terminated, then killed) when the block ends."""
    port, token = free_port(), secrets.token_hex(16)
    env = {**os.environ, "ISTANBUL_TALKS_FIGURES": str(tmp_path_factory.mktemp("figures")),
           "JUPYTER_RUNTIME_DIR": str(tmp_path_factory.mktemp("runtime"))}
    command = [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}", "--ServerApp.port_retries=0", "--allow-root",
               f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}", "--LabApp.news_url=",
               f"--LabApp.workspaces_dir={tmp_path_factory.mktemp('workspaces')}",
               "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    log = tmp_path_factory.mktemp("log") / "jupyterlab.log"
    with open(log, "w") as handle:
        process = subprocess.Popen(command, stdout=handle, stderr=subprocess.STDOUT, env=env)
    server = Server(port, token, process, root)
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        try:
            server.api("/api/status")
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"JupyterLab did not start: {log.read_text()[-3000:]}")
            time.sleep(0.3)
    try:
        yield server
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


class SharedLab:
    """One JupyterLab server serving the folder ``make lab`` serves, shared by the tests that use it:
    started on first use, and started again if a test shut it down.

    Each test gets it as a fresh server leaves it: ``clean`` ends the sessions and kernels a test
    started and forgets the layout a browser saved (a later /lab would restore it).
    """

    def __init__(self, tmp_path_factory):
        self.tmp_path_factory, self.root = tmp_path_factory, (REPO_ROOT / lab_root()).resolve()
        self.server: Server | None = None
        self._running = None

    def running(self) -> Server:
        if self.server is None or self.server.process.poll() is not None:
            self.close()
            self._running = running_lab(self.tmp_path_factory, self.root)
            self.server = self._running.__enter__()
        return self.server

    def clean(self) -> None:
        server = self.server
        if server is None or server.process.poll() is not None:
            return
        for session in server.api("/api/sessions"):
            server.api(f"/api/sessions/{session['id']}", "DELETE")
        for kernel in server.api("/api/kernels"):
            server.api(f"/api/kernels/{kernel['id']}", "DELETE")
        for workspace in server.api("/lab/api/workspaces")["workspaces"]["ids"]:
            server.api(f"/lab/api/workspaces/{workspace}", "DELETE")

    def close(self) -> None:
        if self._running is not None:
            self._running.__exit__(None, None, None)
        self.server = self._running = None
