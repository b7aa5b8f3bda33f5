"""What the preview may listen on and serve: loopback addresses only, and only regular
files that really lie under the build folder.

A request path is decoded once; ``..``, ``.``, NUL and backslashes are refused outright,
hidden files are never served, and a path that resolves outside the folder (through a
link, say) is treated as missing.
"""

from __future__ import annotations

import ipaddress
from pathlib import Path
from urllib.parse import unquote, urlsplit

LOOPBACK = "127.0.0.1"


def check_host(host: str) -> str:
    """The address to listen on: ``host`` if it is a loopback address ("localhost" is 127.0.0.1).

    Raises ``ValueError`` for anything else: the preview is not for the network.
    """
    if host.strip().lower() == "localhost":
        return LOOPBACK
    try:
        address = ipaddress.ip_address(host.strip().strip("[]"))
    except ValueError:
        raise ValueError(f"{host!r} is not an IP address; use a loopback address such as 127.0.0.1") from None
    if not address.is_loopback:
        raise ValueError(f"{host} is not a loopback address; the preview listens on 127.0.0.1 or ::1 only")
    return str(address)


class BadPath(ValueError):
    """A request path that can never name a served file (``..``, NUL, backslash...)."""


def request_segments(raw: str) -> list[str]:
    """The path segments of a request target, decoded once; raises ``BadPath`` for traversal."""
    path = unquote(urlsplit(raw).path, errors="strict")
    if "\x00" in path or "\\" in path:
        raise BadPath(raw)
    segments = [s for s in path.split("/") if s]
    if any(s in (".", "..") for s in segments):
        raise BadPath(raw)
    return segments


def file_under(base: Path, segments: list[str]) -> Path | None:
    """The regular file ``base/segments...`` if it really lies under ``base``; else None."""
    if not segments or any(s.startswith(".") for s in segments):
        return None
    base = base.resolve()
    candidate = base.joinpath(*segments).resolve()
    if not candidate.is_relative_to(base) or not candidate.is_file():
        return None
    return candidate
