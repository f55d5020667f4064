"""The notebooks as a reader opens them: under JupyterLab started the way ``make lab`` starts it, an
interactive chart renders inside its notebook and every link in every notebook resolves; nbconvert's
HTML of the same notebook shows a picture in that cell instead.

And JupyterLab on the project's environment: it refuses requests without its token, lists every
notebook, runs one through its own kernel, serves /lab to a real browser, and shuts down cleanly.

Every test here uses one JupyterLab server (``lab``), left by each test as a fresh one is; the
shut-down test comes last (a test after it would get a new server).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

import nbformat
import pytest
import websocket
from chromium import offline_context
from jupyter_server import SharedLab

from istanbul_talks.paths import REPO_ROOT

NOTEBOOKS = REPO_ROOT / "notebooks"
PLOTLY = "application/vnd.plotly.v1+json"
INTERACTIVE_NOTEBOOK = "03_actor_statements.ipynb"
MARKDOWN_LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
HTML_LINK = re.compile(r"""href=["']([^"']+)["']""")


@pytest.fixture(scope="module")
def shared_lab(tmp_path_factory):
    shared = SharedLab(tmp_path_factory)
    yield shared
    shared.close()


@pytest.fixture
def lab(shared_lab):
    """The module's JupyterLab server, serving what ``make lab`` serves; after each test, as a fresh one is."""
    yield shared_lab.running()
    shared_lab.clean()


def notebook_links(path):
    """Every relative link a reader can click in a notebook: markdown cells and rendered outputs."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    texts = []
    for cell in notebook["cells"]:
        if cell["cell_type"] == "markdown":
            texts.append("".join(cell["source"]))
        for output in cell.get("outputs", []):
            for mime in ("text/markdown", "text/html"):
                value = output.get("data", {}).get(mime)
                texts.append("".join(value) if isinstance(value, list) else (value or ""))
    links = {m for t in texts for m in MARKDOWN_LINK.findall(t) + HTML_LINK.findall(t)}
    return sorted(link for link in links if not re.match(r"^[a-z]+:|^#|^/", link))


def url_for(lab, notebook, link) -> str | None:
    """The URL JupyterLab opens for a relative link in ``notebook``; None when it leaves the served folder."""
    target = (notebook.parent / urllib.parse.unquote(link.split("#")[0])).resolve()
    if not target.is_relative_to(lab.root):
        return None
    return f"{lab.base}/files/{urllib.parse.quote(target.relative_to(lab.root).as_posix())}"


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.name)
def test_every_link_in_a_notebook_resolves_under_make_lab(lab, path):
    broken = []
    for link in notebook_links(path):
        url = url_for(lab, path, link)
        if url is None:
            broken.append(f"{link}: outside the folder JupyterLab serves ({lab.root})")
            continue
        request = urllib.request.Request(url, headers={"Authorization": f"token {lab.token}"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        if status != 200:
            broken.append(f"{link}: HTTP {status}")
    assert broken == [], f"{path.name}: {broken}"


def notebook_url(lab, name) -> str:
    relative = (NOTEBOOKS / name).relative_to(lab.root).as_posix()
    return f"{lab.base}/lab/tree/{urllib.parse.quote(relative)}?token={lab.token}"


def test_an_interactive_chart_renders_inside_its_notebook_in_jupyterlab(lab, browser):
    """The lab page loads in a real browser (its shell is there), opens a notebook, and draws its chart."""
    context = offline_context(browser, allowed=(lab.base,), width=1400, height=1000)
    try:
        page = context.new_page()
        page.goto(notebook_url(lab, INTERACTIVE_NOTEBOOK))
        page.wait_for_selector(".jp-Notebook", timeout=60_000)
        assert page.locator(".jp-LabShell").count() == 1, "the JupyterLab page did not load its shell"
        # jupyterlab-plotly shows the output's PNG first and swaps in the live chart when the pointer enters it.
        output = page.locator(".jp-OutputArea-output.jp-RenderedPlotly").first
        output.scroll_into_view_if_needed(timeout=60_000)
        output.hover()
        page.wait_for_selector(".jp-OutputArea-output.jp-RenderedPlotly.js-plotly-plot .main-svg", timeout=60_000)
        page.wait_for_timeout(300)
        points = page.locator(".jp-RenderedPlotly.js-plotly-plot .scatterlayer .point").count()
        assert points > 0, "the plotly chart in the notebook drew no points"
        box = page.locator(".jp-RenderedPlotly.js-plotly-plot .main-svg").first.bounding_box()
        assert box["width"] > 300 and box["height"] > 300, box
        page.screenshot(path=str(REPO_ROOT / ".cache" / "jupyterlab-interactive.png"))
    finally:
        context.close()


def test_nbconvert_html_shows_every_picture_of_every_notebook_in_its_cell(tmp_path):
    """What a reader without a kernel or plotly sees (nbconvert HTML, as code-hosting sites render
    notebooks): every output carrying a picture shows it as an image in its own cell, with its alt
    text; an interactive chart shows its picture and no plotly code; every Markdown output is rendered."""
    paths = sorted(NOTEBOOKS.glob("*.ipynb"))
    done = subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", "--to", "html", "--output-dir", str(tmp_path), *map(str, paths)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert any(PLOTLY in o.get("data", {}) for p in paths for c in json.loads(p.read_text(encoding="utf-8"))["cells"] for o in c.get("outputs", []))
    for path in paths:
        notebook = json.loads(path.read_text(encoding="utf-8"))
        page = (tmp_path / path.name.replace(".ipynb", ".html")).read_text(encoding="utf-8")
        cells = re.split(r'<div\s+class="jp-Cell ', page)[1:]
        assert len(cells) == len(notebook["cells"]), path.name
        for index, cell in enumerate(notebook["cells"]):
            shown = cells[index].split("jp-Cell-outputWrapper", 1)[-1]  # the output, not the code that made it
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                if "image/png" in data:
                    pictures = re.findall(r'<img [^>]*src="data:image/png;base64,[^"]+"[^>]*>', shown)
                    assert pictures, f"{path.name} cell {index}: no picture in nbconvert HTML"
                    assert all('alt="' in picture for picture in pictures), f"{path.name} cell {index}: a picture without alt text"
                if PLOTLY in data:
                    code = re.sub(r"data:image/png;base64,[^\"]+", "", shown)  # a picture's bytes may spell anything
                    assert "plotly" not in code.lower(), f"{path.name} cell {index}: plotly code in nbconvert HTML"
                if "text/markdown" in data:
                    assert "jp-RenderedMarkdown" in shown and "|---" not in shown, f"{path.name} cell {index}: Markdown not rendered"


# The server itself.


def api_path(lab, folder) -> str:
    """``folder`` as the server's contents API names it (relative to the folder it serves)."""
    relative = folder.resolve().relative_to(lab.root).as_posix()
    return "" if relative == "." else relative


def test_the_server_refuses_requests_without_the_token(lab):
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{lab.base}/api/contents", timeout=10)
    assert refused.value.code == 403


def test_the_contents_api_lists_every_notebook(lab):
    listed = {item["name"] for item in lab.api(f"/api/contents/{api_path(lab, NOTEBOOKS)}")["content"] if item["type"] == "notebook"}
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


def test_a_notebook_runs_through_a_kernel_of_the_server(lab):
    kernel = lab.api("/api/kernels", "POST", {"name": "python3", "path": api_path(lab, NOTEBOOKS)})  # started in notebooks/
    ws = websocket.create_connection(f"ws://127.0.0.1:{lab.port}/api/kernels/{kernel['id']}/channels?token={lab.token}", timeout=120)
    try:
        session, output = uuid.uuid4().hex, []
        notebook = nbformat.read(NOTEBOOKS / "01_the_dataset.ipynb", as_version=4)
        for cell in (c for c in notebook.cells if c.cell_type == "code"):
            status, printed = execute(ws, session, cell.source)
            assert status == "ok", printed
            output.append(printed)
    finally:
        ws.close()
        lab.api(f"/api/kernels/{kernel['id']}", "DELETE")
    assert "The validator finds 0 problems." in "".join(output)


def test_the_server_shuts_down_on_request(lab):
    lab.api("/api/shutdown", "POST")
    assert lab.process.wait(timeout=30) == 0
