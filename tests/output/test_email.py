"""The e-mail edition: a standard MIME message per weekly brief, read back with Python's
`email` package — its parts and headers, the PDF attached byte for byte, HTML made for mail
clients (styles inlined, nothing fetched, no script), a plain-text part readable on its own,
and the same bytes for the same input."""

import base64
import email
import re
from email import policy
from html.parser import HTMLParser

import pytest

from briefgen.content.config import load_config
from briefgen.content.project import Selection
from briefgen.output.build import BuildOptions, build
from briefgen.output.email_edition import GMAIL_CLIP_BYTES
from tests.conftest import write
from tests.render.test_since import cycle  # noqa: F401  (the fixture: briefs No. 1 and No. 2)

W43 = Selection((), ("2025-W43",))
CONFIG = '[email]\nfrom = "Test Desk <desk@example.org>"\n'
SITE = "https://briefs.example.org/weekly-brief/"
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")


def build_email(project, out="out", selection=W43):
    report = build(BuildOptions(project, project / out, ("email",), load_config(project)), selection)
    return report, project / out / "weekly"


def read(path):
    return email.message_from_bytes(path.read_bytes(), policy=policy.default)


class Elements(HTMLParser):
    """Every start tag of a document, with its attributes."""

    def __init__(self, html):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


@pytest.fixture
def edition(cycle):  # noqa: F811
    write(cycle / "briefgen.toml", f'base_url = "{SITE}"\n{CONFIG}')
    report, folder = build_email(cycle)
    assert report.built == ["weekly/2025-W43.pdf", "weekly/2025-W43.eml"]
    return cycle, folder


def test_the_message_is_standard_mime_with_the_pdf_attached(edition):
    _, folder = edition
    message = read(folder / "2025-W43.eml")
    assert message["Subject"] == "[DRAFT — NOT CLEARED FOR RELEASE] Weekly Brief No. 2: Second brief"
    assert message["From"] == "Test Desk <desk@example.org>"
    assert message["Date"] == "Fri, 24 Oct 2025 12:00:00 +0000"
    assert re.fullmatch(r"<[0-9a-f]{32}@example\.org>", message["Message-ID"])
    assert message["To"] is None and message["Cc"] is None and message["Bcc"] is None
    assert message["Content-Language"] == "en" and message["X-Briefgen-Clearance"] == "draft"
    assert [part.get_content_type() for part in message.walk()] == [
        "multipart/mixed", "multipart/alternative", "text/plain", "text/html", "application/pdf"]
    (attachment,) = message.iter_attachments()
    assert attachment.get_filename() == "2025-W43.pdf"
    assert attachment.get_content() == (folder / "2025-W43.pdf").read_bytes()
    assert (folder / "2025-W43.eml").read_bytes().count(b"\r\n") > 100  # CRLF line ends, as on the wire


def test_the_html_part_is_made_for_mail_clients(edition):
    _, folder = edition
    html = read(folder / "2025-W43.eml").get_body(("html",)).get_content()
    assert len(html.encode("utf-8")) < GMAIL_CLIP_BYTES
    tags = Elements(html).tags
    names = {tag for tag, _ in tags}
    assert not names & {"script", "style", "link", "iframe", "object", "embed", "form", "svg", "details"}
    assert not re.search(r"url\(|@import|javascript:", html, re.I)
    for tag, attributes in tags:
        for name in ("src", "srcset", "background", "poster"):
            assert name not in attributes or attributes[name].startswith("cid:"), (tag, attributes)
        if "href" in attributes:  # links only: into the message, to the site, or to a source
            assert attributes["href"].startswith(("#", SITE, "https://example.org/beta")), attributes
        if tag in ("h1", "h2", "p", "li") or attributes.get("class") in ("column", "content", "figures"):
            assert attributes.get("style"), f"<{tag}> has no inlined style"
    assert ('<table class="column" role="presentation" border="0" width="600"' in html)  # one column
    assert f'href="{SITE}weekly/2025-W43.html"' in html
    assert f'href="{SITE}sources.html#src-alpha"' in html
    assert "Since No. 1" in html and "3.5 million" in html


def test_the_text_part_reads_on_its_own(edition):
    _, folder = edition
    text = read(folder / "2025-W43.eml").get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert text.startswith("DRAFT — NOT CLEARED FOR RELEASE\n\nWeekly Brief · No. 2 · 24 October 2025 · Week 2025-W43\n")
    assert "Second brief\n============\n" in text
    assert "SINCE NO. 1\n\nAlso new since No. 1 (17 October 2025):\n\n- 18 October 2025: A Saturday after brief No. 1 [1].\n" in text
    assert "- Drones a year: 3.5 million → 3.8 million (21 October 2025) [2]" in text
    notes = text.split("Notes\n-----\n\n", 1)[1]
    assert re.match(r"1\. Martin, Claire\. .*\n\n2\. ", notes, re.S)
    assert f"<{SITE}sources.html#src-alpha>" in notes
    assert not re.search(r"\*\*|\[@|<[a-z/][^>]*>|&[a-z]+;", text.replace(f"<{SITE}", "").replace("<https://", ""))
    assert all(len(line) <= 78 or "://" in line for line in text.splitlines())


def test_the_message_is_the_same_bytes_for_the_same_input(edition):
    project, folder = edition
    _, again = build_email(project, "elsewhere")
    assert (again / "2025-W43.eml").read_bytes() == (folder / "2025-W43.eml").read_bytes()
    assert build_email(project)[0].skipped == ["weekly/2025-W43.pdf", "weekly/2025-W43.eml"]


def test_a_cleared_brief_has_no_draft_mark(edition, cli):
    project, folder = edition
    assert cli("clear", "2025-W43", "--by", "Desk", "--on", "2025-10-24").exit_code == 0
    report, _ = build_email(project)
    assert report.built == ["weekly/2025-W43.pdf", "weekly/2025-W43.eml"]
    message = read(folder / "2025-W43.eml")
    assert message["Subject"] == "Weekly Brief No. 2: Second brief"
    assert message["X-Briefgen-Clearance"] == "cleared"
    assert "DRAFT" not in message.get_body(("plain",)).get_content()


def test_without_a_base_url_nothing_links_outside_but_the_sources(cycle):  # noqa: F811
    _, folder = build_email(cycle)
    message = read(folder / "2025-W43.eml")
    hrefs = [a["href"] for tag, a in Elements(message.get_body(("html",)).get_content()).tags if "href" in a]
    assert hrefs and all(href.startswith(("#", "https://example.org/beta")) for href in hrefs)
    assert message["From"] is None and message["Message-ID"].endswith("@briefgen.invalid>")


def test_the_briefs_own_images_travel_as_inline_parts(cycle):  # noqa: F811
    write(cycle / "assets/dot.png", "")
    (cycle / "assets/dot.png").write_bytes(PNG)
    brief = cycle / "briefs/weekly/2025-W43.yaml"
    brief.write_text(brief.read_text().replace("bluf: A bottom line [@alpha].",
                                               'bluf: "A bottom line [@alpha]. ![A dot](assets/dot.png)"'))
    _, folder = build_email(cycle)
    message = read(folder / "2025-W43.eml")
    html_part = message.get_body(("html",))
    assert message.get_payload()[0].get_content_type() == "multipart/alternative"
    related = message.get_payload()[0].get_payload()[1]
    assert related.get_content_type() == "multipart/related"
    (image,) = [p for p in related.iter_parts() if p.get_content_type() == "image/png"]
    assert image.get_content() == PNG
    cid = image["Content-ID"].strip("<>")
    assert f'src="cid:{cid}"' in html_part.get_content() and "data:" not in html_part.get_content()
    assert "[A dot]" in message.get_body(("plain",)).get_content()


def test_themes_have_no_email_edition(cycle, cli):  # noqa: F811
    result = cli("build", "--format", "email", "-q")
    assert result.exit_code == 0, result.stderr
    out = cycle / "out"
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and ".briefgen" not in p.parts) \
        == ["weekly/2025-W42.eml", "weekly/2025-W42.pdf", "weekly/2025-W43.eml", "weekly/2025-W43.pdf"]
