"""What the preview may listen on, whom it answers and what it serves: loopback addresses
only, requests addressed to that address only, and only regular files that really lie
under the build folder.

A page on any web site can make the browser send requests to 127.0.0.1; with DNS
rebinding (a name of the attacker's that first points at their server, then at
127.0.0.1) it can even read the answers. So a request is answered only when its ``Host``
names the address the preview listens on (or ``localhost``) with its port, and its
``Origin``, when the browser sends one, is that same address.

A request path is decoded once; ``..``, ``.``, NUL and backslashes are refused outright,
hidden files are never served, and a path that resolves outside the folder (through a
link, say) is treated as missing.
"""

from __future__ import annotations

import ipaddress
import re
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


def addressed_to_us(host: str | None, origin: str | None, listening: str, port: int) -> bool:
    """Whether a request with these ``Host`` and ``Origin`` headers is for the preview that
    listens on ``listening``:``port``: not one a foreign page or a rebound name sent."""
    if host is None or not _ours(host, listening, port):
        return False
    if origin is None:
        return True
    parts = urlsplit(origin)
    return parts.scheme == "http" and not parts.path and _ours(parts.netloc, listening, port)


_AUTHORITY = re.compile(r"^(\[[0-9a-f:.]+\]|[^\[\]:@/]+)(?::(\d{1,5}))?$")


def _ours(authority: str, listening: str, port: int) -> bool:
    """Whether ``authority`` (``host[:port]``) names ``listening`` (or localhost) at ``port``."""
    match = _AUTHORITY.match(authority.strip().lower())
    if match is None:
        return False
    name, given = match.groups()
    return int(given or 80) == port and name in {"localhost", listening.lower(), f"[{listening.lower()}]"}


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
