"""Stage 6b — write PDF: lay out print HTML with WeasyPrint, reading only allowed files.

WeasyPrint is imported here only, and this module only when a PDF is asked for: the
import alone costs about a second.

Every PDF is laid out by a worker of the pool (``briefgen.output.pool``), never in the
process that writes files: a worker maps at most ``PDF_MEMORY_LIMIT`` bytes and is stopped
when one document takes longer than ``PDF_TIME_LIMIT`` seconds, so a runaway layout (a
10,000-page document, an image that decodes to gigabytes) becomes an error naming the
document while the other documents go on. Workers are forked from a fork server that
imports WeasyPrint once, started by ``warm_up`` as soon as a build knows it needs a PDF:
the import runs on the other core while the build loads content and renders the print
HTML. Each worker lays out one document after another.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from briefgen.errors import BuildError
from briefgen.files import Unreadable, read_regular
from briefgen.output.pool import Limits, Task, Workers, context, main_script_hidden

UA = "pdf/ua-1"
ARCHIVAL = "pdf/a-3b"
# The XMP that identifies an archival PDF as PDF/UA-1 too, with the extension schema PDF/A asks for.
PDFUA_IDENTIFICATION = Path(__file__).with_name("pdfua-identification.xmp")

PDF_MEMORY_LIMIT: int | None = 1536 * 1024 * 1024  # address space a PDF worker may map; None: no limit
PDF_TIME_LIMIT: float = 120.0                      # seconds one PDF may take before its worker is stopped
MAX_FETCH_BYTES = 50 * 1024 * 1024                 # the largest file WeasyPrint may read (image, font)
LINK_SCHEMES = ("http", "https", "mailto")         # the only external links a PDF keeps
DATA_TYPES = ("image/", "font/", "application/font", "application/x-font", "text/css")


@dataclass(frozen=True)
class PdfOptions:
    stylesheets: list[Path]
    extra_css: str = ""
    base_dir: Path = Path(".")
    allowed: list[Path] = field(default_factory=list)  # folders (or files) WeasyPrint may read
    archival: bool = False                              # PDF/A-3b instead of PDF/UA-1
    attachments: list[tuple[str, bytes, str]] = field(default_factory=list)  # name, data, description
    date: dt.date | None = None                         # dates the attachments, never the clock


def _fetcher_class():
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

    class LocalFetcher(URLFetcher):
        """Reads ``file:`` URLs of regular files under the allowed folders and nothing else: no
        network, no redirects, no devices; ``data:`` URLs only for images, fonts and CSS."""

        def __init__(self, allowed: list[Path]):
            super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False, fail_on_errors=True)
            self.allowed = [entry.resolve() for entry in allowed]
            self.refused: list[str] = []  # WeasyPrint swallows errors inside SVG images: kept here

        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            scheme = parts.scheme.lower()
            if scheme == "data":
                media = url[5:].split(",", 1)[0].split(";", 1)[0].strip().lower()
                if not media.startswith(DATA_TYPES):
                    self._refuse(f"refused to fetch {_short(url)}: a data: URL may hold only "
                                 "an image, a font or a stylesheet")
                return super().fetch(url, headers)
            if scheme != "file" or parts.netloc not in ("", "localhost"):
                self._refuse(f"refused to fetch {_short(url)}: only project files may be read")
            try:
                path = Path(unquote(parts.path)).resolve()
            except (OSError, RuntimeError, ValueError):
                self._refuse(f"refused to read {_short(url)}: not a file")
            if not self._allowed(path):
                self._refuse(f"refused to read {path}: not a file under the project's assets folder")
            data = _read_file(path)
            if data is None:
                self._refuse(f"refused to read {path}: not a regular file of at most "
                             f"{MAX_FETCH_BYTES // (1024 * 1024)} MB")
            return URLFetcherResponse(url, body=data)

        def _refuse(self, message: str):
            self.refused.append(message)
            raise FatalURLFetchingError(message)

        def _allowed(self, path: Path) -> bool:
            return any(path == entry or (entry.is_dir() and path.is_relative_to(entry)) for entry in self.allowed)

    return LocalFetcher


def _short(url: str, limit: int = 80) -> str:
    return url if len(url) <= limit else url[: limit - 1] + "…"


def _read_file(path: Path) -> bytes | None:
    """The bytes of regular file ``path``, at most ``MAX_FETCH_BYTES``; None for anything else."""
    try:
        return read_regular(path, MAX_FETCH_BYTES)
    except Unreadable:
        return None


def render_pdf(html: str, options: PdfOptions) -> bytes:
    """Lay out ``html`` into PDF bytes: tagged, with its provenance attached, reproducible.

    Runs in the calling process: a build calls it in a limited worker (``layout_task``). Any
    failure of the layout is a ``BuildError``; only ``MemoryError`` passes through.
    """
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import FatalURLFetchingError

    fetcher = _fetcher_class()(options.allowed)
    fonts = FontConfiguration()  # given to every stylesheet and to the layout, or @font-face does nothing
    stamp = dt.datetime.combine(options.date or dt.date(2000, 1, 1), dt.time())
    try:
        css = [weasyprint.CSS(string=path.read_text("utf-8"), base_url=path.resolve().as_uri(),
                              url_fetcher=fetcher, font_config=fonts) for path in options.stylesheets]
        if options.extra_css:
            css.append(weasyprint.CSS(string=options.extra_css, url_fetcher=fetcher, font_config=fonts))
        attachments = [weasyprint.Attachment(file_obj=io.BytesIO(data), name=name, description=description,
                                             created=stamp, modified=stamp, relationship="Source",
                                             url_fetcher=fetcher)
                       for name, data, description in options.attachments]
        settings = {"stylesheets": css, "attachments": attachments, "pdf_identifier": True, "custom_metadata": True,
                    "font_config": fonts,
                    "pdf_variant": ARCHIVAL if options.archival else UA, "pdf_tags": True}
        document = weasyprint.HTML(string=html, base_url=options.base_dir.resolve().as_uri() + "/",
                                   url_fetcher=fetcher).render(**settings)
        _drop_unsafe_links(document)
        if options.archival:
            _identify_as_pdf_ua(document)
        data = document.write_pdf(**settings)
        if fetcher.refused:  # refused inside an SVG image, whose errors WeasyPrint only logs
            raise BuildError(fetcher.refused[0])
        return data
    except FatalURLFetchingError as exc:
        cause = exc.__cause__ or exc
        raise BuildError(str(cause)) from None
    except (BuildError, MemoryError):
        raise
    except Exception as exc:  # WeasyPrint failing on what it was given (a 1e9px font divides by zero)
        raise BuildError(f"PDF rendering failed: {type(exc).__name__}: {exc}") from None


def _identify_as_pdf_ua(document) -> None:
    """An archival copy stays accessible: its XMP says PDF/UA-1 as well as PDF/A-3b. WeasyPrint
    writes one variant's identification and puts any extra XMP after its RDF, where readers
    do not look; so the descriptions go inside its RDF (checked by veraPDF in the tests)."""
    extra = PDFUA_IDENTIFICATION.read_bytes()
    metadata = document.metadata
    generate = metadata.generate_rdf_metadata

    def with_pdf_ua(variant, version, conformance):
        return generate(variant, version, conformance).replace(b"</rdf:RDF>", extra + b"</rdf:RDF>", 1)

    metadata.generate_rdf_metadata = with_pdf_ua


def _drop_unsafe_links(document) -> None:
    """Keep only external links to http(s) and mailto: no ``javascript:``, ``data:`` or ``file:``
    action reaches the PDF, whatever a template wrote."""
    for page in document.pages:
        page.links = [link for link in page.links
                      if link[0] != "external" or urlsplit(link[1]).scheme.lower() in LINK_SCHEMES]


# -- the workers that lay out ------------------------------------------------------------------

PRELOAD = ("briefgen.output.pdf_preload",)  # what the fork server imports before it forks a worker


def layout_workers(count: int) -> Workers:
    """Pool workers that lay out PDFs, each under ``PDF_MEMORY_LIMIT`` and ``PDF_TIME_LIMIT``
    (read now), forked from the fork server ``warm_up`` started."""
    return Workers(count, Limits(PDF_MEMORY_LIMIT, PDF_TIME_LIMIT, "PDF rendering"), "forkserver", PRELOAD)


def layout_task(key, html: str, options: PdfOptions) -> Task:
    """The pool task that lays out ``html``: its result is the PDF's bytes."""
    return key, render_pdf, (html, _absolute(options))


def _absolute(options: PdfOptions) -> PdfOptions:
    """``options`` with absolute paths: a worker's working folder need not be ours."""
    return dataclasses.replace(options, stylesheets=[Path(p).absolute() for p in options.stylesheets],
                               base_dir=Path(options.base_dir).absolute(),
                               allowed=[Path(p).absolute() for p in options.allowed])


def warm_up() -> None:
    """Start the process PDF workers are forked from, so that it imports WeasyPrint while
    the caller loads content and renders HTML; returns at once. Optional: the first worker
    starts it otherwise."""
    chosen = context("forkserver", PRELOAD)
    if chosen.get_start_method() == "forkserver":
        from multiprocessing import forkserver

        try:
            with main_script_hidden():
                forkserver.ensure_running()
        except OSError:  # cannot start a process now: the first document's worker reports it
            pass
