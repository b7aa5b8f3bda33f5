"""Template errors in briefgen's words: what is wrong, with "did you mean", never Python's.

Jinja says ``'briefgen.render.views.BriefView object' has no attribute 'tittle'``, ``No
filter named 'upcase'.`` or ``_date_filter() takes 2 positional arguments but 3 were given``;
an editor who knows HTML but not Python reads instead ``brief has no 'tittle' (did you mean
'title'?)``, ``there is no filter 'upcase' (did you mean 'upper'?)`` and ``the filter 'date'
takes no arguments``.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping

from jinja2 import StrictUndefined
from jinja2.utils import missing

from briefgen.errors import suggest

# Filters of other template languages (Liquid, Django) an editor may reach for.
OTHER_LANGUAGES = {"upcase": "upper", "downcase": "lower", "capitalise": "capitalize", "strip": "trim",
                   "size": "length", "count": "length", "strftime": "date", "escape_once": "escape"}
# What templates call the objects they are given (the view classes of briefgen.render).
_NAMES = {"BriefView": "brief", "ThemeView": "theme", "ThemeSection": "section", "EntryView": "entry",
          "FigureView": "figure", "QuoteView": "quote", "JudgementView": "judgement", "Rich": "text",
          "ChartView": "chart", "YardstickView": "yardstick"}


class ExplainedUndefined(StrictUndefined):
    """A missing variable or attribute that says what there is instead."""

    __slots__ = ()

    @property
    def _undefined_message(self) -> str:
        name, owner = self._undefined_name, self._undefined_obj
        if self._undefined_hint:  # the sandbox's own word: "access to attribute … is unsafe"
            return self._undefined_hint
        if owner is missing:
            return f"{name!r} is undefined"
        return f"{_described(owner)} has no {name!r}{suggest(str(name), _names_of(owner))}"


def _names_of(owner) -> list[str]:
    if isinstance(owner, Mapping):
        return [str(key) for key in owner]
    if dataclasses.is_dataclass(owner):
        names = [f.name for f in dataclasses.fields(owner)]
        return names + [n for n, v in vars(type(owner)).items() if isinstance(v, property)]
    return [n for n in dir(owner) if not n.startswith("_")]


def _described(owner) -> str:
    kind = type(owner).__name__
    if kind in _NAMES:
        return _NAMES[kind]
    if isinstance(owner, Mapping):
        return "this mapping"
    return f"this {kind.lower()}"


def undefined_variable(message: str, context: Mapping, globals_: Mapping) -> str:
    """``'x' is undefined`` said with the variables the template could use instead."""
    match = re.match(r"^'([^']+)' is (?:undefined|not defined)$", message)
    if not match:
        return message
    name = match.group(1)
    return f"there is no variable {name!r}{suggest(name, [*context, *globals_])}"


def unknown_filter_or_test(message: str, filters: Mapping, tests: Mapping) -> str:
    """``No filter named 'upcase'.`` said with the filters there are."""
    match = re.match(r"^No (filter|test) named '([^']+)'", message)
    if not match:
        return message
    kind, name = match.groups()
    names = [n for n in (filters if kind == "filter" else tests) if not n.startswith("_")]
    if kind == "filter" and name in OTHER_LANGUAGES:
        return f"there is no filter {name!r} (did you mean {OTHER_LANGUAGES[name]!r}?)"
    return f"there is no {kind} {name!r}{suggest(name, names)}"


def bad_filter_call(exc: TypeError, filters: Mapping) -> str | None:
    """A filter called with the wrong arguments, named as the template names it; None for
    any other TypeError."""
    match = re.match(r"^(\w+)\(\) (takes|missing|got) (.*)$", str(exc))
    if not match:
        return None
    function = match.group(1)
    name = next((n for n, f in filters.items() if getattr(f, "__name__", "") == function), None)
    if name is None:
        return None
    if match.group(2) == "takes" and re.match(r"^2 positional arguments? but [3-9]", match.group(3)):
        return f"the filter {name!r} takes no arguments: write {{{{ value | {name} }}}}"
    return f"the filter {name!r} was given the wrong arguments ({match.group(2)} {match.group(3)})"


_OPENS = ("block", "if", "for", "macro", "call", "filter", "with", "raw", "autoescape")
_TAG = re.compile(r"\{%[-+]?\s*(end)?(\w+)\b(.*?)[-+]?%\}", re.S)


def unclosed(message: str, source: str | None) -> tuple[int, str] | None:
    """For "Unexpected end of template": the line where the tag that is never closed opens,
    and what to say of it; None for any other error or when it cannot be told."""
    if not source or not message.startswith("Unexpected end of template"):
        return None
    stack: list[tuple[str, str, int]] = []
    for match in _TAG.finditer(source):
        ending, name = match.group(1), match.group(2)
        if name not in _OPENS or (name == "set" and "=" in match.group(3)):
            continue
        line = source.count("\n", 0, match.start()) + 1
        if ending and stack and stack[-1][0] == name:
            stack.pop()
        elif not ending:
            stack.append((name, match.group(3).strip(), line))
    if not stack:
        return None
    name, argument, line = stack[-1]
    opened = f"{{% {name} {argument} %}}".replace("  ", " ")
    return line, f"{opened} is never closed: add {{% end{name} %}}"
