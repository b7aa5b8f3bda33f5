"""Files a build copies as they are — the stylesheets and the logo — read as every input is:
a regular file only, never a pipe or a device, and bounded in size.

They were checked when the run began (``briefgen.output.build.stylesheets``, the config's
``logo``); reading them again the same way means a file swapped for a pipe in between
cannot make the build wait forever.
"""

from __future__ import annotations

from pathlib import Path

from briefgen.errors import BuildError
from briefgen.files import Unreadable, read_regular

MAX_INPUT_BYTES = 10 * 1024 * 1024


def read_input(path: Path, limit: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of regular file ``path``; ``BuildError`` naming it otherwise."""
    try:
        return read_regular(path, limit)
    except Unreadable as why:
        reason = {"special": "not a regular file", "large": f"larger than {limit} bytes"}.get(why.kind, why.detail)
        raise BuildError(f"{path}: cannot read: {reason}") from None


def holds(path: Path, data: bytes) -> bool:
    """Whether ``path`` is a regular file (not a link) holding exactly ``data``: an output
    that need not be written again."""
    if path.is_symlink():
        return False
    try:
        return read_regular(path, len(data)) == data
    except Unreadable:
        return False
