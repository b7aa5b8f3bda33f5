"""Alphabetical Sources lists sort on what each entry shows first, not on a hidden short title."""

import re

import pytest

from briefgen.content.config import load_config
from briefgen.content.project import Selection
from briefgen.output.build import BuildOptions, build
from tests.conftest import write

SOURCES = """
- id: zebra
  type: report
  title: Zebra crossings in wartime
  title-short: Aardvark
  issued: "2024"
- id: mango
  type: report
  title: Mango supply lines
  issued: "2024"
"""


@pytest.mark.parametrize("style", ["apa", "chicago-author-date"])
def test_entries_sort_on_their_visible_lead(project, style):
    path = project / "briefs/sources.yaml"
    path.write_text(path.read_text() + SOURCES)
    brief = project / "briefs/weekly/2025-W42.yaml"
    brief.write_text(brief.read_text().replace("[@gamma]", "[@gamma; @zebra; @mango]"))
    write(project / "briefgen.toml", f'citation_style = "{style}"\n')
    build(BuildOptions(project, project / "out", ("html",), load_config(project)), Selection((), ("2025-W42",)))
    html = (project / "out/weekly/2025-W42.html").read_text()
    listed = re.sub(r"<[^>]+>", "", html.split('class="source-list"', 1)[1].split("</ul>", 1)[0])
    assert listed.index("Mango supply lines") < listed.index("Zebra crossings in wartime")
