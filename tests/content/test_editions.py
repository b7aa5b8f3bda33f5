"""Language editions: a document in another language beside its original (``2025-W43.fr.yaml``),
read, completed and checked against it, with located errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from briefgen.content.config import load_config
from briefgen.content.cycle import previous_id
from briefgen.content.editions import family, split_id
from briefgen.content.project import Selection, load_project, select
from briefgen.errors import ContentError, Diagnostics
from tests.conftest import FIXTURES, write

EDITIONS = FIXTURES / "editions"


def site_with_editions(destination: Path) -> Path:
    """A copy of tests/fixtures/site with the French edition of 2025-W43 and of the theme
    drone-exports (tests/fixtures/editions)."""
    shutil.copytree(FIXTURES / "site", destination)
    shutil.copy(EDITIONS / "2025-W43.fr.yaml", destination / "briefs/weekly/2025-W43.fr.yaml")
    shutil.copy(EDITIONS / "drone-exports.fr.yaml", destination / "briefs/themes/drone-exports.fr.yaml")
    return destination


def load(root: Path, *paths: str):
    diagnostics = Diagnostics()
    selection = select(root, [root / p for p in paths], diagnostics)
    assert not diagnostics.items
    return load_project(root, selection, load_config(root))


def errors_of(root: Path, *paths: str) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load(root, *paths)
    return [str(d) for d in caught.value.diagnostics.sorted()]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_an_edition_is_named_after_its_original_and_its_language():
    assert split_id("2025-W44.fr") == ("2025-W44", "fr")
    assert split_id("controlled-exports.fr-CA") == ("controlled-exports", "fr-CA")
    assert split_id("2025-W44") == ("2025-W44", "")
    assert family(["a", "a.fr", "b", "a.de"], "a.fr") == ("a", "a.de", "a.fr")


def test_an_edition_loads_beside_its_original_in_its_language(tmp_path):
    root = site_with_editions(tmp_path / "p")
    project = load(root)
    edition, original = project.weekly["2025-W43.fr"], project.weekly["2025-W43"]
    assert edition.lang == "fr" and original.lang == ""  # the file name gives the language
    assert (edition.week, edition.number, edition.date) == (original.week, original.number, original.date)
    assert edition.title == "Exportations de surplus autorisées – une première ligne d’intercepteurs"
    # the theme's French edition where there is one, else the original theme
    assert [ref.id for ref in edition.themes] == ["drone-exports.fr", "coproduction"]
    assert [ref.id for ref in original.themes] == ["drone-exports", "coproduction"]
    assert project.themes["drone-exports.fr"].lang == "fr"
    assert "2025-W43.fr" in project.ids["weekly"] and "drone-exports.fr" in project.ids["themes"]


def test_building_an_edition_alone_checks_it_against_its_original(tmp_path):
    root = site_with_editions(tmp_path / "p")
    project = load(root, "briefs/weekly/2025-W43.fr.yaml")
    assert set(project.weekly) == {"2025-W43.fr", "2025-W43"}
    edit(root / "briefs/weekly/2025-W43.yaml", "number: 2", "number: 7")
    assert errors_of(root, "briefs/weekly/2025-W43.fr.yaml") == [
        "briefs/weekly/2025-W43.fr.yaml:3:9: error: number 2 differs from the original's "
        "(7 in briefs/weekly/2025-W43.yaml): an edition is the same issue in another language"]


def test_an_edition_is_the_same_issue_as_its_original(tmp_path):
    root = site_with_editions(tmp_path / "p")
    weekly = root / "briefs/weekly/2025-W43.fr.yaml"
    edit(weekly, "  - id: coproduction\n", "")
    assert errors_of(root) == [
        "briefs/weekly/2025-W43.fr.yaml:12:3: error: the edition's themes (drone-exports) differ from the "
        "original's (drone-exports, coproduction in briefs/weekly/2025-W43.yaml): an edition covers the same "
        "themes, in the same order"]
    edit(weekly, 'week: "2025-W43"', 'week: "2025-W44"')
    assert errors_of(root)[0] == ("briefs/weekly/2025-W43.fr.yaml:4:7: error: week 2025-W44 does not match the "
                                  "file name 2025-W43.fr.yaml")
    edit(weekly, 'week: "2025-W44"', 'week: "2025-W43"')
    edit(weekly, 'date: "2025-10-24"', 'date: "2025-10-23"')
    assert errors_of(root)[0] == (
        "briefs/weekly/2025-W43.fr.yaml:5:7: error: date 2025-10-23 differs from the original's "
        "(2025-10-24 in briefs/weekly/2025-W43.yaml): an edition is the same issue in another language")


def test_the_language_tag_must_match_the_file_name(tmp_path):
    root = site_with_editions(tmp_path / "p")
    edit(root / "briefs/weekly/2025-W43.fr.yaml", "authors:", "lang: de\nauthors:")
    edit(root / "briefs/themes/drone-exports.fr.yaml", "status:", "lang: fr\nstatus:")  # may be given
    assert errors_of(root) == [
        "briefs/weekly/2025-W43.fr.yaml:7:7: error: lang 'de' does not match the language of the file name "
        "2025-W43.fr.yaml ('fr'): an edition's language is its file name's"]


def test_an_edition_in_its_originals_language_is_an_error(tmp_path):
    root = site_with_editions(tmp_path / "p")
    shutil.move(root / "briefs/weekly/2025-W43.fr.yaml", root / "briefs/weekly/2025-W43.en.yaml")
    assert errors_of(root) == [
        "briefs/weekly/2025-W43.en.yaml:3:1: error: 2025-W43.en is an edition in 'en', the language of its "
        "original briefs/weekly/2025-W43.yaml: an edition is in another language"]


def test_an_edition_needs_its_original_and_a_language_in_its_name(tmp_path):
    root = site_with_editions(tmp_path / "p")
    orphan = (EDITIONS / "2025-W43.fr.yaml").read_text("utf-8").replace("2025-W43", "2025-W30")
    write(root / "briefs/weekly/2025-W30.fr.yaml", orphan.replace("2025-10-24", "2025-07-25"))
    write(root / "briefs/themes/drone-exports.french.yaml", "title: x\n")
    assert errors_of(root) == [
        "briefs/themes/drone-exports.french.yaml: error: file name 'drone-exports.french.yaml' is not a valid id "
        "(^[a-z0-9][a-z0-9-]*$), nor a language edition of one (<id>.<language>.yaml, such as themes/x.fr.yaml)",
        "briefs/weekly/2025-W30.fr.yaml: error: 2025-W30.fr is an edition of 2025-W30, but "
        "briefs/weekly/2025-W30.yaml does not exist: an edition sits beside its original",
    ]


def test_a_brief_names_themes_by_their_original_ids(tmp_path):
    root = site_with_editions(tmp_path / "p")
    edit(root / "briefs/weekly/2025-W43.fr.yaml", "  - id: drone-exports\n", "  - id: drone-exports.fr\n")
    (error,) = [e for e in errors_of(root) if "unknown theme" in e]
    assert error == ("briefs/weekly/2025-W43.fr.yaml:12:9: error: unknown theme 'drone-exports.fr' "
                     "(did you mean 'drone-exports'?)")


def test_a_title_gets_the_dashes_markdown_text_gets(tmp_path):
    root = site_with_editions(tmp_path / "p")
    edit(root / "briefs/themes/coproduction.yaml", "title: European drone co-production",
         "title: European drone co-production -- and what comes next --- maybe")
    theme = load(root, "briefs/themes/coproduction.yaml").themes["coproduction"]
    assert theme.title == "European drone co-production – and what comes next — maybe"


def test_a_selection_of_theme_editions(tmp_path):
    root = site_with_editions(tmp_path / "p")
    project = load_project(root, Selection(("drone-exports.fr",), ()), load_config(root))
    assert set(project.themes) == {"drone-exports.fr", "drone-exports"}  # the original, to check against


def test_the_brief_before_an_edition_is_in_its_language_when_it_can_be():
    ids = {"2025-W43", "2025-W43.fr", "2025-W44", "2025-W44.fr", "2025-W44.de"}
    assert previous_id("2025-W44.fr", ids) == "2025-W43.fr"
    assert previous_id("2025-W44.de", ids) == "2025-W43"  # no German edition then: the original
    assert previous_id("2025-W45", ids) == "2025-W44"  # never an edition for an original
    assert previous_id("2025-W43.fr", ids) is None


def test_an_editions_since_compares_with_the_previous_edition(tmp_path):
    root = site_with_editions(tmp_path / "p")
    weekly = (EDITIONS / "2025-W43.fr.yaml").read_text("utf-8")
    write(root / "briefs/weekly/2025-W42.fr.yaml", weekly.replace("2025-W43", "2025-W42").replace(
        "number: 2", "number: 1").replace("2025-10-24", "2025-10-17").replace("  - id: coproduction\n", ""))
    project = load(root, "briefs/weekly/2025-W43.fr.yaml")
    assert project.previous["2025-W43.fr"].id == "2025-W42.fr"
    assert project.previous["2025-W43"].id == "2025-W42"
