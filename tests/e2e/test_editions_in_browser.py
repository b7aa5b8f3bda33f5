"""Language editions on the published site in a real browser: the language switch leads from
one edition to the other, and the edition pages and listings meet WCAG 2.2 AA (axe-core) and
are valid HTML (the Nu checker). The browser, the static host and the checkers are those of
test_site_in_browser.py."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from briefgen.content.config import load_config
from briefgen.output.clearing import clear_briefs
from tests.content.test_editions import site_with_editions
from tests.e2e import test_site_in_browser as in_browser
from tests.e2e.test_site_in_browser import AXE, BASE, WCAG_22_AA, nu_check, require
from tests.site.test_publish import html_pages, publish_project

browser, open_page, server = in_browser.browser, in_browser.open_page, in_browser.server  # its fixtures, on our site

EDITION_PAGES = ("weekly/2025-W43.fr.html", "weekly/2025-W43.html", "themes/drone-exports.fr.html", "index.html",
                 "themes.html")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = site_with_editions(tmp_path_factory.mktemp("browser-editions") / "project")
    clear_briefs(root, load_config(root), ("2025-W43.fr",), "cleared", "Bureau de test", dt.date(2025, 10, 31))
    out = root / "site"
    publish_project(root, out, base_url=BASE)
    return out


def test_the_language_switch_leads_to_the_other_edition_and_back(server, open_page):
    page = open_page(server + "weekly/2025-W43.html", js=False)
    switch = page.get_by_role("navigation", name="Languages")
    switch.get_by_role("link", name="Français").click()
    assert page.url == server + "weekly/2025-W43.fr.html"
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("h1").inner_text() == "Exportations de surplus autorisées – une première ligne d’intercepteurs"
    page.get_by_role("navigation", name="Langues").get_by_role("link", name="English").click()
    assert page.url == server + "weekly/2025-W43.html"


@pytest.mark.parametrize("path", EDITION_PAGES)
def test_axe_finds_no_wcag_22_aa_violation_on_edition_pages(server, open_page, path):
    require(AXE.is_file(), "axe-core (npm ci)")
    page = open_page(server + path)
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        """async (tags) => {
             const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
             return result.violations.map(v => ({id: v.id, nodes: v.nodes.map(n => n.target.join(" "))}));
           }""", [*WCAG_22_AA, "best-practice"])
    assert violations == [], json.dumps(violations, indent=2)


def test_the_nu_html_checker_reports_no_error_on_edition_pages(site):
    pages = [str(p) for p in html_pages(site) if p.relative_to(site).as_posix() in EDITION_PAGES]
    assert len(pages) == len(EDITION_PAGES)
    _, messages = nu_check(pages)
    problems = [f"{m.get('url', '').rsplit('/site/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
                for m in messages if m["type"] == "error" or m.get("subType") == "fatal"]
    assert problems == [], "\n".join(problems)
