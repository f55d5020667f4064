"""JupyterLab on the project's environment: it lists every notebook, runs one through its own
kernel, serves /lab to a real browser, and shuts down cleanly."""

from __future__ import annotations

import json
import time
import urllib.request
import uuid

import nbformat
import pytest
import websocket
from chromium import render, require_chromium
from jupyter_server import running_lab

from istanbul_talks.paths import REPO_ROOT

NOTEBOOKS = REPO_ROOT / "notebooks"
@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with running_lab(tmp_path_factory, NOTEBOOKS) as running:
        yield running


def test_the_server_refuses_requests_without_the_token(server):
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{server.base}/api/contents", timeout=10)
    assert refused.value.code == 403


def test_the_contents_api_lists_every_notebook(server):
    listed = {item["name"] for item in server.api("/api/contents")["content"] if item["type"] == "notebook"}
    assert listed == {p.name for p in NOTEBOOKS.glob("*.ipynb")}


def execute(ws, session: str, code: str) -> tuple[str, str]:
    """Send one execute_request on the kernel's websocket; return (reply status, text printed).

    The cell is finished when both its execute_reply and the kernel's return to idle have arrived.
    """
    msg_id = uuid.uuid4().hex
    ws.send(json.dumps({"header": {"msg_id": msg_id, "username": "test", "session": session, "msg_type": "execute_request", "version": "5.3"},
                        "parent_header": {}, "metadata": {}, "channel": "shell",
                        "content": {"code": code, "silent": False, "store_history": False, "user_expressions": {}, "allow_stdin": False}}))
    printed, status, idle = [], None, False
    deadline = time.monotonic() + 120
    while status is None or not idle:
        if time.monotonic() > deadline:
            raise TimeoutError(code[:80])
        message = json.loads(ws.recv())
        if message.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        kind, content = message["header"]["msg_type"], message["content"]
        if kind == "stream":
            printed.append(content["text"])
        elif kind == "error":
            printed.append("\n".join(content["traceback"]))
        elif kind == "execute_reply":
            status = content["status"]
        elif kind == "status":
            idle = content["execution_state"] == "idle"
    return status, "".join(printed)


def test_a_notebook_runs_through_a_kernel_of_the_server(server):
    kernel = server.api("/api/kernels", "POST", {"name": "python3"})
    ws = websocket.create_connection(f"ws://127.0.0.1:{server.port}/api/kernels/{kernel['id']}/channels?token={server.token}", timeout=120)
    try:
        session, output = uuid.uuid4().hex, []
        notebook = nbformat.read(NOTEBOOKS / "01_the_dataset.ipynb", as_version=4)
        for cell in (c for c in notebook.cells if c.cell_type == "code"):
            status, printed = execute(ws, session, cell.source)
            assert status == "ok", printed
            output.append(printed)
    finally:
        ws.close()
        server.api(f"/api/kernels/{kernel['id']}", "DELETE")
    assert "The validator finds 0 problems." in "".join(output)


def test_the_lab_page_loads_in_a_real_browser(server):
    require_chromium()
    page = render(f"{server.base}/lab?token={server.token}", budget_ms=15000, network=True)
    assert "jp-LabShell" in page.dom, page.dom[:2000]


def test_the_server_shuts_down_on_request(server):
    server.api("/api/shutdown", "POST")
    assert server.process.wait(timeout=30) == 0
