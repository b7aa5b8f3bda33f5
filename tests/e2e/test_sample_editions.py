"""The French edition of 2025-W44 in briefs/: the same issue as the English brief, in French,
citing the same sources, keeping its hedges, cleared on its own; built beside it and linked."""

from __future__ import annotations

import re

import pytest

from briefgen.content.clearance import is_cleared
from briefgen.content.config import load_config
from briefgen.content.project import Selection, load_project
from briefgen.output.build import BuildOptions, build
from tests.conftest import REPO, pdftotext
from tests.render.test_editions import alternates, elements, page


@pytest.fixture(scope="module")
def w44():
    project = load_project(REPO, Selection((), ("2025-W44.fr",)), load_config(REPO))
    return project, project.weekly["2025-W44"], project.weekly["2025-W44.fr"]


def keys(brief) -> list[set[str]]:
    """The citation keys of each of a brief's own texts, in order."""
    texts = [brief.bluf, *(t for j in brief.judgements for t in (j.statement, j.basis)),
             *(ref.note for ref in brief.themes if ref.note)]
    return [set(text.keys) for text in texts]


def test_the_french_edition_is_the_same_issue_citing_the_same_sources(w44):
    project, english, french = w44
    assert french.lang == "fr" and french.path == "briefs/weekly/2025-W44.fr.yaml"
    assert (french.number, french.week, french.date, french.compiled) == (
        english.number, english.week, english.date, english.compiled)
    assert [r.id for r in french.themes] == [r.id for r in english.themes]  # no French theme: the English ones
    assert keys(french) == keys(english)
    assert [(j.id, j.likelihood, j.confidence) for j in french.judgements] == [
        (j.id, j.likelihood, j.confidence) for j in english.judgements]
    assert is_cleared(french, project) and french.clearance.by != english.clearance.by


def test_the_french_keeps_the_hedges(w44):
    _, _, french = w44
    bluf = " ".join(french.bluf.markdown.split())
    assert "a annoncé" in bluf and "À surveiller" in bluf  # announced, not done; to watch, not expected
    assert "limité et contrôlé" in french.title
    statement = " ".join(french.judgements[0].statement.markdown.split())
    assert "c’est notre propre déduction" in statement and "Aucune source ne fait ce lien" in statement
    note = " ".join(french.themes[1].note.markdown.split())
    assert "plusieurs mois" in note and "«Jugements clés»" in note
    assert not french.handling  # it prints the English brief's handling line, marked as English


def test_the_french_edition_builds_beside_the_english_one(tmp_path):
    out = tmp_path / "out"
    build(BuildOptions(REPO, out, config=load_config(REPO)), Selection((), ("2025-W44", "2025-W44.fr")))
    links = {"en": "../weekly/2025-W44.html", "fr": "../weekly/2025-W44.fr.html"}
    assert alternates(page(out / "weekly/2025-W44.html")) == alternates(page(out / "weekly/2025-W44.fr.html")) == links
    french = page(out / "weekly/2025-W44.fr.html")
    assert {s.get("lang") for s in elements(french, "section", class_="theme-section")} == {"en"}
    text = " ".join(pdftotext(out / "weekly/2025-W44.fr.pdf").split())
    assert "Kiev ouvre un canal limité et contrôlé aux exportations d’armes" in text
    assert "L’ESSENTIEL" in text and "Jugements clés" in text and re.search(r"Page 1 sur \d+", text)
    assert "UNCLASSIFIED — FOR PUBLIC RELEASE" in text and "Novembre 2025." in text
    assert "DRAFT" not in text and "PROJET" not in text  # cleared
