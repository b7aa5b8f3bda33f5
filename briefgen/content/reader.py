"""Stage 2 — validate: turn located YAML nodes into the content model, or located errors.

Every problem is recorded with its file, line and column; validation goes on after an
error so that one run reports them all.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from typing import TypeVar

from briefgen.content import citations
from briefgen.content.load import Document, Mapping, Node, Scalar, Sequence
from briefgen.content.model import (
    CHART_TYPES,
    Chart,
    ChartPoint,
    ChartSeries,
    ChartTarget,
    Figure,
    IsoWeek,
    Name,
    PartialDate,
    Quote,
    Source,
    Text,
    Theme,
    ThemeRef,
    TimelineEntry,
    WeeklyBrief,
)
from briefgen.errors import Diagnostics, Location, suggest

T = TypeVar("T")

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
SOURCE_ID = re.compile(r"^[\w](?:\w|[:.#$%&\-+?<>~/](?=\w))*$")
WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
LANG = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
STATUSES = ("active", "developing", "watching", "dormant", "closed")

SOURCE_FIELDS = (
    "id", "type", "title", "author", "container-title", "publisher", "issued", "accessed",
    "URL", "language", "note", "genre", "medium", "title-short", "abstract", "translated-title",
    "section", "number",
)
SOURCE_TYPES = (
    "article", "article-journal", "article-magazine", "article-newspaper", "book", "broadcast",
    "chapter", "dataset", "document", "interview", "legislation", "manuscript", "motion_picture",
    "pamphlet", "personal_communication", "post", "post-weblog", "report", "speech", "webpage",
)
THEME_FIELDS = (
    "title", "summary", "lang", "status", "updated", "tags", "key_points", "timeline",
    "figures", "charts", "quotes", "assessment", "open_questions",
)
WEEKLY_FIELDS = ("number", "week", "date", "title", "handling", "authors", "lang", "bluf", "themes")
NAME_FIELDS = ("family", "given", "literal", "suffix", "dropping-particle", "non-dropping-particle")
TIMELINE_FIELDS = ("date", "when", "week", "label", "text")
FIGURE_FIELDS = ("label", "value", "as_of", "cite")
QUOTE_FIELDS = ("text", "speaker", "role", "cite", "original")
THEME_REF_FIELDS = ("id", "note")
CHART_FIELDS = ("type", "title", "unit", "as_of", "data", "series", "target", "max", "note", "alt", "cite")
CHART_SERIES_FIELDS = ("name", "data")
CHART_POINT_FIELDS = ("label", "value", "to", "text")
CHART_TARGET_FIELDS = ("value", "label", "text")
CHART_MAX_SERIES = 4  # the house palette has four series colours
NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")


class Reader:
    """Reads one YAML document's nodes into typed values, recording located errors."""

    def __init__(self, document: Document, diagnostics: Diagnostics, known_sources: Iterable[str] = ()):
        self.document = document
        self.diagnostics = diagnostics
        self.known_sources = set(known_sources)

    # -- structure -----------------------------------------------------------------------

    def error(self, where: Location, message: str) -> None:
        self.diagnostics.error(where, message)

    def mapping(self, node: Node | None, what: str, fields: tuple[str, ...], required: tuple[str, ...],
                where: Location | None = None) -> Mapping | None:
        """Check that ``node`` is a mapping with only ``fields`` and all of ``required``."""
        if not isinstance(node, Mapping):
            self.error(_where(node, where, self.document), f"{what} must be a mapping")
            return None
        for key, key_node in node.keys.items():
            if key not in fields:
                self.error(key_node.location, f"unknown field {key!r} in {what}{suggest(key, fields)}")
        for key in required:
            value = node.values.get(key)
            if value is None or (isinstance(value, Scalar) and value.is_null):
                self.error(node.location, f"{what} is missing required field {key!r}")
        return node

    def items(self, mapping: Mapping, key: str) -> tuple[Node, ...]:
        """The items of an optional list field (an absent or null field is empty)."""
        node = mapping.values.get(key)
        if node is None or (isinstance(node, Scalar) and node.is_null):
            return ()
        if not isinstance(node, Sequence):
            self.error(node.location, f"{key!r} must be a list")
            return ()
        return node.items

    def scalar(self, mapping: Mapping, key: str) -> Scalar | None:
        """An optional scalar field; a list or mapping there is an error."""
        node = mapping.values.get(key)
        if node is None or (isinstance(node, Scalar) and node.is_null):
            return None
        if not isinstance(node, Scalar):
            self.error(node.location, f"{key!r} must be a single value, not a list or mapping")
            return None
        return node

    # -- typed values ----------------------------------------------------------------------

    def string(self, mapping: Mapping, key: str, default: str = "") -> str:
        node = self.scalar(mapping, key)
        return node.value.strip() if node else default

    def integer(self, mapping: Mapping, key: str) -> int:
        node = self.scalar(mapping, key)
        if node is None:
            return 0
        if not re.fullmatch(r"\d{1,9}", node.value.strip()):
            self.error(node.location, f"{key!r} must be a whole number, not {node.value!r}")
            return 0
        return int(node.value)

    def partial_date(self, mapping: Mapping, key: str) -> PartialDate | None:
        node = mapping.values.get(key)
        if node is None or (isinstance(node, Scalar) and node.is_null):
            return None
        if isinstance(node, Mapping) and set(node.values) == {"date-parts"}:
            return self._date_parts(node.values["date-parts"], key)
        if not isinstance(node, Scalar):
            self.error(node.location, f"{key!r} must be a date such as 2025-10-17, 2025-10 or 2025")
            return None
        return self._parse_date(node, key)

    def _parse_date(self, node: Scalar, key: str) -> PartialDate | None:
        match = DATE.match(node.value.strip())
        if not match:
            self.error(node.location, f"{key!r} must be a date such as 2025-10-17, 2025-10 or 2025, "
                                      f"not {node.value!r}")
            return None
        year, month, day = (int(g) if g else None for g in match.groups())
        return self._checked_date(node.location, key, year, month, day)

    def _date_parts(self, node: Node, key: str) -> PartialDate | None:
        parts = node.items[0] if isinstance(node, Sequence) and node.items else None
        values = parts.items if isinstance(parts, Sequence) else ()
        if not 1 <= len(values) <= 3 or not all(isinstance(v, Scalar) and v.value.isdigit() for v in values):
            self.error(node.location, f"{key!r} date-parts must look like [[2025, 10, 17]]")
            return None
        numbers = [int(v.value) for v in values] + [None, None]
        return self._checked_date(node.location, key, numbers[0], numbers[1], numbers[2])

    def _checked_date(self, where: Location, key: str, year, month, day) -> PartialDate | None:
        try:
            dt.date(year, month or 1, day or 1)
        except ValueError:
            self.error(where, f"{key!r} is not a real date: {PartialDate(year, month, day)}")
            return None
        return PartialDate(year, month, day)

    def full_date(self, mapping: Mapping, key: str) -> dt.date | None:
        value = self.partial_date(mapping, key)
        if value is not None and not value.is_full:
            self.error(mapping.values[key].location, f"{key!r} must give the day: YYYY-MM-DD")
            return None
        return value.as_date() if value else None

    def week(self, node: Scalar | None, key: str) -> IsoWeek | None:
        if node is None:
            return None
        match = WEEK.match(node.value.strip())
        if not match:
            self.error(node.location, f"{key!r} must be an ISO week such as 2025-W44, not {node.value!r}")
            return None
        year, week = int(match.group(1)), int(match.group(2))
        try:
            dt.date.fromisocalendar(year, week, 1)
        except ValueError:
            self.error(node.location, f"{key!r}: {year} has no week {week}")
            return None
        return IsoWeek(year, week)

    def language(self, mapping: Mapping, key: str, default: str) -> str:
        node = self.scalar(mapping, key)
        if node is None:
            return default
        if not LANG.match(node.value.strip()):
            self.error(node.location, f"{key!r} must be a language tag such as en or fr, not {node.value!r}")
            return default
        return node.value.strip()

    def strings(self, mapping: Mapping, key: str) -> tuple[str, ...]:
        result = []
        for item in self.items(mapping, key):
            if isinstance(item, Scalar) and not item.is_null:
                result.append(item.value.strip())
            else:
                self.error(item.location, f"each item of {key!r} must be a single value")
        return tuple(result)

    def text(self, node: Node | None, key: str) -> Text | None:
        """Markdown text with its citations parsed and checked against the bibliography."""
        if node is None or (isinstance(node, Scalar) and node.is_null):
            return None
        if not isinstance(node, Scalar):
            self.error(node.location, f"{key!r} must be text, not a list or mapping")
            return None
        found = citations.find_citations(node.value)
        return self._text(node, node.value, found)

    def reference(self, node: Node | None, key: str) -> Text | None:
        """A ``cite:`` field: one citation in Pandoc syntax."""
        if node is None or (isinstance(node, Scalar) and node.is_null):
            return None
        if not isinstance(node, Scalar):
            self.error(node.location, f"{key!r} must be a citation such as [@source-id]")
            return None
        found = citations.parse_reference(node.value)
        if not found:
            self.error(node.location, f"{key!r} must be a citation such as [@source-id], not {node.value!r}")
            return None
        markdown = node.value.strip()
        if not markdown.startswith("["):
            markdown = "[" + (markdown if markdown.startswith("@") else "@" + markdown) + "]"
        return self._text(node, markdown, found)

    def _text(self, node: Scalar, value: str, found) -> Text:
        locate = _key_locator(self.document.text, node, value)
        cites = tuple(citations.make_citation(parsed, locate) for parsed in found)
        for citation in cites:
            for item in citation.items:
                if item.key not in self.known_sources:
                    hint = suggest(item.key, self.known_sources)
                    self.error(item.location, f"unknown citation key '@{item.key}'{hint}")
        return Text(value, node.location, cites)

    def required_text(self, mapping: Mapping, key: str) -> Text:
        return self.text(mapping.values.get(key), key) or Text("", mapping.location)


def _where(node: Node | None, where: Location | None, document: Document) -> Location:
    if node is not None:
        return node.location
    return where or Location(document.path, 1, 1)


def _key_locator(text: str, node: Scalar, value: str) -> Callable[[int], Location]:
    """Map an offset of ``@key`` in a scalar's value to its place in the file.

    Folding and escapes mean value offsets are not file offsets, so the n-th ``@key`` in
    the value is matched to the n-th ``@key`` in the node's raw text.
    """
    raw = text[node.start:node.end]

    def locate(offset: int) -> Location:
        key_match = re.match(r"@[^\s;\],]+", value[offset:])
        token = key_match.group(0) if key_match else "@"
        nth = value.count(token, 0, offset)
        index = -1
        for _ in range(nth + 1):
            index = raw.find(token, index + 1)
            if index < 0:
                return node.location
        return _place_in(text, node, node.start + index)

    return locate


def _place_in(text: str, node: Scalar, index: int) -> Location:
    """The location of character ``index`` of ``text``, which lies inside ``node``: counted
    from the node's own location, not from the start of a file that may be long."""
    where = node.location
    newlines = text.count("\n", node.start, index)
    if not newlines:
        return Location(where.path, where.line, where.col + index - node.start)
    return Location(where.path, where.line + newlines, index - text.rfind("\n", node.start, index))


# -- documents -----------------------------------------------------------------------------


def read_sources(document: Document, diagnostics: Diagnostics) -> dict[str, Source]:
    """The bibliography: a list of CSL items (or a mapping with a ``references`` list)."""
    reader = Reader(document, diagnostics)
    root = document.root
    if isinstance(root, Mapping) and set(root.values) == {"references"}:
        root = root.values["references"]
    if not isinstance(root, Sequence):
        where = root.location if root is not None else Location(document.path, 1, 1)
        reader.error(where, "the bibliography must be a list of CSL items (or 'references:' with one)")
        return {}
    sources: dict[str, Source] = {}
    for node in root.items:
        source = _read_source(reader, node)
        if source is None:
            continue
        if source.id in sources:
            first = sources[source.id].location
            reader.error(source.location, f"duplicate source id {source.id!r} (first defined at line {first.line})")
            continue
        sources[source.id] = source
    return sources


def _read_source(reader: Reader, node: Node) -> Source | None:
    mapping = reader.mapping(node, "a source", SOURCE_FIELDS, ("id", "type", "title"))
    if mapping is None:
        return None
    source_id = reader.string(mapping, "id")
    if source_id and not SOURCE_ID.match(source_id):
        reader.error(mapping.values["id"].location, f"source id {source_id!r} is not a valid citation key")
    kind = reader.string(mapping, "type")
    if kind and kind not in SOURCE_TYPES:
        reader.error(mapping.values["type"].location, f"unknown CSL type {kind!r}{suggest(kind, SOURCE_TYPES)}")
    if not (source_id and kind and reader.string(mapping, "title")):
        return None
    return Source(
        id=source_id,
        type=kind,
        title=reader.string(mapping, "title"),
        location=mapping.location,
        author=tuple(_read_names(reader, mapping)),
        container_title=reader.string(mapping, "container-title"),
        publisher=reader.string(mapping, "publisher"),
        issued=reader.partial_date(mapping, "issued"),
        accessed=reader.partial_date(mapping, "accessed"),
        url=_read_url(reader, mapping),
        language=reader.language(mapping, "language", ""),
        note=reader.string(mapping, "note"),
        genre=reader.string(mapping, "genre"),
        medium=reader.string(mapping, "medium"),
        title_short=reader.string(mapping, "title-short"),
        abstract=reader.string(mapping, "abstract"),
        translated_title=reader.string(mapping, "translated-title"),
        section=reader.string(mapping, "section"),
        number=reader.string(mapping, "number"),
    )


def _read_names(reader: Reader, mapping: Mapping) -> list[Name]:
    names = []
    for item in reader.items(mapping, "author"):
        if isinstance(item, Scalar):
            names.append(Name(literal=item.value.strip()))
            continue
        name = reader.mapping(item, "an author", NAME_FIELDS, ())
        if name is not None:
            names.append(Name(reader.string(name, "family"), reader.string(name, "given"),
                              reader.string(name, "literal")))
    return names


def _read_url(reader: Reader, mapping: Mapping) -> str:
    node = reader.scalar(mapping, "URL")
    if node is None:
        return ""
    url = node.value.strip()
    if not re.match(r"^https?://[^\s<>\"]+$", url):
        reader.error(node.location, f"URL must be an http(s) address, not {url!r}")
        return ""
    return url


def read_theme(document: Document, theme_id: str, diagnostics: Diagnostics, sources: Iterable[str]) -> Theme | None:
    """One theme file; ``theme_id`` comes from its file name."""
    reader = Reader(document, diagnostics, sources)
    mapping = reader.mapping(document.root, "a theme", THEME_FIELDS, ("title", "summary"))
    if mapping is None:
        return None
    status = reader.scalar(mapping, "status")
    if status is not None and status.value.strip() not in STATUSES:
        reader.error(status.location, f"status must be one of {', '.join(STATUSES)}{suggest(status.value, STATUSES)}")
    return Theme(
        id=theme_id,
        path=document.path,
        title=reader.string(mapping, "title"),
        summary=reader.required_text(mapping, "summary"),
        lang=reader.language(mapping, "lang", ""),
        status=status.value.strip() if status else "",
        updated=reader.partial_date(mapping, "updated"),
        tags=reader.strings(mapping, "tags"),
        key_points=_texts(reader, mapping, "key_points"),
        timeline=tuple(_collect(reader, mapping, "timeline", _read_entry)),
        figures=tuple(_collect(reader, mapping, "figures", _read_figure)),
        quotes=tuple(_collect(reader, mapping, "quotes", _read_quote)),
        assessment=reader.text(mapping.values.get("assessment"), "assessment"),
        open_questions=_texts(reader, mapping, "open_questions"),
        updated_location=mapping.keys["updated"].location if "updated" in mapping.keys else mapping.location,
        charts=tuple(_collect(reader, mapping, "charts", _read_chart)),
    )


def _texts(reader: Reader, mapping: Mapping, key: str) -> tuple[Text, ...]:
    texts = (reader.text(item, key) for item in reader.items(mapping, key))
    return tuple(text for text in texts if text is not None)


def _collect(reader: Reader, mapping: Mapping, key: str, read: Callable[[Reader, Node], T | None]) -> list[T]:
    return [value for item in reader.items(mapping, key) if (value := read(reader, item)) is not None]


def _read_entry(reader: Reader, node: Node) -> TimelineEntry | None:
    mapping = reader.mapping(node, "a timeline entry", TIMELINE_FIELDS, ("date", "text"))
    if mapping is None:
        return None
    date = reader.partial_date(mapping, "date")
    text = reader.text(mapping.values.get("text"), "text")
    week = reader.week(reader.scalar(mapping, "week"), "week")
    if date is None or text is None:
        return None
    return TimelineEntry(date, text, reader.string(mapping, "when"), week, mapping.location,
                         reader.string(mapping, "label"))


def _read_figure(reader: Reader, node: Node) -> Figure | None:
    mapping = reader.mapping(node, "a figure", FIGURE_FIELDS, ("label", "value"))
    if mapping is None:
        return None
    cite = reader.reference(mapping.values.get("cite"), "cite")
    return Figure(reader.string(mapping, "label"), reader.string(mapping, "value"), cite,
                  reader.partial_date(mapping, "as_of"), mapping.location)


# -- charts (the grammar is described in docs/charts.md) ----------------------------------------


def _read_chart(reader: Reader, node: Node) -> Chart | None:
    mapping = reader.mapping(node, "a chart", CHART_FIELDS, ("type", "title", "alt", "cite"))
    if mapping is None:
        return None
    kind_node = reader.scalar(mapping, "type")
    kind = kind_node.value.strip() if kind_node else ""
    if kind_node is not None and kind not in CHART_TYPES:
        reader.error(kind_node.location, f"unknown chart type {kind!r}: use bar, line or comparison"
                                         f"{suggest(kind, CHART_TYPES)}")
        kind = ""
    title, alt = reader.string(mapping, "title"), reader.string(mapping, "alt")
    cite = reader.reference(mapping.values.get("cite"), "cite")
    series = _chart_series(reader, mapping, kind)
    target = _chart_target(reader, mapping)
    top = _number(reader, mapping, "max")
    if top is not None and series:
        values = [v for s in series for p in s.points for v in (p.value, p.to) if v is not None]
        values += [target.value] if target else []
        if top <= 0:
            reader.error(mapping.values["max"].location, "'max' must be more than 0")
        elif values and max(values) > top:
            reader.error(mapping.values["max"].location,
                         f"'max' ({_shown(top)}) is less than the largest value in the chart ({_shown(max(values))})")
    if not (kind and title and alt and series):
        return None
    return Chart(kind, title, alt, cite, series, reader.string(mapping, "unit"), reader.string(mapping, "note"),
                 reader.partial_date(mapping, "as_of"), target, top, mapping.location)


def _present(node: Node | None) -> bool:
    return node is not None and not (isinstance(node, Scalar) and node.is_null)


def _chart_series(reader: Reader, mapping: Mapping, kind: str) -> tuple[ChartSeries, ...]:
    """The chart's values: ``data`` (one series) or ``series`` (several, with the same labels)."""
    data, several = mapping.values.get("data"), mapping.values.get("series")
    if _present(data) and _present(several):
        reader.error(mapping.keys["series"].location, "a chart takes 'data' or 'series', not both")
        return ()
    if _present(data):
        points = _chart_points(reader, data, kind)
        return (ChartSeries("", points, data.location),) if points is not None else ()
    if not _present(several):
        reader.error(mapping.location, "a chart is missing its values: give 'data' (one series) "
                                       "or 'series' (several)")
        return ()
    if isinstance(several, Sequence) and not several.items:
        reader.error(several.location, "'series' is empty: a chart needs at least one series")
        return ()
    result, complete, names = [], True, {}
    for index, item in enumerate(reader.items(mapping, "series")):
        entry = reader.mapping(item, "a chart series", CHART_SERIES_FIELDS, ("name", "data"))
        if entry is None:
            complete = False
            continue
        name = reader.string(entry, "name")
        if index == CHART_MAX_SERIES:
            reader.error(item.location, f"a chart can show at most {CHART_MAX_SERIES} series")
        if name in names:
            reader.error(entry.values["name"].location, f"series {name!r} appears twice in this chart")
        names.setdefault(name, index)
        points = _chart_points(reader, entry.values.get("data"), kind) if _present(entry.values.get("data")) else None
        if points is None or not name:
            complete = False
            continue
        result.append(ChartSeries(name, points, entry.values["data"].location))
    if complete and result:
        _same_labels(reader, result)
    return tuple(result) if complete and len(result) <= CHART_MAX_SERIES else ()


def _same_labels(reader: Reader, series: list[ChartSeries]) -> None:
    """Every series must give the same labels, in the same order: they are drawn side by side."""
    first = series[0]
    for other in series[1:]:
        if other.labels == first.labels:
            continue
        if len(other.points) != len(first.points):
            count = f"{len(other.points)} point" + ("s" if len(other.points) != 1 else "")
            reader.error(other.location, f"series {other.name!r} has {count} but series {first.name!r} has "
                                         f"{len(first.points)}: every series needs the same labels, in the same order")
            continue
        index = next(i for i, (a, b) in enumerate(zip(first.labels, other.labels, strict=True)) if a != b)
        reader.error(other.points[index].location,
                     f"label {other.points[index].label!r} in series {other.name!r} does not match "
                     f"{first.points[index].label!r}, the label at the same place in series {first.name!r}")


def _chart_points(reader: Reader, node: Node, kind: str) -> tuple[ChartPoint, ...] | None:
    """A list of points; None when any of them is wrong (the errors are recorded)."""
    if not isinstance(node, Sequence):
        reader.error(node.location, "'data' must be a list of points such as {label: Ukraine, value: 3500000}")
        return None
    if not node.items:
        reader.error(node.location, "'data' is empty: a chart needs at least one point")
        return None
    if kind == "line" and len(node.items) < 2:
        reader.error(node.location, "a line chart needs at least two points")
    points, seen, complete = [], set(), True
    for item in node.items:
        entry = reader.mapping(item, "a chart point", CHART_POINT_FIELDS, ("label", "value"))
        if entry is None:
            complete = False
            continue
        label_node = reader.scalar(entry, "label")
        label = reader.string(entry, "label")
        value, to = _number(reader, entry, "value"), _number(reader, entry, "to")
        if to is not None and kind == "line":
            reader.error(entry.values["to"].location, "a line chart cannot show a range: remove 'to' "
                                                      "or use a bar or comparison chart")
        elif to is not None and value is not None and to < value:
            reader.error(entry.values["to"].location,
                         f"'to' ({_shown(to)}) must not be less than 'value' ({_shown(value)})")
        if label and label in seen:
            reader.error(label_node.location, f"label {label!r} appears twice in this series")
        seen.add(label)
        if not label or value is None:
            complete = False
            continue
        where = label_node.location if label_node is not None else entry.location
        points.append(ChartPoint(label, value, to, reader.string(entry, "text"), where))
    if not complete or (kind == "line" and len(points) < 2):
        return None
    return tuple(points)


def _chart_target(reader: Reader, mapping: Mapping) -> ChartTarget | None:
    node = mapping.values.get("target")
    if not _present(node):
        return None
    entry = reader.mapping(node, "a chart target", CHART_TARGET_FIELDS, ("value",))
    if entry is None:
        return None
    value = _number(reader, entry, "value")
    if value is None:
        return None
    return ChartTarget(value, reader.string(entry, "label"), reader.string(entry, "text"))


def _number(reader: Reader, mapping: Mapping, key: str) -> float | None:
    """A chart value: digits with an optional decimal point, never negative."""
    node = reader.scalar(mapping, key)
    if node is None:
        return None
    raw = node.value.strip()
    if not NUMBER.match(raw):
        hint = " (the source's wording goes in 'text')" if key in ("value", "to") else ""
        reader.error(node.location, f"{key!r} must be a number such as 3500000 or 40.5, not {raw!r}{hint}")
        return None
    number = float(raw)
    if number < 0:
        reader.error(node.location, f"{key!r} must not be negative: chart values are drawn from zero")
        return None
    return number


def _shown(number: float) -> str:
    return f"{number:.10g}"


def _read_quote(reader: Reader, node: Node) -> Quote | None:
    mapping = reader.mapping(node, "a quote", QUOTE_FIELDS, ("text",))
    if mapping is None:
        return None
    cite = reader.reference(mapping.values.get("cite"), "cite")
    return Quote(reader.string(mapping, "text"), reader.string(mapping, "speaker"), cite,
                 reader.string(mapping, "role"), reader.string(mapping, "original"), mapping.location)


def read_weekly(document: Document, brief_id: str, diagnostics: Diagnostics, sources: Iterable[str],
                themes: Iterable[str]) -> WeeklyBrief | None:
    """One weekly brief; ``brief_id`` is its file name, which must be its ISO week."""
    reader = Reader(document, diagnostics, sources)
    required = ("number", "week", "date", "title", "bluf", "themes")
    mapping = reader.mapping(document.root, "a weekly brief", WEEKLY_FIELDS, required)
    if mapping is None:
        return None
    week_node = reader.scalar(mapping, "week")
    week = reader.week(week_node, "week")
    date = reader.full_date(mapping, "date")
    if week and str(week) != brief_id:
        reader.error(week_node.location, f"week {week} does not match the file name {brief_id}.yaml")
    if week and date and not week.contains(date):
        reader.error(mapping.values["date"].location,
                     f"date {date} lies outside week {week} ({week.monday} to {week.sunday})")
    refs = tuple(_collect(reader, mapping, "themes", lambda r, n: _read_theme_ref(r, n, set(themes))))
    if week is None or date is None:
        return None
    return WeeklyBrief(
        id=brief_id,
        path=document.path,
        number=reader.integer(mapping, "number"),
        week=week,
        date=date,
        title=reader.string(mapping, "title"),
        bluf=reader.required_text(mapping, "bluf"),
        themes=refs,
        handling=reader.string(mapping, "handling"),
        authors=reader.strings(mapping, "authors"),
        lang=reader.language(mapping, "lang", ""),
    )


def _read_theme_ref(reader: Reader, node: Node, themes: set[str]) -> ThemeRef | None:
    if isinstance(node, Scalar):
        theme_id, note, where = node.value.strip(), None, node.location
    else:
        mapping = reader.mapping(node, "a theme entry", THEME_REF_FIELDS, ("id",))
        if mapping is None or reader.scalar(mapping, "id") is None:
            return None
        where = mapping.values["id"].location
        theme_id, note = reader.string(mapping, "id"), reader.text(mapping.values.get("note"), "note")
    if theme_id not in themes:
        reader.error(where, f"unknown theme {theme_id!r}{suggest(theme_id, themes)}")
        return None
    return ThemeRef(theme_id, where, note)
