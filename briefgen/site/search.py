"""Stage 8c — the search index: Pagefind reads the finished pages and writes ``pagefind/``.

Pagefind (from PyPI, ``pagefind[extended]``, which ships its binary) indexes the parts of
the pages marked ``data-pagefind-body``: the title and text of every weekly brief and theme,
less the masthead's details and the citation markers (``EXCLUDED``). The
index is static files fetched by the browser, so search needs no server. Pagefind keeps
one index per page language; when the site mixes languages it is told to make a single
index in the site's language, so the search page finds every document.

It runs in a child process with a time limit, in the site's folder, with no ``PAGEFIND_*``
settings from the environment, so nothing but the pages decides the index.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

from briefgen.errors import BuildError

BUNDLE = "pagefind"
# Inside the indexed parts, what is not worth finding or showing in an excerpt: the built-in
# templates' masthead details (series, issue, authors, status), handling lines, banners and citation markers.
EXCLUDED = (".series", ".authors", ".doc-meta", ".handling", ".brand", ".citation", ".banner", ".running-header",
            ".running-footer")
TIMEOUT_SECONDS = 600
_LANG = re.compile(rb"<html\b[^>]*\blang=\"([^\"]+)\"")


def available() -> bool:
    """Whether Pagefind is installed (the ``pagefind`` package with its binary)."""
    return importlib.util.find_spec("pagefind") is not None


def index(site: Path, lang: str) -> None:
    """Index the pages of ``site`` into ``site/pagefind/``; ``lang`` is the site's language."""
    if not available():
        raise BuildError("search: Pagefind is not installed; install it with "
                         "pip install 'pagefind[extended]' (it is a dependency of briefgen)")
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", BUNDLE, "--quiet",
               "--exclude-selectors", ", ".join(EXCLUDED)]
    languages = page_languages(site)
    if len(languages | {_base(lang)}) > 1:
        command += ["--force-language", _base(lang)]
    environment = {key: value for key, value in os.environ.items() if not key.startswith("PAGEFIND_")}
    try:
        result = subprocess.run(command, cwd=site, env=environment, capture_output=True, text=True,
                                timeout=TIMEOUT_SECONDS, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise BuildError(f"search: Pagefind took longer than {TIMEOUT_SECONDS} s to index the site") from None
    except OSError as exc:
        raise BuildError(f"search: cannot run Pagefind: {exc}") from None
    output = (result.stdout + result.stderr).strip()
    if result.returncode != 0 or not (site / BUNDLE / "pagefind.js").is_file():
        raise BuildError(f"search: Pagefind failed (exit {result.returncode}): {output[-2000:]}")


def page_languages(site: Path) -> set[str]:
    """The languages (``en``, ``fr``) of the pages Pagefind will index."""
    languages = set()
    for page in sorted(site.rglob("*.html")):
        head = page.read_bytes()
        if b"data-pagefind-body" not in head:
            continue
        match = _LANG.search(head)
        if match:
            languages.add(_base(match.group(1).decode("ascii", "replace")))
    return languages


def _base(lang: str) -> str:
    return lang.split("-")[0].lower()
