"""Headless Chromium from Debian's package, with the network off, for tests that need a real browser.

Every page is opened in the one browser of the test session (conftest's ``browser`` fixture, driven
through Playwright), each in a fresh context in which every request outside ``allowed`` is refused.

On a machine without Chromium the browser tests are skipped with a message saying how to install
it; under CI (``CI=true``) they fail instead, so a broken install can never pass silently.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from dataclasses import dataclass, field

import pytest

INSTALL_HINT = "install Debian's Chromium with `apt-get install -y chromium` (.ci/run does this)"
# No host but this machine resolves, whatever a page asks for (requests are also refused per context).
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
READY_TIMEOUT_MS = 5_000  # a page that has not drawn by then never will: fail fast
QUIET_MS = 250  # after drawing, the page is done once its DOM has not changed for this long
QUIET_CAP_MS = 5_000

# Resolves once the document has not changed for ``quiet`` ms (or after ``cap`` ms in any case).
WAIT_FOR_QUIET = """([quiet, cap]) => new Promise(resolve => {
  let timer;
  const done = () => { observer.disconnect(); clearTimeout(limit); resolve(); };
  const observer = new MutationObserver(() => { clearTimeout(timer); timer = setTimeout(done, quiet); });
  observer.observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
  timer = setTimeout(done, quiet);
  const limit = setTimeout(done, cap);
})"""


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def require_chromium() -> str:
    path = chromium_path()
    if path:
        return path
    if os.environ.get("CI") == "true":
        pytest.fail(f"Chromium is required in CI: {INSTALL_HINT}")
    pytest.skip(f"Chromium is not installed: {INSTALL_HINT}")


def offline_context(browser, allowed=("file://",), width: int = 1280, height: int = 900):
    """A browser context in which every request but those starting with ``allowed`` is refused (and,
    when only files are allowed, every WebSocket is closed)."""
    context = browser.new_context(viewport={"width": width, "height": height})
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(tuple(allowed)) else route.abort())
    if all(prefix.startswith("file:") for prefix in allowed):
        context.route_web_socket(re.compile(".*"), lambda socket: socket.close())
    return context


@dataclass
class Page:
    """What a page showed and reported: its DOM once drawn, and everything it said on the way."""

    dom: str = ""
    console: list[str] = field(default_factory=list)  # every console message ("error: ..."), uncaught exception ("Uncaught ..."), dialog
    failed_requests: list[str] = field(default_factory=list)  # "url: net::ERR_..."

    @property
    def errors(self) -> list[str]:
        """Console errors, uncaught exceptions, dialogs and requests that failed."""
        return [line for line in self.console if line.startswith(("error:", "assert:", "dialog ")) or "Uncaught" in line] + self.failed_requests


def watch(page) -> Page:
    """Record, from now on, every console message, uncaught exception, dialog and failed request of ``page``."""
    seen = Page()

    def on_dialog(dialog):
        seen.console.append(f"dialog {dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("console", lambda message: seen.console.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: seen.console.append(f"Uncaught {error.name}: {error.message}"))
    page.on("requestfailed", lambda request: seen.failed_requests.append(f"{request.url}: {request.failure}"))
    page.on("dialog", on_dialog)
    return seen


def settle(page, seen: Page, ready: str = ".main-svg", timeout_ms: int = READY_TIMEOUT_MS, stop_on_error: bool = True) -> Page:
    """Wait until ``ready`` is in the page (at most ``timeout_ms``; with ``stop_on_error``, no longer
    once the page has reported an error), then until its DOM is quiet; keep the DOM in ``seen``."""
    deadline = time.monotonic() + timeout_ms / 1000
    while page.query_selector(ready) is None and not (stop_on_error and seen.errors) and time.monotonic() < deadline:
        page.wait_for_timeout(50)
    page.evaluate(WAIT_FOR_QUIET, [QUIET_MS, QUIET_CAP_MS])
    seen.dom = page.content()
    return seen


def render(browser, url: str, ready: str = ".main-svg", allowed=("file://",), timeout_ms: int = READY_TIMEOUT_MS, stop_on_error: bool = True) -> Page:
    """Load ``url`` in a fresh context where only ``allowed`` URLs load, wait until it has drawn
    (see ``settle``), return its DOM and what it reported."""
    context = offline_context(browser, allowed=allowed)
    try:
        page = context.new_page()
        seen = watch(page)
        page.goto(url, wait_until="load", timeout=max(timeout_ms, 30_000))
        return settle(page, seen, ready, timeout_ms, stop_on_error)
    finally:
        context.close()
