"""What charts and timeline graphics share: the house palette read from the stylesheets,
escaped SVG building blocks, numbers written for readers, and text measured for layout.

Pure Python string building: no dependency, deterministic output (coordinates are
rounded to two decimals, nothing depends on the clock, the locale or a random id).
Imported only when a document has a chart or a timeline graphic to draw.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from briefgen.labels import BUILT_IN, Catalogues

# -- the palette -------------------------------------------------------------------------
#
# WeasyPrint (70) draws inline SVG without the document's CSS: neither class rules nor
# custom properties reach SVG elements. So the colours and the font are resolved here,
# from the ``--chart-*`` custom properties of the stylesheets' ``:root`` rules, and
# written as presentation attributes. Browsers let any CSS rule override presentation
# attributes, and style.css styles the same classes with the same properties, so the web
# page follows the stylesheet too.

PROPERTIES = {  # custom property → default, used when no stylesheet gives one
    "chart-font": "Inter, Noto Sans, DejaVu Sans, sans-serif",
    "chart-ink": "#1b1f24",
    "chart-muted": "#55606d",
    "chart-grid": "#c9d1da",
    "chart-paper": "#ffffff",
    "chart-1": "#1f4e79",
    "chart-2": "#8fb3d9",
    "chart-3": "#b07a1e",
    "chart-4": "#55606d",
    "chart-range": "#e8eef5",
    "chart-target": "#7a1f1f",
    "chart-event": "#55606d",
    "chart-highlight": "#1f4e79",
    "chart-week": "#e8eef5",
}
SERIES = 4  # the palette has this many series colours


class Paint(str):
    """A colour from the palette that knows its role: ``attrs`` adds the class that restyles it.

    ``fill=pal["chart-ink"]`` writes ``fill="#1b1f24"`` and the class ``fill-ink``; style.css
    gives ``.chart-svg .fill-ink`` the same custom property, so on screen the stylesheet wins.
    """

    role: str

    def __new__(cls, value: str, role: str) -> Paint:
        paint = super().__new__(cls, value)
        paint.role = role
        return paint


@dataclass(frozen=True)
class Palette:
    values: tuple[tuple[str, str], ...]

    def __getitem__(self, name: str) -> str:
        return self._paints[name]

    @cached_property
    def _paints(self) -> dict[str, str]:
        return {name: value if name == "chart-font" else Paint(value, name.removeprefix("chart-"))
                for name, value in self.values}

    def series(self, index: int) -> str:
        return self[f"chart-{index % SERIES + 1}"]


def palette_of(sheets: list[Path]) -> Palette:
    """The chart palette the stylesheets ``sheets`` declare, in cascade order: a build passes
    its own cascade (the built-in style.css, the project's or ``--css``, ``extra_css``)."""
    stamps = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in sheets if p.is_file())
    return _palette(stamps)


@lru_cache(maxsize=16)
def _palette(stamps: tuple[tuple[str, int, int], ...]) -> Palette:
    declared: dict[str, str] = {}
    for path, _, _ in stamps:
        declared.update(root_properties(Path(path).read_text("utf-8")))
    values = []
    for name, default in PROPERTIES.items():
        value = resolve(declared.get(name, ""), declared) or default
        if name == "chart-font":
            value = ", ".join(part.strip().strip("\"'") for part in value.split(",") if part.strip())
        if not re.fullmatch(r"[#\w\s,.()%+-]+", value):  # nothing that could break out of an attribute
            value = default
        values.append((name, value))
    return Palette(tuple(values))


def root_properties(css: str) -> dict[str, str]:
    """The custom properties declared in the top-level ``:root`` rules of ``css``, last wins."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    found: dict[str, str] = {}
    depth, start, selector_start = 0, 0, 0
    for index, char in enumerate(css):
        if char == "{":
            if depth == 0:
                selector, start = css[selector_start:index].rsplit(";", 1)[-1].strip(), index + 1
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                if ":root" in [s.strip() for s in selector.split(",")]:
                    for declaration in css[start:index].split(";"):
                        name, _, value = declaration.partition(":")
                        if name.strip().startswith("--") and value.strip():
                            found[name.strip()[2:]] = value.strip()
                selector_start = index + 1
            depth = max(depth, 0)
    return found


def resolve(value: str, declared: dict[str, str], depth: int = 0) -> str:
    """``value`` with ``var(--name, fallback)`` replaced by what it refers to."""
    if depth > 10:
        return ""

    def substitute(match: re.Match) -> str:
        name, fallback = match.group(1), (match.group(2) or "").strip()
        if name in declared:
            return resolve(declared[name], declared, depth + 1)
        return resolve(fallback, declared, depth + 1)

    previous = None
    while previous != value:
        previous, value = value, re.sub(r"var\(\s*--([\w-]+)\s*(?:,([^()]*))?\)", substitute, value)
    return value.strip()


# -- SVG building blocks --------------------------------------------------------------------


@lru_cache(maxsize=8192)
def esc(text: object) -> str:
    """Text or an attribute value, escaped for XML and HTML alike."""
    return (str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&#39;"))


def n(value: float) -> str:
    """A coordinate: at most two decimals, no trailing zeros, never ``-0``."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def attrs(**values: object) -> str:
    """` name="value"` pairs; a trailing underscore is dropped, other underscores become hyphens."""
    roles = [f"{key}-{value.role}" for key, value in values.items() if type(value) is Paint]
    if roles:
        values = {"class_": " ".join(filter(None, [values.pop("class_", None), *roles])), **values}
    out = []
    for key, value in values.items():
        if value is None or value == "":
            continue
        if isinstance(value, (int, float)) and type(value) is not bool:
            out.append(f' {_attribute_name(key)}="{n(value)}"')
        else:
            out.append(f' {_attribute_name(key)}="{esc(value)}"')
    return "".join(out)


@lru_cache(maxsize=256)
def _attribute_name(key: str) -> str:
    return key.rstrip("_").replace("_", "-")


def shape(tag: str, **values: object) -> str:
    """An empty SVG element: ``shape("rect", x=1.5, fill=…)`` gives ``<rect x="1.5" fill="…"/>``."""
    return f"<{tag}{attrs(**values)}/>"


def text(x: float, y: float, content: str, cls: str, fill: str, anchor: str = "start",
         weight: str = "", size: float | None = None) -> str:
    values = attrs(class_=cls, x=x, y=y, text_anchor=None if anchor == "start" else anchor, fill=fill,
                   font_weight=weight or None, font_size=size)
    return f"<text{values}>{esc(content)}</text>"


def open_svg(kind: str, ident: str, width: float, height: float, title: str, desc: str, pal: Palette,
             size: float) -> str:
    """The ``<svg>`` start tag with the accessible name (``title``) and description (``desc``)."""
    values = attrs(class_=f"chart-svg {kind}", viewBox=f"0 0 {n(width)} {n(height)}", width=width, height=height,
                   role="img", aria_labelledby=f"{ident}-title", aria_describedby=f"{ident}-desc",
                   font_family=pal["chart-font"], font_size=size, fill=str(pal["chart-ink"]))
    return (f'<svg xmlns="http://www.w3.org/2000/svg"{values}>'
            f'<title id="{esc(ident)}-title">{esc(title)}</title><desc id="{esc(ident)}-desc">{esc(desc)}</desc>')


# -- numbers ----------------------------------------------------------------------------------

NNBSP = "\u202f"


def plain_number(value: float) -> str:
    """A number as an editor writes it: ``3500000``, ``40.5`` (never ``3.5e+06``)."""
    if float(value).is_integer():
        return str(int(value))
    text = repr(float(value))
    return f"{value:f}".rstrip("0") if "e" in text else text


def format_number(value: float, lang: str = "en") -> str:
    """``3500000`` → ``3,500,000`` (English) or ``3 500 000`` (French); ``40.5`` → ``40,5`` in French."""
    text = plain_number(value)
    sign = "-" if text.startswith("-") else ""
    whole, _, decimals = text.lstrip("-").partition(".")
    french = lang.split("-")[0].lower() == "fr"
    group = NNBSP if french else ","
    grouped = ""
    while len(whole) > 3:
        grouped = group + whole[-3:] + grouped
        whole = whole[:-3]
    grouped = whole + grouped
    if decimals:
        grouped += ("," if french else ".") + decimals
    return sign + grouped


def nice_ticks(top: float, count: int = 5) -> list[float]:
    """Round tick values from 0 up to at least ``top``: steps of 1, 2, 2.5 or 5 times a power of ten."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / count
    power = 10 ** _floor_log10(raw)
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    ticks, value = [], 0.0
    while value < top - 1e-9 * top:
        ticks.append(round(value, 10))
        value += step
    ticks.append(round(value, 10))
    return ticks


def _floor_log10(value: float) -> int:
    exponent = 0
    while value >= 10:
        value /= 10
        exponent += 1
    while value < 1:
        value *= 10
        exponent -= 1
    return exponent


# -- text measurement -------------------------------------------------------------------------
# Approximate advance widths of a humanist sans (Inter, Noto Sans) in ems: enough to lay
# out labels without a font library, with room to spare.

_NARROW = set("fijlrtI.,:;!'|()[] ")
_WIDE = set("mwMW@%&")
_CAPS = set("ABCDEFGHJKLNOPQRSTUVXYZ")


@lru_cache(maxsize=8192)
def text_width(content: str, size: float, bold: bool = False) -> float:
    """The approximate width of ``content`` set in the chart font at ``size``."""
    width = 0.0
    for char in content:
        if char in _NARROW:
            width += 0.3
        elif char in _WIDE:
            width += 0.86
        elif char in _CAPS:
            width += 0.68
        elif char.isdigit():
            width += 0.6
        else:
            width += 0.56
    return width * size * (1.06 if bold else 1.0)


def wrap(content: str, width: float, size: float, lines: int = 2) -> list[str]:
    """``content`` broken at spaces into at most ``lines`` lines of ``width``; the last is cut with …."""
    words, result, current = content.split(), [], ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if current and text_width(candidate, size) > width:
            result.append(current)
            current = word
        else:
            current = candidate
    if current:
        result.append(current)
    if len(result) > lines:
        result = [*result[:lines - 1], " ".join(result[lines - 1:])]
    if result and text_width(result[-1], size) > width:
        last = result[-1]
        while last and text_width(last + "…", size) > width:
            last = last[:-1].rstrip()
        result[-1] = last + "…"
    return result or [""]


# -- words --------------------------------------------------------------------------------------

def words(lang: str, catalogues: Catalogues = BUILT_IN) -> dict[str, str]:
    """Fixed chart words in ``lang``: the ``charts:`` section of the project's label catalogues."""
    return {key: str(value) for key, value in catalogues.get(lang)["charts"].items()}


def month_abbreviations(lang: str, catalogues: Catalogues = BUILT_IN) -> list[str]:
    """Short month names for chart axes, from the project's label catalogues."""
    return list(catalogues.get(lang)["months_short"])
