"""The printed brief read back: pages, running heads, notes, metadata, outline, attachments."""

import dataclasses
import re
import shutil
import subprocess

import pytest
import yaml
from pypdf import PdfReader

from briefgen.content.config import load_config
from briefgen.content.project import Selection
from briefgen.output.build import BuildOptions, build
from tests.conftest import FIXTURES, pdftotext, require_tool, write

WEEKLY = Selection(("sample-theme",), ("2025-W42",))
A4 = (595.28, 841.89)
LETTER = (612.0, 792.0)


def build_pdf(project, **options):
    build(BuildOptions(project, project / "out", ("pdf",), load_config(project), **options), WEEKLY)
    return project / "out/weekly/2025-W42.pdf"


def pages_text(path) -> list[str]:
    """Each page's text as poppler reads it (layout order)."""
    text = pdftotext(path, "-layout")
    return [" ".join(page.split()) for page in text.split("\f") if page.strip()]


def use_notes_style(project):
    shutil.copy(FIXTURES / "notes-style.html", project / "templates/citation/test-notes.html") \
        if (project / "templates/citation").mkdir(parents=True, exist_ok=True) is None else None
    write(project / "briefgen.toml", 'citation_style = "test-notes"\n')


def long_brief(project, themes: int = 4, cite_every: int = 1):
    """A weekly brief with several themes, long enough to run over pages."""
    theme = (project / "briefs/themes/sample-theme.yaml").read_text()
    filler = " ".join("Filler sentence with a citation [@alpha]." if i % cite_every == 0
                      else "Filler sentence without one." for i in range(30))
    ids = []
    for n in range(themes):
        ids.append(f"theme-{n}")
        write(project / f"briefs/themes/theme-{n}.yaml",
              theme.replace("Sample theme about drones", f"Theme number {n}")
              .replace("Background from September [@gamma].", f"{filler} [@gamma]"))
    path = project / "briefs/weekly/2025-W42.yaml"
    path.write_text(path.read_text().replace("  - id: sample-theme\n", "".join(f"  - id: {i}\n" for i in ids)))


@pytest.mark.parametrize("flag, size", [(None, A4), ("Letter", LETTER)])
def test_page_size(project, flag, size):
    reader = PdfReader(build_pdf(project, page_size=flag))
    box = reader.pages[0].mediabox
    assert (round(float(box.width), 2), round(float(box.height), 2)) == size


def test_page_size_from_config(project):
    write(project / "briefgen.toml", 'page_size = "Letter"\n')
    box = PdfReader(build_pdf(project)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_every_page_has_handling_line_and_page_x_of_y(project):
    long_brief(project)
    pages = pages_text(build_pdf(project))
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        assert page.count("UNCLASSIFIED — FOR PUBLIC RELEASE") >= 1, number
        assert f"Page {number} of {len(pages)}" in page
        if number > 1:
            assert "Sample weekly brief" in page  # the running header


def test_first_page_masthead(project):
    first = pages_text(build_pdf(project))[0]
    for words in ("WEEKLY BRIEF", "NO. 1", "17 OCTOBER 2025", "WEEK 2025-W42", "Sample weekly brief",
                  "BOTTOM LINE UP FRONT"):
        assert words in first.upper() if words.isupper() else words in first


def test_footnotes_sit_on_the_page_of_their_marker(project):
    use_notes_style(project)
    write(project / "briefgen.toml", 'citation_style = "test-notes"\nnotes_per = "citation"\n')
    long_brief(project)
    path = build_pdf(project)
    pages = pages_text(path)
    notes_seen = 0
    for page in pages:
        calls = set(re.findall(r"Filler sentence with a citation (\d+)", page))
        for number in calls:
            assert re.search(rf"\b{number}\. NOTE-ALPHA", page), f"note {number} is not on its marker's page"
            notes_seen += 1
    assert notes_seen >= 10
    assert "NOTE-ALPHA (again)" in " ".join(pages) and "Sources" in pages[-1] + pages[-2]


def test_footnotes_do_not_inflate_the_page_count(project):
    # A note every few sentences, as in real briefs; notes one per page would add pages by the dozen.
    long_brief(project, cite_every=5)
    endnotes = len(PdfReader(build_pdf(project)).pages)
    use_notes_style(project)
    footnotes = len(PdfReader(build_pdf(project)).pages)
    assert endnotes <= footnotes <= endnotes + 2


def test_endnotes_alternative(project):
    use_notes_style(project)
    write(project / "briefgen.toml", 'citation_style = "test-notes"\nnotes = "endnotes"\n')
    text = " ".join(pages_text(build_pdf(project)))
    assert "NOTE-" not in text and "[1]" in text


def test_metadata_comes_from_the_brief(project):
    reader = PdfReader(build_pdf(project))
    info = reader.metadata
    assert (info.title, info.author) == ("Sample weekly brief", "Test Desk")
    assert info.subject == "The bottom line cites gamma first."
    assert info["/Keywords"] == "drones, exports"
    assert info["/CreationDate"].startswith("D:20251017") and info["/ModDate"].startswith("D:20251017")
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_outline_is_nested_from_the_headings(project):
    reader = PdfReader(build_pdf(project))
    outline = reader.outline
    assert [item.title for item in outline if not isinstance(item, list)] == ["Sample weekly brief"]
    children = [item.title for item in outline[1]]
    assert children == ["Sample theme about drones", "Sources"]


def test_internal_links_are_live(project):
    reader = PdfReader(build_pdf(project))
    destinations = {str(a.get_object()["/Dest"]) for page in reader.pages for a in page.get("/Annots", [])
                    if "/Dest" in a.get_object()}
    calls = {d for d in destinations if d.startswith("note-call-")}
    notes = {d for d in destinations if d.startswith("note-") and d not in calls}
    assert len(calls) == len(notes) == 4  # each call links to its note and each note back to its call
    assert set(destinations) <= set(reader.named_destinations)


def test_provenance_is_attached(project):
    reader = PdfReader(build_pdf(project))
    attachments = reader.attachments
    assert set(attachments) == {"weekly_2025-W42.yaml", "themes_sample-theme.yaml", "cited-sources.yaml"}
    attached = yaml.safe_load(attachments["weekly_2025-W42.yaml"][0])
    assert attached == yaml.safe_load((project / "briefs/weekly/2025-W42.yaml").read_bytes())
    cited = attachments["cited-sources.yaml"][0].decode()
    assert cited.index("id: gamma") < cited.index("id: alpha") < cited.index("id: beta")


def test_pdf_ua_identifier_and_structure(project):
    reader = PdfReader(build_pdf(project))
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert re.search(r"pdfuaid:part[^0-9]*1", xmp)
    assert "/StructTreeRoot" in reader.trailer["/Root"]


def test_pdf_a_on_a_flag(project):
    reader = PdfReader(build_pdf(project, pdf_archival=True))
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert re.search(r"pdfaid:part[^0-9]*3", xmp) and re.search(r"pdfaid:conformance[^A-Z]*B", xmp)
    assert "cited-sources.yaml" in reader.attachments


def test_qpdf_finds_no_problem(project):
    qpdf = require_tool("qpdf", "qpdf")
    result = subprocess.run([qpdf, "--check", str(build_pdf(project))], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors found" in result.stdout


def test_contents_with_page_numbers_beyond_three_themes(project):
    long_brief(project, themes=4)
    pages = pages_text(build_pdf(project))
    assert "Contents" in pages[0]
    for n in range(4):
        match = re.search(rf"Theme number {n}[\s.]*(\d+)", pages[0])  # dot leaders, spaced
        assert match, f"theme {n} missing from the contents"
        page = int(match.group(1))
        assert f"Theme number {n}" in pages[page - 1].split("Page ")[0]


def test_no_contents_for_three_themes_or_fewer(project):
    assert "Contents" not in pages_text(build_pdf(project))[0]


def test_french_typography(project):
    path = project / "briefs/weekly/2025-W42.yaml"
    path.write_text(path.read_text().replace("lang: en", "lang: fr")
                    .replace("The bottom line cites gamma first", 'Le point clé : "vraiment" ? Oui'))
    build(BuildOptions(project, project / "out", ("html",)), WEEKLY)
    html = (project / "out/weekly/2025-W42.html").read_text()
    text = re.sub(r"<[^>]+>", "", html)  # a citation marker is glued to its word by a span
    assert "Le point clé\u00a0: «\u202fvraiment\u202f»\u202f? Oui" in text
    assert "Rédaction\u00a0: Test Desk" in html


def test_every_note_is_on_the_page_of_its_call(tmp_path):
    """In the sample briefs, timeline entries and notes near page breaks: each note call links
    to a note on its own page (a note never precedes its call, nor strays to the next page)."""
    root = FIXTURES.parent.parent
    weekly = ("2025-W42", "2025-W43", "2025-W45")
    # a note for every citation, whatever style and notes the sample chose for its briefs
    config = dataclasses.replace(load_config(root), citation_style_weekly="chicago-notes", notes_per="citation",
                                 figure_sources="markers")
    build(BuildOptions(root, tmp_path / "out", ("pdf",), config), Selection((), weekly))
    calls = 0
    for brief in weekly:
        reader = PdfReader(tmp_path / f"out/weekly/{brief}.pdf")
        destinations = reader.named_destinations
        for number, page in enumerate(reader.pages):
            for annotation in page.get("/Annots", []):
                target = str(annotation.get_object().get("/Dest", ""))
                if re.fullmatch(r"note-\d+", target):
                    calls += 1
                    assert reader.get_destination_page_number(destinations[target]) == number, \
                        f"{brief}: {target} is not on the page of its call (page {number + 1})"
    assert calls >= 40
