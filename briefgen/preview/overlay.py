"""The preview's own HTML, rendered from the templates in ``pages/`` with autoescaping on.

Built pages are decorated on the way out (never in the build output) with a small toolbar
(all documents, the PDF of this one), the errors of the last build when it failed, and a
script that reloads the page on a Server-Sent Event. Pages work without JavaScript; they
just do not reload by themselves. The preview's fixed words come from the ``preview``
section of the label catalogue, in the project's language.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from jinja2 import Environment, PackageLoader, StrictUndefined

from briefgen.labels import BUILT_IN, Catalogues
from briefgen.preview.state import BuildState

_BODY_OPEN = re.compile(r"<body\b[^>]*>", re.IGNORECASE)
_BODY_CLOSE = re.compile(r"</body\s*>", re.IGNORECASE)
_SECTIONS = (("weekly", "weekly", True), ("themes", "themes", False))  # kind, heading's label, newest first


def preview_words(lang: str, catalogues: Catalogues = BUILT_IN) -> dict[str, str]:
    """The preview's fixed words in ``lang`` (the ``preview`` section of the project's label catalogues)."""
    return catalogues.get(lang)["preview"]


class Pages:
    """Renders the overlay, the index and the message pages; ``events_path`` is where the
    reload script listens."""

    def __init__(self, events_path: str):
        self.events_path = events_path
        self.env = Environment(loader=PackageLoader("briefgen.preview", "pages"), autoescape=True,
                               undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                               keep_trailing_newline=True)

    def render(self, name: str, state: BuildState, **context) -> str:
        """The template ``name`` with the preview's words in the language of ``state``."""
        words = preview_words(state.lang, state.labels)
        return self.env.get_template(name).render(words=words, lang=state.lang, **context)

    def decorate(self, page: str, state: BuildState, pdf_href: str | None = None) -> str:
        """``page`` with the toolbar and error banner at the top of its body and the reload script
        at its end; ``pdf_href`` links the PDF of the page's document."""
        top = self.render("overlay.html", state, errors=state.errors, stale=state.folder is not None,
                          pdf_href=pdf_href)
        opening = _BODY_OPEN.search(page)
        if opening:
            page = page[:opening.end()] + top + page[opening.end():]
        else:
            page = top + page
        script = self.render("reload.html", state, events_url=f"{self.events_path}?since={int(state.generation)}")
        closings = list(_BODY_CLOSE.finditer(page))
        if closings:
            at = closings[-1].start()
            return page[:at] + script + page[at:]
        return page + script

    def index(self, state: BuildState) -> str:
        """The page at ``/``: every theme and weekly brief of the served build, with links."""
        sections = []
        for kind, heading, newest_first in _SECTIONS:
            documents = sorted((d for d in state.documents if d.kind == kind), key=lambda d: d.id,
                               reverse=newest_first)
            if documents:
                sections.append((heading, documents))
        return self.render("index.html", state, sections=sections)

    def message(self, state: BuildState, title: str, lines: Iterable[str] = (), **fields: str) -> str:
        """A plain page for 400, 404, 500 and 503 answers: ``title`` names a preview word, filled
        with ``fields``; ``lines`` (errors) are shown as they are."""
        heading = preview_words(state.lang, state.labels)[title].format(**fields)
        return self.render("message.html", state, title=heading, lines=list(lines))
