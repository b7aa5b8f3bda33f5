"""A project's own words: labels/<lang>.yaml over briefgen's catalogues, key by key, checked
with located errors; and what reads them gets them (documents, charts, the site, the preview)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefgen.content.config import load_config
from briefgen.content.wording import load_labels
from briefgen.errors import ContentError, Diagnostics
from briefgen.labels import BUILT_IN, Catalogues, catalogue
from tests.conftest import REPO, write


def labels_of(root: Path) -> tuple[Catalogues, list[str]]:
    diagnostics = Diagnostics()
    catalogues = load_labels(root, diagnostics)
    return catalogues, [str(d) for d in diagnostics.sorted()]


def test_a_project_file_overrides_words_key_by_key(tmp_path):
    write(tmp_path / "labels/fr.yaml", "series: Lettre du pôle drones\n"
                                       "site:\n  home: Page d’accueil\n"
                                       "grading:\n  reliability:\n    A: source sûre\n")
    catalogues, errors = labels_of(tmp_path)
    assert errors == []
    french = catalogues.get("fr")
    assert french["series"] == "Lettre du pôle drones"
    assert french["site"]["home"] == "Page d’accueil"
    assert french["site"]["briefs"] == catalogue("fr")["site"]["briefs"]  # the rest of the section stays
    assert french["grading"]["reliability"]["A"] == "source sûre"
    assert french["grading"]["reliability"]["B"] == catalogue("fr")["grading"]["reliability"]["B"]
    assert catalogues.get("fr-CA")["series"] == "Lettre du pôle drones"  # a regional tag uses its language's file
    assert catalogues.get("en") == catalogue("en")  # other languages are untouched
    assert catalogue("fr")["series"] == "Note hebdomadaire"  # the package's catalogue is never changed


def test_a_language_briefgen_does_not_ship_completes_english(tmp_path):
    write(tmp_path / "labels/de.yaml", "language_name: Deutsch\nsources: Quellen\n")
    catalogues, errors = labels_of(tmp_path)
    assert errors == []
    assert catalogues.get("de")["sources"] == "Quellen" and catalogues.get("de")["this_week"] == "This week"
    assert catalogues.language_name("de") == "Deutsch"
    assert catalogues.language_name("fr") == "Français" and BUILT_IN.language_name("de") == ""


def test_open_tables_take_new_keys(tmp_path):
    write(tmp_path / "labels/en.yaml", "genres:\n  white paper: White paper\nlanguage_names:\n  it: Italian\n")
    catalogues, errors = labels_of(tmp_path)
    assert errors == [] and catalogues.get("en")["genres"]["white paper"] == "White paper"


def test_every_mistake_is_located(tmp_path):
    write(tmp_path / "labels/fr.yaml", "\n".join([
        "serie: Lettre",                    # 1: unknown key
        "site:",
        "  hom: Accueil",                   # 3: unknown key in a section
        "months: [janvier, février]",       # 4: twelve months
        "brief_number: \"No {numero}\"",    # 5: a placeholder briefgen does not fill in
        "sources: [a, b]",                  # 6: a list where a word belongs
        "charts: Graphiques",               # 7: a word where a table belongs
        "week: \"Semaine {week\"",          # 8: an unmatched brace
        "bluf:",                            # 9: nothing
        "",
    ]))
    write(tmp_path / "labels/french.yaml", "series: x\n")
    write(tmp_path / "labels/de.yaml", "- a list\n")
    _, errors = labels_of(tmp_path)
    assert errors == [
        "labels/de.yaml:1:1: error: a label file is a mapping of catalogue keys to words, such as 'series: …'",
        "labels/fr.yaml:1:1: error: unknown label 'serie' (did you mean 'series'?)",
        "labels/fr.yaml:3:3: error: unknown label 'site.hom' (did you mean 'site.home'?)",
        "labels/fr.yaml:4:9: error: 'months' is a list of 12 words, as in [January, February, …]",
        "labels/fr.yaml:5:15: error: 'brief_number' uses {numero}, which briefgen does not fill in here "
        "(it fills in {number})",
        "labels/fr.yaml:6:10: error: 'sources' must be a word or a sentence, not a list or a table",
        "labels/fr.yaml:7:9: error: 'charts' is a table of words: give it as 'key: word' lines",
        "labels/fr.yaml:8:7: error: 'week' has an unmatched brace: write {{ and }} for a brace itself",
        "labels/fr.yaml:9:6: error: 'bluf' must be a word or a sentence, not nothing",
        "labels/french.yaml: error: 'french.yaml' is not named after a language: name it with a language tag, "
        "such as fr.yaml",
    ]


def test_the_config_carries_the_project_words_and_errors_stop_it(tmp_path):
    write(tmp_path / "labels/en.yaml", "series: Desk Notes\n")
    assert load_config(tmp_path).labels.get("en")["series"] == "Desk Notes"
    write(tmp_path / "labels/en.yaml", "seires: Desk Notes\n")
    with pytest.raises(ContentError) as caught:
        load_config(tmp_path)
    assert str(caught.value.diagnostics.sorted()[0]).startswith("labels/en.yaml:1:1: error: unknown label 'seires'")


def test_the_documented_example_is_valid(tmp_path):
    docs = (REPO / "docs/templates.md").read_text("utf-8")
    (example,) = re.findall(r"```yaml\n(# labels/fr.yaml\n.*?)```", docs, re.S)
    write(tmp_path / "labels/fr.yaml", example)
    catalogues, errors = labels_of(tmp_path)
    assert errors == []
    assert catalogues.get("fr")["brief_number"].format(number=4) == "Lettre no 4"
