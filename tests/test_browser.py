"""Every notebook in a real browser: JupyterLab (token auth on) + headless Debian Chromium via Playwright.

Starts JupyterLab on 127.0.0.1 on a free port, in a temporary root folder holding a copy of every
notebook of ``notebooks/``, with every Jupyter config/runtime/settings folder pointed into the
temporary folder, and ``MPLBACKEND=Agg`` in the server's environment (what a shell may carry: the
kernels must still draw inline).

:func:`test_every_notebook_shows_its_charts` opens each notebook, runs all cells from the menu and
reads the page: each cell that draws (:data:`criticlens.teach.runbook.DRAWING_CELL`) shows a
loaded image, no cell shows an error, a warning (stderr) or ``<Figure size ...>``. One screenshot
per notebook goes to ``test-artifacts/``, scrolled to its first chart.

:func:`test_explorer_updates_in_chromium` opens the explorer notebook, runs all cells, types a
term into the explorer's search box and checks that the status line and the KWIC table update to
the numbers :mod:`criticlens.teach.explorer` computes in-process for the same term; then picks a scene
from the dropdown and checks again. A screenshot goes to ``test-artifacts/``. The server is
stopped (its process group, which this test started) when the test ends.

Chromium comes from Debian (``apt-get install chromium``): Playwright's own browser download is
never used. Skipped, with the reason, only when ``/usr/bin/chromium`` is absent.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from criticlens.paths import BUNDLED_FILM, PROJECT_ROOT
from criticlens.teach.runbook import DRAWING_CELL, FIGURE_REPR, suite_notebooks

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
NOTEBOOK = "06-explorer.ipynb"
ARTIFACTS = PROJECT_ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
#: Generous: the machine is shared, and the first kernel start imports pandas and matplotlib.
SERVER_START_S = 90
CELLS_RUN_MS = 180_000
UPDATE_MS = 60_000

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is absent: install Debian's chromium package "
                "(apt-get install -y chromium) to run the real-browser test",
                allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return int(r.status)
    except urllib.error.HTTPError as e:
        return int(e.code)


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A running JupyterLab serving a copy of the explorer notebook; yields (base_url, token, root)."""
    tmp_path = tmp_path_factory.mktemp("jupyterlab")
    root = tmp_path / "lab-root"
    root.mkdir()
    for nb in suite_notebooks():
        shutil.copy(nb, root / nb.name)
    port = _free_port()
    token = os.urandom(16).hex()
    env = dict(os.environ)
    for var, sub in (("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_RUNTIME_DIR", "runtime"),
                     ("JUPYTERLAB_SETTINGS_DIR", "settings"),
                     ("JUPYTERLAB_WORKSPACES_DIR", "workspaces"), ("IPYTHONDIR", "ipython")):
        (tmp_path / sub).mkdir()
        env[var] = str(tmp_path / sub)
    env["MPLBACKEND"] = "Agg"  # a shell's setting must not stop a person's kernel from drawing
    # no "official Jupyter news?" toast over the page, no update check: nothing leaves the machine
    notif = tmp_path / "settings" / "@jupyterlab" / "apputils-extension"
    notif.mkdir(parents=True)
    (notif / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}), encoding="utf-8")
    # every cell in the page (no windowing), so each cell's outputs can be read
    tracker = tmp_path / "settings" / "@jupyterlab" / "notebook-extension"
    tracker.mkdir(parents=True)
    (tracker / "tracker.jupyterlab-settings").write_text(
        json.dumps({"windowingMode": "none"}), encoding="utf-8")
    log = (tmp_path / "jupyter.log").open("wb")
    cmd = [
        sys.executable, "-m", "jupyterlab",
        "--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.news_url=", "--LabApp.extension_manager=readonly",
        "--ServerApp.terminals_enabled=False",
        "--KernelManager.transport=ipc",  # as `make lab`: no unencrypted-TCP kernel warning
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")  # containers and CI often run as root
    proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_START_S
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"jupyter lab exited with {proc.returncode}: "
                                   f"{(tmp_path / 'jupyter.log').read_text(errors='replace')[-2000:]}")
            try:
                status = _get(f"{base}/api/status?token={token}")
            except OSError:  # not listening yet: keep polling until the deadline
                status = None
            if status == 200:
                break
            if time.monotonic() > deadline:
                raise RuntimeError(f"jupyter lab did not answer on {base} within {SERVER_START_S}s")
            time.sleep(0.5)
        yield base, token, root
    finally:
        # Stop the server this fixture started (its own process group: server and kernels).
        if proc.poll() is None:  # still running: stop its whole process group
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
        log.close()


def _expected(term: str | None = None, scene: str | None = None):
    """What the explorer shows for a term or scene, computed in-process from the same package."""
    import criticlens
    from criticlens.teach.explorer import Explorer

    ex = Explorer(criticlens.load_film(BUNDLED_FILM), render=False)
    if term is not None:
        ex.term.value = term
    if scene is not None:
        ex.scene.value = scene
    return ex


def _wait_rows(page, n: int) -> None:
    """Wait until the passages table shows ``n`` rows (widget messages arrive one by one)."""
    try:
        page.wait_for_function(
            "(n) => document.querySelectorAll('.cl-kwic table tbody tr').length === n",
            arg=n, timeout=UPDATE_MS)
    except sync_api.TimeoutError:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "browser-explorer-failed.png"), full_page=True)
        raise


def _shown_description(page, cls: str) -> str:
    """The Description text chunk of the PNG that ``img.<cls>`` displays ('' if none yet)."""
    return page.evaluate(
        """async (c) => {
            const e = document.querySelector('img.' + c);
            if (!e || !e.src) return '';
            try {
                const t = new TextDecoder('utf-8').decode(await (await fetch(e.src)).arrayBuffer());
                const i = t.indexOf('Description');
                return i < 0 ? '' : t.slice(i + 12, i + 400);
            } catch (err) { return ''; }  // a revoked blob URL: the image is being replaced
        }""", cls)


def _wait_image_shows(page, cls: str, text: str) -> None:
    """Wait until the image shown in ``img.<cls>`` is the one drawn for ``text``.

    The explorer writes the state a figure shows into its PNG's Description chunk; this reads
    the bytes the browser actually displays (the img's blob URL) and looks for ``text``.
    """
    deadline = time.monotonic() + UPDATE_MS / 1000
    seen = ""
    while time.monotonic() < deadline:
        seen = _shown_description(page, cls)
        if text in seen:
            return
        time.sleep(0.25)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "browser-explorer-failed.png"), full_page=True)
    raise AssertionError(f"img.{cls} still shows {seen[:200]!r}, expected {text!r}")


def _image_srcs(page) -> list[str]:
    """The current src (a blob URL, new for every value) of the arcs and dispersion images."""
    return [page.locator(f"img.{cls}").first.get_attribute("src") or ""
            for cls in ("cl-arcs", "cl-dispersion")]


def _api(base: str, token: str, path: str, method: str = "GET"):
    req = urllib.request.Request(f"{base}{path}", method=method,
                                 headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(req, timeout=30) as r:
        body = r.read()
    return json.loads(body) if body else None


def _stop_kernels(base: str, token: str) -> None:
    """Shut down every session's kernel (one notebook at a time keeps the machine free)."""
    for s in _api(base, token, "/api/sessions"):
        _api(base, token, f"/api/sessions/{s['id']}", method="DELETE")


def _browser(pw, tmp_path):
    return pw.chromium.launch_persistent_context(
        str(tmp_path / "chromium-profile"), executable_path=str(CHROMIUM), headless=True,
        args=CHROMIUM_ARGS, viewport={"width": 1400, "height": 1000},
    )


def _open_and_run_all(page, base: str, token: str, name: str) -> None:
    """Open ``name`` in a fresh workspace, wait for its kernel, and Run > Run All Cells."""
    page.goto(f"{base}/lab/tree/{name}?reset&token={token}")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=CELLS_RUN_MS)
    page.wait_for_function(
        "() => [...document.querySelectorAll('.jp-StatusBar-TextItem, .jp-Toolbar-kernelStatus')]"
        ".some(e => /Idle/.test(e.textContent) || /Idle/.test(e.getAttribute('title') || ''))",
        timeout=CELLS_RUN_MS)
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).first.click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).first.click()


#: Per code cell of the open notebook: its prompt, loaded images, and each output's mime type and text.
_READ_CELLS = """() => [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell')]
  .map(c => ({
    prompt: (c.querySelector('.jp-InputPrompt') || {}).textContent || '',
    images: [...c.querySelectorAll('.jp-OutputArea-output img')]
              .filter(i => i.complete && i.naturalWidth > 0).length,
    outputs: [...c.querySelectorAll('.jp-OutputArea-output')].map(o => ({
      mime: o.getAttribute('data-mime-type') || '',
      text: (o.innerText || '').slice(0, 300)})),
  }))"""


def test_every_notebook_shows_its_charts(lab, tmp_path):
    """Run all cells of each notebook in JupyterLab; every chart is an image, nothing warns."""
    import nbformat

    base, token, root = lab
    ARTIFACTS.mkdir(exist_ok=True)
    report: dict[str, dict] = {}
    problems: list[str] = []
    with sync_api.sync_playwright() as pw:
        ctx = _browser(pw, tmp_path)
        try:
            page = ctx.pages[0] if ctx.pages else ctx.new_page()
            page.set_default_timeout(UPDATE_MS)
            for nb_path in suite_notebooks(root):
                name = nb_path.name
                sources = [c.source for c in nbformat.read(nb_path, as_version=4).cells
                           if c.cell_type == "code"]
                _open_and_run_all(page, base, token, name)
                # done when every code cell has an execution number and the kernel is idle
                page.wait_for_function(
                    "(n) => { const p = [...document.querySelectorAll("
                    "'.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputPrompt')];"
                    " return p.length === n && p.every(e => /\\[\\d+\\]/.test(e.textContent)); }",
                    arg=len(sources), timeout=CELLS_RUN_MS)
                page.wait_for_timeout(500)  # the last images finish decoding
                cells = page.evaluate(_READ_CELLS)
                assert len(cells) == len(sources), (name, len(cells), len(sources))
                drawing = [i for i, src in enumerate(sources) if DRAWING_CELL.search(src)]
                for i, (src, cell) in enumerate(zip(sources, cells)):
                    where = f"{name} code cell {i}"
                    if i in drawing and cell["images"] == 0:
                        problems.append(f"{where} draws but shows no image")
                    for out in cell["outputs"]:
                        if "stderr" in out["mime"] or "error" in out["mime"]:
                            problems.append(f"{where} shows {out['mime']}: {out['text'][:120]!r}")
                        if FIGURE_REPR in out["text"]:
                            problems.append(f"{where} shows {out['text'][:60]!r}")
                report[name] = {"code_cells": len(sources), "drawing_cells": len(drawing),
                                "images": sum(c["images"] for c in cells)}
                # the screenshot shows the first chart (or the top of a notebook without one)
                page.evaluate("""() => { const i = [...document.querySelectorAll(
                    '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output img')]
                    .find(e => e.offsetParent !== null); if (i) i.scrollIntoView(); }""")
                page.wait_for_timeout(300)
                page.screenshot(path=str(ARTIFACTS / f"browser-{nb_path.stem}.png"))
                _stop_kernels(base, token)
        finally:
            ctx.close()
    (ARTIFACTS / "browser-notebooks.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    assert problems == []
    # not vacuous: the suite draws, and every notebook but the widget explorer has drawing cells
    assert all(r["drawing_cells"] > 0 and r["images"] >= r["drawing_cells"]
               for n, r in report.items() if "explorer" not in n), report


def test_token_auth_is_on(lab):
    base, token, _ = lab
    assert _get(f"{base}/api/contents") == 403
    assert _get(f"{base}/api/contents?token={token}") == 200


def test_explorer_updates_in_chromium(lab, tmp_path):
    base, token, root = lab
    ARTIFACTS.mkdir(exist_ok=True)
    # a term present in the bundled corpus: the most frequent content word among the scene terms
    # is film-specific, so take the explorer's own suggestion (the corpus's most frequent word)
    probe = _expected()
    term = probe.suggested_terms()[0]
    want = _expected(term=term)
    assert want.hits_frame().shape[0] > 0, "probe term must have hits for the test to mean anything"

    with sync_api.sync_playwright() as pw:
        ctx = _browser(pw, tmp_path)
        try:
            page = ctx.pages[0] if ctx.pages else ctx.new_page()
            page.set_default_timeout(UPDATE_MS)
            # wait for the kernel, then the main menu: Run > Run All Cells
            _open_and_run_all(page, base, token, NOTEBOOK)
            status = page.locator(".cl-status").first
            status.wait_for(timeout=CELLS_RUN_MS)
            initial = status.inner_text()

            # 1. type a term: the status line and the KWIC table update
            box = page.locator(".cl-term input").first
            box.fill(term)
            box.press("Enter")
            expect_status = want.status_text()
            page.wait_for_function(
                "(t) => { const e = document.querySelector('.cl-status'); return e && e.innerText.includes(t); }",
                arg=expect_status, timeout=UPDATE_MS)
            assert page.locator(".cl-status").first.inner_text() != initial
            rows = page.locator(".cl-kwic table tbody tr")
            _wait_rows(page, want.kwic_table().shape[0])
            assert rows.count() == want.kwic_table().shape[0]
            assert page.locator(".cl-kwic mark").first.inner_text().casefold() == term.casefold()
            page.screenshot(path=str(ARTIFACTS / "browser-explorer-term.png"), full_page=True)
            # figures are encoded when their tab is open: open each, check it shows the term
            for tab, cls in (("Arcs", "cl-arcs"), ("Dispersion", "cl-dispersion")):
                page.locator(".lm-TabBar-tabLabel", has_text=re.compile(f"^{tab}$")).first.click()
                _wait_image_shows(page, cls, expect_status)
            srcs_term = _image_srcs(page)
            page.locator(".lm-TabBar-tabLabel", has_text=re.compile("^Passages$")).first.click()

            # 2. pick a scene in the dropdown (the first scene that any critic mentions)
            scenes = probe.scenes_with_mentions()
            if scenes:
                box.fill("")
                box.press("Enter")
                sid, label = scenes[0]
                want_scene = _expected(scene=sid)
                page.locator(".cl-scene select").first.select_option(label=label)
                page.wait_for_function(
                    "(t) => { const e = document.querySelector('.cl-status'); return e && e.innerText.includes(t); }",
                    arg=want_scene.status_text(), timeout=UPDATE_MS)
                _wait_rows(page, want_scene.kwic_table().shape[0])
                assert rows.count() == want_scene.kwic_table().shape[0]
                for tab, cls in (("Arcs", "cl-arcs"), ("Dispersion", "cl-dispersion")):
                    page.locator(".lm-TabBar-tabLabel", has_text=re.compile(f"^{tab}$")).first.click()
                    _wait_image_shows(page, cls, want_scene.status_text())
                srcs_scene = _image_srcs(page)
                assert all(a != b for a, b in zip(srcs_term, srcs_scene)), (srcs_term, srcs_scene)
            # the figures are PNG images (ipywidgets Image puts the class on the <img> itself)
            for tab, cls in (("Arcs", "cl-arcs"), ("Dispersion", "cl-dispersion")):
                page.locator(".lm-TabBar-tabLabel", has_text=re.compile(f"^{tab}$")).first.click()
                img = page.locator(f"img.{cls}").first
                img.wait_for(state="visible", timeout=UPDATE_MS)
                assert img.evaluate("(e) => e.complete && e.naturalWidth > 0")
                page.screenshot(path=str(ARTIFACTS / f"browser-explorer-{tab.lower()}.png"),
                                full_page=True)
            (ARTIFACTS / "browser-explorer.json").write_text(
                json.dumps({"term": term, "status": page.locator(".cl-status").first.inner_text()},
                           indent=1), encoding="utf-8")
        finally:
            ctx.close()
