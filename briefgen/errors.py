"""Errors as values: every problem with the content carries the place it was found."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum


@dataclass(frozen=True, order=True)
class Location:
    """A place in a file; ``line`` and ``col`` count from 1 (0 means unknown)."""

    path: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if not self.line:
            return self.path
        return f"{self.path}:{self.line}:{self.col}"


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Diagnostic:
    """One problem, printed like a compiler message: ``path:line:col: error: message``."""

    location: Location
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        return f"{self.location}: {self.severity.value}: {self.message}"


@dataclass
class Diagnostics:
    """An ordered collection of diagnostics gathered across a whole run."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, location: Location, message: str) -> None:
        """Record an error at ``location``."""
        self.items.append(Diagnostic(location, message, Severity.ERROR))

    def warning(self, location: Location, message: str) -> None:
        """Record a warning at ``location``."""
        self.items.append(Diagnostic(location, message, Severity.WARNING))

    def extend(self, other: Diagnostics) -> None:
        """Append every diagnostic of ``other``."""
        self.items.extend(other.items)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.ERROR]

    @property
    def has_errors(self) -> bool:
        return any(d.severity is Severity.ERROR for d in self.items)

    def sorted(self) -> list[Diagnostic]:
        """Diagnostics ordered by file, line and column, duplicates removed."""
        return sorted(set(self.items), key=lambda d: (d.location, d.message))


class ContentError(Exception):
    """Raised by the library when the content has errors; carries all of them."""

    def __init__(self, diagnostics: Diagnostics):
        self.diagnostics = diagnostics
        super().__init__("\n".join(str(d) for d in diagnostics.sorted()))


class BuildError(Exception):
    """A failure that is not the content's fault at a known place (I/O, rendering)."""


class LocatedError(BuildError):
    """A failure of one text found while rendering it: ``location`` is where the text (or the
    part of it at fault) stands; ``str()`` is ``path:line:col: message``."""

    def __init__(self, location: Location, message: str):
        self.location, self.message = location, message
        super().__init__(f"{location}: {message}")


def suggest(word: str, choices: Iterable[str]) -> str:
    """A " (did you mean 'x'?)" hint for a misspelt ``word``, or ""."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""
