"""Stage 6b — write PDF: lay out print HTML with WeasyPrint, reading only allowed files.

WeasyPrint is imported here only, and this module only when a PDF is asked for: the
import alone costs about a second.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from briefgen.errors import BuildError


class ResourceRefused(Exception):
    """A document asked for a resource outside the allowed folders."""


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


def render_pdf(html: str, stylesheets: list[Path], extra_css: str, base_dir: Path, allowed: list[Path]) -> bytes:
    """Lay out ``html`` with ``stylesheets`` then ``extra_css`` into PDF bytes (tagged, reproducible)."""
    import weasyprint
    from weasyprint.urls import FatalURLFetchingError

    fetcher = _fetcher_class()(allowed)
    try:
        css = [weasyprint.CSS(string=path.read_text("utf-8"), base_url=path.resolve().as_uri(),
                              url_fetcher=fetcher) for path in stylesheets]
        css.append(weasyprint.CSS(string=extra_css, url_fetcher=fetcher))
        document = weasyprint.HTML(string=html, base_url=base_dir.resolve().as_uri() + "/", url_fetcher=fetcher)
        return document.write_pdf(stylesheets=css, pdf_variant="pdf/ua-1", pdf_identifier=True,
                                  uncompressed_pdf=False)
    except FatalURLFetchingError as exc:
        cause = exc.__cause__ or exc
        raise BuildError(str(cause)) from None
