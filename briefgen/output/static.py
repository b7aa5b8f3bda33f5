"""The files an HTML page needs beside it: the cascade as one stylesheet, and the files of
the project's ``assets/`` folder its stylesheets use (fonts, background images).

A stylesheet names a file relative to itself (``url("assets/fonts/house.woff2")`` in the
project's ``style.css``); the one stylesheet written beside the pages says ``assets/…``
and the file is copied there, so the pages show the editor's fonts as the PDF does. Only
regular files inside the project's ``assets/`` folder are copied; any other ``url()`` is
left as written (WeasyPrint, which reads the original sheets, refuses what is not allowed).
"""

from __future__ import annotations

import re
from pathlib import Path

from briefgen.files import Unreadable, read_regular
from briefgen.output.inputs import read_input

ASSETS_DIR = "assets"
MAX_ASSET_BYTES = 20 * 1024 * 1024
_URL = re.compile(r"""url\(\s*(['"]?)([^'")\s]+)\1\s*\)""")


def page_stylesheet(sheets: list[Path], root: Path) -> tuple[bytes, dict[str, bytes]]:
    """The cascade as one stylesheet for pages at the output's top, and the assets it uses
    (``assets/…`` path → bytes)."""
    assets = (root / ASSETS_DIR).resolve()
    used: dict[str, bytes] = {}
    parts = []
    for sheet in sheets:
        text = read_input(sheet).decode("utf-8")  # a regular file inside the project: checked
        folder = sheet.resolve().parent

        def relink(match: re.Match, folder: Path = folder) -> str:
            target = match.group(2)
            if re.match(r"^[a-zA-Z][\w+.-]*:|^/|^#", target):  # a scheme, an absolute path, a fragment
                return match.group(0)
            path = (folder / target.split("?")[0].split("#")[0]).resolve()
            if not path.is_relative_to(assets):
                return match.group(0)
            try:
                data = read_regular(path, MAX_ASSET_BYTES)
            except Unreadable:
                return match.group(0)
            name = f"{ASSETS_DIR}/{path.relative_to(assets).as_posix()}"
            used[name] = data
            return f'url("{name}")'

        parts.append(_URL.sub(relink, text).encode("utf-8"))
    return b"\n".join(parts), dict(sorted(used.items()))
