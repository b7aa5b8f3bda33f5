"""The complete example in docs/content.md is itself valid content."""

import re

from briefgen.build import BuildOptions, build
from briefgen.project import load_project, select
from briefgen.errors import Diagnostics
from tests.conftest import REPO, write


def test_content_example_checks_and_builds(tmp_path):
    text = (REPO / "docs/content.md").read_text("utf-8")
    example = text.split("## A complete example", 1)[1]
    blocks = re.findall(r"`(briefs/[^`]+\.yaml)`:\s*\n\s*```yaml\n(.*?)```", example, re.S)
    assert [name for name, _ in blocks] == ["briefs/sources.yaml", "briefs/themes/controlled-exports.yaml",
                                            "briefs/weekly/2025-W44.yaml"]
    for name, body in blocks:
        write(tmp_path / name, body)
    write(tmp_path / "briefs/themes/european-coproduction.yaml", "title: E\nsummary: S [@numerama-2025-11]\n")
    diagnostics = Diagnostics()
    selection = select(tmp_path, [], diagnostics)
    project = load_project(tmp_path, selection)
    assert project.weekly["2025-W44"].themes[1].note is not None
    build(BuildOptions(tmp_path, tmp_path / "out", ("html",)), selection)
    assert "Surplus only." in (tmp_path / "out/themes/controlled-exports.html").read_text()
