"""A theme's timeline drawn as inline SVG: dated events on an axis, this week's highlighted.

Events sit on a time axis; each has a short label (the entry's ``label``, else the start of
its text) beside its point, packed into as few rows as do not overlap. A date known only
to the month or the year is drawn as an open point with a bar across its month (or year):
an approximate date is never shown as more precise than it is. Long quiet gaps (years
between an early event and the rest) are cut out of the axis and marked with a break, so
that clustered events stay legible. The dated list under the graphic stays the text
version; the graphic's ``<title>`` and ``<desc>`` say what it shows.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from briefgen import labels as label_catalogue
from briefgen.content.model import TimelineEntry
from briefgen.graphics.svg import (
    Palette,
    attrs,
    esc,
    month_abbreviations,
    open_svg,
    shape,
    text,
    text_width,
    words,
    wrap,
)

WIDTH = 600.0
SIZE = 10.0
PAD = 6.0
ROW = 15.0
BREAK = 16.0          # the width of an axis break
MIN_SEGMENT = 64.0    # the narrowest a stretch of axis may be
LABEL_WIDTH = 200.0   # the longest an event label may be
MAX_ROWS = 12         # events beyond what fits in this many rows are drawn without a label
MARGIN = 5.0          # between the end of a stretch of axis and its first or last day


@dataclass(frozen=True)
class Span:
    """Where an event lies in time, in days (proleptic ordinals): a point, or an interval when approximate."""

    start: float
    end: float
    approximate: bool

    @property
    def middle(self) -> float:
        return (self.start + self.end) / 2


def span(entry: TimelineEntry) -> Span:
    date = entry.date
    if date.is_full:
        day = date.as_date().toordinal()
        return Span(day, day + 1, False)
    if entry.week is not None:  # filed under a week: that week is the best estimate
        monday = entry.week.monday.toordinal()
        return Span(monday, monday + 7, True)
    if date.month is not None:
        first = dt.date(date.year, date.month, 1).toordinal()
        return Span(first, first + calendar.monthrange(date.year, date.month)[1], True)
    return Span(dt.date(date.year, 1, 1).toordinal(), dt.date(date.year + 1, 1, 1).toordinal(), True)


def short_label(entry: TimelineEntry, limit: int = 34) -> str:
    """The entry's label, or the first words of its text without citations or Markdown."""
    return entry.label or _first_words(entry.text.markdown, limit)


@lru_cache(maxsize=8192)
def _first_words(markdown: str, limit: int) -> str:
    plain = re.sub(r"\s*\[[^\[\]]*@[^\[\]]*\]", "", markdown)
    plain = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", plain)
    plain = " ".join(re.sub(r"[*_`#>]", "", plain).split())
    if len(plain) <= limit:
        return plain.rstrip(".")
    cut = plain[:limit].rsplit(" ", 1)[0].rstrip(",;:–—-")
    return cut + "…"


# -- the axis -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    start: int   # ordinal of the first day (the first of a month)
    end: int     # ordinal of the day after the last (the first of a month)
    x0: float
    x1: float

    def x(self, day: float) -> float:
        inner = MARGIN if self.x1 - self.x0 > 4 * MARGIN else 0.0
        return self.x0 + inner + (day - self.start) / (self.end - self.start) * (self.x1 - self.x0 - 2 * inner)


def _month_floor(day: float) -> int:
    date = dt.date.fromordinal(int(day))
    return dt.date(date.year, date.month, 1).toordinal()


def _month_ceiling(day: float) -> int:
    date = dt.date.fromordinal(int(day))
    first = dt.date(date.year, date.month, 1)
    if first.toordinal() == int(day) and day == int(day):
        return first.toordinal()
    year, month = (date.year + 1, 1) if date.month == 12 else (date.year, date.month + 1)
    return dt.date(year, month, 1).toordinal()


def segments(spans: list[Span], left: float, right: float) -> list[Segment]:
    """Stretches of axis covering ``spans``, whole months each, cut where a gap is long."""
    edges = sorted((s.start, s.end) for s in spans)
    total = edges[-1][1] - edges[0][0]
    groups: list[list[float]] = [[edges[0][0], edges[0][1]]]
    for start, end in edges[1:]:
        if start - groups[-1][1] > max(300, 0.35 * total):
            groups.append([start, end])
        else:
            groups[-1][1] = max(groups[-1][1], end)
    bounds = [(_month_floor(a), _month_ceiling(b)) for a, b in groups]
    available = right - left - BREAK * (len(bounds) - 1)
    days = [b - a for a, b in bounds]
    widths = [available * d / sum(days) for d in days]
    for _ in range(len(widths)):  # give short stretches a legible minimum, taken from the others
        short = [i for i, w in enumerate(widths) if w < MIN_SEGMENT]
        if not short:
            break
        rest = [i for i in range(len(widths)) if i not in short]
        if not rest:
            break
        spare = available - MIN_SEGMENT * len(short)
        rest_days = sum(days[i] for i in rest)
        widths = [MIN_SEGMENT if i in short else spare * days[i] / rest_days for i in range(len(widths))]
    result, x = [], left
    for (start, end), width in zip(bounds, widths, strict=True):
        result.append(Segment(start, end, x, x + width))
        x += width + BREAK
    return result


def _x(segments_: list[Segment], day: float) -> float:
    for segment in segments_:
        if segment.start <= day <= segment.end:
            return segment.x(day)
    nearest = min(segments_, key=lambda s: min(abs(day - s.start), abs(day - s.end)))
    return nearest.x(min(max(day, nearest.start), nearest.end))


def _months(segment: Segment) -> list[dt.date]:
    months, day = [], dt.date.fromordinal(segment.start)
    while day.toordinal() < segment.end:
        months.append(day)
        day = dt.date(day.year + 1, 1, 1) if day.month == 12 else dt.date(day.year, day.month + 1, 1)
    return months


def _axis(segments_: list[Segment], y: float, top: float, names: list[str], pal: Palette) -> list[str]:
    """The axis line, month ticks, month and year labels (``names``: the short month names),
    gridlines and breaks."""
    out = []
    for index, segment in enumerate(segments_):
        out.append(shape("line", class_='chart-axis', x1=segment.x0, y1=y, x2=segment.x1, y2=y,
                         stroke=pal['chart-ink'], stroke_width=1.0))
        months = _months(segment)
        per_month = (segment.x1 - segment.x0) / len(months)
        step = next((k for k in (1, 2, 3, 6) if per_month * k >= 34), 12)
        for month in months:
            x = segment.x(month.toordinal())
            labelled = (month.month - 1) % step == 0 if step < 12 else month.month == 1
            out.append(shape("line", class_='chart-tick-mark', x1=x, y1=y, x2=x, y2=y + (4.0 if labelled else 2.5),
                             stroke=pal['chart-ink'], stroke_width=0.75))
            if labelled and step < 12:
                out.append(shape("line", class_='chart-gridline', x1=x, y1=top, x2=x, y2=y,
                                 stroke=pal['chart-grid'], stroke_width=0.5))
                middle = x + per_month * min(step, 12 - month.month + 1, len(months)) / 2 if step == 1 else x + 2
                anchor = "middle" if step == 1 else "start"
                out.append(text(middle, y + 13, names[month.month - 1], "chart-tick", pal["chart-muted"], anchor,
                                size=SIZE - 1))
        # years: under the first month shown and under each January
        shown_years = set()
        for month in months:
            if month.year in shown_years or not (month == months[0] or month.month == 1):
                continue
            shown_years.add(month.year)
            x = segment.x(month.toordinal())
            if step == 12 and month != months[0]:
                out.append(shape("line", class_='chart-gridline', x1=x, y1=top, x2=x, y2=y,
                                 stroke=pal['chart-grid'], stroke_width=0.5))
            out.append(text(x + 2, y + (26 if step < 12 else 13), str(month.year), "chart-year", pal["chart-ink"],
                            weight="600", size=SIZE - 1))
        if index:
            gap = (segments_[index - 1].x1 + segment.x0) / 2
            for offset in (-2.5, 2.5):
                out.append(shape("line", class_='chart-break', x1=gap + offset - 3, y1=y + 5, x2=gap + offset + 3,
                                 y2=y - 5, stroke=pal['chart-ink'], stroke_width=1.0))
    return out


# -- the graphic --------------------------------------------------------------------------------


def render_svg(view) -> str:
    """``view`` (a ``briefgen.render.graphic_views.TimelineGraphicView``) as an inline ``<svg>``,
    in the view's palette."""
    return _render(view, view.palette)


@lru_cache(maxsize=64)
def _render(view, pal: Palette) -> str:
    """The graphic of ``view`` in ``pal``, remembered: a build draws each one for the HTML page
    and again for the print HTML of the PDF."""
    w = words(view.lang, view.labels)
    labels = view.labels.get(view.lang)
    entries = list(view.entries)
    spans = [span(entry) for entry in entries]
    week_span = None
    if view.week is not None:
        week_span = Span(view.week.monday.toordinal(), view.week.sunday.toordinal() + 1, False)
    segs = segments(spans + ([week_span] if week_span else []), PAD + 4, WIDTH - PAD - 4)

    # events in time order, each in the first row where it and its label fit
    order = sorted(range(len(entries)), key=lambda i: (spans[i].middle, i))
    rows: list[list[tuple[float, float]]] = []
    placed = []
    for i in order:
        x = _x(segs, spans[i].middle)
        a, b = (_x(segs, spans[i].start), _x(segs, spans[i].end)) if spans[i].approximate else (x, x)
        label = wrap(short_label(entries[i]), LABEL_WIDTH, SIZE, lines=1)[0]
        width = text_width(label, SIZE, bold=view.highlighted[i])
        after, before = max(x + 8, b + 5), min(x - 8, a - 5)  # labels clear an approximate date's bar
        if after + width <= WIDTH - PAD:
            interval, anchor, tx = (min(a, x - 6), after + width + 8), "start", after
        else:
            interval, anchor, tx = (before - width - 8, max(b, x + 6)), "end", before
        row = next((r for r, taken in enumerate(rows[:MAX_ROWS])
                    if all(interval[1] <= a or interval[0] >= b for a, b in taken)), len(rows[:MAX_ROWS]))
        if row >= MAX_ROWS:  # too many events to label them all: the point alone, in a row of its own
            row, label = MAX_ROWS, ""
        while row >= len(rows):
            rows.append([])
        rows[row].append(interval if label else (x - 4, x + 4))
        placed.append((i, x, row, label, anchor, tx))

    top = PAD + 4
    axis_y = top + len(rows) * ROW + 6
    parts: list[str] = []
    if week_span is not None:
        x0, x1 = _x(segs, week_span.start), _x(segs, week_span.end)
        parts.append(shape("rect", class_='chart-week', x=x0, y=top - 4, width=max(x1 - x0, 3.0),
                           height=axis_y - top + 4, fill=pal['chart-week']))
    parts.extend(_axis(segs, axis_y, top - 4, month_abbreviations(view.lang, view.labels), pal))
    for i, x, row, label, anchor, tx in placed:
        entry, where, hot = entries[i], spans[i], view.highlighted[i]
        colour = pal["chart-highlight"] if (view.week is None or hot) else pal["chart-event"]
        y = top + row * ROW + ROW / 2
        when = entry.when or label_catalogue.format_date(entry.date, labels)
        cls = "chart-event" + (" this-week" if hot else "") + (" approximate" if where.approximate else "")
        parts.append(f"<g{attrs(class_=cls)}><title>{esc(when)}: {esc(short_label(entry, 200))}</title>")
        if where.approximate:
            a, b = _x(segs, where.start), _x(segs, where.end)
            parts.append(shape("line", class_='chart-uncertainty', x1=a, y1=y, x2=b, y2=y, stroke=colour,
                               stroke_width=2.0, stroke_opacity=0.35, stroke_linecap='round'))
            parts.append(shape("circle", cx=x, cy=y, r=4.5 if hot else 3.5, fill=pal['chart-paper'], stroke=colour,
                               stroke_width=1.5))
        else:
            parts.append(shape("circle", cx=x, cy=y, r=4.5 if hot else 3.5, fill=colour))
        if label:
            width = text_width(label, SIZE, bold=hot)
            left = tx if anchor == "start" else tx - width
            parts.append(shape("rect", class_='chart-label-ground', x=left - 2, y=y - ROW / 2 + 1.5,
                               width=width + 4, height=ROW - 3, fill=pal['chart-paper']))
            parts.append(text(tx, y + SIZE * 0.35, label, "chart-event-label", colour if hot else pal["chart-ink"],
                              anchor, weight="700" if hot else ""))
        parts.append("</g>")

    legend_y = axis_y + 42
    parts.append(_legend(legend_y, pal, w, view.week is not None))
    height = legend_y + 6 + PAD

    first, last = entries[order[0]], entries[order[-1]]
    summary = w["events"].format(count=len(entries),
                                 first=first.when or label_catalogue.format_date(first.date, labels),
                                 last=last.when or label_catalogue.format_date(last.date, labels))
    title = f"{w['timeline']}: {view.title}. {summary}."
    mark = f" ({w['this_week'].lower()})"
    desc = "; ".join(f"{entries[i].when or label_catalogue.format_date(entries[i].date, labels)}: "
                     f"{short_label(entries[i], 200)}{mark if view.highlighted[i] else ''}" for i in order) + "."
    return (open_svg("chart-timeline", view.id, WIDTH, height, title, desc, pal, SIZE)
            + "".join(parts) + "</svg>")


def _legend(y: float, pal: Palette, w: dict[str, str], week: bool) -> str:
    x = PAD + 4
    out = [shape("circle", cx=x + 3.5, cy=y - 3.5, r=3.5,
                 fill=pal['chart-highlight'] if not week else pal['chart-event']),
           text(x + 11, y, w["exact"], "chart-legend", pal["chart-muted"], size=SIZE - 1)]
    x += 11 + text_width(w["exact"], SIZE - 1) + 16
    colour = pal["chart-highlight"] if not week else pal["chart-event"]
    out.append(shape("line", x1=x, y1=y - 3.5, x2=x + 16, y2=y - 3.5, stroke=colour, stroke_width=2.0,
                     stroke_opacity=0.35, stroke_linecap='round'))
    out.append(shape("circle", cx=x + 8, cy=y - 3.5, r=3.5, fill=pal['chart-paper'], stroke=colour, stroke_width=1.5))
    out.append(text(x + 21, y, w["approximate"], "chart-legend", pal["chart-muted"], size=SIZE - 1))
    x += 21 + text_width(w["approximate"], SIZE - 1) + 16
    if week:
        out.append(shape("rect", class_='chart-week', x=x, y=y - 9, width=10.0, height=10.0, fill=pal['chart-week']))
        out.append(shape("circle", cx=x + 5, cy=y - 4, r=3.5, fill=pal['chart-highlight']))
        out.append(text(x + 15, y, w["this_week"], "chart-legend", pal["chart-highlight"], weight="700",
                        size=SIZE - 1))
    return "".join(out)
