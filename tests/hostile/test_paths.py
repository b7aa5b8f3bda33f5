"""Hostile paths: ids and slugs with ``../``, absolute paths, two files claiming one slug —
each an error, and nothing is ever written outside ``--out``."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import write


def snapshot(folder: Path, skip: Path) -> dict[str, tuple[int, int]]:
    """Every file under ``folder`` but ``skip``, with its size and modification time."""
    found = {}
    for parent, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if Path(parent, d) != skip]
        for name in files:
            stat = os.lstat(os.path.join(parent, name))
            found[os.path.relpath(os.path.join(parent, name), folder)] = (stat.st_size, stat.st_mtime_ns)
    return found


class Guard:
    """Records every file around the project; ``check()`` fails if any outside ``out/`` changed."""

    def __init__(self, project: Path):
        self.project, self.folder = project, project.parent
        self.before: dict | None = None

    def __truediv__(self, other):
        return self.project / other

    def __fspath__(self):
        return str(self.project)

    def freeze(self) -> None:
        self.before = snapshot(self.folder, self.project / "out")

    def check(self) -> None:
        assert self.before is not None
        assert snapshot(self.folder, self.project / "out") == self.before


@pytest.fixture
def guarded(project):
    guard = Guard(project)
    yield guard
    guard.check()


def run(guarded: Guard, cli, *args: str):
    """Run briefgen once the project is set up: anything it writes outside out/ fails the test."""
    guarded.freeze()
    return cli(*args)


@pytest.mark.parametrize("ref", ["../../../etc/passwd", "/etc/passwd", "../weekly/2025-W42", "sample-theme/../x",
                                 "sample-theme/", "..", "C:\\\\Windows\\\\x", "sample-theme\\u0000"])
def test_a_theme_reference_that_is_a_path_is_an_unknown_theme(guarded, cli, ref):
    path = guarded / "briefs/weekly/2025-W42.yaml"
    path.write_text(path.read_text().replace("  - id: sample-theme", f'  - id: "{ref}"'))
    result = run(guarded, cli, "build", "--out", "out")
    assert result.exit_code == 1
    assert "briefs/weekly/2025-W42.yaml:11:9: error: unknown theme" in result.stderr, result.stderr
    assert not (guarded / "out").exists()


@pytest.mark.parametrize("name", ["..yaml", "-x.yaml", "Sample-Theme.yaml", "sample theme.yaml", "x.y.yaml",
                                  "sample-theme\u2024yaml.yaml", "\u0455ample-theme.yaml"])
def test_a_theme_file_whose_name_is_not_a_slug_is_an_error(guarded, cli, name):
    """Including one that would share a slug with another on a case-insensitive disk."""
    write(guarded / "briefs/themes" / name, (guarded / "briefs/themes/sample-theme.yaml").read_text())
    result = run(guarded, cli, "build", "--out", "out")
    assert result.exit_code == 1
    assert f"briefs/themes/{name}: error: file name {name!r} is not a valid id" in result.stderr, result.stderr
    assert not (guarded / "out").exists()


def test_a_weekly_brief_differing_only_in_case_is_an_error(guarded, cli):
    write(guarded / "briefs/weekly/2025-w42.yaml", (guarded / "briefs/weekly/2025-W42.yaml").read_text())
    result = run(guarded, cli, "build", "--out", "out")
    assert result.exit_code == 1
    assert "briefs/weekly/2025-w42.yaml: error: file name '2025-w42.yaml' is not a valid id" in result.stderr
    assert not (guarded / "out").exists()


def test_a_document_in_a_subfolder_claiming_an_existing_slug_is_an_error(guarded, cli):
    write(guarded / "briefs/themes/more/sample-theme.yaml", (guarded / "briefs/themes/sample-theme.yaml").read_text())
    result = run(guarded, cli, "build", "--out", "out")
    assert result.exit_code == 1
    assert "briefs/themes/more/sample-theme.yaml: error: not a theme or weekly brief under" in result.stderr
    assert not (guarded / "out").exists()


@pytest.mark.parametrize("argument", ["/etc/passwd", "../outside.yaml", "briefs/../../outside.yaml",
                                      "briefs/themes/../../../outside.yaml", "..", "briefs/sources.yaml/../../.."])
def test_a_path_outside_the_content_is_an_error(guarded, cli, argument):
    write(guarded.folder / "outside.yaml", "title: Outside\nsummary: Outside [@alpha]\n")
    result = run(guarded, cli, "build", argument, "--out", "out")
    assert result.exit_code == 2  # a usage error: the argument names no document
    assert "error: not a theme or weekly brief under" in result.stderr or "no such file" in result.stderr, \
        result.stderr
    assert "Traceback" not in result.stderr
    assert not (guarded / "out").exists()


def test_the_same_document_named_twice_is_built_once(guarded, cli):
    result = run(guarded, cli, "build", "briefs/themes/sample-theme.yaml", "briefs/themes/../themes/sample-theme.yaml",
                 str(guarded / "briefs/themes/sample-theme.yaml"), "--format", "html", "--out", "out")
    assert result.exit_code == 0
    assert result.stderr.startswith("built 1, ")
    assert sorted(p.relative_to(guarded / "out").as_posix() for p in (guarded / "out").rglob("*.html")) == [
        "themes/sample-theme.html"]


def test_every_output_lands_under_out(guarded, cli):
    """A full build writes only below --out, whatever is around it."""
    result = run(guarded, cli, "build", "--out", "out")
    assert result.exit_code == 0, result.stderr
    written = {p.relative_to(guarded / "out").as_posix() for p in (guarded / "out").rglob("*") if p.is_file()}
    assert written == {".briefgen/manifest.json", "style.css", "themes/sample-theme.html", "themes/sample-theme.pdf",
                       "weekly/2025-W42.html", "weekly/2025-W42.pdf"}
