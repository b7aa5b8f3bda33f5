"""French output as a French reader expects it, read back from the HTML and from the PDF's text:
dashes in titles, "1er" never in capitals, a date that opens a sentence in a note starts with
a capital, and English lines inside a French document keep English typography."""

from __future__ import annotations

import re

import tinyhtml5

from briefgen.content.config import load_config
from briefgen.content.project import Selection
from briefgen.output.build import BuildOptions, build
from briefgen.render.typography import apply
from tests.conftest import pdftotext, write

NS = "{http://www.w3.org/1999/xhtml}"
WEEK = Selection(("sample-theme",), ("2025-W40",))


def french_brief(project):
    """The fixture's brief, in French, dated Wednesday 1 October 2025, with a `--` in its title,
    no handling line of its own (the config's, in English, has a colon), and a source dated
    only by its month."""
    weekly = project / "briefs/weekly/2025-W42.yaml"
    text = (weekly.read_text("utf-8").replace("lang: en", "lang: fr").replace('"2025-W42"', '"2025-W40"')
            .replace('date: "2025-10-17"', 'date: "2025-10-01"\ncompiled: "2025-10-20"')
            .replace("title: Sample weekly brief", "title: Une note -- et un tiret")
            .replace('handling: "UNCLASSIFIED — FOR PUBLIC RELEASE"\n', ""))
    write(project / "briefs/weekly/2025-W40.yaml", text)
    weekly.unlink()
    sources = project / "briefs/sources.yaml"
    sources.write_text(sources.read_text("utf-8").replace("[[2025, 10, 3]]", "[[2025, 9]]"), "utf-8")
    write(project / "briefgen.toml", 'handling = "UNCLASSIFIED: FOR PUBLIC RELEASE"\nlang = "en"\n')


def test_french_print_and_screen(project):
    french_brief(project)
    build(BuildOptions(project, project / "out", ("html", "pdf"), load_config(project)), WEEK)
    html = (project / "out/weekly/2025-W40.html").read_text("utf-8")
    tree = tinyhtml5.parse(html)
    assert "".join(tree.find(f".//{NS}h1").itertext()) == "Une note – et un tiret"
    handling = [e for e in tree.iter() if "handling" in (e.get("class") or "")]
    assert handling and all(e.get("lang") == "en" and "".join(e.itertext()) == "UNCLASSIFIED: FOR PUBLIC RELEASE"
                            for e in handling)  # the config's line, in the config's language: no " :"
    assert "[An untitled web page]. Septembre 2025." in re.sub(r"<[^>]+>", "", html)  # a date opening a sentence

    text = " ".join(pdftotext(project / "out/weekly/2025-W40.pdf").split())
    assert "1er octobre 2025" in text and "1ER" not in text  # the series line is in capitals, the date is not
    assert "Une note – et un tiret" in text
    assert "UNCLASSIFIED: FOR PUBLIC RELEASE" in text and "UNCLASSIFIED : " not in text
    assert "Septembre 2025." in text and ". septembre 2025" not in text


def test_an_english_brief_keeps_its_capitals_and_its_colons(project):
    build(BuildOptions(project, project / "out", ("pdf",), load_config(project)),
          Selection(("sample-theme",), ("2025-W42",)))
    text = " ".join(pdftotext(project / "out/weekly/2025-W42.pdf").split())
    assert "17 OCTOBER 2025" in text  # only French keeps its abbreviations out of capitals


def test_only_a_month_after_a_sentence_end_gets_a_capital():
    assert apply("<p>Numerama. <i>[Titre]</i>. <time>novembre 2025</time>.</p>", "fr") == \
        "<p>Numerama. <i>[Titre]</i>. <time>Novembre 2025</time>.</p>"
    assert apply("<p>Le 3 novembre. En mai, rien ; p. mars</p>", "fr") == \
        "<p>Le 3 novembre. En mai, rien\u202f; p. Mars</p>"
    assert apply("<p>Numerama, novembre 2025. Consulté le 1er novembre.</p>", "fr") == \
        "<p>Numerama, novembre 2025. Consulté le 1er novembre.</p>"
    assert apply('<p>Vu. <span lang="en">november</span></p>', "fr") == '<p>Vu. <span lang="en">november</span></p>'
    assert apply("<p>Seen. november 2025</p>", "en") == "<p>Seen. november 2025</p>"
