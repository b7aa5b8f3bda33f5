"""Stage 5 — render templates: views to HTML through a sandboxed Jinja environment.

Lookup is a chain: the project's templates first, then the built-in ones. Any built-in
template is also reachable as ``default/<name>``, so an override can extend the very
template it replaces and change one block.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import os
import posixpath
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
from jinja2.loaders import split_template_path
from jinja2.parser import Parser
from jinja2.sandbox import ImmutableSandboxedEnvironment

from briefgen import labels as label_catalogue
from briefgen.content.fields import internal_fields
from briefgen.content.model import PartialDate
from briefgen.errors import BuildError
from briefgen.files import Unreadable, read_regular, undecodable_at
from briefgen.render import links
from briefgen.resources import builtin_templates

MAX_SEQUENCE = 1_000_000   # the longest string or list a template may build with * or **
RENDER_SECONDS = 20        # a template that runs longer is stopped
TEMPLATE_MEMORY = 1024 * 1024 * 1024  # bytes a render may allocate (address space, Linux) before it is stopped
MAX_TEMPLATE_BYTES = 1024 * 1024      # the largest template file read


class Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, with arithmetic that cannot exhaust memory.

    The sandbox already refuses private attributes, unsafe methods, mutation and ``range``
    beyond 100,000 items; this adds bounds on ``'x' * n`` and ``n ** m``.
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
        """Parse a template; nesting too deep for Python's stack is a syntax error at its line."""
        parser = Parser(self, source, name, filename)
        try:
            return parser.parse()
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
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.display_root = root
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
    """Render template ``name``; a template error names the template, its line and ``document``.
    No address that could run code or read a file survives (``briefgen.render.links.guard``)."""
    return links.guard(_guarded(env, name, document, lambda template: template.render(context)))


def render_module(env: ImmutableSandboxedEnvironment, name: str, context: dict, document: str):
    """Template ``name`` as a module (its macros and top-level variables), made with ``context``."""
    return _guarded(env, name, document, lambda template: template.make_module(context))


def _guarded(env, name: str, document: str, use):
    root = getattr(env, "display_root", None)
    try:
        with time_limit(RENDER_SECONDS), memory_limit(TEMPLATE_MEMORY):
            return use(env.get_template(name))
    except RenderTimeout:
        raise BuildError(f"{name}: template took longer than {RENDER_SECONDS} s to render (a runaway loop?) "
                         f"(rendering {document})") from None
    except MemoryError as exc:
        raise BuildError(f"{_template_location(exc, root, name)}: template error: rendering needed more than "
                         f"{TEMPLATE_MEMORY // (1024 * 1024)} MiB of memory (a runaway string or list?) "
                         f"(rendering {document})") from None
    except TemplateSyntaxError as exc:
        where = f"{_shown(exc.filename or exc.name, root)}:{exc.lineno}"
        raise BuildError(f"{where}: template syntax error: {exc.message} (rendering {document})") from None
    except TemplateNotFound as exc:
        where = _template_location(exc, root, "")
        hint = " (a template name may not contain '..')" if ".." in str(exc.name).split("/") else ""
        raise BuildError(f"{where + ': ' if where else ''}template {exc.name!r} not found{hint} "
                         f"(rendering {document}); searched {', '.join(_search_path(env))}") from None
    except TemplateRefused as exc:
        where = _template_location(exc, root, "")
        raise BuildError(f"{where + ': ' if where else ''}{exc} (rendering {document})") from None
    except TemplateError as exc:
        raise BuildError(f"{_template_location(exc, root)}: template error: {exc} (rendering {document})") from None
    except BuildError:
        raise
    except Exception as exc:  # a filter or method failing on what the template gave it
        message = f"{type(exc).__name__}: {exc}"
        where = _template_location(exc, root)
        raise BuildError(f"{where}: template error: {message} (rendering {document})") from None


class RenderTimeout(BaseException):
    """Raised inside a template that runs past its time limit (BaseException: templates cannot catch it)."""


@contextmanager
def time_limit(seconds: float):
    """Interrupt the enclosed code after ``seconds``: with a timer signal in the main thread,
    elsewhere (the preview server renders in a thread) by raising in the thread from a timer."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        with _thread_time_limit(seconds):
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


@contextmanager
def _thread_time_limit(seconds: float):
    ident = threading.get_ident()
    guard = threading.Lock()
    running = [True]

    def expire():
        with guard:
            if running[0]:  # raised in the rendering thread at its next bytecode
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(ident), ctypes.py_object(RenderTimeout))

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with guard:
            running[0] = False
        timer.cancel()


_memory_guard = threading.Lock()
_memory_users = 0
_memory_saved: tuple[int, int] | None = None


@contextmanager
def memory_limit(extra: int):
    """Let the enclosed code grow this process's address space by at most ``extra`` bytes,
    so that a template building a gigantic string (``s ~ s`` doubled in a loop, ``center(10**9)``)
    gets a ``MemoryError`` instead of exhausting the machine. Linux only; elsewhere no limit."""
    global _memory_users, _memory_saved
    with _memory_guard:
        if _memory_users == 0:
            _memory_saved = _lower_address_space(extra)
        _memory_users += 1
    try:
        yield
    finally:
        with _memory_guard:
            _memory_users -= 1
            if _memory_users == 0 and _memory_saved is not None:
                import resource

                resource.setrlimit(resource.RLIMIT_AS, _memory_saved)
                _memory_saved = None


def _lower_address_space(extra: int) -> tuple[int, int] | None:
    """Lower the soft ``RLIMIT_AS`` to the current size plus ``extra``; the previous limits."""
    try:
        import resource

        with open("/proc/self/statm") as statm:
            size = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = size + extra
        if soft != resource.RLIM_INFINITY:
            limit = min(limit, soft)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
        return soft, hard
    except (ImportError, OSError, ValueError, AttributeError):
        return None


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
    if target.exists() or target.is_symlink():
        raise BuildError(f"{target} already exists; not overwriting it")
    if not target.parent.resolve().is_relative_to(project_templates.resolve()):
        raise BuildError(f"{target.parent} leads outside the templates folder {project_templates}; not writing there")
    try:  # O_EXCL | O_NOFOLLOW: never through a link planted since the checks above
        target.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
    except OSError as exc:
        raise BuildError(f"{target}: cannot write: {exc.strerror or exc}") from None
    with os.fdopen(fd, "wb") as handle:
        handle.write(source.read_bytes())
    return target
