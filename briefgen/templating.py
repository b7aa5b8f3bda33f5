"""Stage 5 — render templates: views to HTML through a sandboxed Jinja environment.

Lookup is a chain: the project's templates first, then the built-in ones. Any built-in
template is also reachable as ``default/<name>``, so an override can extend the very
template it replaces and change one block.
"""

from __future__ import annotations

import datetime as dt
import signal
import threading
from contextlib import contextmanager
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
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from briefgen import labels as label_catalogue
from briefgen.errors import BuildError
from briefgen.model import PartialDate
from briefgen.resources import builtin_templates


MAX_SEQUENCE = 1_000_000   # the longest string or list a template may build with * or **
RENDER_SECONDS = 20        # a template that runs longer is stopped


class Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, with arithmetic that cannot exhaust memory.

    The sandbox already refuses private attributes, unsafe methods, mutation and ``range``
    beyond 100,000 items; this adds bounds on ``'x' * n`` and ``n ** m``.
    """

    intercepted_binops = frozenset(["*", "**"])

    def call_binop(self, context, operator, left, right):
        if operator == "**" and isinstance(right, int) and abs(right) > 100:
            raise SecurityError(f"exponent {right} is too large for a template")
        if operator == "*":
            for sequence, count in ((left, right), (right, left)):
                if isinstance(sequence, (str, list, tuple)) and isinstance(count, int) and \
                        len(sequence) * count > MAX_SEQUENCE:
                    raise SecurityError(f"a template may not build a sequence longer than {MAX_SEQUENCE}")
        return super().call_binop(context, operator, left, right)


def make_environment(project_templates: Path | None = None) -> Sandbox:
    """A sandboxed, autoescaping, strict Jinja environment with briefgen's filters."""
    builtin = FileSystemLoader(str(builtin_templates()))
    chain = [builtin, PrefixLoader({"default": builtin})]
    if project_templates is not None and project_templates.is_dir():
        chain.insert(0, FileSystemLoader(str(project_templates)))
    env = Sandbox(
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
    return _guarded(env, name, document, lambda template: template.render(context))


def render_module(env: ImmutableSandboxedEnvironment, name: str, context: dict, document: str):
    """Template ``name`` as a module (its macros and top-level variables), made with ``context``."""
    return _guarded(env, name, document, lambda template: template.make_module(context))


def _guarded(env, name: str, document: str, use):
    try:
        template = env.get_template(name)
        with time_limit(RENDER_SECONDS):
            return use(template)
    except RenderTimeout:
        raise BuildError(f"{name}: template took longer than {RENDER_SECONDS} s to render (a runaway loop?) "
                         f"(rendering {document})") from None
    except TemplateSyntaxError as exc:
        where = f"{_shown(exc.filename or exc.name)}:{exc.lineno}"
        raise BuildError(f"{where}: template syntax error: {exc.message} (rendering {document})") from None
    except TemplateNotFound as exc:
        raise BuildError(f"template {exc.name!r} not found (rendering {document}); searched "
                         f"{', '.join(_search_path(env))}") from None
    except TemplateError as exc:
        raise BuildError(f"{_template_location(exc)}: template error: {exc} (rendering {document})") from None
    except BuildError:
        raise
    except Exception as exc:  # a filter or method failing on what the template gave it
        message = f"{type(exc).__name__}: {exc}"
        raise BuildError(f"{_template_location(exc)}: template error: {message} (rendering {document})") from None


class RenderTimeout(BaseException):
    """Raised inside a template that runs past its time limit (BaseException: templates cannot catch it)."""


@contextmanager
def time_limit(seconds: float):
    """Interrupt the enclosed code after ``seconds`` (main thread only; elsewhere no limit)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum, frame):
        raise RenderTimeout()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _shown(filename: str) -> str:
    """A template's path as the user knows it: relative to the working folder when inside it."""
    path = Path(filename)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return filename


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
            where = f"{_shown(filename)}:{tb.tb_lineno}"
        tb = tb.tb_next
    return where


def _names(folder: Path | None) -> dict[str, Path]:
    if folder is None or not folder.is_dir():
        return {}
    files = (p for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))
    return {p.relative_to(folder).as_posix(): p for p in sorted(files)}


def template_origins(project_templates: Path | None) -> list[tuple[str, Path, Path | None]]:
    """Every template name with the file that wins and the built-in file it hides, if any."""
    builtin, project = _names(builtin_templates()), _names(project_templates)
    if project_templates is not None and project_templates.resolve() == builtin_templates().resolve():
        project = {}
    rows = []
    for name in sorted(set(builtin) | set(project)):
        if name in project:
            rows.append((name, project[name], builtin.get(name)))
        else:
            rows.append((name, builtin[name], None))
    return rows


def eject(name: str, project_templates: Path) -> Path:
    """Copy built-in template ``name`` into the project's templates folder; never overwrites."""
    source = _names(builtin_templates()).get(name)
    if source is None:
        raise BuildError(f"no built-in template {name!r}; see 'briefgen templates list'")
    target = project_templates / name
    if target.resolve() == source.resolve():
        raise BuildError(f"{target} is the built-in template itself")
    if target.exists():
        raise BuildError(f"{target} already exists; not overwriting it")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(source.read_bytes())
    return target
