"""Language editions on the published site: listed once per issue and theme, each page linked
to its other published editions (visibly and with hreflang), in the sitemap and the feeds; an
edition not cleared is left out and linked from nowhere."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest

from briefgen.content.config import load_config
from briefgen.output.clearing import clear_briefs
from tests.content.test_editions import site_with_editions
from tests.render.test_editions import alternates, elements, page, text
from tests.site.test_publish import BASE, broken_links, publish_project

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The site fixture with a French edition of 2025-W43 (cleared) and of the theme drone-exports."""
    root = site_with_editions(tmp_path_factory.mktemp("site-editions") / "p")
    clear_briefs(root, load_config(root), ("2025-W43.fr",), "cleared", "Bureau de test", dt.date(2025, 10, 31))
    out = root / "site"
    publish_project(root, out, base_url=BASE, pdf=False)
    return root, out


def test_every_edition_has_its_page_linked_to_the_others(site):
    _, out = site
    assert (out / "weekly/2025-W43.fr.html").is_file() and (out / "themes/drone-exports.fr.html").is_file()
    for name in ("weekly/2025-W43.html", "weekly/2025-W43.fr.html"):
        assert alternates(page(out / name)) == {"en": BASE + "weekly/2025-W43.html",
                                                "fr": BASE + "weekly/2025-W43.fr.html"}, name
    (switch,) = elements(page(out / "weekly/2025-W43.html"), "nav", class_="editions")
    assert [(a.get("href"), text(a)) for a in elements(switch, "a")] == [("2025-W43.fr.html", "Français")]
    assert broken_links(out, root_path="/briefs/") == []


def test_listings_show_each_issue_and_theme_once_with_its_editions(site):
    _, out = site
    home = page(out / "index.html")
    cards = [text(h) for h in elements(home, "h3", class_="card-title")]
    assert len(cards) == 3 and "Surplus exports allowed; a first interceptor line" in cards
    (editions,) = elements(home, "p", class_="card-editions")
    (link,) = elements(editions, "a")
    assert (link.get("href"), link.get("hreflang"), link.get("lang"), text(link)) == (
        "weekly/2025-W43.fr.html", "fr", "fr", "Français")
    themes = page(out / "themes.html")
    assert len([h for h in themes.iter() if h.get("class") == "card-title"]) == 2
    assert [a.get("href") for p in elements(themes, "p", class_="card-editions") for a in elements(p, "a")] == [
        "themes/drone-exports.fr.html"]
    tag_page = (out / "tags/exportations.html")
    assert not tag_page.exists()  # tags are the lead theme's


def test_an_edition_page_stays_in_its_language_where_it_can(site):
    _, out = site
    french = page(out / "weekly/2025-W43.fr.html")
    pager = {e.get("rel"): e.get("href") for e in elements(french, "a") if e.get("rel") in ("prev", "next")}
    assert pager == {"prev": "2025-W42.html", "next": "2025-W44.html"}  # no French edition of those: the originals
    theme = page(out / "themes/drone-exports.fr.html")
    covering = [a.get("href") for s in elements(theme, "section", class_="covering") for a in elements(s, "a")]
    assert covering == ["../weekly/2025-W43.fr.html#theme-drone-exports.fr",  # the brief's French edition
                        "../weekly/2025-W42.html#theme-drone-exports"]  # none: the original
    feed = [e.get("href") for e in elements(theme, "link", rel="alternate") if e.get("type") == "application/atom+xml"]
    assert "drone-exports.atom" in feed  # the theme's one feed


def test_the_sitemap_and_the_feed_name_every_edition(site):
    _, out = site
    urls = {u.find(f"{SITEMAP}loc").text: {x.get("hreflang"): x.get("href") for x in u.iter(f"{XHTML}link")}
            for u in ET.parse(out / "sitemap.xml").getroot()}
    both = {"en": BASE + "weekly/2025-W43.html", "fr": BASE + "weekly/2025-W43.fr.html"}
    assert urls[BASE + "weekly/2025-W43.html"] == urls[BASE + "weekly/2025-W43.fr.html"] == both
    assert urls[BASE + "weekly/2025-W42.html"] == {}
    assert urls[BASE + "themes/drone-exports.fr.html"]["en"] == BASE + "themes/drone-exports.html"
    entries = ET.parse(out / "feed.atom").getroot().findall(f"{ATOM}entry")
    assert len(entries) == 3  # one entry per issue
    (w43,) = [e for e in entries if e.find(f"{ATOM}link").get("href") == BASE + "weekly/2025-W43.html"]
    assert {(link.get("hreflang"), link.get("href")) for link in w43.findall(f"{ATOM}link[@rel='alternate']")} == {
        ("en", BASE + "weekly/2025-W43.html"), ("fr", BASE + "weekly/2025-W43.fr.html")}


def test_an_edition_not_cleared_is_left_out_and_linked_from_nowhere(tmp_path):
    root = site_with_editions(tmp_path / "p")
    out = root / "site"
    report = publish_project(root, out, pdf=False)
    assert "briefs/weekly/2025-W43.fr.yaml: left out: not cleared for release (draft)" in report.warnings
    assert not (out / "weekly/2025-W43.fr.html").exists()
    assert not elements(page(out / "weekly/2025-W43.html"), "nav", class_="editions")
    assert "2025-W43.fr" not in (out / "index.html").read_text("utf-8")
    assert (out / "themes/drone-exports.fr.html").is_file()  # themes need no clearance
    assert broken_links(out) == []
