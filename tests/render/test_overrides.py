"""`briefgen templates list | eject [--stub]`: templates and stylesheets, in a project and in
briefgen's own repository, and skeletons that extend the built-in template and change nothing."""

import pytest

from briefgen.content.project import select
from briefgen.errors import Diagnostics
from briefgen.output.build import BuildOptions, build
from tests.conftest import REPO, write

PAGES = ("weekly/2025-W42.html", "themes/sample-theme.html")


def rows(result) -> dict[str, str]:
    return {line.split()[0]: line for line in result.stdout.splitlines()}


def html(project) -> dict[str, str]:
    build(BuildOptions(project, project / "out", ("html",)), select(project, [], Diagnostics()))
    return {page: (project / "out" / page).read_text() for page in PAGES}


def test_in_briefgens_own_repository_everything_is_built_in_and_init_is_advised(cli, monkeypatch):
    monkeypatch.chdir(REPO)
    result = cli("templates", "list")
    assert result.exit_code == 0
    assert "briefgen's own repository" in result.stderr and "briefgen init DIR" in result.stderr
    listed = rows(result)
    assert all(" built-in " in row for row in listed.values()), result.stdout
    assert {"style.css", "site/site.css", "base.html"} <= set(listed)
    refused = cli("templates", "eject", "--stub", "weekly.html")
    assert refused.exit_code == 1
    assert "weekly.html is briefgen's built-in file itself" in refused.stderr
    assert "start a project of your own with `briefgen init DIR`" in refused.stderr


def test_the_list_includes_the_stylesheets_in_cascade_order(project, cli):
    write(project / "style.css", "h1 { color: red }\n")
    write(project / "print.css", "h2 { color: blue }\n")
    write(project / "briefgen.toml", 'extra_css = ["print.css"]\n')
    result = cli("templates", "list")
    names = [line.split()[0] for line in result.stdout.splitlines()]
    assert names[-2:] == ["style.css", "print.css"] and "site/site.css" in names
    assert rows(result)["style.css"].split()[1:] == ["project", "style.css", "(applied", "after", "the", "built-in",
                                                     "style.css)"]
    (project / "style.css").unlink()
    assert rows(cli("templates", "list"))["style.css"].split()[1] == "built-in"


@pytest.mark.parametrize("name, blocks", [
    ("weekly.html", ["content", "  bluf", "  sections", "    section_body", "banner_top", "  running_header"]),
    ("theme.html", ["  summary", "    charts", "footer"]),
    ("base.html", ["banner_top", "running", "  banner_bottom", "footer"]),
])
def test_a_stub_lists_the_blocks_and_changes_nothing(project, cli, name, blocks):
    before = html(project)
    result = cli("templates", "eject", "--stub", name)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.strip() == f"wrote a skeleton of {name} to templates/{name}"
    stub = (project / "templates" / name).read_text()
    assert stub.endswith(f'-#}}\n{{% extends "default/{name}" %}}\n')
    listing = [line[8:] for line in stub.splitlines() if line.startswith("        ")]
    assert all(block in listing for block in blocks), listing
    assert html(project) == before
    write(project / "templates" / name, stub + "{% block footer %}<p>mine</p>{% endblock %}\n")
    changed = {page for page, text in html(project).items() if "<p>mine</p>" in text}
    assert changed == {"weekly.html": {PAGES[0]}, "theme.html": {PAGES[1]}}.get(name, set(PAGES))


def test_a_site_template_stub_names_where_inherited_blocks_sit(project, cli):
    assert cli("templates", "eject", "--stub", "site/weekly.html").exit_code == 0
    stub = (project / "templates/site/weekly.html").read_text()
    assert "      weekly.html (which it extends):\n        brand (inside header)\n" in stub
    assert "        sections (inside content)\n          section_body\n" in stub


def test_what_cannot_be_extended_says_what_to_do_instead(project, cli):
    result = cli("templates", "eject", "--stub", "macros.html")
    assert result.exit_code == 1
    assert "macros.html has no blocks to override: copy it whole with `briefgen templates eject macros.html`" in \
        result.stderr
    result = cli("templates", "eject", "--stub", "site/site.css")
    assert result.exit_code == 1 and "put your rules in style.css, which the site applies after it" in result.stderr
    assert not (project / "templates").exists()
    assert cli("templates", "eject", "site/site.css").exit_code == 0  # replaced whole: a copy
    assert (project / "templates/site/site.css").read_bytes() == (REPO / "templates/site/site.css").read_bytes()


def test_ejecting_style_css_writes_a_skeleton_applied_after_the_built_in(project, cli):
    before = html(project)
    result = cli("templates", "eject", "style.css")
    assert result.exit_code == 0 and result.stderr.strip() == "wrote a skeleton of style.css to style.css"
    sheet = (project / "style.css").read_text()
    assert "  --accent: #1f4e79;" in sheet and "do not copy\n   or @import it" in sheet
    assert "@import" not in sheet.replace("or @import it", "")
    assert html(project) == before  # all comments: nothing changes until a line is uncommented
    (project / "style.css").write_text(sheet.replace("/*\n:root", ":root").replace("  --accent: #1f4e79;", "  --accent: #004d40;")
                                       .replace("}\n*/", "}"))
    again = cli("templates", "eject", "--stub", "style.css")
    assert again.exit_code == 1 and "already exists; not overwriting it" in again.stderr
    html(project)
    assert (project / "out/style.css").read_text().rstrip().endswith("--chart-week: var(--accent-soft);\n}")
    assert "--accent: #004d40;" in (project / "out/style.css").read_text()
