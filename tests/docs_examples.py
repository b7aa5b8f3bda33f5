"""The worked examples of docs/templates.md, read from the document itself, so the tests try
what the reader is told to write."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tests.conftest import REPO


@dataclass(frozen=True)
class Worked:
    """One section of worked examples: the files it tells the reader to write besides
    templates (``briefgen.toml``, ``style.css``), and its templates, each an example alone."""

    heading: str
    files: dict[str, str]
    templates: tuple[tuple[str, str], ...]


def worked_examples() -> list[Worked]:
    """Each section of docs/templates.md that writes a file. A block names its file on
    its first line: ``{# templates/x.html … #}``, ``# briefgen.toml`` or ``/* style.css */``."""
    text = (REPO / "docs/templates.md").read_text("utf-8")
    examples = []
    for section in re.split(r"(?m)^#{2,3} ", text)[1:]:
        files, templates = {}, []
        for language, body in re.findall(r"```(\w+)\n(.*?)```", section, re.S):
            name = _named(language, body)
            if name is not None and name.startswith("templates/"):
                templates.append((name, body))
            elif name is not None:
                files[name] = body
        if files or templates:
            examples.append(Worked(section.splitlines()[0], files, tuple(templates)))
    return examples


def template_overrides() -> list[tuple[str, str, dict[str, str]]]:
    """Every worked template override: its path, its text, and the section's other files."""
    return [(name, body, example.files) for example in worked_examples() for name, body in example.templates]


def worked(heading: str) -> Worked:
    """The worked examples under ``heading``."""
    return next(example for example in worked_examples() if example.heading == heading)


def _named(language: str, body: str) -> str | None:
    first = body.splitlines()[0] if body else ""
    patterns = {"jinja": r"\{# (templates/[\w/.]+)[^#]*#\}", "toml": r"# (briefgen\.toml)$",
                "css": r"/\* (style\.css) \*/$"}
    match = re.match(patterns.get(language, r"(?!)"), first)
    return match.group(1) if match else None
