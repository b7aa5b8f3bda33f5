"""Bibliographies in CSL-YAML, CSL-JSON and BibTeX read into the same sources."""

import shutil

import pytest

from briefgen.content.load import MAX_FILE_BYTES
from briefgen.content.model import Name, PartialDate
from briefgen.content.project import load_project, select
from briefgen.errors import Diagnostics
from tests.conftest import FIXTURES, write


def load(project):
    return load_project(project, select(project, [], Diagnostics()))


def test_csl_json_and_bibtex_join_the_yaml_bibliography(project, cli):
    for name in ("sources.json", "sources.bib"):
        shutil.copy(FIXTURES / "bibliography" / name, project / "briefs" / name)
    sources = load(project).sources
    assert set(sources) == {"alpha", "beta", "gamma", "delta", "epsilon2025", "zeta"}

    delta = sources["delta"]
    assert (delta.title, delta.container_title, delta.language) == ("Drones à l’export", "Le Monde", "fr")
    assert delta.issued == PartialDate(2025, 10, 17) and delta.author == (Name("Martin", "Claire"),)
    assert (delta.location.path, delta.location.line) == ("briefs/sources.json", 2)

    epsilon = sources["epsilon2025"]
    assert epsilon.type == "webpage" and epsilon.title == "Les drones ukrainiens à l'épreuve"
    assert epsilon.author == (Name("Dupont", "Jean-Pierre"), Name("Ministry of Defence", ""))
    assert (epsilon.issued, epsilon.accessed) == (PartialDate(2025, 11, 3), PartialDate(2025, 11, 5))
    assert epsilon.language == "fr" and epsilon.location.line == 2

    zeta = sources["zeta"]
    assert (zeta.type, zeta.publisher, zeta.issued) == ("report", "RAND Corporation", PartialDate(2025, 10))
    assert zeta.location.line == 11

    path = project / "briefs/themes/sample-theme.yaml"
    path.write_text(path.read_text().replace("[@gamma]", "[@zeta; @delta; @epsilon2025]"))
    assert cli("build", "--format", "html").exit_code == 0
    html = (project / "out/themes/sample-theme.html").read_text()
    assert "Drone Industrial Base" in html and "Drones à l’export" in html


def test_invalid_json_is_located(project, cli):
    write(project / "briefs/sources.json", '[\n  {"id": "x", "type": "webpage",}\n]\n')
    result = cli("check")
    assert result.exit_code == 1
    assert result.stderr.strip() == "briefs/sources.json:2:33: error: invalid JSON: Expecting property name enclosed in double quotes"


def test_deeply_nested_json_is_an_error_not_a_traceback(project, cli):
    write(project / "briefs/sources.json", "[" * 100_000 + "]" * 100_000)
    result = cli("check")
    assert result.exit_code == 1
    assert result.stderr.strip() == "briefs/sources.json: error: invalid JSON: nesting is too deep"


@pytest.mark.parametrize("name, data, line", [
    ("sources.json", b'[\n  {"id": "x", "type": "webpage", "title": "\xff"}\n]\n', 2),
    ("sources.bib", b"@misc{ok, title = {Fine}}\n@misc{bad, title = {\xff}}\n", 2),
])
def test_a_bibliography_that_is_not_utf8_is_located(project, cli, name, data, line):
    (project / "briefs" / name).write_bytes(data)
    result = cli("check")
    assert result.exit_code == 1
    assert result.stderr.strip().startswith(f"briefs/{name}:{line}:")
    assert result.stderr.strip().endswith(": error: file is not valid UTF-8")


@pytest.mark.parametrize("name", ["sources.json", "sources.bib"])
def test_a_bibliography_is_read_within_the_content_size_limit(project, cli, name):
    (project / "briefs" / name).write_bytes(b" " * (MAX_FILE_BYTES + 1))
    result = cli("check")
    assert result.exit_code == 1
    assert result.stderr.strip() == (f"briefs/{name}: error: file is too large "
                                     f"({MAX_FILE_BYTES + 1} bytes; limit {MAX_FILE_BYTES})")


def test_invalid_bibtex_is_located(project, cli):
    write(project / "briefs/sources.bib", "@misc{ok, title = {Fine}}\n\n@misc{broken, title = {Unclosed}\n")
    result = cli("check")
    assert result.exit_code == 1 and result.stderr.startswith("briefs/sources.bib:4:1: error: invalid BibTeX")


def test_duplicate_ids_across_files(project, cli):
    write(project / "briefs/sources.bib", "@misc{alpha, title = {Again}}\n")
    result = cli("check")
    assert result.exit_code == 1
    assert result.stderr.strip() == ("briefs/sources.bib:1:1: error: duplicate source id 'alpha' "
                                     "(first defined at briefs/sources.yaml:2:3)")
