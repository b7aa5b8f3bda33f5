"""``briefgen serve``: the live preview.

- :mod:`.session` — the build loop: every input change rebuilds the HTML, PDFs on demand;
- :mod:`.watch` — the file watcher that tells the session an input changed;
- :mod:`.server` — the HTTP server: pages, PDFs, status and the live-reload event stream;
- :mod:`.safety` — loopback addresses only, and no path out of the build folder;
- :mod:`.overlay` — the toolbar, error banner and own pages, from the templates in ``pages/``;
- :mod:`.state` — what a build leaves to serve.
"""

from briefgen.preview.safety import check_host
from briefgen.preview.server import DEFAULT_HOST, DEFAULT_PORT, PreviewServer
from briefgen.preview.state import BuildState

__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "BuildState", "PreviewServer", "check_host"]
