"""Headless Chromium from Debian's package, with the network off, for tests that need a real browser.

On a machine without Chromium the browser tests are skipped with a message saying how to install
it; under CI (``CI=true``) they fail instead, so a broken install can never pass silently.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass

import pytest

INSTALL_HINT = "install Debian's Chromium with `apt-get install -y chromium` (.ci/run does this)"
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-extensions", "--enable-logging=stderr", "--v=0",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",  # no host but this machine resolves, even outside a namespace
]


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def require_chromium() -> str:
    path = chromium_path()
    if path:
        return path
    if os.environ.get("CI") == "true":
        pytest.fail(f"Chromium is required in CI: {INSTALL_HINT}")
    pytest.skip(f"Chromium is not installed: {INSTALL_HINT}")


def offline_prefix() -> list[str]:
    """Run in a fresh network namespace (no interfaces at all) when the system allows it."""
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "--net", "true"], capture_output=True).returncode == 0:
        return [unshare, "--net"]
    return []


@dataclass
class Page:
    dom: str
    console: list[str]
    stderr: str


def render(url: str, budget_ms: int = 5000, network: bool = False) -> Page:
    """Load ``url`` headless, let scripts run for ``budget_ms`` of virtual time, return the DOM and console lines."""
    with tempfile.TemporaryDirectory() as profile:
        command = [require_chromium(), *FLAGS, f"--user-data-dir={profile}", f"--virtual-time-budget={budget_ms}", "--dump-dom", url]
        prefix = [] if network else offline_prefix()
        done = subprocess.run(prefix + command, capture_output=True, text=True, timeout=120)
    console = [line for line in done.stderr.splitlines() if ":CONSOLE" in line]
    if not done.stdout.strip():
        raise RuntimeError(f"Chromium returned no page ({done.returncode}): {done.stderr[-2000:]}")
    return Page(done.stdout, console, done.stderr)
