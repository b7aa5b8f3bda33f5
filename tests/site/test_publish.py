"""briefgen publish: the static site — its pages, links, citations, feeds, and safe atomic publishing.

The browser, accessibility and HTML-validity checks are in test_publish_browser.py; the
helpers here (the fixture project, link checking, folder snapshots) are shared with it.
"""

from __future__ import annotations

import json
import re
import shutil
import signal
import stat
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from click.testing import CliRunner

from briefgen.cli.main import build_command
from briefgen.cli.publish import publish_command
from briefgen.content.config import load_config
from briefgen.content.project import Selection, load_project
from briefgen.errors import BuildError, ContentError
from briefgen.output.build import Progress
from briefgen.render.claims import Frame, claims_in
from briefgen.site.addresses import normalise_base_url, tag_slug
from briefgen.site.publish import PublishOptions, publish
from briefgen.site.staging import MARKER, UnsafeTarget
from tests.conftest import FIXTURES, REPO, write

SITE_FIXTURE = FIXTURES / "site"
ATOM = "{http://www.w3.org/2005/Atom}"
BASE = "https://example.org/briefs/"
ALL = Selection(("coproduction", "drone-exports"), ("2025-W42", "2025-W43", "2025-W44"), complete=True)


# --- helpers (also used by test_publish_browser.py) ------------------------------------------


def copy_site_project(destination: Path) -> Path:
    """A copy of tests/fixtures/site: two themes, three weekly briefs (one French), five sources."""
    shutil.copytree(SITE_FIXTURE, destination)
    return destination


def publish_project(root: Path, out: Path, **options) -> object:
    return publish(PublishOptions(root, out, config=load_config(root), **options))


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under ``folder`` (hidden ones too) with its bytes and mode."""
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), stat.S_IMODE(p.stat().st_mode))
            for p in sorted(folder.rglob("*")) if p.is_file()}


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.relative_to(site).parts)


class Page(HTMLParser):
    """The ids, links and elements of one page, with the text of each element that has an id."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: dict[str, dict] = {}
        self.links: list[dict] = []
        self.scripts: list[dict] = []
        self.lang = ""
        self._open: list[list] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        attributes["_tag"] = tag
        if tag == "html":
            self.lang = attributes.get("lang", "")
        if "id" in attributes:
            self.ids[attributes["id"]] = attributes
            attributes["_text"] = ""
            if tag not in ("img", "input", "br", "meta", "link"):
                self._open.append([tag, attributes])
        if tag in ("a", "link") and "href" in attributes:
            self.links.append(attributes)
        if tag == "script":
            self.scripts.append(attributes)
            if "src" in attributes:
                self.links.append({**attributes, "href": attributes["src"]})

    def handle_endtag(self, tag):
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index][0] == tag:
                del self._open[index]
                break

    def handle_data(self, data):
        for _, attributes in self._open:
            attributes["_text"] += data


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text("utf-8"))
    return page


def resolve(site: Path, page: Path, href: str, root_path: str = "/") -> tuple[Path, str] | None:
    """The file and fragment a link of ``page`` points to inside ``site``; None for outside links."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith(("mailto:", "data:")):
        return None
    if not parts.path:
        return page, unquote(parts.fragment)
    if parts.path.startswith("/"):
        assert parts.path.startswith(root_path), href
        target = site / unquote(parts.path[len(root_path):])
    else:
        target = (page.parent / unquote(parts.path)).resolve()
    if target.is_dir():
        target = target / "index.html"
    return target, unquote(parts.fragment)


def broken_links(site: Path, root_path: str = "/") -> list[str]:
    """Every internal link of every page whose file or fragment does not exist."""
    pages = {p.resolve(): parse(p) for p in html_pages(site)}
    broken = []
    for path, page in pages.items():
        for link in page.links:
            found = resolve(site, path, link["href"], root_path)
            if found is None:
                continue
            target, fragment = found
            if not target.resolve().is_file() or not target.resolve().is_relative_to(site.resolve()):
                broken.append(f"{path.relative_to(site.resolve())}: {link['href']} (no such file)")
            elif fragment and target.suffix == ".html" and fragment not in pages[target.resolve()].ids:
                broken.append(f"{path.relative_to(site.resolve())}: {link['href']} (no such id)")
    return broken


@pytest.fixture
def site_project(tmp_path: Path, monkeypatch) -> Path:
    """A copy of the site fixture project; the working directory is set to it."""
    root = copy_site_project(tmp_path / "project")
    monkeypatch.chdir(root)
    return root


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    """The fixture project published once with its PDFs and a base URL (read-only for the tests)."""
    root = copy_site_project(tmp_path_factory.mktemp("published") / "project")
    out = root / "site"
    publish_project(root, out, base_url=BASE)
    return out


# --- what the site holds --------------------------------------------------------------------


def test_the_site_has_every_page_feed_and_index(published):
    files = {p.relative_to(published).as_posix() for p in published.rglob("*") if p.is_file()}
    expected = {
        "index.html", "themes.html", "tags.html", "sources.html", "search.html", "404.html",
        "weekly/2025-W42.html", "weekly/2025-W43.html", "weekly/2025-W44.html",
        "weekly/2025-W42.pdf", "weekly/2025-W43.pdf", "weekly/2025-W44.pdf",
        "themes/drone-exports.html", "themes/coproduction.html",
        "themes/drone-exports.pdf", "themes/coproduction.pdf",
        "themes/drone-exports.atom", "themes/coproduction.atom",
        "tags/drones.html", "tags/exports.html", "tags/defense-europeenne.html",
        "feed.atom", "sitemap.xml", "robots.txt", "style.css", "search.js",
        "pagefind/pagefind.js", MARKER,
    }
    assert expected <= files, expected - files
    assert not any(name.startswith(".briefgen/") for name in files)  # no build manifest published
    for pdf in (f for f in files if f.endswith(".pdf")):
        assert (published / pdf).read_bytes().startswith(b"%PDF-")


def test_home_lists_weekly_briefs_newest_first_with_their_bluf(published):
    html = (published / "index.html").read_text()
    order = [html.index(f'href="weekly/{week}.html"') for week in ("2025-W44", "2025-W43", "2025-W42")]
    assert order == sorted(order)
    assert "The ministry has allowed exports of surplus drones." in html  # the BLUF, markers left out
    assert 'class="cite-ref"' not in html
    assert 'href="weekly/2025-W43.pdf"' in html
    assert re.search(r'<a href="weekly/2025-W44.html" lang="fr">La production européenne', html)


def test_each_document_page_links_its_pdf_and_its_sources(published):
    brief = (published / "weekly/2025-W43.html").read_text()
    assert re.search(r'<a class="pdf-link" href="2025-W43.pdf" type="application/pdf">Download the PDF'
                     r'<span class="file-meta"> \(PDF, \d+ kB\)</span></a>', brief)
    theme = (published / "themes/drone-exports.html").read_text()
    assert 'href="drone-exports.pdf"' in theme
    assert 'href="drone-exports.atom"' in theme
    assert '<a href="../weekly/2025-W43.html#theme-drone-exports">' in theme  # briefs covering it
    assert 'href="../tags/exports.html" rel="tag"' in theme
    assert '<html lang="fr">' in (published / "weekly/2025-W44.html").read_text()


def test_every_internal_link_and_fragment_resolves(published):
    assert broken_links(published, root_path="/briefs/") == []


def test_outbound_links_carry_noopener(published):
    outbound = []
    for path in html_pages(published):
        for link in parse(path).links:
            if link["_tag"] == "a" and urlsplit(link["href"]).scheme in ("http", "https"):
                outbound.append((path.name, link["href"], link.get("rel", "")))
    assert outbound, "the fixture cites a source with a URL"
    assert all("noopener" in rel.split() for _, _, rel in outbound), outbound


def test_pages_need_no_javascript(published):
    for path in html_pages(published):
        scripts = parse(path).scripts
        if path.name == "search.html":
            assert [s.get("src") for s in scripts] == ["search.js"]
        else:
            assert scripts == [], path


def test_citation_markers_link_to_the_list_and_back(published):
    for name in ("weekly/2025-W43.html", "themes/drone-exports.html"):
        page = parse(published / name)
        markers = {i: a for i, a in page.ids.items() if "cite-ref" in a.get("class", "")}
        assert markers, name
        for marker_id, marker in markers.items():
            entry = marker["href"].removeprefix("#")
            assert page.ids[entry]["_tag"] == "li", (name, marker_id)
        backlinks = [link for link in page.links if "backlink" in link.get("class", "")]
        assert {link["href"].removeprefix("#") for link in backlinks} == set(markers), name


def test_sources_page_leads_from_each_source_to_every_claim_resting_on_it(published):
    sources = parse(published / "sources.html")
    html = (published / "sources.html").read_text()
    for key in ("martin-2025", "ministry-2025-10", "lemonde-2025", "institute-2024", "unused-2023"):
        assert f"src-{key}" in sources.ids, key
    unused = html.split('id="src-unused-2023"', 1)[1].split("</li>", 1)[0]
    assert "Not cited in any published brief or theme." in unused
    ministry = html.split('id="src-ministry-2025-10"', 1)[1].split('class="source-record"', 1)[0]
    assert "The ministry has allowed exports of surplus drones." in ministry
    assert "The government allowed exports of surplus drones in October 2025." in ministry
    # Every claim link lands on a citation marker that points at this very source's entry.
    titles = {key: source.title for key, source in load_project(published.parent, ALL).sources.items()}
    followed = 0
    for chunk in html.split('class="source-record" id="src-')[1:]:
        key = chunk.split('"', 1)[0]
        for href in re.findall(r'href="([^"]+#cite-[^"]+)"', chunk):
            target, fragment = resolve(published, published / "sources.html", href)
            page = parse(target)
            marker = page.ids[fragment]
            assert "cite-ref" in marker["class"], href
            entry = page.ids[marker["href"].removeprefix("#")]["_text"]
            assert titles[key] in " ".join(entry.split()), (key, href, entry)
            followed += 1
    assert followed >= 15


def test_sources_list_entries_link_to_the_sources_page(published):
    page = parse(published / "weekly/2025-W42.html")
    targets = [link["href"] for link in page.links if "all-claims" in link.get("class", "")]
    # The ministry's statement (22 October) came out after this brief: its figure is not shown.
    assert targets == ["../sources.html#src-martin-2025"]


def test_tag_pages_and_indexes(published):
    tags = (published / "tags.html").read_text()
    assert 'href="tags/defense-europeenne.html" rel="tag">Défense européenne</a>' in tags
    drones = (published / "tags/drones.html").read_text()
    assert "Controlled drone exports" in drones and "European drone co-production" in drones
    assert drones.index("weekly/2025-W44.html") < drones.index("weekly/2025-W42.html")
    themes = (published / "themes.html").read_text()
    assert themes.index("Controlled drone exports") < themes.index("European drone co-production")


def test_atom_feed_of_the_briefs(published):
    feed = ET.parse(published / "feed.atom").getroot()
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}updated") == "2025-10-31T00:00:00Z"  # the newest brief, not the clock
    assert feed.find(f"{ATOM}author/{ATOM}name").text == "Test Policy Unit"
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == BASE + "feed.atom"
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}link[@rel='alternate']").get("href") for e in entries] == [
        BASE + "weekly/2025-W44.html", BASE + "weekly/2025-W43.html", BASE + "weekly/2025-W42.html"]
    for entry in entries:
        for child in ("id", "title", "updated", "summary"):
            assert entry.findtext(f"{ATOM}{child}"), child
        enclosure = entry.find(f"{ATOM}link[@rel='enclosure']")
        pdf = published / enclosure.get("href").removeprefix(BASE)
        assert enclosure.get("type") == "application/pdf"
        assert int(enclosure.get("length")) == pdf.stat().st_size
    assert entries[0].get("{http://www.w3.org/XML/1998/namespace}lang") == "fr"
    assert "<p>The ministry has allowed exports" in entries[1].findtext(f"{ATOM}summary")


def test_atom_feed_of_each_theme(published):
    feed = ET.parse(published / "themes/coproduction.atom").getroot()
    entries = feed.findall(f"{ATOM}entry")
    links = [e.find(f"{ATOM}link[@rel='alternate']").get("href") for e in entries]
    assert links == [BASE + "weekly/2025-W44.html#theme-coproduction", BASE + "themes/coproduction.html",
                     BASE + "weekly/2025-W43.html#theme-coproduction"]
    assert feed.findtext(f"{ATOM}updated") == "2025-10-31T00:00:00Z"
    assert "Production steps up" in entries[0].findtext(f"{ATOM}summary") or \
        "Aucun autre fait" in entries[0].findtext(f"{ATOM}summary")


def test_canonical_open_graph_sitemap_and_robots_with_a_base_url(published):
    html = (published / "weekly/2025-W43.html").read_text()
    assert f'<link rel="canonical" href="{BASE}weekly/2025-W43.html">' in html
    assert '<meta property="og:type" content="article">' in html
    assert f'<meta property="og:url" content="{BASE}weekly/2025-W43.html">' in html
    assert '<meta property="article:published_time" content="2025-10-24">' in html
    assert f'<link rel="canonical" href="{BASE}">' in (published / "index.html").read_text()
    assert "canonical" not in (published / "404.html").read_text()
    urls = [loc.text for loc in ET.parse(published / "sitemap.xml").getroot().iter(
        "{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert BASE in urls and BASE + "weekly/2025-W44.html" in urls and BASE + "sources.html" in urls
    assert not any("404" in url or "search" in url for url in urls)
    assert (published / "robots.txt").read_text().endswith(f"Sitemap: {BASE}sitemap.xml\n")
    assert 'href="/briefs/style.css"' in (published / "404.html").read_text()  # served at any depth


def test_search_index_covers_every_brief_and_theme(published):
    entry = json.loads((published / "pagefind/pagefind-entry.json").read_text())
    # The French brief is indexed with the English pages, so one search finds everything.
    assert list(entry["languages"]) == ["en"]
    assert entry["languages"]["en"]["page_count"] == 5


def test_files_are_readable_by_any_web_server(published):
    for path in [published, *published.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o755 if path.is_dir() else 0o644), (path, oct(mode))


# --- without a base URL, without PDFs, overrides ---------------------------------------------


def test_without_base_url_links_are_relative_and_there_is_no_sitemap(site_project):
    report = publish_project(site_project, site_project / "site", pdf=False)
    site = site_project / "site"
    assert not (site / "sitemap.xml").exists() and not (site / "robots.txt").exists()
    assert "canonical" not in (site / "index.html").read_text()
    assert not list(site.rglob("*.pdf"))
    assert ".pdf" not in (site / "index.html").read_text()
    feed = ET.parse(site / "feed.atom").getroot()
    assert feed.findtext(f"{ATOM}id").startswith("urn:uuid:")
    assert feed.find(f"{ATOM}entry/{ATOM}link[@rel='alternate']").get("href") == "weekly/2025-W44.html"
    assert ET.parse(site / "themes/coproduction.atom").getroot().find(
        f"{ATOM}entry/{ATOM}link[@rel='alternate']").get("href") == "../weekly/2025-W44.html#theme-coproduction"
    assert broken_links(site) == []
    assert any("--base-url" in warning for warning in report.warnings)


def test_a_project_without_weekly_briefs_still_publishes(site_project):
    for path in (site_project / "briefs/weekly").glob("*.yaml"):
        path.unlink()
    publish_project(site_project, site_project / "site", pdf=False)
    site = site_project / "site"
    assert "No weekly brief has been published yet." in (site / "index.html").read_text()
    feed = ET.parse(site / "feed.atom").getroot()
    assert feed.findtext(f"{ATOM}updated") == "1970-01-01T00:00:00Z" and not feed.findall(f"{ATOM}entry")
    assert broken_links(site) == []


def test_a_french_site_speaks_french(site_project):
    config = site_project / "briefgen.toml"
    config.write_text(config.read_text() + 'lang = "fr"\n')
    publish_project(site_project, site_project / "site", pdf=False)
    home = (site_project / "site/index.html").read_text()
    assert '<html lang="fr">' in home and "Aller au contenu principal" in home
    assert "Mot-clé\u00a0: drones" in (site_project / "site/tags/drones.html").read_text()
    assert '<a href="themes/coproduction.html" lang="en">' in home  # the theme that says it is English


def test_the_logo_is_published_and_linked_from_every_depth(site_project):
    write(site_project / "assets/logo.svg", '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')
    config = site_project / "briefgen.toml"
    config.write_text(config.read_text() + 'logo = "assets/logo.svg"\n')
    publish_project(site_project, site_project / "site", pdf=False)
    site = site_project / "site"
    assert (site / "assets/logo.svg").is_file()
    assert 'src="assets/logo.svg"' in (site / "index.html").read_text()
    assert 'src="../assets/logo.svg"' in (site / "weekly/2025-W43.html").read_text()
    assert 'src="/assets/logo.svg"' in (site / "404.html").read_text()
    assert broken_links(site) == []


def test_site_templates_are_overridable_by_the_project(site_project):
    write(site_project / "templates/site/index.html",
          '{% extends "default/site/index.html" %}\n'
          '{% block intro %}<p class="intro">Our own words.</p>{% endblock %}\n')
    write(site_project / "templates/site/site.css", "/* the project's chrome */\n")
    publish_project(site_project, site_project / "site", pdf=False)
    assert '<p class="intro">Our own words.</p>' in (site_project / "site/index.html").read_text()
    assert "/* the project's chrome */" in (site_project / "site/style.css").read_text()


def test_project_stylesheet_comes_after_the_site_chrome(site_project):
    write(site_project / "style.css", "/* project style */\n")
    publish_project(site_project, site_project / "site", pdf=False)
    css = (site_project / "site/style.css").read_text()
    assert css.index("briefgen published site") < css.index("/* project style */")


@pytest.mark.parametrize("style", ["chicago-notes", "chicago-author-date", "apa"])
def test_every_built_in_citation_style_links_markers_sources_and_claims(site_project, style):
    config = site_project / "briefgen.toml"
    config.write_text(config.read_text().replace('citation_style = "house"', f'citation_style = "{style}"'))
    report = publish_project(site_project, site_project / "site", pdf=False)
    site = site_project / "site"
    assert broken_links(site) == []
    assert not any("item.ref_id" in warning for warning in report.warnings)
    page = parse(site / "themes/drone-exports.html")
    markers = {i for i, a in page.ids.items() if "cite-ref" in a.get("class", "")}
    backlinks = {link["href"].removeprefix("#") for link in page.links if "backlink" in link.get("class", "")}
    assert markers and backlinks == markers
    sources = (site / "sources.html").read_text()
    assert 'href="themes/drone-exports.html#cite-' in sources


def test_a_citation_style_without_marker_ids_gets_no_broken_back_links(site_project):
    write(site_project / "templates/citation/house.html",
          '{% import "default/citation/chicago-notes.html" as base with context %}\n'
          '{% set order = "citation" %}{% set numbered = true %}\n'
          '{% macro marker(items) %}<span class="citation">[{% for item in items %}'
          '<a class="cite-ref" href="#{{ item.anchor }}">{{ item.number }}</a>'
          '{% if not loop.last %}; {% endif %}{% endfor %}]</span>{% endmacro %}\n'
          '{% macro source_entry(source) %}{{ base.source_entry(source) }}{% endmacro %}\n')
    report = publish_project(site_project, site_project / "site", pdf=False)
    site = site_project / "site"
    assert 'class="backlink"' not in (site / "weekly/2025-W43.html").read_text()
    assert broken_links(site) == []
    assert any("item.ref_id" in warning for warning in report.warnings)
    # The Sources page then links each claim to the nearest place it can.
    assert 'href="weekly/2025-W43.html#bluf-heading"' in (site / "sources.html").read_text()


def test_output_is_reproducible(site_project, tmp_path):
    publish_project(site_project, tmp_path / "one")
    publish_project(site_project, tmp_path / "two")
    one, two = snapshot(tmp_path / "one"), snapshot(tmp_path / "two")
    assert one.keys() == two.keys()
    assert [name for name in one if one[name] != two[name]] == []
    assert not any(re.search(rb"\d{2}:\d{2}:\d{2}(?!Z)", data) for name, (data, _) in one.items()
                   if name.endswith((".html", ".atom")))


# --- publishing safely ----------------------------------------------------------------------


class Statuses(Progress):
    """What a build reported for each output: "built", "skipped" or "failed"."""

    def __init__(self):
        self.of: dict[str, str] = {}

    def advance(self, name: str, status: str) -> None:
        self.of[name] = status


def publish_reusing(root: Path, pdf_dir: Path) -> Statuses:
    statuses = Statuses()
    publish(PublishOptions(root, root / "site", config=load_config(root), pdf_dir=pdf_dir), statuses)
    return statuses


def test_publish_reuses_the_build_folders_pdfs_and_lays_out_only_what_changed(site_project):
    out, site = site_project / "out", site_project / "site"
    pdfs = ["themes/coproduction.pdf", "themes/drone-exports.pdf",
            "weekly/2025-W42.pdf", "weekly/2025-W43.pdf", "weekly/2025-W44.pdf"]
    assert publish_reusing(site_project, out).of == dict.fromkeys(pdfs, "built")
    assert all((site / name).read_bytes() == (out / name).read_bytes() for name in pdfs)
    first = snapshot(site)

    assert publish_reusing(site_project, out).of == dict.fromkeys(pdfs, "skipped")
    assert snapshot(site) == first

    theme = site_project / "briefs/themes/coproduction.yaml"
    theme.write_text(theme.read_text("utf-8").replace("status: developing", "status: watching"), "utf-8")
    statuses = publish_reusing(site_project, out).of
    assert sorted(name for name, status in statuses.items() if status == "built") == \
        ["themes/coproduction.pdf", "weekly/2025-W43.pdf", "weekly/2025-W44.pdf"]
    assert all((site / name).read_bytes() == (out / name).read_bytes() for name in pdfs)


def test_make_build_lays_out_each_pdf_once(site_project):
    assert CliRunner().invoke(build_command, ["-q"]).exit_code == 0
    out = site_project / "out"
    made = {p: p.stat().st_mtime_ns for p in out.rglob("*.pdf")}
    assert len(made) == 5
    result = CliRunner().invoke(publish_command, ["--out", "site"])
    assert result.exit_code == 0, result.output
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.pdf")} == made
    assert all((site_project / "site" / p.relative_to(out)).read_bytes() == p.read_bytes() for p in made)


def test_the_pdf_build_folder_may_not_lie_inside_the_site(site_project):
    with pytest.raises(BuildError, match="may not lie inside the site folder"):
        publish(PublishOptions(site_project, site_project / "site", config=load_config(site_project),
                               pdf_dir=site_project / "site" / "pdf"))
    assert not (site_project / "site").exists()


def test_stale_pages_of_removed_briefs_disappear(site_project):
    site = site_project / "site"
    publish_project(site_project, site)
    assert (site / "weekly/2025-W42.html").is_file() and (site / "weekly/2025-W42.pdf").is_file()
    (site_project / "briefs/weekly/2025-W42.yaml").unlink()
    publish_project(site_project, site)
    assert not (site / "weekly/2025-W42.html").exists() and not (site / "weekly/2025-W42.pdf").exists()
    assert "2025-W42" not in (site / "index.html").read_text()
    assert "2025-W42" not in (site / "feed.atom").read_text()
    assert broken_links(site) == []
    assert [p.name for p in site_project.iterdir() if "briefgen-publish" in p.name] == []


def test_a_failed_publish_leaves_the_old_site_byte_for_byte_intact(site_project, monkeypatch):
    site = site_project / "site"
    publish_project(site_project, site)
    before = snapshot(site)
    import briefgen.site.publish

    def broken_index(folder, lang):  # the last step, once every page and PDF is written
        assert (folder / "weekly/2025-W44.pdf").is_file() and (folder / "sources.html").is_file()
        raise BuildError("search: Pagefind failed (simulated)")

    monkeypatch.setattr(briefgen.site.publish, "index", broken_index)
    (site_project / "briefs/weekly/2025-W42.yaml").unlink()  # the new site would differ
    with pytest.raises(BuildError, match="simulated"):
        publish_project(site_project, site)
    assert snapshot(site) == before
    assert [p.name for p in site_project.iterdir() if "briefgen-publish" in p.name] == []


def test_a_template_error_half_way_leaves_the_old_site_intact(site_project):
    site = site_project / "site"
    publish_project(site_project, site, pdf=False)
    before = snapshot(site)
    write(site_project / "templates/site/sources.html",
          '{% extends "default/site/sources.html" %}{% block content %}{{ no_such_thing }}{% endblock %}\n')
    with pytest.raises(BuildError, match=r"templates/site/sources.html:1: template error"):
        publish_project(site_project, site, pdf=False)
    assert snapshot(site) == before


def test_content_errors_write_nothing(site_project):
    path = site_project / "briefs/weekly/2025-W43.yaml"
    path.write_text(path.read_text().replace("[@institute-2024]", "[@institute-2042]"))
    with pytest.raises(ContentError, match="unknown citation key"):
        publish_project(site_project, site_project / "site")
    assert not (site_project / "site").exists()
    assert [p.name for p in site_project.iterdir() if "briefgen-publish" in p.name] == []


def test_a_killed_publish_leaves_the_old_site_and_the_next_one_cleans_up(site_project):
    site = site_project / "site"
    publish_project(site_project, site)
    before = snapshot(site)
    # A site template with a long loop keeps the new publish busy after its PDFs are built.
    write(site_project / "templates/site/404.html",
          '{% extends "default/site/404.html" %}{% block intro %}'
          '{% for i in range(3000) %}{% for j in range(3000) %}{% endfor %}{% endfor %}{% endblock %}\n')
    code = ("import sys; from pathlib import Path; from tests.site.test_publish import publish_project; "
            "publish_project(Path(sys.argv[1]), Path(sys.argv[1]) / 'site')")
    child = subprocess.Popen([sys.executable, "-c", code, str(site_project)], cwd=REPO,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while not list(site_project.glob(".site.briefgen-publish-*/site/weekly/2025-W44.pdf")):
            assert child.poll() is None, child.stderr.read().decode()
            assert time.monotonic() < deadline, "the publish never reached its PDFs"
            time.sleep(0.02)
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait(30)
        child.stderr.close()
    assert snapshot(site) == before
    assert list(site_project.glob(".site.briefgen-publish-*"))  # what the killed publish left
    (site_project / "templates/site/404.html").unlink()
    publish_project(site_project, site, pdf=False)
    assert [p.name for p in site_project.iterdir() if "briefgen-publish" in p.name] == []


def test_refuses_a_non_empty_folder_that_briefgen_did_not_write(site_project):
    folder = site_project / "docs"
    write(folder / "notes.txt", "precious")
    with pytest.raises(UnsafeTarget, match="not empty and was not written by briefgen publish"):
        publish_project(site_project, folder)
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]
    assert [p.name for p in site_project.iterdir() if "briefgen-publish" in p.name] == []


@pytest.mark.parametrize("where", ["root", "project", "parent", "home", "file"])
def test_refuses_dangerous_targets(site_project, tmp_path, monkeypatch, where):
    home = tmp_path / "home"
    write(home / ".profile", "keep me")
    monkeypatch.setenv("HOME", str(home))
    write(site_project / "README", "a file, not a folder")
    out = {"root": Path("/"), "project": site_project, "parent": site_project.parent, "home": home,
           "file": site_project / "README"}[where]
    before = snapshot(home)
    with pytest.raises(UnsafeTarget):
        publish_project(site_project, out)
    assert snapshot(home) == before
    assert (site_project / "briefs/sources.yaml").is_file()


def test_publishes_into_an_empty_folder_and_over_its_own_output_even_through_a_symlink(site_project, tmp_path):
    empty = tmp_path / "www"
    empty.mkdir()
    publish_project(site_project, empty, pdf=False)
    assert (empty / MARKER).is_file() and (empty / "index.html").is_file()
    link = tmp_path / "current"
    link.symlink_to(empty)
    publish_project(site_project, link, pdf=False)
    assert link.is_symlink() and (link / "index.html").is_file()


def test_files_added_by_hand_are_removed_by_the_next_publish(site_project):
    site = site_project / "site"
    publish_project(site_project, site, pdf=False)
    write(site / "stray.html", "<p>old</p>")
    publish_project(site_project, site, pdf=False)
    assert not (site / "stray.html").exists()


# --- the command ------------------------------------------------------------------------------


def test_the_command_publishes_and_reports(site_project):
    result = CliRunner().invoke(publish_command, ["--out", "public", "--no-pdf", "--base-url",
                                                  "https://example.org/briefs"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "published 14 pages and 0 PDFs to public" in result.stderr
    assert (site_project / "public/sitemap.xml").is_file()


def test_the_command_refuses_an_unsafe_folder_as_a_usage_error(site_project):
    write(site_project / "docs/notes.txt", "precious")
    result = CliRunner().invoke(publish_command, ["--out", "docs", "--no-pdf"])
    assert result.exit_code == 2
    assert "error: docs: refusing to replace a folder that is not empty" in result.stderr


def test_the_command_rejects_a_bad_base_url(site_project):
    result = CliRunner().invoke(publish_command, ["--base-url", "example.org", "--no-pdf"])
    assert result.exit_code == 2
    assert "absolute http(s) address" in result.stderr


def test_the_command_prints_content_errors_and_exits_1(site_project):
    path = site_project / "briefs/weekly/2025-W43.yaml"
    path.write_text(path.read_text().replace("[@institute-2024]", "[@institute-2042]"))
    result = CliRunner().invoke(publish_command, ["--no-pdf"])
    assert result.exit_code == 1
    assert "briefs/weekly/2025-W43.yaml:" in result.stderr and "unknown citation key" in result.stderr


# --- units ------------------------------------------------------------------------------------


def test_base_urls_are_normalised():
    assert normalise_base_url("https://example.org") == "https://example.org/"
    assert normalise_base_url(" https://example.org/briefs ") == "https://example.org/briefs/"
    for bad in ("example.org", "ftp://example.org/", "https://example.org/?q=1", "/briefs/"):
        with pytest.raises(ValueError):
            normalise_base_url(bad)


def test_tag_slugs():
    assert tag_slug("Défense européenne") == "defense-europeenne"
    assert tag_slug("United States") == "united-states"
    assert tag_slug("дрони").startswith("tag-")


def test_claims_are_the_sentences_citations_support():
    html = ("<p>First fact, dated 2022 \ue0000\ue001. Mr. Smith said a second thing \ue0001\ue001. A third.</p>"
            "<h3>More</h3><ul><li>Listed \ue0002\ue001 fact. Another.</li></ul>")
    assert claims_in(Frame(("Summary",)), html) == {
        0: ("First fact, dated 2022.", ""),
        1: ("Mr. Smith said a second thing.", ""),
        2: ("Listed fact.", "More"),
    }
    # a timeline entry's claim starts with its date; a figure's citation supports the whole row
    assert claims_in(Frame(lead="28 October 2025"), "<p>Met \ue0000\ue001.</p>")[0][0] == "28 October 2025 Met."
    assert claims_in(Frame(whole="Drones 12 October 2025"), "[\ue0000\ue001]")[0][0] == "Drones 12 October 2025"
