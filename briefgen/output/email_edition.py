"""The e-mail edition of a weekly brief: one standard MIME message, ``out/weekly/<week>.eml``.

    multipart/mixed
      multipart/alternative
        text/plain            the brief as text, readable on its own (``briefgen.output.plaintext``)
        text/html             templates/email.html, its stylesheet inlined (or multipart/related
                              with the brief's own images as inline parts)
      application/pdf         the brief's PDF, as built

Subject from the series, number and title; Date from the brief (noon UTC, the same calendar
day everywhere from UTC−11 to UTC+11); From from ``[email] from`` when configured; no
recipients: ``briefgen send`` adds them. The message is the same, byte for byte, for the
same input: its boundaries and Message-ID are derived from its content, never from the clock
or chance. A brief not cleared for release is marked as the PDF is: "DRAFT — NOT CLEARED
FOR RELEASE" in brackets before the subject and at the top of both parts, and the header
``X-Briefgen-Clearance: draft``; ``briefgen send`` refuses it unless told it is a draft.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import re
from email.utils import format_datetime, parseaddr

from briefgen.content.clearance import is_cleared
from briefgen.content.model import Project, WeeklyBrief
from briefgen.errors import BuildError
from briefgen.output.plaintext import plain_text
from briefgen.output.site_paths import SOURCES, brief_path, source_anchor, theme_path
from briefgen.render.documents import Assets, Document, Medium, RenderContext, document_labels, render_html

TEMPLATE = "email.html"
GMAIL_CLIP_BYTES = 102 * 1000  # Gmail shows "[Message clipped]" past about 102 kB of HTML
CLEARANCE_HEADER = "X-Briefgen-Clearance"
BRIEF_HEADER = "X-Briefgen-Brief"
_DATA_IMAGE = re.compile(r"""(?P<q>["'])data:(?P<type>image/[a-z0-9.+-]+);base64,(?P<data>[A-Za-z0-9+/=\s]+)(?P=q)""")


def email_edition(context: RenderContext, project: Project, document: Document, pdf: bytes) -> bytes:
    """The e-mail edition of the weekly brief ``document``, with ``pdf`` attached, as bytes."""
    brief = project.weekly[document.id]
    labels = document_labels(context.config, document.lang)
    cleared = is_cleared(brief, project)
    subject = labels["email_subject"].format(series=labels["series"], title=brief.title,
                                             number=labels["brief_number"].format(number=brief.number))
    if not cleared:
        subject = f"[{labels['draft_mark']}] {subject}"
    extra = {"email": {"subject": subject, **_links(context.config.base_url, brief, project)}}
    html = render_html(context, project, document, Medium.EMAIL, Assets(), template=TEMPLATE, extra=extra).html
    html, images = _inline_images(inline_css(html))
    headers = {"Subject": subject, "From": context.config.email.sender, "Date": _date(brief.date),
               "Content-Language": document.lang, BRIEF_HEADER: brief.id,
               CLEARANCE_HEADER: "cleared" if cleared else "draft"}
    return compose(headers, plain_text(html), html, images, pdf, f"{brief.id}.pdf")


def inline_css(html: str) -> str:
    """``html`` with its ``<style>`` rules moved into each element's ``style`` attribute, the
    ``<style>`` element removed, nothing fetched."""
    import css_inline

    inliner = css_inline.CSSInliner(keep_style_tags=False, keep_link_tags=False, load_remote_stylesheets=False)
    try:
        return inliner.inline(html)
    except ValueError as exc:  # css_inline's error for a stylesheet it cannot read
        raise BuildError(f"{TEMPLATE}: cannot inline its stylesheet: {exc}") from None


def compose(headers: dict[str, str], text: str, html: str, images: list[tuple[str, str, bytes]], pdf: bytes,
            pdf_name: str) -> bytes:
    """The MIME message: the text and HTML as alternatives (``images`` as parts related to the
    HTML: cid, type, bytes), ``pdf`` attached. Boundaries and Message-ID come from the content."""
    from email.message import EmailMessage
    from email.policy import SMTP

    seed = hashlib.sha256()
    for piece in (*(f"{k}: {v}" for k, v in headers.items()), text, html, *(cid for cid, _, _ in images)):
        seed.update(piece.encode("utf-8") + b"\0")
    for *_, data in images:
        seed.update(hashlib.sha256(data).digest())
    seed.update(hashlib.sha256(pdf).digest())
    fingerprint = seed.hexdigest()
    message = EmailMessage(policy=SMTP)
    for name, value in headers.items():
        if value and not name.lower().startswith("content-"):  # set_content would drop them
            message[name] = value
    message["Message-ID"] = f"<{fingerprint[:32]}@{_domain(headers.get('From', ''))}>"
    message.set_content(text, subtype="plain", charset="utf-8", cte="quoted-printable")
    message.add_alternative(html, subtype="html", charset="utf-8", cte="quoted-printable")
    html_part = message.get_body(("html",))
    for cid, kind, data in images:
        maintype, subtype = kind.split("/", 1)
        html_part.add_related(data, maintype, subtype, cid=f"<{cid}>", disposition="inline")
    message.add_attachment(pdf, maintype="application", subtype="pdf", filename=pdf_name)
    for name, value in headers.items():
        if value and name.lower().startswith("content-"):
            message[name] = value
    for number, part in enumerate(p for p in message.walk() if p.is_multipart()):
        part.set_boundary(f"=_{fingerprint[:24]}.{number}")
    return message.as_bytes()


def _links(base_url: str, brief: WeeklyBrief, project: Project) -> dict:
    """The brief's page, its themes' and its sources' entries on the site; none without a base URL."""
    if not base_url:
        return {"online": "", "theme_links": {}, "source_links": {}}
    return {"online": base_url + brief_path(brief.id),
            "theme_links": {ref.id: base_url + theme_path(ref.id) for ref in brief.themes},
            "source_links": {key: f"{base_url}{SOURCES}#{source_anchor(key)}" for key in project.sources}}


def _inline_images(html: str) -> tuple[str, list[tuple[str, str, bytes]]]:
    """``data:`` images (the brief's own, embedded by the Markdown stage) as inline parts: mail
    clients show a ``cid:`` image where many refuse a ``data:`` one."""
    images: dict[str, tuple[str, str, bytes]] = {}

    def part(match: re.Match) -> str:
        data = base64.b64decode("".join(match.group("data").split()))
        cid = f"{hashlib.sha256(data).hexdigest()[:20]}@briefgen"
        images.setdefault(cid, (cid, match.group("type"), data))
        return f'{match.group("q")}cid:{cid}{match.group("q")}'

    return _DATA_IMAGE.sub(part, html), list(images.values())


def _date(day: dt.date) -> str:
    return format_datetime(dt.datetime.combine(day, dt.time(12, tzinfo=dt.UTC)))


def _domain(sender: str) -> str:
    domain = parseaddr(sender)[1].rpartition("@")[2].strip(".").lower()
    return domain if domain and re.fullmatch(r"[a-z0-9.-]+", domain) else "briefgen.invalid"
