"""The citation styles: Chicago notes-bibliography, Chicago author-date and APA.

Each test builds a small project from tests/fixtures/styles/<fixture>/ (a sources.yaml
with one source per type and a theme citing each of them), selects the style in
briefgen.toml, renders the HTML and compares the Sources entries and the citation markers,
tags stripped and whitespace normalised, with exact strings. Italics (<cite>) are written
_like this_ so that the strings check them too.

Where an expected string is a style's own published example, the comment says which; where
the data model cannot express the example exactly, the comment says what differs; the rest
are built from the style's rules with the fixture's data.

    CMOS QG: The Chicago Manual of Style, 17th ed., Citation Quick Guide
             (chicagomanualofstyle.org/tools_citationguide), notes-bibliography and
             author-date examples.
    APA:     Publication Manual of the American Psychological Association, 7th ed.,
             reference examples as published on apastyle.apa.org.
"""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from briefgen.content.config import load_config
from briefgen.content.project import Selection
from briefgen.output.build import BuildOptions, build
from tests.conftest import FIXTURES, REPO, write

STYLES = REPO / "templates" / "citation"


class Page(HTMLParser):
    """The Sources entries, the citation markers and the ids of a rendered page."""

    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.entries: list[list[str]] = []   # [id, text]
        self.markers: list[list] = []        # [text, [(link text, href), ...]]
        self._entry = None
        self._marker = None
        self._depth = 0
        self._link = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "li" and attrs.get("role") == "doc-biblioentry":
            self._entry = [attrs["id"], ""]
            self.entries.append(self._entry)
        if tag == "span" and "backrefs" in (attrs.get("class") or "").split():
            self._entry = None  # the links back to the text are not part of the entry
        if tag == "span" and "citation" in (attrs.get("class") or "").split():
            self._marker = ["", []]
            self.markers.append(self._marker)
            self._depth = 1
        elif tag == "span" and self._marker is not None:
            self._depth += 1
        if tag == "a" and self._marker is not None and "cite-ref" in (attrs.get("class") or ""):
            self._link = ["", attrs["href"]]
            self._marker[1].append(self._link)
        if tag == "cite":
            self._text("_")

    def handle_endtag(self, tag):
        if tag == "cite":
            self._text("_")
        if tag == "li":
            self._entry = None
        if tag == "a" and self._link is not None:
            self._link = None
        if tag == "span" and self._marker is not None:
            self._depth -= 1
            if self._depth == 0:
                self._marker = None

    def handle_data(self, data):
        self._text(data)

    def _text(self, data):
        if self._entry is not None:
            self._entry[1] += data
        if self._marker is not None:
            self._marker[0] += data
        if self._link is not None:
            self._link[0] += data


def clean(text: str) -> str:
    return " ".join(text.split())


def render(tmp_path: Path, style: str, fixture: str) -> tuple[Page, str]:
    """Build the fixture's theme with ``style``; the parsed page and its HTML."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "styles" / fixture, root / "briefs")
    (root / "briefs/themes").mkdir()
    (root / "briefs/theme.yaml").rename(root / "briefs/themes/styles.yaml")
    write(root / "briefgen.toml", f'citation_style = "{style}"\n')
    build(BuildOptions(root, root / "out", ("html",), config=load_config(root)), Selection(("styles",), ()))
    html = (root / "out/themes/styles.html").read_text("utf-8")
    page = Page()
    page.feed(html)
    return page, html


def entries(page: Page) -> list[str]:
    return [clean(text) for _, text in page.entries]


def markers(page: Page) -> list[str]:
    return [clean(text) for text, _ in page.markers]


# --- Chicago notes-bibliography ------------------------------------------------------

CHICAGO_NOTES = [
    # CMOS QG, news or magazine article, bibliography (verbatim).
    "Manjoo, Farhad. “Snap Makes a Bet on the Cultural Supremacy of the Camera.” _New York Times_, March 8, 2017. "
    "https://www.nytimes.com/2017/03/08/technology/snap-makes-a-bet-on-the-cultural-supremacy-of-the-camera.html.",
    # CMOS QG, news or magazine article, bibliography (verbatim).
    "Mead, Rebecca. “The Prophet of Dystopia.” _New Yorker_, April 17, 2017.",
    # CMOS 16th ed. 14.207, quoted in the CMOS Q&A: an unsigned newspaper article, the
    # newspaper in the author's place (verbatim).
    "_New York Times_. “In Texas, Ad Heats Up Race for Governor.” July 30, 2002.",
    # A report: author, italic title, number, publisher, year, URL (no field holds the place).
    "National Cancer Institute. _Taking Time: Support for People with Cancer_. NIH Publication no. 18-2059, "
    "U.S. Department of Health and Human Services, National Institutes of Health, 2019. "
    "https://www.cancer.gov/publications/patient-education/takingtime.pdf.",
    # CMOS QG, book with two authors; the published entry has "New York: Simon & Schuster"
    # (no field holds the place of publication).
    "Grazer, Brian, and Charles Fishman. _A Curious Mind: The Secret to a Bigger Life_. Simon & Schuster, 2015.",
    # CMOS QG, website content (verbatim): no date, so the access date.
    "Yale University. “About Yale: Yale Facts.” Accessed May 1, 2017. https://www.yale.edu/about-yale/yale-facts.",
    # CMOS QG, social media content (verbatim); the period goes inside the quotation mark.
    "Chicago Manual of Style. “Is the world ready for singular they? We thought so back in 1993.” Facebook, "
    "April 17, 2015. https://www.facebook.com/ChicagoManual/posts/10152906193679151.",
    # CMOS QG, website content: the published entry reads "Privacy & Terms. Last modified
    # April 17, 2017." — `issued` cannot say that a date is a revision date.
    "Google. “Privacy Policy.” Privacy & Terms, April 17, 2017. https://www.google.com/policies/privacy/.",
    # A press release: quoted title, genre, date; the publisher is the author, not repeated.
    "U.S. Food and Drug Administration. “FDA Approves First Contact Lens Indicated to Slow the Progression of "
    "Nearsightedness in Children.” Press release, November 15, 2019. "
    "https://www.fda.gov/news-events/press-announcements/"
    "fda-approves-first-contact-lens-indicated-slow-progression-nearsightedness-children.",
    # An official statement in French: original title, translation in brackets; month only.
    "Présidence de la République. “Déclaration du Président de la République sur l’Ukraine” [Statement by the "
    "President of the Republic on Ukraine]. Statement, October 2025. https://example.org/elysee/declaration-ukraine.",
    # An interview: "Interview by …" needs the interviewer, which no field holds.
    "de Beauvoir, Simone. “Simone de Beauvoir Discusses the Art of Writing.” Interview, _Studs Terkel Radio "
    "Archive_, The Chicago History Museum, May 4, 1960. "
    "https://studsterkel.wfmt.com/programs/simone-de-beauvoir-discusses-art-writing.",
    # A broadcast: episode in quotation marks, programme in italics, number, network, date, medium.
    "Glass, Ira. “Amusement Park.” _This American Life_, no. 443, WBEZ Chicago, August 12, 2011. Podcast audio. "
    "https://www.thisamericanlife.org/443/amusement-park.",
    # No author, no date: a descriptive title stands as it is; the provenance note.
    "[Export centres & “hubs” <announced>]. n.d. Archived as seeds/002.txt. https://example.org/a?b=1&c=2.",
]


def test_chicago_notes_entries_every_type(tmp_path):
    page, _ = render(tmp_path, "chicago-notes", "chicago")
    assert entries(page) == CHICAGO_NOTES
    assert [entry_id for entry_id, _ in page.entries] == [f"ref-{n}" for n in range(1, 14)]


def test_chicago_notes_markers_are_numbers(tmp_path):
    page, html = render(tmp_path, "chicago-notes", "chicago")
    assert markers(page) == ["[1]", "[2, p. 43]", "[see 3]", "[1; 4]", "[5, p. 12]", "[5, p. 12]", "[6]", "[7]",
                             "[8 and elsewhere]", "[9]", "[10, para. 2]", "[11]", "[12]", "[13]"]
    assert '<span class="citation">[<a class="cite-ref" id="cite-2-1" href="#ref-2" role="doc-biblioref">2</a>, p. 43]</span>' in html
    assert '<span class="citation">[see <a class="cite-ref" id="cite-3-1" href="#ref-3" role="doc-biblioref">3</a>]</span>' in html
    assert 'href="#ref-1" role="doc-biblioref">1</a>; <a class="cite-ref" id="cite-4-1" href="#ref-4"' in html


# --- Chicago author-date -------------------------------------------------------------

CHICAGO_AUTHOR_DATE = [
    "Chicago Manual of Style. 2015. “Is the world ready for singular they? We thought so back in 1993.” Facebook, "
    "April 17, 2015. https://www.facebook.com/ChicagoManual/posts/10152906193679151.",  # CMOS QG (verbatim)
    "de Beauvoir, Simone. 1960. “Simone de Beauvoir Discusses the Art of Writing.” Interview, _Studs Terkel Radio "
    "Archive_, The Chicago History Museum, May 4, 1960. "
    "https://studsterkel.wfmt.com/programs/simone-de-beauvoir-discusses-art-writing.",
    "[Export centres & “hubs” <announced>]. n.d. Archived as seeds/002.txt. https://example.org/a?b=1&c=2.",
    "Glass, Ira. 2011. “Amusement Park.” _This American Life_, no. 443, WBEZ Chicago, August 12, 2011. "
    "Podcast audio. https://www.thisamericanlife.org/443/amusement-park.",
    # CMOS QG has "Google. 2017. “Privacy Policy.” Privacy & Terms. Last modified April 17, 2017. …".
    "Google. 2017. “Privacy Policy.” Privacy & Terms, April 17, 2017. https://www.google.com/policies/privacy/.",
    # CMOS QG, book; the published entry has "New York: Simon & Schuster." (no place field).
    # A year-only date is not repeated.
    "Grazer, Brian, and Charles Fishman. 2015. _A Curious Mind: The Secret to a Bigger Life_. Simon & Schuster.",
    # CMOS QG, news or magazine article, reference list (verbatim).
    "Manjoo, Farhad. 2017. “Snap Makes a Bet on the Cultural Supremacy of the Camera.” _New York Times_, "
    "March 8, 2017. "
    "https://www.nytimes.com/2017/03/08/technology/snap-makes-a-bet-on-the-cultural-supremacy-of-the-camera.html.",
    "Mead, Rebecca. 2017. “The Prophet of Dystopia.” _New Yorker_, April 17, 2017.",  # CMOS QG (verbatim)
    "National Cancer Institute. 2019. _Taking Time: Support for People with Cancer_. NIH Publication no. 18-2059, "
    "U.S. Department of Health and Human Services, National Institutes of Health. "
    "https://www.cancer.gov/publications/patient-education/takingtime.pdf.",
    # The CMOS Q&A (16th ed.) ends "July 30."; the 17th ed. repeats the full date, as in
    # the Quick Guide's periodical entries.
    "_New York Times_. 2002. “In Texas, Ad Heats Up Race for Governor.” July 30, 2002.",
    "Présidence de la République. 2025. “Déclaration du Président de la République sur l’Ukraine” [Statement by "
    "the President of the Republic on Ukraine]. Statement, October 2025. "
    "https://example.org/elysee/declaration-ukraine.",
    "U.S. Food and Drug Administration. 2019. “FDA Approves First Contact Lens Indicated to Slow the Progression "
    "of Nearsightedness in Children.” Press release, November 15, 2019. "
    "https://www.fda.gov/news-events/press-announcements/"
    "fda-approves-first-contact-lens-indicated-slow-progression-nearsightedness-children.",
    # CMOS QG, website content, reference list (verbatim): "n.d." after the author.
    "Yale University. n.d. “About Yale: Yale Facts.” Accessed May 1, 2017. https://www.yale.edu/about-yale/yale-facts.",
]


def test_chicago_author_date_reference_list_every_type_alphabetical(tmp_path):
    page, _ = render(tmp_path, "chicago-author-date", "chicago")
    assert entries(page) == CHICAGO_AUTHOR_DATE


def test_chicago_author_date_markers(tmp_path):
    page, html = render(tmp_path, "chicago-author-date", "chicago")
    assert markers(page) == [
        "(Manjoo 2017)",                                  # CMOS QG (verbatim)
        "(Mead 2017, 43)",                                # CMOS QG: [@mead, p. 43], "p." dropped (verbatim)
        "(see _New York Times_ 2002)",                    # prefix; the newspaper as author
        "(Manjoo 2017; National Cancer Institute 2019)",  # several keys, in the order written
        "(2015, 12)",                                     # [-@grazer, p. 12]: author suppressed
        "(Grazer and Fishman 2015, 12)",                  # CMOS QG (verbatim)
        "(Yale University, n.d.)",                        # CMOS QG (verbatim)
        "(Chicago Manual of Style 2015)",                 # CMOS QG (verbatim)
        "(Google 2017 and elsewhere)",                    # suffix
        "(U.S. Food and Drug Administration 2019)",
        "(Présidence de la République 2025, para. 2)",    # other locators stay
        "(de Beauvoir 1960)",
        "(Glass 2011)",
        "([Export centres & “hubs” <announced>], n.d.)",  # no author: the title
    ]
    # The author and year link to the entry; the locator stays outside the link.
    assert ('(<a class="cite-ref" id="cite-2-1" href="#ref-2" role="doc-biblioref">Mead <time datetime="2017-04-17">2017</time>'
            '</a>, 43)') in html


# --- APA -----------------------------------------------------------------------------

APA = [
    # APA, webpage on a news website (verbatim): italic title, site name.
    "Avramova, N. (2019, January 3). _The secret to a long, happy, healthy life? Think age-positive_. CNN. "
    "https://www.cnn.com/2019/01/03/health/respect-toard-elderly-leads-to-long-life-intl/index.html",
    # APA, report by individual authors at an organisation (verbatim): three authors, "&".
    "Baral, P., Larsen, M., & Archer, M. (2019). _Does money grow on trees? Restoration financing in Southeast "
    "Asia_. Atlantic Council. https://www.atlanticcouncil.org/in-depth-research-reports/report/"
    "does-money-grow-on-trees-restoring-financing-in-southeast-asia/",
    # APA, magazine article (verbatim).
    "Bustillos, M. (2013, March 19). On video games and storytelling: An interview with Tom Bissell. _The New "
    "Yorker_. https://www.newyorker.com/books/page-turner/on-video-games-and-storytelling-an-interview-with-tom-bissell",
    # APA, newspaper article (verbatim): a title ending in "?" takes no period.
    "Carey, B. (2019, March 22). Can we get better at forgetting? _The New York Times_. "
    "https://www.nytimes.com/2019/03/22/health/memory-forgetting-psychology.html",
    # APA, radio interview recording in a digital archive (verbatim).
    "de Beauvoir, S. (1960, May 4). _Simone de Beauvoir discusses the art of writing_ [Interview]. Studs Terkel "
    "Radio Archive; The Chicago History Museum. "
    "https://studsterkel.wfmt.com/programs/simone-de-beauvoir-discusses-art-writing",
    # APA, podcast episode: the published entry reads "Glass, I. (Host). (2011, …" — no
    # field holds a contributor's role.
    "Glass, I. (2011, August 12). Amusement park (No. 443) [Audio podcast episode]. In _This American Life_. "
    "WBEZ Chicago. https://www.thisamericanlife.org/443/amusement-park",
    # APA, YouTube video (verbatim).
    "Harvard University. (2019, August 28). _Soft robotic gripper for jellyfish_ [Video]. YouTube. "
    "https://www.youtube.com/watch?v=guRoWTYfxMs",
    # APA, report by a government agency (verbatim): number with its genre in parentheses.
    "National Cancer Institute. (2019). _Taking time: Support for people with cancer_ (NIH Publication No. "
    "18-2059). U.S. Department of Health and Human Services, National Institutes of Health. "
    "https://www.cancer.gov/publications/patient-education/takingtime.pdf",
    # APA, Facebook post: verbatim, except that APA leaves "[Image attached]" out of the
    # italics (it is part of the title here).
    "News From Science. (2019, June 21). _Are you a fan of astronomy? Enjoy reading about what scientists have "
    "discovered in our solar system—and beyond? This [Image attached]_ [Status update]. Facebook. "
    "https://www.facebook.com/ScienceNOW/photos/a.117532185107/10156268057260108/?type=3&theater",
    # APA, translated title of a non-English work (verbatim).
    "Piaget, J. (1966). _La psychologie de l’enfant_ [The psychology of the child]. Presses Universitaires de France.",
    # An official statement in French: translated title, then the description; month only.
    "Présidence de la République. (2025, October). _Déclaration du Président de la République sur l’Ukraine_ "
    "[Statement by the President of the Republic on Ukraine] [Statement]. "
    "https://example.org/elysee/declaration-ukraine",
    # APA, webpage designed to change (verbatim): n.d. and a retrieval date.
    "U.S. Census Bureau. (n.d.). _U.S. and world population clock_. U.S. Department of Commerce. Retrieved July 3, "
    "2019, from https://www.census.gov/popclock/",
    # APA, press release (verbatim): the publisher is the author, so it is left out.
    "U.S. Food and Drug Administration. (2019, November 15). _FDA approves first contact lens indicated to slow "
    "the progression of nearsightedness in children_ [Press release]. "
    "https://www.fda.gov/news-events/press-announcements/"
    "fda-approves-first-contact-lens-indicated-slow-progression-nearsightedness-children",
    # APA, webpage with no author and no date, as library guides give it.
    "_Understanding information overload_. (n.d.). "
    "http://www.infogineering.net/understanding-information-overload.htm",
    # APA, webpage whose group author is the site (verbatim): the site is left out; month only.
    "World Health Organization. (2018, March). _Questions and answers on immunization and vaccine safety_. "
    "https://www.who.int/features/qa/84/en",
]


def test_apa_reference_list_every_type_alphabetical(tmp_path):
    page, _ = render(tmp_path, "apa", "apa")
    assert entries(page) == APA


def test_apa_markers(tmp_path):
    page, html = render(tmp_path, "apa", "apa")
    assert markers(page) == [
        "(Carey, 2019)",
        "(Bustillos, 2013, p. 4)",
        "(see Avramova, 2019)",
        # Written [@who-vaccines; @census-clock]: APA orders several works alphabetically.
        "(U.S. Census Bureau, n.d.; World Health Organization, 2018)",
        "(2019, p. 12)",                        # [-@baral, p. 12]
        "(Baral et al., 2019, p. 12)",          # three authors: the first, et al.
        "(_Understanding information overload_, n.d.)",
        "(National Cancer Institute, 2019)",
        "(U.S. Food and Drug Administration, 2019)",
        "(Présidence de la République, 2025, para. 2)",
        "(de Beauvoir, 1960)",
        "(Harvard University, 2019)",
        "(Glass, 2011)",
        "(News From Science, 2019)",
        "(Piaget, 1966, p. 7)",
    ]
    assert ('(<a class="cite-ref" id="cite-2-1" href="#ref-2" role="doc-biblioref">Bustillos, <time datetime="2013-03-19">2013'
            '</time></a>, p. 4)') in html


def test_apa_two_authors_in_the_text_and_the_list(tmp_path):
    page, _ = render(tmp_path, "apa", "french")
    assert "(voir Durand & Petit, 2024, p. 14)" in markers(page)
    assert entries(page)[0] == "Durand, P., & Petit, A.-M. (2024, juin). _Production de drones en Europe_. Institut Gamma."


# --- A French brief ------------------------------------------------------------------

FRENCH = {
    "chicago-notes": (
        [
            "Martin, Claire. “L’Ukraine ouvre ses exportations d’armes” [Ukraine opens its arms exports]. _Le Monde_, "
            "1er octobre 2025. https://example.org/lemonde/exportations.",
            "Reuters. “Ukraine to open arms export offices in Europe.” _Reuters_, 8 février 2026.",
            "Ministère des Armées. “Le mécanisme d’exportation contrôlée.” Consulté le 1er novembre 2025. "
            "https://example.org/armees/mecanisme.",
            "Durand, Paul, et Anne-Marie Petit. _Production de drones en Europe_. Institut Gamma, juin 2024.",
            "Ministère des Armées. “Accord de coproduction de drones.” Communiqué de presse, 3 décembre 2025. "
            "https://example.org/armees/communique.",
            "[Page sur les centres d’exportation]. s. d. https://example.org/centres.",
        ],
        ["[1, p. 2]", "[2]", "[3]", "[voir 4, p. 14]", "[5]", "[6]"],
    ),
    "chicago-author-date": (
        [
            "Durand, Paul, et Anne-Marie Petit. 2024. _Production de drones en Europe_. Institut Gamma, juin 2024.",
            "Martin, Claire. 2025. “L’Ukraine ouvre ses exportations d’armes” [Ukraine opens its arms exports]. "
            "_Le Monde_, 1er octobre 2025. https://example.org/lemonde/exportations.",
            "Ministère des Armées. s. d. “Le mécanisme d’exportation contrôlée.” Consulté le 1er novembre 2025. "
            "https://example.org/armees/mecanisme.",
            "Ministère des Armées. 2025. “Accord de coproduction de drones.” Communiqué de presse, 3 décembre 2025. "
            "https://example.org/armees/communique.",
            "[Page sur les centres d’exportation]. s. d. https://example.org/centres.",
            "Reuters. 2026. “Ukraine to open arms export offices in Europe.” _Reuters_, 8 février 2026.",
        ],
        ["(Martin 2025, 2)", "(Reuters 2026)", "(Ministère des Armées, s. d.)", "(voir Durand et Petit 2024, 14)",
         "(Ministère des Armées 2025)", "(s. d.)"],
    ),
    "apa": (
        [
            "Durand, P., & Petit, A.-M. (2024, juin). _Production de drones en Europe_. Institut Gamma.",
            "Martin, C. (2025, 1er octobre). L’Ukraine ouvre ses exportations d’armes [Ukraine opens its arms "
            "exports]. _Le Monde_. https://example.org/lemonde/exportations",
            "Ministère des Armées. (s. d.). _Le mécanisme d’exportation contrôlée_. Consulté le 1er novembre 2025, "
            "à https://example.org/armees/mecanisme",
            "Ministère des Armées. (2025, 3 décembre). _Accord de coproduction de drones_ [Communiqué de presse]. "
            "https://example.org/armees/communique",
            "[Page sur les centres d’exportation]. (s. d.). https://example.org/centres",
            "Reuters. (2026, 8 février). Ukraine to open arms export offices in Europe. _Reuters_.",
        ],
        ["(Martin, 2025, p. 2)", "(Reuters, 2026)", "(Ministère des Armées, s. d.)", "(voir Durand & Petit, 2024, p. 14)",
         "(Ministère des Armées, 2025)", "(s. d.)"],
    ),
}


@pytest.mark.parametrize("style", sorted(FRENCH))
def test_french_brief_dates_and_words(tmp_path, style):
    page, html = render(tmp_path, style, "french")
    expected_entries, expected_markers = FRENCH[style]
    assert entries(page) == expected_entries
    assert markers(page) == expected_markers
    # An English title in a French brief is marked as English; French ones are not marked.
    assert '<span class="source-title" lang="en">Ukraine to open arms export offices in Europe</span>' in html
    assert 'lang="fr"' not in html.split("<body", 1)[1]


# --- Every style ---------------------------------------------------------------------

@pytest.mark.parametrize("style, fixture", [(s, f) for s in ("chicago-notes", "chicago-author-date", "apa")
                                            for f in ("chicago", "apa", "french")])
def test_every_marker_links_to_its_entry(tmp_path, style, fixture):
    page, _ = render(tmp_path, style, fixture)
    entry_text = {entry_id: clean(text) for entry_id, text in page.entries}
    links = [link for _, marker_links in page.markers for link in marker_links]
    assert len(links) >= 6
    for text, href in links:
        assert href.startswith("#ref-") and href[1:] in page.ids and href[1:] in entry_text, href
        lead = clean(text).split(",")[0].split(" ")[0].strip("_(“")
        if style != "chicago-notes" and not lead[:1].isdigit() and lead not in ("n.d.", "s."):
            # An author-date marker names the first word its entry begins with.
            assert entry_text[href[1:]].strip("_“").startswith(lead), (text, entry_text[href[1:]])


@pytest.mark.parametrize("style, fixture", [("chicago-author-date", "chicago"), ("apa", "apa")])
def test_author_date_styles_list_sources_alphabetically(tmp_path, style, fixture):
    page, _ = render(tmp_path, style, fixture)
    leads = [re.sub(r"^[\[_“]+", "", clean(text)).casefold() for _, text in page.entries]
    assert leads == sorted(leads)
    numbers = [int(entry_id.split("-")[1]) for entry_id, _ in page.entries]
    assert numbers != sorted(numbers)  # not the order of first citation


def test_apa_sorts_an_authorless_article_by_its_title(tmp_path):
    page, _ = render(tmp_path, "apa", "chicago")
    leads = [re.sub(r"^[\[_“]+", "", clean(text)).casefold() for _, text in page.entries]
    assert leads == sorted(leads)


@pytest.mark.parametrize("style", ["chicago-notes", "chicago-author-date", "apa"])
def test_content_is_escaped(tmp_path, style):
    _, html = render(tmp_path, style, "chicago")
    assert "[Export centres &amp; “hubs” &lt;announced&gt;]" in html
    assert 'href="https://example.org/a?b=1&amp;c=2"' in html
    assert "<announced>" not in html


@pytest.mark.parametrize("path", sorted(STYLES.glob("*.html")), ids=lambda p: p.name)
def test_styles_never_mark_content_safe(path):
    assert not re.search(r"\|\s*safe\b", path.read_text("utf-8"))


def test_numbered_and_unnumbered_lists(tmp_path):
    _, notes = render(tmp_path / "a", "chicago-notes", "chicago")
    assert '<ol class="source-list">' in notes and 'value="1"' in notes
    _, author_date = render(tmp_path / "b", "chicago-author-date", "chicago")
    assert '<ul class="source-list">' in author_date and "value=" not in author_date.split("source-list", 1)[1]


def test_label_catalogues_have_the_citation_words_in_both_languages():
    catalogues = {lang: yaml.safe_load((REPO / f"briefgen/labels/{lang}.yaml").read_text("utf-8"))
                  for lang in ("en", "fr")}
    words = ("citation_date", "citation_date_apa", "retrieved", "name_and", "et_al", "ibid", "number_abbr", "in_series",
             "genres", "accessed", "no_date", "months")
    for lang, labels in catalogues.items():
        assert all(labels.get(word) for word in words), lang
        assert "{url}" in labels["retrieved"] and "{date}" in labels["retrieved"]
    assert set(catalogues["en"]["genres"]) == set(catalogues["fr"]["genres"])
    assert catalogues["fr"]["genres"]["press release"] == "Communiqué de presse"
