"""The reports in a real browser: headless Chromium driven over the DevTools protocol.

Opens index.html and every report page of both session report runs from disk (file://) and
checks that every link resolves, every image has rendered and the table of contents jumps to
its sections; screenshots go to tests/artifacts/browser/ (gitignored). Chromium comes from
Debian's ``chromium`` package (scripts/setup-browser); where it is missing or does not start,
the tests skip with that reason.
"""
from __future__ import annotations

import base64
import itertools
import json
import shutil
import subprocess
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

websocket = pytest.importorskip("websocket", reason="websocket-client not installed (pip install -e '.[test]')")

ARTIFACTS = Path(__file__).parent / "artifacts" / "browser"
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-quic", "--hide-scrollbars",
    "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "--window-size=1280,900",
]
WIDTH, HEIGHT = 1280, 900
TIMEOUT = 30  # seconds for any single browser step


def _chromium_binary() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


class DevTools:
    """A minimal Chrome DevTools protocol client over one page target's websocket."""

    def __init__(self, url: str):
        self.ws = websocket.create_connection(url, timeout=TIMEOUT, suppress_origin=True)
        self.ids = itertools.count(1)
        self.events: list[dict] = []

    def call(self, method: str, **params) -> dict:
        msg_id = next(self.ids)
        self.ws.send(json.dumps({"id": msg_id, "method": method, "params": params}))
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == msg_id:
                if "error" in msg:
                    raise AssertionError(f"{method}: {msg['error']}")
                return msg["result"]
            self.events.append(msg)
        raise AssertionError(f"no answer to {method} within {TIMEOUT} s")

    def wait_event(self, method: str) -> dict:
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            for i, ev in enumerate(self.events):
                if ev.get("method") == method:
                    return self.events.pop(i)
            self.events.append(json.loads(self.ws.recv()))
        raise AssertionError(f"no {method} within {TIMEOUT} s")

    def js(self, expression: str):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise AssertionError(f"{expression[:80]}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def open(self, path: Path) -> None:
        self.events.clear()
        self.call("Page.navigate", url=path.resolve().as_uri())
        self.wait_event("Page.loadEventFired")

    def screenshot(self, target: Path) -> None:
        data = self.call("Page.captureScreenshot", format="png", captureBeyondViewport=False)["data"]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(base64.b64decode(data))

    def click(self, x: float, y: float) -> None:
        for kind in ("mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    binary = _chromium_binary()
    if binary is None:
        pytest.skip("Chromium not found on PATH: run scripts/setup-browser (installs Debian's chromium as root)")
    profile = tmp_path_factory.mktemp("chromium-profile")
    log = open(profile.parent / "chromium.log", "wb")
    proc = subprocess.Popen([binary, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
                            stdout=log, stderr=subprocess.STDOUT)
    try:
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + TIMEOUT
        while not (port_file.exists() and port_file.read_text().strip()) and proc.poll() is None:
            if time.monotonic() > deadline:
                break
            time.sleep(0.1)
        if not port_file.exists():
            tail = (profile.parent / "chromium.log").read_bytes()[-600:].decode(errors="replace")
            pytest.skip(f"Chromium did not start (exit {proc.poll()}): {tail}")
        port = int(port_file.read_text().split()[0])
        req = urllib.request.Request(f"http://127.0.0.1:{port}/json/new?about:blank", method="PUT")
        with urllib.request.urlopen(req, timeout=TIMEOUT) as answer:
            target = json.load(answer)
        tools = DevTools(target["webSocketDebuggerUrl"])
        tools.call("Page.enable")
        tools.call("Emulation.setDeviceMetricsOverride", width=WIDTH, height=HEIGHT, deviceScaleFactor=1, mobile=False)
        yield tools
        tools.ws.close()
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        log.close()


def _pages(run) -> list[Path]:
    return [run.folder / "index.html"] + [run.folder / r.html for r in run.results]


LINKS_JS = "[...document.querySelectorAll('a[href]')].map(a => [a.getAttribute('href'), a.href])"


def test_every_link_resolves(browser, any_language_report):
    for page in _pages(any_language_report):
        browser.open(page)
        links = browser.js(LINKS_JS)
        assert links, f"{page.name} has no links"
        for raw, resolved in links:
            url = urllib.parse.urlsplit(resolved)
            assert url.scheme in ("file", "http", "https"), (page.name, raw)
            if url.scheme != "file":
                continue  # no network in tests; reports link no external pages at present
            target = Path(urllib.parse.unquote(url.path))
            assert target.is_file(), f"{page.name}: link {raw!r} points to missing {target}"
            if url.fragment:
                if target != page.resolve():
                    browser.open(target)
                # the browser's own fragment resolution: :target is the element the link jumps to
                found = browser.js(f"location.hash = {json.dumps('#' + url.fragment)};"
                                   " document.querySelector(':target') !== null")
                assert found, f"{page.name}: link {raw!r} has no target element"
                if target != page.resolve():
                    browser.open(page)


def test_every_image_rendered(browser, any_language_report):
    for page in _pages(any_language_report):
        browser.open(page)
        images = browser.js(
            "Promise.all([...document.images].map(i => i.decode().then(() => null, () => null)))"
            ".then(() => [...document.images].map(i => [i.src.slice(0, 40), i.complete, i.naturalWidth]))"
        )
        if page.name == "00_regionsprofil.html":
            assert len(images) >= 2, "the profile shows no maps"
        for src, complete, width in images:
            assert complete and width > 0, f"{page.name}: image not rendered: {src}"


def test_table_of_contents_jumps_to_sections(browser, any_language_report):
    for page in _pages(any_language_report)[1:]:
        browser.open(page)
        hrefs = browser.js("[...document.querySelectorAll('#wla-toc a[href^=\"#\"]')].map(a => a.getAttribute('href'))")
        assert len(hrefs) >= 2, f"{page.name}: table of contents missing"
        for i, href in enumerate(hrefs):
            browser.js("window.scrollTo(0, 0)")
            rect = browser.js(
                f"(() => {{ const a = document.querySelectorAll('#wla-toc a[href^=\"#\"]')[{i}];"
                " a.scrollIntoView({block: 'center'}); const r = a.getBoundingClientRect();"
                " return [r.left + r.width / 2, r.top + r.height / 2]; })()"
            )
            browser.click(*rect)
            deadline = time.monotonic() + 5
            while True:
                hash_, target_id, top, bottom, height = browser.js(
                    "(() => { const t = document.querySelector(':target'); if (!t) return [location.hash, null, -1, -1, 0];"
                    " const r = t.getBoundingClientRect();"
                    " return [location.hash, t.id, r.top, r.bottom, window.innerHeight]; })()"
                )
                if (hash_ == href and -2 <= top < height) or time.monotonic() > deadline:
                    break
                time.sleep(0.05)
            assert hash_ == href, f"{page.name}: click on {href} left location.hash {hash_}"
            assert target_id in (href[1:], urllib.parse.unquote(href[1:])), f"{page.name}: {href} -> {target_id}"
            assert -2 <= top < height and bottom > 0, f"{page.name}: {href} not in view after the click (top {top})"


def test_screenshots_kept(browser, any_language_report):
    """A screenshot of every page of the three session runs (one in English) for a reviewer."""
    name = any_language_report.folder.name
    for page in _pages(any_language_report):
        browser.open(page)
        target = ARTIFACTS / f"{name}_{page.stem}.png"
        target.unlink(missing_ok=True)
        browser.screenshot(target)
        png = target.read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        width = int.from_bytes(png[16:20], "big")
        assert width == WIDTH and target.stat().st_size > 10_000, target


#: Width of the printed area of an A4 sheet, upright (210 mm) and landscape (297 mm), less the
#: page margins of the print rules (2 × 10 mm), in CSS pixels (96 per inch).
PRINT_WIDTH = round((210 - 2 * 10) / 25.4 * 96)
PRINT_WIDTH_LANDSCAPE = round((297 - 2 * 10) / 25.4 * 96)
#: Tables wider than the page: on the upright pass the tables of ordinary figures, on the
#: landscape pass those of wide ones (``figure.wla-wide`` is printed on a landscape sheet).
WIDE_TABLES_JS = (
    "[...document.querySelectorAll('table')].filter(t => !!t.closest('figure.wla-wide') === {wide})"
    ".map(t => [Math.round(t.getBoundingClientRect().right), t.textContent.replace(/\\s+/g, ' ').trim().slice(0, 60)])"
    ".filter(([right]) => right > document.documentElement.clientWidth + 1)"
)


def print_overflow(browser, pages) -> dict:
    """Tables wider than the printed A4 area (upright, or landscape for wide figures), per page,
    with the page laid out for print."""
    browser.call("Emulation.setEmulatedMedia", media="print")
    found: dict = {}
    try:
        for width, wide in ((PRINT_WIDTH, "false"), (PRINT_WIDTH_LANDSCAPE, "true")):
            browser.call("Emulation.setDeviceMetricsOverride", width=width, height=HEIGHT, deviceScaleFactor=1, mobile=False)
            for page in pages:
                browser.open(page)
                too_wide = browser.js(WIDE_TABLES_JS.replace("{wide}", wide))
                if too_wide:
                    found.setdefault(page.name, []).extend(too_wide)
        return found
    finally:
        browser.call("Emulation.setEmulatedMedia", media="")
        browser.call("Emulation.setDeviceMetricsOverride", width=WIDTH, height=HEIGHT, deviceScaleFactor=1, mobile=False)


def test_wide_tables_fit_the_paper_when_printed(browser, any_language_report):
    """Printed on A4, every table fits the sheet: the print rules shrink and wrap tables (the
    potential ranking, the models, the shift-share rates) instead of cutting them at the screen
    layout's scroll box, and put tables of many columns on a landscape sheet."""
    wide = print_overflow(browser, _pages(any_language_report))
    assert not wide, f"tables wider than an A4 sheet when printed: {wide}"
