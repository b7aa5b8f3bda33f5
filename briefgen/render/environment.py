"""Stage 5 — render templates: views to HTML through a sandboxed Jinja environment.

Lookup is a chain: the project's templates first, then the built-in ones. Any built-in
template is also reachable as ``default/<name>``, so an override can extend the very
template it replaces and change one block.
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath
import re
import time
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from jinja2 import (
    ChoiceLoader,
    FileSystemLoader,
    PrefixLoader,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    nodes,
    pass_context,
)
from jinja2.exceptions import SecurityError, UndefinedError
from jinja2.loaders import split_template_path
from jinja2.parser import Parser
from jinja2.sandbox import ImmutableSandboxedEnvironment

from briefgen import labels as label_catalogue
from briefgen.content.fields import internal_fields
from briefgen.content.model import PartialDate
from briefgen.errors import BuildError
from briefgen.files import Unreadable, read_regular, undecodable_at
from briefgen.render import links
from briefgen.render.template_errors import (
    ExplainedUndefined,
    bad_filter_call,
    unclosed,
    undefined_variable,
    unknown_filter_or_test,
)
from briefgen.resources import builtin_templates

MAX_SEQUENCE = 1_000_000   # the longest string or list a template may build with * or **
RENDER_SECONDS = 20        # a template that runs longer is stopped
TEMPLATE_MEMORY = 1024 * 1024 * 1024  # bytes more than the build a worker rendering templates may map
MAX_TEMPLATE_BYTES = 1024 * 1024      # the largest template file read
LOOP_FILTER = "_loop_budget"          # wraps every {% for %}'s sequence: the render's time budget
CLOCK_EVERY = 256                     # loop iterations between two looks at the clock

# When the render under way in this thread (or task) must stop: set by ``render_budget``.
_deadline: ContextVar[float | None] = ContextVar("briefgen_render_deadline", default=None)


class Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, with arithmetic that cannot exhaust memory and loops that
    keep to the render's time budget.

    The sandbox already refuses private attributes, unsafe methods, mutation and ``range``
    beyond 100,000 items; this adds bounds on ``'x' * n`` and ``n ** m``, and has every
    ``{% for %}`` look at the clock (``render_budget``). A template can run long only by
    looping (recursion ends in ``RecursionError``), so a runaway stops at its deadline in
    whichever thread renders it, with no signal and no timer.
    """

    intercepted_binops = frozenset(["*", "**"])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._safe_attributes: dict[tuple[type, str], bool] = {}

    def is_safe_attribute(self, obj, attr: str, value) -> bool:
        """Jinja's verdict, remembered: it depends only on the object's type and the name
        (private names, internals of functions and frames, methods that mutate), and a
        brief reads the same few attributes of the same view types thousands of times.
        Only attributes that exist reach this check, so the memo stays small. A content
        field declared internal (the team's notes) is never readable by a template."""
        key = (type(obj), attr)
        verdict = self._safe_attributes.get(key)
        if verdict is None:
            verdict = self._safe_attributes[key] = (attr not in internal_fields(type(obj))
                                                    and super().is_safe_attribute(obj, attr, value))
        return verdict

    def call_binop(self, context, operator, left, right):
        if operator == "**" and isinstance(right, int) and abs(right) > 100:
            raise SecurityError(f"exponent {right} is too large for a template")
        if operator == "*":
            for sequence, count in ((left, right), (right, left)):
                if isinstance(sequence, (str, list, tuple)) and isinstance(count, int) and \
                        len(sequence) * count > MAX_SEQUENCE:
                    raise SecurityError(f"a template may not build a sequence longer than {MAX_SEQUENCE}")
        return super().call_binop(context, operator, left, right)

    def _parse(self, source, name, filename):
        """Parse a template, each loop's sequence passed through ``LOOP_FILTER``; nesting too
        deep for Python's stack is a syntax error at its line."""
        parser = Parser(self, source, name, filename)
        try:
            tree = parser.parse()
            for loop in tree.find_all(nodes.For):
                loop.iter = nodes.Filter(loop.iter, LOOP_FILTER, [], [], None, None, lineno=loop.iter.lineno)
            return tree
        except RecursionError:
            raise TemplateSyntaxError("the template nests too deeply", parser.stream.current.lineno,
                                      name, filename) from None

    def _generate(self, source, name, filename, defer_init=False):
        try:
            return super()._generate(source, name, filename, defer_init=defer_init)
        except RecursionError:
            raise TemplateSyntaxError("the template nests too deeply", 1, name, filename) from None

    def _compile(self, source, filename):
        try:
            return super()._compile(source, filename)
        except (RecursionError, SyntaxError, MemoryError) as exc:  # Python's own limits on nesting
            raise TemplateSyntaxError(f"the template nests too deeply ({type(exc).__name__})", 1,
                                      None, filename) from None


class TemplateRefused(TemplateError):
    """A template file that may not be read: it leads out of its folder, or is not a text file."""


class ConfinedLoader(FileSystemLoader):
    """A ``FileSystemLoader`` that reads only regular files whose real path, symbolic links
    followed, lies inside its folder; anything else is an error naming the file (not a silent
    fall-through to the next folder of the chain). Errors name files relative to ``root``."""

    def __init__(self, searchpath: str, root: Path | None = None):
        super().__init__(searchpath)
        self.root = root

    def get_source(self, environment, template: str):
        pieces = split_template_path(template)  # refuses ".." (TemplateNotFound)
        for searchpath in self.searchpath:
            filename = posixpath.join(searchpath, *pieces)
            if os.path.islink(filename) or os.path.isfile(filename):
                break
        else:
            raise TemplateNotFound(template)
        real, folder = os.path.realpath(filename), os.path.realpath(searchpath)
        if os.path.commonpath([real, folder]) != folder:
            raise TemplateRefused(f"{_shown(filename, self.root)}: template file leads outside its folder "
                                  f"{_shown(searchpath, self.root)} (to {real})")
        contents = _read_template(filename, self.root)
        mtime = os.path.getmtime(filename)

        def uptodate() -> bool:
            try:
                return os.path.getmtime(filename) == mtime
            except OSError:
                return False

        return contents, os.path.normpath(filename), uptodate


def _read_template(filename: str, root: Path | None) -> str:
    try:
        data = read_regular(filename, MAX_TEMPLATE_BYTES)
    except Unreadable as why:
        reason = {"special": "template is not a regular file",
                  "large": f"template is larger than {MAX_TEMPLATE_BYTES} bytes"}.get(why.kind)
        raise TemplateRefused(f"{_shown(filename, root)}: {reason or 'cannot read template: ' + why.detail}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, _ = undecodable_at(data, exc)
        raise TemplateRefused(f"{_shown(filename, root)}:{line}: template is not valid UTF-8") from None


def make_environment(project_templates: Path | None = None, root: Path | None = None) -> Sandbox:
    """A sandboxed, autoescaping, strict Jinja environment with briefgen's filters.

    ``project_templates`` are searched before the built-in ones; template errors name files
    relative to ``root``, the project's folder (default: the templates folder's parent)."""
    if root is None and project_templates is not None:
        root = project_templates.parent
    builtin = ConfinedLoader(str(builtin_templates()), root)
    chain = [builtin, PrefixLoader({"default": builtin})]
    if project_templates is not None and project_templates.is_dir():
        chain.insert(0, ConfinedLoader(str(project_templates), root))
    env = Sandbox(
        loader=ChoiceLoader(chain),
        autoescape=True,
        undefined=ExplainedUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.display_root = root
    env.filters["date"] = _date_filter
    env.filters["isodate"] = _iso_date
    env.filters[LOOP_FILTER] = _loop_budget
    return env


@pass_context
def _date_filter(context, value: dt.date | PartialDate | None) -> str:
    """``{{ brief.date | date }}``: a date in words, in the document's language."""
    return label_catalogue.format_date(value, context["labels"])


def _iso_date(value: dt.date | PartialDate | None) -> str:
    """``{{ entry.date | isodate }}``: the machine-readable date for ``<time datetime>``."""
    return value.isoformat() if value is not None else ""


def render(env: ImmutableSandboxedEnvironment, name: str, context: dict, document: str) -> str:
    """Render template ``name``; a template error names the template, its line and ``document``.
    No address that could run code or read a file survives (``briefgen.render.links.guard``)."""
    return links.guard(_guarded(env, name, document, lambda template: template.render(context), context))


def render_module(env: ImmutableSandboxedEnvironment, name: str, context: dict, document: str):
    """Template ``name`` as a module (its macros and top-level variables), made with ``context``."""
    return _guarded(env, name, document, lambda template: template.make_module(context), context)


def _recursion(env, name: str) -> str:
    """Why rendering recursed without end: most often a template that extends itself."""
    try:
        source = env.loader.get_source(env, name)[0]
    except TemplateError:
        source = ""
    if re.search(r"\{%-?\s*extends\s+['\"]" + re.escape(name) + r"['\"]", source):
        return (f"{name} extends itself: an override extends the built-in file as "
                f"{{% extends \"default/{name}\" %}}")
    return "rendering recursed without end (a macro, include or extends that leads back to itself?)"


def _guarded(env, name: str, document: str, use, context: dict | None = None):
    root = getattr(env, "display_root", None)
    try:
        with render_budget(RENDER_SECONDS):
            return use(env.get_template(name))
    except RenderTimeout:
        raise BuildError(f"{name}: template took longer than {RENDER_SECONDS} s to render (a runaway loop?) "
                         f"(rendering {document})") from None
    except MemoryError as exc:  # past the memory limit of the worker rendering it (briefgen.output.forked)
        raise BuildError(f"{_template_location(exc, root, name)}: template error: rendering needed more than "
                         f"{TEMPLATE_MEMORY // (1024 * 1024)} MiB of memory (a runaway string or list?) "
                         f"(rendering {document})") from None
    except TemplateSyntaxError as exc:
        lineno, message = unclosed(exc.message or "", exc.source) or (exc.lineno, exc.message or "")
        where = f"{_shown(exc.filename or exc.name, root)}:{lineno}"
        message = unknown_filter_or_test(message, env.filters, env.tests)
        raise BuildError(f"{where}: template syntax error: {message} (rendering {document})") from None
    except TemplateNotFound as exc:
        where = _template_location(exc, root, "")
        hint = " (a template name may not contain '..')" if ".." in str(exc.name).split("/") else ""
        raise BuildError(f"{where + ': ' if where else ''}template {exc.name!r} not found{hint} "
                         f"(rendering {document}); searched {', '.join(_search_path(env))}") from None
    except TemplateRefused as exc:
        where = _template_location(exc, root, "")
        raise BuildError(f"{where + ': ' if where else ''}{exc} (rendering {document})") from None
    except UndefinedError as exc:
        message = undefined_variable(str(exc), context or {}, env.globals)
        raise BuildError(f"{_template_location(exc, root)}: template error: {message} (rendering {document})") from None
    except TemplateError as exc:
        message = unknown_filter_or_test(str(exc), env.filters, env.tests)
        raise BuildError(f"{_template_location(exc, root)}: template error: {message} (rendering {document})") from None
    except BuildError:
        raise
    except RecursionError as exc:
        raise BuildError(f"{_template_location(exc, root, name)}: template error: {_recursion(env, name)} "
                         f"(rendering {document})") from None
    except Exception as exc:  # a filter or method failing on what the template gave it
        explained = bad_filter_call(exc, env.filters) if isinstance(exc, TypeError) else None
        message = explained or f"{type(exc).__name__}: {exc}"
        where = _template_location(exc, root)
        raise BuildError(f"{where}: template error: {message} (rendering {document})") from None


class RenderTimeout(BaseException):
    """Raised inside a template that runs past its time budget (BaseException: templates cannot catch it)."""


@contextmanager
def render_budget(seconds: float):
    """Stop the templates rendered in the enclosed code, in this thread only, once they have
    run ``seconds``: each loop looks at the clock (``_loop_budget``) and raises
    ``RenderTimeout``. A render inside another keeps the earlier deadline."""
    deadline = time.monotonic() + seconds
    current = _deadline.get()
    token = _deadline.set(deadline if current is None else min(current, deadline))
    try:
        yield
    finally:
        _deadline.reset(token)


@pass_context
def _loop_budget(_context, sequence):
    """A loop's sequence, made to keep to the render's deadline: checked as the loop starts,
    then every ``CLOCK_EVERY`` items. A short list or tuple is returned as it is."""
    deadline = _deadline.get()
    if deadline is None:
        return sequence
    if time.monotonic() > deadline:
        raise RenderTimeout()
    if isinstance(sequence, (list, tuple, str)) and len(sequence) <= CLOCK_EVERY:
        return sequence
    return _ticking(iter(sequence), deadline)


def _ticking(items, deadline: float):
    for count, item in enumerate(items, 1):
        if not count % CLOCK_EVERY and time.monotonic() > deadline:
            raise RenderTimeout()
        yield item


def _shown(filename: str, root: Path | None) -> str:
    """A template's path as the user knows it: relative to the project folder ``root`` when
    inside it (the file itself named, not what a symbolic link leads to)."""
    path = Path(filename)
    if root is None:
        return filename
    try:
        base = Path(os.path.abspath(root))
        for candidate in (Path(os.path.abspath(path)), Path(os.path.abspath(path.parent)).resolve() / path.name):
            if candidate.is_relative_to(base):
                return str(candidate.relative_to(base))
        return str(path.resolve().relative_to(base.resolve()))
    except (ValueError, OSError):
        return filename


def _search_path(env) -> list[str]:
    paths = []
    for loader in env.loader.loaders:
        paths.extend(getattr(loader, "searchpath", []))
    return list(dict.fromkeys(paths))


def _template_location(exc: BaseException, root: Path | None, default: str = "template") -> str:
    """The innermost template frame of ``exc``'s traceback, as ``file:line``."""
    where = default
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith((".html", ".xml", ".j2")):
            where = f"{_shown(filename, root)}:{tb.tb_lineno}"
        tb = tb.tb_next
    return where
