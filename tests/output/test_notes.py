"""Footnotes a reader can use, read back from the PDF: a run of citations of one source in a
paragraph shares a note, "Ibid." where the project asks for it, long notes stay on the page."""

from __future__ import annotations

import dataclasses
import re
import subprocess

import pytest

from briefgen.content.config import load_config
from briefgen.content.project import Selection
from briefgen.output.build import BuildOptions, build
from tests.conftest import REPO, pdftotext, write

THEME = """title: Notes test
lang: {lang}
summary: >-
  One [@alpha, p. 4]. Two [@alpha, p. 5]. Three [@alpha, p. 5]. Other [@beta].
  Back [@alpha, p. 6].
key_points:
  - First point [@alpha, p. 6].
  - Second point [@alpha, p. 7].
  - Third [@gamma]. Again [@gamma]. Both [@alpha; @gamma]. Both again [@alpha; @gamma, p. 9].
  - After both [@gamma].
"""

FULL_ALPHA = "Claire Martin, “Alpha reports the first thing,” The Daily Example, October 17, 2025"
SHORT_ALPHA = "Martin, “Alpha reports the first thing,”"
BETA = "[An untitled web page], October 3, 2025."


def rendered(project, config: str = "", lang: str = "en") -> tuple[str, list[str]]:
    """The test theme's PDF with ``config``: its text on one line, and its footnotes."""
    write(project / "briefs/themes/notes-test.yaml", THEME.format(lang=lang))
    write(project / "briefgen.toml", config)
    build(BuildOptions(project, project / "out", ("pdf",), load_config(project)), Selection(("notes-test",), ()))
    text = pdftotext(project / "out/themes/notes-test.pdf")
    return " ".join(text.split()), footnotes(text)


def footnotes(page_text: str) -> list[str]:
    """The notes at the foot of one page: the last run of lines numbered one after another
    (the Sources list, numbered too, comes before them), each note's wrapped lines joined."""
    lines = [line.strip() for line in page_text.split("\f")[0].splitlines() if line.strip()]
    lines = [line for line in lines if not re.fullmatch(r"Page \d+ of \d+", line)]
    numbered = [(i, int(m.group(1))) for i, line in enumerate(lines) if (m := re.match(r"(\d+)\. ", line))]
    run = numbered[-1:]
    for (i, n), (_, following) in zip(reversed(numbered[:-1]), reversed(numbered[1:]), strict=True):
        if n + 1 != following:
            break
        run.insert(0, (i, n))
    if not run:
        return []
    notes: list[str] = []
    for line in lines[run[0][0]:]:
        if notes and not re.match(rf"{run[0][1] + len(notes)}\. ", line):
            notes[-1] += " " + line
        else:
            notes.append(line)
    return notes


def test_a_run_of_one_source_in_a_paragraph_shares_one_note_placed_at_its_end(project):
    text, notes = rendered(project)
    assert "One. Two. Three 1. Other 2. Back 3." in text  # p. 4 and p. 5 in one note, beta between
    assert "Third. Again 6. Both. Both again 7. • After both 8." in text
    assert notes == [
        f"1. {FULL_ALPHA}, p. 4, p. 5.",
        f"2. {BETA}",
        f"3. {SHORT_ALPHA} p. 6.",       # another source came between: the short form, with its title
        "4. Martin, p. 6.",               # the same source as the note before: the author alone (CMOS 14.34)
        "5. Martin, p. 7.",
        "6. Gamma Annual Review, 2024.",
        "7. Martin, “Alpha reports the first thing”; Gamma Annual Review, p. 9.",  # the run's locators
        "8. Gamma Annual Review.",        # the note before cites two sources: no shortcut
    ]


def test_ibid_repeats_the_locator_only_when_it_changes(project):
    _, notes = rendered(project, "ibid = true\n")
    assert notes[2:] == [
        f"3. {SHORT_ALPHA} p. 6.",   # not ibid: beta came between
        "4. Ibid.",                  # same source, same page
        "5. Ibid., p. 7.",           # same source, another page
        "6. Gamma Annual Review, 2024.",
        "7. Martin, “Alpha reports the first thing”; Gamma Annual Review, p. 9.",
        "8. Gamma Annual Review.",   # never after a note of two sources
    ]


def test_french_notes_say_ibid_too(project):
    _, notes = rendered(project, "ibid = true\n", lang="fr")
    assert notes[3:5] == ["4. Ibid.", "5. Ibid., p. 7."]


def test_a_note_per_citation_when_asked(project):
    text, notes = rendered(project, 'notes_per = "citation"\n')
    assert "One 1. Two 2. Three 3. Other 4. Back 5." in text
    assert notes[:5] == [f"1. {FULL_ALPHA}, p. 4.", "2. Martin, p. 5.", "3. Martin, p. 5.", f"4. {BETA}",
                         f"5. {SHORT_ALPHA} p. 6."]
    assert len(notes) == 12


def test_a_long_note_wraps_inside_the_right_margin(project):
    write(project / "briefs/sources.yaml", (project / "briefs/sources.yaml").read_text() + """
- id: long
  type: report
  title: "[A report whose descriptive title runs on and on, well past the width of a footnote line]"
  publisher: Institute
  issued: "2025"
  note: See https://example.org/an/address/with/no/place/to/break/it/that/runs/past/the/edge/of/any/page.
""")
    write(project / "briefs/themes/long.yaml", "title: Long\nsummary: >-\n  Both [@long; @gamma; @alpha].\n"
          "key_points:\n  - Its address [@long, https://example.org/an/address/with/no/place/to/break/in/a/note].\n")
    build(BuildOptions(project, project / "out", ("pdf",), load_config(project)), Selection(("long",), ()))
    boxes = subprocess.run(["pdftotext", "-bbox", str(project / "out/themes/long.pdf"), "-"],
                           capture_output=True, text=True, check=True).stdout
    width = float(re.search(r'<page width="([\d.]+)"', boxes).group(1))
    right_edge = max(float(x) for x in re.findall(r'xMax="([\d.]+)"', boxes))
    assert right_edge <= width - 20 / 25.4 * 72 + 1  # the page's right margin is 20 mm
    assert "https://example.org/an/address" in pdftotext(project / "out/themes/long.pdf")


def note_counts(path) -> list[int]:
    """The number of footnotes on each page of a PDF."""
    return [len(footnotes(page)) for page in pdftotext(path).split("\f") if page.strip()]


@pytest.mark.parametrize("theme", ["us-ukraine-drone-deal"])
def test_the_sample_theme_notes_carry_fewer_notes_a_page(tmp_path, theme):
    """The drone-deal theme rests on two sources: a note per citation (as before) put a
    page's worth of identical notes on every page; the sample's choices put fewer in all,
    and never more on a page."""
    config = load_config(REPO)
    before = dataclasses.replace(config, notes_per="citation", ibid=False, figure_sources="markers")
    counts = {}
    for name, chosen in (("before", before), ("after", config)):
        build(BuildOptions(REPO, tmp_path / name, ("pdf",), chosen), Selection((theme,), ()))
        counts[name] = note_counts(tmp_path / name / f"themes/{theme}.pdf")
    assert max(counts["before"]) >= 9, counts  # key points and key figures, a note each
    assert max(counts["after"]) <= max(counts["before"]), counts
    assert sum(counts["after"]) * 5 <= sum(counts["before"]) * 4, counts  # a fifth fewer notes at least (53 → 40)


def test_text_holding_the_placeholder_characters_is_never_taken_for_a_note(project):
    forged = "\ue0020\ue003 \ue00299\ue003"  # what a note's placeholder is made of, in the content
    write(project / "briefs/themes/forged.yaml", f"title: Forged\nsummary: Text {forged} here [@alpha].\n")
    build(BuildOptions(project, project / "out", ("pdf",), load_config(project)), Selection(("forged",), ()))
    notes = footnotes(pdftotext(project / "out/themes/forged.pdf"))
    assert notes == [f"1. {FULL_ALPHA}."]
