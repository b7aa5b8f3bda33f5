"""Stage 5 — render templates: views to HTML through a sandboxed Jinja environment.

Lookup is a chain: the project's templates first, then the built-in ones. Any built-in
template is also reachable as ``default/<name>``, so an override can extend the very
template it replaces and change one block.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from jinja2 import (
    ChoiceLoader,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    pass_context,
)
from jinja2.sandbox import ImmutableSandboxedEnvironment

from briefgen import labels as label_catalogue
from briefgen.errors import BuildError
from briefgen.model import PartialDate
from briefgen.resources import builtin_templates


def make_environment(project_templates: Path | None = None) -> ImmutableSandboxedEnvironment:
    """A sandboxed, autoescaping, strict Jinja environment with briefgen's filters."""
    builtin = FileSystemLoader(str(builtin_templates()))
    chain = [builtin, PrefixLoader({"default": builtin})]
    if project_templates is not None and project_templates.is_dir():
        chain.insert(0, FileSystemLoader(str(project_templates)))
    env = ImmutableSandboxedEnvironment(
        loader=ChoiceLoader(chain),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["date"] = _date_filter
    env.filters["isodate"] = _iso_date
    return env


@pass_context
def _date_filter(context, value: dt.date | PartialDate | None) -> str:
    """``{{ brief.date | date }}``: a date in words, in the document's language."""
    return label_catalogue.format_date(value, context["labels"])


def _iso_date(value: dt.date | PartialDate | None) -> str:
    """``{{ entry.date | isodate }}``: the machine-readable date for ``<time datetime>``."""
    return value.isoformat() if value is not None else ""


def render(env: ImmutableSandboxedEnvironment, name: str, context: dict, document: str) -> str:
    """Render template ``name``; a template error names the template, its line and ``document``."""
    try:
        template = env.get_template(name)
        return template.render(context)
    except TemplateSyntaxError as exc:
        where = f"{exc.filename or exc.name}:{exc.lineno}"
        raise BuildError(f"{where}: template syntax error: {exc.message} (rendering {document})") from None
    except TemplateNotFound as exc:
        raise BuildError(f"template {exc.name!r} not found (rendering {document}); searched "
                         f"{', '.join(_search_path(env))}") from None
    except TemplateError as exc:
        raise BuildError(f"{_template_location(exc)}: template error: {exc} (rendering {document})") from None
    except Exception as exc:  # a filter or method failing on what the template gave it
        message = f"{type(exc).__name__}: {exc}"
        raise BuildError(f"{_template_location(exc)}: template error: {message} (rendering {document})") from None


def _search_path(env) -> list[str]:
    paths = []
    for loader in env.loader.loaders:
        paths.extend(getattr(loader, "searchpath", []))
    return list(dict.fromkeys(paths))


def _template_location(exc: BaseException) -> str:
    """The innermost template frame of ``exc``'s traceback, as ``file:line``."""
    where = "template"
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith((".html", ".xml", ".j2")):
            where = f"{filename}:{tb.tb_lineno}"
        tb = tb.tb_next
    return where
