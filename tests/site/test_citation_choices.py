"""The site's Sources page lists every claim, whatever citation style and key-figures layout
the project chose, and each claim still leads to a citation of its source."""

from __future__ import annotations

import html
import re

import pytest

from briefgen.content.config import load_config
from briefgen.content.project import load_project
from tests.conftest import write
from tests.site.test_publish import ALL, broken_links, copy_site_project, parse, publish_project, resolve

STYLES = ["chicago-notes", "numbered", "chicago-author-date", "apa"]
FIGURE = "Firms licensed to export 12 October 2025"  # the drone-exports theme's key figure, as a claim


def claims(site) -> dict[str, list[tuple[str, str]]]:
    """Each source's claims on the Sources page: (link, claim text), in page order."""
    page = (site / "sources.html").read_text("utf-8")
    found = {}
    for record in page.split('class="source-record" id="src-')[1:]:
        key = record.split('"', 1)[0]
        links = re.findall(r'<li><a href="([^"]+)">(.*?)</a>', record.split('class="claims"', 1)[-1], re.S)
        found[key] = [(href, " ".join(html.unescape(text).split())) for href, text in links if "#" in href]
    return found


@pytest.mark.parametrize("style", STYLES)
def test_every_claim_is_listed_and_leads_to_its_source_with_each_style_and_table_layout(tmp_path, style):
    site_project = copy_site_project(tmp_path / "project")  # two themes, three weekly briefs, five sources
    titles = {key: source.title for key, source in load_project(site_project, ALL).sources.items()}
    listed = {}
    for figures in ("markers", "column", "below"):
        write(site_project / "briefgen.toml", f'citation_style = "{style}"\nfigure_sources = "{figures}"\n')
        site = site_project / f"site-{figures}"
        publish_project(site_project, site, pdf=False)
        assert broken_links(site) == [], figures
        found = claims(site)
        assert FIGURE in [text for _, text in found["ministry-2025-10"]], figures
        for key, links in found.items():
            for href, _ in links:
                target, fragment = resolve(site, site / "sources.html", href)
                marker = parse(target).ids[fragment]
                assert "cite-ref" in marker["class"], (figures, href)
                entry = parse(target).ids[marker["href"].removeprefix("#")]["_text"]
                assert titles[key] in " ".join(entry.split()), (figures, key, href)
        listed[figures] = {key: sorted(text for _, text in links) for key, links in found.items()}
    # the same claims, however the table shows its sources
    assert listed["column"] == listed["markers"] == listed["below"]
    assert load_config(site_project).style_for("themes") == style
