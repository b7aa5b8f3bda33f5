"""The sample briefs through the weekly cycle: each after the first says what changed since
the one before, and its e-mail edition reads in a real browser (Chromium), fetches nothing,
and has no WCAG 2.2 AA violation that axe-core finds."""

import email
import json
import re
import shutil
from email import policy

import pytest

from briefgen.content.config import load_config
from briefgen.content.project import Selection, load_project, select
from briefgen.errors import Diagnostics
from briefgen.output.build import BuildOptions, build
from briefgen.output.email_edition import GMAIL_CLIP_BYTES
from tests.conftest import REPO
from tests.e2e.test_site_in_browser import AXE, WCAG_22_AA, browser, open_page, require  # noqa: F401


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """A copy of the project's content, with its HTML built."""
    root = tmp_path_factory.mktemp("sample")
    shutil.copytree(REPO / "briefs", root / "briefs")
    selection = select(root, [], Diagnostics())
    build(BuildOptions(root, root / "out", ("html",), load_config(REPO)), selection)
    return root, load_project(root, selection)


def test_every_brief_after_the_first_says_what_changed_per_theme(sample):
    root, project = sample
    weeks = sorted(project.weekly)
    for week in weeks:
        brief = project.weekly[week]
        html = (root / f"out/weekly/{week}.html").read_text()
        headings = re.findall(r'<h3 class="since-heading"[^>]*>([^<]*)</h3>', html)
        previous = project.previous.get(week)
        if week == weeks[0]:
            assert previous is None and headings == []
        else:  # the French edition of 2025-W44 in French (its themes are English: its own words are marked)
            heading = "Depuis le no {}" if brief.lang == "fr" else "Since No. {}"
            assert headings == [heading.format(previous.number)] * len(brief.themes), (week, headings)


@pytest.fixture(scope="module")
def edition(sample):
    root, _ = sample
    (root / "briefgen.toml").write_text('base_url = "https://briefs.example.org/"\n')
    build(BuildOptions(root, root / "out", ("email",), load_config(root)), Selection((), ("2025-W44",)))
    return email.message_from_bytes((root / "out/weekly/2025-W44.eml").read_bytes(), policy=policy.default)


def test_the_sample_edition_is_small_and_says_what_changed(edition):
    html = edition.get_body(("html",)).get_content()
    assert len(html.encode("utf-8")) < GMAIL_CLIP_BYTES
    text = edition.get_body(("plain",)).get_content()
    assert "SINCE NO. 3" in text


@pytest.mark.parametrize("width", [360, 1024])
def test_the_html_part_reads_in_chromium_and_passes_axe(edition, open_page, width):  # noqa: F811
    require(AXE.is_file(), "axe-core (npm ci)")
    page = open_page("about:blank", width=width)
    requests = []
    page.route("**/*", lambda route: (requests.append(route.request.url), route.abort()))
    page.set_content(edition.get_body(("html",)).get_content(), wait_until="load")
    assert requests == []  # nothing is fetched
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        """async (tags) => {
             const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
             return result.violations.map(v => ({id: v.id, help: v.help,
               nodes: v.nodes.map(n => n.target.join(" ") + ": " + n.failureSummary)}));
           }""", WCAG_22_AA)
    assert violations == [], json.dumps(violations, indent=2)
