"""Where briefgen's built-in templates and stylesheet live."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def builtin_dir() -> Path:
    """The folder holding the built-in ``templates/`` and ``style.css``.

    An installed wheel carries them in ``briefgen/_defaults``; a source checkout (or an
    editable install) uses the repository's top-level ones, which are the same files.
    """
    packaged = _PACKAGE / "_defaults"
    if (packaged / "templates").is_dir():
        return packaged
    return _PACKAGE.parent


def builtin_templates() -> Path:
    return builtin_dir() / "templates"


def builtin_stylesheet() -> Path:
    return builtin_dir() / "style.css"


def starter_project() -> Path:
    """The example project ``briefgen init`` starts from (``gitignore`` becomes ``.gitignore``)."""
    return _PACKAGE / "starter"
