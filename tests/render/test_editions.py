"""Language editions built beside their originals: linked to each other, themes in their own
language marked as such, the handling line in its language; PDFs read back with pdftotext;
incremental builds that notice an edition or a theme edition appear."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import tinyhtml5

from briefgen.content.config import load_config
from briefgen.content.project import select
from briefgen.errors import Diagnostics
from briefgen.output.build import BuildOptions, build
from tests.conftest import pdftotext, write
from tests.content.test_editions import EDITIONS, edit, site_with_editions

NS = "{http://www.w3.org/1999/xhtml}"


def build_all(root: Path, out: Path, formats=("html",)):
    return build(BuildOptions(root, out, tuple(formats), load_config(root)), select(root, [], Diagnostics()))


def page(path: Path):
    return tinyhtml5.parse(path.read_text("utf-8"))


def elements(tree, tag: str, **attributes):
    return [e for e in tree.iter(NS + tag) if all(e.get(k.rstrip("_")) == v for k, v in attributes.items())]


def text(element) -> str:
    return " ".join("".join(element.itertext()).split())


def alternates(tree) -> dict[str, str]:
    return {e.get("hreflang"): e.get("href") for e in elements(tree, "link", rel="alternate") if e.get("hreflang")}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = site_with_editions(tmp_path_factory.mktemp("editions") / "p")
    out = root / "out"
    build_all(root, out, ("html", "pdf"))
    return root, out


def test_each_edition_links_to_the_others(built):
    _, out = built
    english, french = page(out / "weekly/2025-W43.html"), page(out / "weekly/2025-W43.fr.html")
    links = {"en": "../weekly/2025-W43.html", "fr": "../weekly/2025-W43.fr.html"}
    assert alternates(english) == alternates(french) == links
    assert french.get("lang") == "fr" and english.get("lang") == "en"
    (switch,) = elements(french, "nav", class_="editions")
    assert switch.get("aria-label") == "Langues"
    (other,) = elements(switch, "a")
    assert (other.get("href"), other.get("hreflang"), other.get("lang"), text(other)) == (
        "../weekly/2025-W43.html", "en", "en", "English")
    (current,) = [e for e in switch.iter(NS + "span") if e.get("aria-current") == "page"]
    assert text(current) == "Français"
    assert alternates(page(out / "themes/drone-exports.fr.html"))["en"] == "../themes/drone-exports.html"
    assert not elements(page(out / "weekly/2025-W42.html"), "nav", class_="editions")  # no edition: no switch
    assert not alternates(page(out / "weekly/2025-W42.html"))


def test_a_theme_without_an_edition_in_the_briefs_language_is_marked_in_its_own(built):
    _, out = built
    french = page(out / "weekly/2025-W43.fr.html")
    sections = {e.get("id"): e for e in elements(french, "section", class_="theme-section")}
    exports, coproduction = sections["theme-drone-exports.fr"], sections["theme-coproduction"]
    assert exports.get("lang") is None  # the French edition of the theme
    assert text(elements(exports, "h2")[0]) == "Exportations de drones encadrées"
    assert coproduction.get("lang") == "en"  # no French edition: the English theme, marked as English
    assert text(elements(coproduction, "h2")[0]) == "European drone co-production"
    headings = elements(coproduction, "h3")
    assert headings and all(h.get("lang") == "fr" for h in headings)  # the brief's own words, marked back
    (more,) = elements(coproduction, "p", class_="read-more")
    assert more.get("lang") == "fr" and more.find(f".//{NS}span").get("lang") == "en"
    assert more.find(f"{NS}a").get("href") == "../themes/coproduction.html"
    assert elements(exports, "p", class_="read-more")[0].find(f"{NS}a").get("href") == "../themes/drone-exports.fr.html"


def test_an_edition_prints_its_originals_handling_line_in_its_language(built):
    _, out = built
    french = page(out / "weekly/2025-W43.fr.html")
    handling = [e for e in french.iter() if "handling" in (e.get("class") or "")]
    assert handling and all(e.get("lang") == "en" and text(e) == "UNCLASSIFIED — FOR PUBLIC RELEASE"
                            for e in handling)
    assert not [e for e in page(out / "weekly/2025-W43.html").iter() if e.get("lang") == "en" and
                "handling" in (e.get("class") or "")]  # in the original, it is in the document's language


def test_the_pdfs_are_each_in_their_language(built):
    _, out = built
    french = " ".join(pdftotext(out / "weekly/2025-W43.fr.pdf").split())
    english = " ".join(pdftotext(out / "weekly/2025-W43.pdf").split())
    assert "Exportations de surplus autorisées – une première ligne d’intercepteurs" in french
    assert "Page 1 sur" in french and "UNCLASSIFIED — FOR PUBLIC RELEASE" in french
    assert "Cette semaine" in french and "European drone co-production" in french
    assert "Surplus exports allowed; a first interceptor line" in english and "Page 1 of" in english
    assert "Français" not in french and "English" not in french  # a PDF stands alone: no language switch


def test_a_new_edition_renders_its_siblings_html_again_not_their_pdfs(built, tmp_path):
    root, _ = built
    copy = tmp_path / "p"
    shutil.copytree(root, copy)
    build_all(copy, copy / "out", ("html", "pdf"))  # nothing changed: all fresh
    theme = (EDITIONS / "drone-exports.fr.yaml").read_text("utf-8")
    write(copy / "briefs/themes/coproduction.fr.yaml", theme.replace("Exportations de drones encadrées",
                                                                     "Coproduction européenne"))
    report = build_all(copy, copy / "out", ("html", "pdf"))
    assert sorted(report.built) == ["themes/coproduction.fr.html", "themes/coproduction.fr.pdf",
                                    "themes/coproduction.html",  # now links to its edition
                                    "weekly/2025-W43.fr.html", "weekly/2025-W43.fr.pdf"]  # shows it
    assert "theme-coproduction.fr" in (copy / "out/weekly/2025-W43.fr.html").read_text("utf-8")
    assert alternates(page(copy / "out/themes/coproduction.html"))["fr"] == "../themes/coproduction.fr.html"
    edit(copy / "briefs/weekly/2025-W43.yaml", "UNCLASSIFIED — FOR PUBLIC RELEASE", "UNCLASSIFIED")
    report = build_all(copy, copy / "out", ("html",))
    assert sorted(report.built) == ["weekly/2025-W43.fr.html",  # the edition prints it too
                                    "weekly/2025-W43.html",
                                    "weekly/2025-W44.html"]  # its "Since No. 2" compares with it


def test_a_project_labels_file_changes_the_words_and_rebuilds(built, tmp_path):
    root, _ = built
    copy = tmp_path / "p"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("out"))
    build_all(copy, copy / "out")
    write(copy / "labels/fr.yaml", "this_week: Semaine en cours\neditions: Éditions\nsite:\n  home: Une\n"
                                   "charts:\n  timeline: Frise\n")
    report = build_all(copy, copy / "out")
    assert "weekly/2025-W43.fr.html" in report.built and "weekly/2025-W42.html" in report.built
    french = page(copy / "out/weekly/2025-W43.fr.html")
    assert "Semaine en cours" in [text(h) for h in elements(french, "h3")]
    assert elements(french, "nav", class_="editions")[0].get("aria-label") == "Éditions"
    assert "Semaine en cours" not in (copy / "out/weekly/2025-W43.html").read_text("utf-8")
    titles = [text(t) for svg in french.iter("{http://www.w3.org/2000/svg}svg")
              for t in svg.iter("{http://www.w3.org/2000/svg}title")]
    assert titles and titles[0].startswith("Frise : ")  # the graphics speak the project's words too
