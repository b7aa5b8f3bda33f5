"""The examples in the docs are what briefgen does: the complete content example builds, every
documented template variable renders, and the rendered citation examples are what it renders."""

import re

from briefgen.content.config import load_config
from briefgen.content.project import load_project, select
from briefgen.errors import Diagnostics
from briefgen.output.build import BuildOptions, build
from tests.conftest import REPO, pdftotext, write
from tests.docs_examples import template_overrides


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


def documented_variables() -> dict[str, list[str]]:
    """The variables docs/templates.md documents, by table: common, weekly, theme."""
    text = (REPO / "docs/templates.md").read_text("utf-8")
    section = text.split("## What every template receives", 1)[1].split("## Filters and macros", 1)[0]
    tables = {}
    for part in section.split("### ")[1:]:
        heading = part.splitlines()[0]
        names = re.findall(r"^\| `([^`]+)` \|", part, re.M)
        tables[heading] = [n for n in names if "|" not in n and " " not in n]
    return tables


def probe(path: str, index: int) -> str:
    """Jinja that outputs ``path`` (looping through each ``[]``) followed by a marker."""
    parts = path.split("[]")
    opening, closing, current = "", "", parts[0]
    for depth, rest in enumerate(parts[1:]):
        opening += f"{{% for v{depth} in {current} %}}"
        closing = "{% endfor %}" + closing
        current = f"v{depth}{rest}"
    return f"{opening}<i>{{{{ {current} }}}}</i>[probe-{index}]{closing}\n"


def test_every_documented_variable_renders(project):
    tables = documented_variables()
    assert set(tables) == {"In every document", "In `weekly.html`", "In `theme.html`"}
    assert len(tables["In `theme.html`"]) > 20 and len(tables["In `weekly.html`"]) > 10
    for template, names in (("weekly.html", tables["In every document"] + tables["In `weekly.html`"]),
                            ("theme.html", tables["In `theme.html`"])):
        body = "".join(probe(name, i) for i, name in enumerate(names))
        write(project / "templates" / template,
              f'{{% extends "default/{template}" %}}\n{{% block content %}}{body}{{% endblock %}}\n')
    english = (project / "briefs/weekly/2025-W42.yaml").read_text("utf-8")
    write(project / "briefs/weekly/2025-W42.fr.yaml", english.replace("lang: en\n", ""))  # so it has editions
    build(BuildOptions(project, project / "out", ("html",)),
          select(project, [], Diagnostics()))
    for page, names in (("weekly/2025-W42.html", tables["In every document"] + tables["In `weekly.html`"]),
                        ("themes/sample-theme.html", tables["In `theme.html`"])):
        html = (project / "out" / page).read_text()
        missing = [name for i, name in enumerate(names) if f"[probe-{i}]" not in html]
        assert not missing, f"{page}: documented but never rendered: {missing}"


def test_worked_overrides_render(project):
    examples = template_overrides()
    assert len(examples) >= 7

    def pages() -> str:
        build(BuildOptions(project, project / "out", ("html",), load_config(project)),
              select(project, [], Diagnostics()))
        return "".join((project / "out" / page).read_text()
                       for page in ("themes/sample-theme.html", "weekly/2025-W42.html"))

    plain = pages()
    for name, body, files in examples:
        paths = [write(project / path, text) for path, text in {**files, name: body}.items()]
        assert pages() != plain, f"the documented override of {name} changed nothing"
        for path in paths:
            path.unlink()



def notes_section() -> str:
    text = (REPO / "docs/templates.md").read_text("utf-8")
    return text.split("## Notes, numbered sources and tables", 1)[1].split("\n## ", 1)[0]


def squashed(text: str) -> str:
    """Text on one line: a line broken at a hyphen joined again, runs of spaces made one."""
    return " ".join(re.sub(r"-\n", "-", text).split())


def test_notes_examples_are_what_briefgen_renders(tmp_path):
    section = notes_section()
    files = re.findall(r"```yaml\n# (briefs/[^\n]+)\n(.*?)```", section, re.S)
    assert [name for name, _ in files] == ["briefs/sources.yaml", "briefs/themes/drone-exports.yaml"]
    for name, body in files:
        write(tmp_path / name, body)
    examples = re.findall(r"Rendered with `([^`]+)`[^\n]*\n+```text\n(.*?)```", section, re.S)
    assert len(examples) == 5
    for setting, block in examples:
        write(tmp_path / "briefgen.toml", setting + "\n")
        build(BuildOptions(tmp_path, tmp_path / "out", ("pdf",), load_config(tmp_path)),
              select(tmp_path, [], Diagnostics()))
        text = squashed(pdftotext(tmp_path / "out/themes/drone-exports.pdf"))
        # the block's runs of text lines and of numbered lines (notes, entries) each appear as shown
        runs = re.findall(r"(?:^\d+\. .*\n)+|(?:^(?!\d+\. ).*\n)+", block, re.M)
        assert runs, setting
        for run in runs:
            assert squashed(run) in text, (setting, run)


def test_notes_table_example_is_what_briefgen_renders(tmp_path):
    section = notes_section()
    for name, body in re.findall(r"```yaml\n# (briefs/[^\n]+)\n(.*?)```", section, re.S):
        write(tmp_path / name, body)
    table = section.split('Rendered with `figure_sources = "column"`', 1)[1].split("\n\n", 2)[1]
    expected = [[cell.strip() for cell in line.strip("|").split("|")] for line in table.splitlines()
                if not line.startswith("| ---")]
    write(tmp_path / "briefgen.toml", 'figure_sources = "column"\n')
    build(BuildOptions(tmp_path, tmp_path / "out", ("html",), load_config(tmp_path)),
          select(tmp_path, [], Diagnostics()))
    page = (tmp_path / "out/themes/drone-exports.html").read_text("utf-8")
    rows = re.findall(r"<tr>(.*?)</tr>", page.split('<table class="figures">', 1)[1].split("</table>")[0], re.S)
    cells = [[" ".join(re.sub(r"<[^>]+>", "", cell).replace("&#160;", " ").split())
              for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)] for row in rows]
    assert cells == expected
