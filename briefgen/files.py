"""Reading a file that a user named: only a regular file, never waiting, never too much.

Content, templates, images and whatever a stylesheet points at all come from folders an
editor controls. A path may name a named pipe (opening it would wait for a writer), a
device (``/dev/zero`` never ends), or a file larger than anything briefgen needs. Every
such read goes through ``read_regular``; each caller words the refusal its own way.
Files briefgen starts for an editor are written by ``create_new``, never over one.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


class Unreadable(Exception):
    """Why a file was not read. ``kind`` is "error" (``detail`` says what the system
    said), "special" (not a regular file) or "large" (``size`` when known beforehand)."""

    def __init__(self, kind: str, detail: str = "", size: int | None = None):
        super().__init__(kind, detail, size)
        self.kind, self.detail, self.size = kind, detail, size


def read_regular(path: str | Path, limit: int) -> bytes:
    """The bytes of regular file ``path``, at most ``limit`` of them; ``Unreadable`` otherwise."""
    with _opened(path) as (handle, size):
        if size > limit:
            raise Unreadable("large", size=size)
        data = handle.read(limit + 1)
    if len(data) > limit:  # it grew while being read
        raise Unreadable("large")
    return data


def digest_regular(path: str | Path) -> bytes:
    """The SHA-256 digest of regular file ``path``, read in chunks; ``Unreadable`` otherwise."""
    with _opened(path) as (handle, _):
        return hashlib.file_digest(handle, "sha256").digest()


@contextmanager
def _opened(path: str | Path) -> Iterator[tuple[BinaryIO, int]]:
    """``path`` opened for reading, with its size, if it is a regular file. An ``OSError``
    while it is open, in this function or in the caller's block, becomes ``Unreadable``."""
    try:
        # O_NONBLOCK: opening a named pipe must not wait for a writer; it is refused below.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise Unreadable("error", exc.strerror or str(exc)) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):  # checked before fdopen, which refuses a folder itself
            raise Unreadable("special")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            yield handle, info.st_size
    except OSError as exc:
        raise Unreadable("error", exc.strerror or str(exc)) from None
    finally:
        os.close(fd)


def undecodable_at(data: bytes, error: UnicodeDecodeError) -> tuple[int, int]:
    """The 1-based line and column of the byte where ``data`` stops being valid UTF-8."""
    line = data[: error.start].count(b"\n") + 1
    return line, error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1


def create_new(path: Path, data: bytes) -> None:
    """Write ``data`` into a new file at ``path``, making its folder. Never through a link and
    never over anything already there (O_EXCL | O_NOFOLLOW): raises ``OSError`` instead."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
