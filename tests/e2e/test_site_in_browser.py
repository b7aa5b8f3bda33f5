"""The published site in a real browser (Chromium through Playwright), with axe-core and the Nu checker.

The site is published once, with its PDFs and a base URL whose path is /briefs/, and served
from that path by a local static server that answers a missing address with 404.html, as
hosts do. Debian's chromium, Java and the npm packages axe-core and vnu-jar are installed by
the test set-up (see README); without them these tests skip on a developer's machine and
fail in CI.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import threading
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.conftest import REPO
from tests.site.test_publish import copy_site_project, html_pages, publish_project

CHROMIUM = Path(os.environ.get("BRIEFGEN_CHROMIUM", "/usr/bin/chromium"))
AXE = REPO / "node_modules/axe-core/axe.min.js"
VNU = REPO / "node_modules/vnu-jar/build/dist/vnu.jar"
PREFIX = "/briefs/"
BASE = "https://example.org/briefs/"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
TIMEOUT_MS = 15_000

# One page of each type, and the widths the site is laid out for.
PAGE_TYPES = {
    "home": "index.html",
    "weekly": "weekly/2025-W43.html",
    "weekly-fr": "weekly/2025-W44.html",
    "theme": "themes/drone-exports.html",
    "themes": "themes.html",
    "tags": "tags.html",
    "tag": "tags/drones.html",
    "sources": "sources.html",
    "search": "search.html?q=interceptor",
    "404": "no/such/page.html",
}


def require(condition: bool, what: str) -> None:
    """Skip on a developer's machine without the tool; in CI, fail: these tests must run there.
    Either way the message says how to install it."""
    if not condition:
        message = (f"{what} is not installed: run sudo scripts/install-system-packages, then make test "
                   f"(which installs the npm checkers)")
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


class StaticHost(SimpleHTTPRequestHandler):
    """Serves the site under PREFIX, and 404.html with status 404 for anything missing."""

    def __init__(self, *args, site: Path, **kwargs):
        self.site = site
        super().__init__(*args, directory=str(site), **kwargs)

    def translate_path(self, path: str) -> str:
        route = unquote(urlsplit(path).path)
        if not route.startswith(PREFIX):
            return str(self.site / "\0missing")
        return super().translate_path("/" + route[len(PREFIX):])

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if "\0" in str(path) or not path.is_file():
            body = (self.site / "404.html").read_bytes()
            self.send_response(HTTPStatus.NOT_FOUND)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return _Body(body)
        return super().send_head()

    def log_message(self, *args) -> None:
        pass


class _Body:
    def __init__(self, data: bytes):
        self.data = data

    def read(self, *args) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = copy_site_project(tmp_path_factory.mktemp("browser") / "project")
    out = root / "site"
    publish_project(root, out, base_url=BASE)
    return out


@pytest.fixture(scope="module")
def server(site):
    """The site on a free port of 127.0.0.1, stopped after the module."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(StaticHost, site=site))
    thread = threading.Thread(target=httpd.serve_forever, name="test-site", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}{PREFIX}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(10)


@pytest.fixture(scope="module")
def browser():
    require(CHROMIUM.is_file(), f"Chromium ({CHROMIUM})")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "the playwright package")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, timeout=60_000)
        try:
            yield instance
        finally:
            instance.close()


@pytest.fixture
def open_page(browser):
    """Open a page in a fresh browser context: ``open_page(url, width=1280, scheme="light", js=True)``."""
    contexts = []

    def opener(url: str, width: int = 1280, scheme: str = "light", js: bool = True):
        context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme,
                                      java_script_enabled=js, reduced_motion="reduce")
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.goto(url)
        return page

    yield opener
    for context in contexts:
        context.close()


def wait_for_search(page) -> str:
    page.wait_for_function(
        "() => { const s = document.getElementById('search-status'); "
        "return s && s.textContent && !s.textContent.endsWith('…'); }")
    return page.text_content("#search-status")


# --- reading and navigating -----------------------------------------------------------------


def test_home_to_brief_to_source_and_back(server, open_page):
    page = open_page(server + "index.html")
    assert page.title() == "Test Desk Weekly"
    headings = page.locator("main .card-title a").all_text_contents()
    assert headings[0].startswith("La production européenne")  # newest first
    page.get_by_role("link", name="Surplus exports allowed; a first interceptor line").first.click()
    page.wait_for_url("**/weekly/2025-W43.html")
    assert page.locator("h1").text_content() == "Surplus exports allowed; a first interceptor line"
    marker = page.locator(".bluf a.cite-ref").first
    marker_id = marker.get_attribute("id")
    entry_id = marker.get_attribute("href").removeprefix("#")
    marker.click()
    page.wait_for_url(f"**#{entry_id}")
    entry = page.locator(f"#{entry_id}")
    assert entry.evaluate("e => e.matches(':target') && e.closest('.sources') !== null")
    assert "Statement on controlled exports" in entry.text_content()
    assert entry.evaluate("e => { const r = e.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }")
    entry.locator(f"a.backlink[href='#{marker_id}']").click()
    page.wait_for_url(f"**#{marker_id}")
    assert page.locator(f"#{marker_id}").evaluate("e => e.matches(':target')")
    # From the entry to the Sources page, and on to another claim resting on the same source.
    page.goto(server + "weekly/2025-W43.html#" + entry_id)
    page.locator(f"#{entry_id} a.all-claims").click()
    page.wait_for_url("**/sources.html#src-ministry-2025-10")
    record = page.locator("#src-ministry-2025-10")
    record.get_by_role("link", name="The government allowed exports of surplus drones in October 2025.").click()
    page.wait_for_url("**/themes/drone-exports.html#cite-*")
    assert page.evaluate("() => document.querySelector(':target').classList.contains('cite-ref')")


def test_search_finds_the_expected_brief(server, open_page):
    page = open_page(server + "search.html")
    page.get_by_label("Search the weekly briefs and themes").fill("interceptor")
    page.get_by_role("button", name="Search").click()
    status = wait_for_search(page)
    assert status.endswith("results for “interceptor”.")
    titles = page.locator("#search-results h2 a").all_text_contents()
    assert "Test Desk Weekly No. 2: Surplus exports allowed; a first interceptor line" in titles
    assert page.url.endswith("search.html?q=interceptor")
    assert not page.locator("#search-nojs").is_visible()
    page.locator("#search-results h2 a", has_text="No. 2: Surplus exports").click()
    page.wait_for_url("**/briefs/weekly/2025-W43.html")
    # A query in the address searches at once, and a query with no match says so.
    page = open_page(server + "search.html?q=zzyzx")
    assert wait_for_search(page) == "No results for “zzyzx”."
    assert page.locator("#search-results li").count() == 0


def test_search_finds_french_text_too(server, open_page):
    page = open_page(server + "search.html?q=cadence")
    wait_for_search(page)
    assert any("No. 3" in title or "N° 3" in title or "no 3" in title.lower()
               for title in page.locator("#search-results h2 a").all_text_contents())


def test_every_page_reads_and_navigates_without_javascript(server, open_page):
    page = open_page(server + "index.html", js=False)
    page.get_by_role("link", name="Controlled drone exports").first.click()
    page.wait_for_url("**/themes/drone-exports.html")
    page.locator("main a.cite-ref").first.click()
    assert page.evaluate("() => document.querySelector(':target').closest('.sources') !== null")
    page.get_by_role("navigation", name="Site", exact=True).get_by_role("link", name="Search").click()
    page.wait_for_url("**/search.html")
    page.get_by_text("Search needs JavaScript").wait_for(state="visible")
    page.get_by_label("Search the weekly briefs and themes").fill("drones")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/search.html?q=drones")
    assert page.get_by_role("link", name="Tags").first.is_visible()


def test_the_404_page_works_at_any_depth(server, open_page):
    page = open_page(server + "no/such/deep/page.html")
    assert page.locator("h1").text_content() == "Page not found"
    assert page.evaluate("() => getComputedStyle(document.querySelector('.site-nav')).display") == "flex"
    page.get_by_role("link", name="Go to the list of weekly briefs").click()
    page.wait_for_url("**/briefs/index.html")


def test_skip_link_and_visible_focus(server, open_page):
    page = open_page(server + "weekly/2025-W43.html")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("e => e === document.activeElement")
    box = skip.bounding_box()
    assert box and box["y"] >= 0 and box["height"] > 10
    assert skip.evaluate("e => getComputedStyle(e).outlineStyle") != "none"
    page.keyboard.press("Enter")
    page.wait_for_url("**#main")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.closest('main') !== null")
    assert focused
    assert page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle") != "none"


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_no_horizontal_scrolling_from_360_px(server, open_page, kind):
    for width in (360, 1280):
        page = open_page(server + PAGE_TYPES[kind], width=width)
        overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, (kind, width, overflow)
        folder = os.environ.get("BRIEFGEN_SCREENSHOTS")
        if folder and kind in ("home", "weekly"):  # for a person to look at
            Path(folder).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(folder) / f"{kind}-{width}.png"), full_page=True)


def test_dark_mode_follows_the_system(server, open_page):
    light = open_page(server + "index.html")
    dark = open_page(server + "index.html", scheme="dark")
    background = "() => getComputedStyle(document.documentElement).backgroundColor"
    assert light.evaluate(background) == "rgb(255, 255, 255)"
    assert dark.evaluate(background) == "rgb(18, 21, 24)"


@pytest.mark.parametrize("kind", ["home", "weekly", "theme"])
def test_the_marking_banner_opens_and_closes_every_page(server, open_page, kind):
    page = open_page(server + PAGE_TYPES[kind])
    top = page.get_by_role("region", name="Marking")
    assert top.text_content() == "OFFICIAL"
    assert top.bounding_box()["y"] < page.locator(".site-nav").bounding_box()["y"]  # above everything
    end = page.locator("footer .banner-end")
    assert end.text_content() == "OFFICIAL" and end.is_visible()
    colours = "e => [getComputedStyle(e).backgroundColor, getComputedStyle(e).color]"
    assert top.locator(".banner").evaluate(colours) == ["rgb(46, 125, 50)", "rgb(255, 255, 255)"]


def test_print_shows_the_document_without_the_site_chrome(server, open_page):
    page = open_page(server + "weekly/2025-W43.html")
    page.emulate_media(media="print")
    for selector in (".site-nav", ".site-footer", ".doc-actions", ".pager", ".source-links"):
        assert not page.locator(selector).first.is_visible(), selector
    assert page.locator("h1").is_visible() and page.locator(".sources").is_visible()


# --- accessibility and validity -------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_axe_finds_no_wcag_22_aa_violation(server, open_page, kind, scheme):
    require(AXE.is_file(), "axe-core (npm ci)")
    page = open_page(server + PAGE_TYPES[kind], scheme=scheme)
    if kind == "search":
        assert "results" in wait_for_search(page)
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        """async (tags) => {
             const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
             return result.violations.map(v => ({id: v.id, help: v.help,
               nodes: v.nodes.map(n => n.target.join(" ") + ": " + n.failureSummary)}));
           }""", [*WCAG_22_AA, "best-practice"])
    assert violations == [], json.dumps(violations, indent=2)


def test_the_nu_html_checker_reports_no_error(site):
    pages = [str(p) for p in html_pages(site)]
    assert len(pages) >= 13
    result, messages = nu_check(pages)
    problems = [f"{m.get('url', '').rsplit('/site/', 1)[-1]}:{m.get('lastLine')}: {m['type']}: {m['message']}"
                for m in messages if m["type"] == "error" or m.get("subType") == "fatal"]
    assert problems == [], "\n".join(problems)
    checked = {m.get("url") for m in messages}
    assert result.returncode == 0, (checked, result.stderr[-2000:])


def nu_check(pages: list[str]) -> tuple[subprocess.CompletedProcess, list[dict]]:
    """The Nu HTML checker's run over ``pages``, and its messages."""
    require(shutil.which("java") is not None, "Java (default-jre-headless)")
    require(VNU.is_file(), "vnu-jar (npm ci)")
    result = subprocess.run(["java", "-Xss8m", "-jar", str(VNU), "--format", "json", "--exit-zero-always", *pages],
                            capture_output=True, text=True, timeout=300)
    return result, json.loads(result.stderr or result.stdout)["messages"]
