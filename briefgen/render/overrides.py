"""What a project overrides of briefgen's look, and how it starts to: which template and
stylesheet wins (``briefgen templates list``), and the copies and ``{% extends %}``
skeletons ``briefgen templates eject`` writes.

Templates replace their built-in namesakes; the project's ``style.css`` does not replace the
built-in one but is applied after it, so its "eject" is a skeleton, never a copy.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, TemplateSyntaxError, nodes

from briefgen.errors import BuildError
from briefgen.files import create_new
from briefgen.resources import builtin_stylesheet, builtin_templates

STYLESHEET = "style.css"
SITE_STYLESHEET = "site/site.css"
INIT_ADVICE = "start a project of your own with `briefgen init DIR` and customise it there"


@dataclass(frozen=True)
class Origin:
    """One template or stylesheet and the file that wins: the project's (``mine``) or the
    built-in one. A project's template hides its built-in namesake, ``builtin``; the project's
    stylesheets ``follow`` the built-in one, applied after it."""

    name: str
    path: Path
    mine: bool = False
    builtin: Path | None = None
    follows: bool = False


def is_briefgen_itself(root: Path, project_templates: Path | None) -> bool:
    """Whether ``root`` is briefgen's own repository, whose templates are the built-in ones."""
    folder = project_templates or root / "templates"
    return folder.resolve() == builtin_templates().resolve() or \
        (root / STYLESHEET).resolve() == builtin_stylesheet().resolve()


def origins(root: Path, project_templates: Path | None, extra_css: tuple[Path, ...] = ()) -> list[Origin]:
    """Every template name with the file that wins, then the stylesheets in cascade order:
    the built-in style.css, the project's, then the config's ``extra_css``."""
    builtin, project = _names(builtin_templates()), _names(project_templates or root / "templates")
    if is_briefgen_itself(root, project_templates):
        project = {}
    rows = [Origin(name, project[name], True, builtin.get(name)) if name in project else Origin(name, builtin[name])
            for name in sorted(set(builtin) | set(project))]
    sheet = root / STYLESHEET
    if os.path.lexists(sheet) and not is_briefgen_itself(root, project_templates):
        rows.append(Origin(STYLESHEET, sheet, True, builtin_stylesheet(), follows=True))
    else:
        rows.append(Origin(STYLESHEET, builtin_stylesheet()))
    rows += [Origin(_shown(path, root), path, True, builtin_stylesheet(), follows=True) for path in extra_css]
    return rows


def eject(name: str, root: Path, project_templates: Path, stub: bool = False) -> Path:
    """Write a starting point for overriding ``name`` into the project, never over a file:
    a copy of the built-in template, or with ``stub`` an ``{% extends %}`` skeleton naming the
    blocks it can override. ``style.css`` is always a skeleton, written at the project's root."""
    if is_briefgen_itself(root, project_templates):
        raise BuildError(f"{name} is briefgen's built-in file itself: this folder is briefgen's own repository, "
                         f"where templates/ and style.css are the defaults every project starts from; "
                         f"to change how your briefs look, {INIT_ADVICE}")
    if name == STYLESHEET:
        return _write_new(root / STYLESHEET, root, "project", stylesheet_stub().encode("utf-8"))
    source = _names(builtin_templates()).get(name)
    if source is None:
        raise BuildError(f"no built-in template {name!r}; see 'briefgen templates list'")
    if stub and name == SITE_STYLESHEET:
        raise BuildError(f"{name} can only be replaced whole, not extended: copy it with "
                         f"`briefgen templates eject {name}`, or put your rules in style.css, which the site "
                         f"applies after it")
    data = template_stub(name).encode("utf-8") if stub else source.read_bytes()
    return _write_new(project_templates / name, project_templates, "templates folder", data)


def template_stub(name: str) -> str:
    """An override of built-in template ``name`` that changes nothing yet: ``{% extends
    "default/NAME" %}`` after a comment listing, file by file, the blocks it can override."""
    chain = _block_chain(name)
    if not any(blocks for _, blocks in chain):
        raise BuildError(f"{name} has no blocks to override: copy it whole with `briefgen templates eject {name}`")
    listed, lines = set(), []
    for file, blocks in chain:
        fresh = [(depth, block, parent) for depth, block, parent in blocks if block not in listed]
        listed.update(block for _, block, _ in fresh)
        if fresh:
            lines.append(f"      {file}{'' if file == name else ' (which it extends)'}:")
        indent: dict[str, int] = {}
        for _, block, parent in fresh:
            nested = parent in indent
            indent[block] = indent[parent] + 1 if nested else 0
            where = f" (inside {parent})" if parent and not nested else ""
            lines.append(f"        {'  ' * indent[block]}{block}{where}")
    return (f"{{#- templates/{name}: the built-in {name}, changed only in the blocks written below.\n"
            f"    Write a block to replace it, and {{{{ super() }}}} inside it to keep the built-in content:\n"
            f"      {{% block NAME %}}<p>Before.</p>{{{{ super() }}}}<p>After.</p>{{% endblock %}}\n"
            f"    The blocks it can override (indented: inside the block above), as in docs/templates.md:\n"
            + "\n".join(lines) + "\n-#}\n"
            f'{{% extends "default/{name}" %}}\n')


def stylesheet_stub() -> str:
    """The project's style.css to start from: applied after the built-in one, so it holds only
    changes; the built-in custom properties (colours, fonts) are listed, commented out."""
    text = builtin_stylesheet().read_text("utf-8")
    properties = re.findall(r"^\s*(--[\w-]+:\s*[^;]+;)", text, re.M)
    listed = "\n".join(f"  {prop}" for prop in properties)
    return ("/* style.css: the project's own style, applied after briefgen's built-in style.css.\n"
            "   Write only what you change: the built-in stylesheet always comes first, so do not copy\n"
            "   or @import it. Built-in rules for the page furniture (banner, running header and footer)\n"
            "   weigh nothing (:where()): a plain `.banner { … }` here wins. See docs/templates.md.\n\n"
            "   The house colours and fonts, as built in: uncomment and change one to restyle\n"
            "   everything that uses it. */\n"
            f"/*\n:root {{\n{listed}\n}}\n*/\n")


def _block_chain(name: str) -> list[tuple[str, list[tuple[int, str, str]]]]:
    """Built-in template ``name`` and the built-in templates it extends, each with its blocks
    in document order and their nesting depth."""
    chain, seen = [], set()
    while name and name not in seen:
        seen.add(name)
        path = builtin_templates() / name
        try:
            tree = Environment().parse(path.read_text("utf-8"))
        except (OSError, TemplateSyntaxError) as exc:
            raise BuildError(f"{name}: cannot read the built-in template: {exc}") from None
        chain.append((name, _blocks(tree)))
        parent = next(tree.find_all(nodes.Extends), None)
        target = getattr(parent.template, "value", None) if parent is not None else None
        name = target.removeprefix("default/") if isinstance(target, str) else ""
    return chain


def _blocks(node: nodes.Node, depth: int = 0, parent: str = "") -> list[tuple[int, str, str]]:
    """The blocks under ``node``: each one's nesting depth, name and the block it is inside."""
    found = []
    for child in node.iter_child_nodes():
        if isinstance(child, nodes.Block):
            found.append((depth, child.name, parent))
            found += _blocks(child, depth + 1, child.name)
        else:
            found += _blocks(child, depth, parent)
    return found


def _names(folder: Path | None) -> dict[str, Path]:
    if folder is None or not folder.is_dir():
        return {}
    files = (p for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))
    return {p.relative_to(folder).as_posix(): p for p in sorted(files)}


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def _write_new(target: Path, folder: Path, what: str, data: bytes) -> Path:
    """Write ``data`` to ``target`` inside ``folder`` (the ``what``), only if nothing is there,
    not even a link."""
    if target.exists() or target.is_symlink():
        raise BuildError(f"{target} already exists; not overwriting it")
    if not target.parent.resolve().is_relative_to(folder.resolve()):
        raise BuildError(f"{target.parent} leads outside the {what} {folder}; not writing there")
    try:  # never through a link planted since the checks above
        create_new(target, data)
    except OSError as exc:
        raise BuildError(f"{target}: cannot write: {exc.strerror or exc}") from None
    return target
