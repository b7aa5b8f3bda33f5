"""Stage 6b — write PDF: lay out print HTML with WeasyPrint, reading only allowed files.

WeasyPrint is imported here only, and this module only when a PDF is asked for: the
import alone costs about a second.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from briefgen.errors import BuildError

UA = "pdf/ua-1"
ARCHIVAL = "pdf/a-3b"


@dataclass(frozen=True)
class PdfOptions:
    stylesheets: list[Path]
    extra_css: str = ""
    base_dir: Path = Path(".")
    allowed: list[Path] = field(default_factory=list)  # folders WeasyPrint may read from
    archival: bool = False                              # PDF/A-3b instead of PDF/UA-1
    attachments: list[tuple[str, bytes, str]] = field(default_factory=list)  # name, data, description
    date: dt.date | None = None                         # dates the attachments, never the clock


def _fetcher_class():
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

    class LocalFetcher(URLFetcher):
        """Reads ``file:`` URLs under the allowed folders and nothing else: no network, no redirects."""

        def __init__(self, allowed: list[Path]):
            super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False, fail_on_errors=True)
            self.allowed = [folder.resolve() for folder in allowed]

        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            if parts.scheme == "data":
                return super().fetch(url, headers)
            if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
                raise FatalURLFetchingError(f"refused to fetch {url}: only project files may be read")
            path = Path(unquote(parts.path)).resolve()
            if not any(path.is_relative_to(folder) for folder in self.allowed) or not path.is_file():
                raise FatalURLFetchingError(f"refused to read {path}: not a file under the project")
            return URLFetcherResponse(url, body=path.read_bytes())

    return LocalFetcher


def render_pdf(html: str, options: PdfOptions) -> bytes:
    """Lay out ``html`` into PDF bytes: tagged, with its provenance attached, reproducible."""
    import weasyprint
    from weasyprint.urls import FatalURLFetchingError

    fetcher = _fetcher_class()(options.allowed)
    stamp = dt.datetime.combine(options.date or dt.date(2000, 1, 1), dt.time())
    try:
        css = [weasyprint.CSS(string=path.read_text("utf-8"), base_url=path.resolve().as_uri(),
                              url_fetcher=fetcher) for path in options.stylesheets]
        if options.extra_css:
            css.append(weasyprint.CSS(string=options.extra_css, url_fetcher=fetcher))
        attachments = [weasyprint.Attachment(file_obj=io.BytesIO(data), name=name, description=description,
                                             created=stamp, modified=stamp, relationship="Source",
                                             url_fetcher=fetcher)
                       for name, data, description in options.attachments]
        document = weasyprint.HTML(string=html, base_url=options.base_dir.resolve().as_uri() + "/",
                                   url_fetcher=fetcher)
        return document.write_pdf(stylesheets=css, attachments=attachments, pdf_identifier=True,
                                  pdf_variant=ARCHIVAL if options.archival else UA, pdf_tags=True)
    except FatalURLFetchingError as exc:
        cause = exc.__cause__ or exc
        raise BuildError(str(cause)) from None
