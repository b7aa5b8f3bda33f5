"""Charts declared in a theme's YAML, drawn as inline SVG: bar, line and comparison.

Imported only when a template shows a chart (``ChartView.svg`` or ``.table``): documents
without charts never load this module. The grammar is in docs/charts.md; validation is in
briefgen.content.reader, so by the time a chart gets here its numbers are numbers and its series
agree. Output is deterministic: the same chart, language and stylesheet give the same bytes.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from briefgen.content.model import Chart, ChartPoint
from briefgen.graphics.svg import (
    NNBSP,
    Palette,
    format_number,
    n,
    nice_ticks,
    open_svg,
    plain_number,
    shape,
    text,
    text_width,
    words,
    wrap,
)
from briefgen.labels import BUILT_IN, Catalogues

WIDTH = 600.0   # user units; the SVG scales to the column (about 0.8 pt a unit in an A4 PDF)
SIZE = 11.0     # the base font size, in user units
SMALL = 10.0
PAD = 6.0
DASHES = ("", "6 3", "2 3", "8 3 2 3")  # line styles by series, so series differ in grey too


# -- values as readers see them -----------------------------------------------------------------


def number_text(value: float, chart: Chart, lang: str) -> str:
    written = format_number(value, lang)
    if chart.unit == "%":
        return written + (NNBSP + "%" if lang.split("-")[0].lower() == "fr" else "%")
    return written


def value_text(point: ChartPoint, chart: Chart, lang: str) -> str:
    """The value as shown on the chart: the source's wording when given, else the number (or range)."""
    if point.text:
        return point.text
    if point.to is not None:
        low = format_number(point.value, lang)
        return f"{low}–{number_text(point.to, chart, lang)}"
    return number_text(point.value, chart, lang)


def target_text(chart: Chart, lang: str) -> str:
    target = chart.target
    label = target.label or words(lang)["target"]
    return f"{label}: {target.text or number_text(target.value, chart, lang)}"


# -- the data table -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    text: str
    value: float
    to: float | None = None

    @property
    def number(self) -> str:
        """The value as declared, for the cell's ``data-value``: ``3500000``, ``40.5``."""
        return plain_number(self.value)

    @property
    def to_number(self) -> str:
        return plain_number(self.to) if self.to is not None else ""


@dataclass(frozen=True)
class Row:
    label: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]  # the category header, then one per series
    rows: tuple[Row, ...]
    target: Row | None


def with_target_label(chart: Chart, lang: str, catalogues: Catalogues) -> Chart:
    """``chart`` with its target labelled: its own label, else the catalogues' word for a target."""
    if chart.target is None or chart.target.label:
        return chart
    label = words(lang, catalogues)["target"]
    return dataclasses.replace(chart, target=dataclasses.replace(chart.target, label=label))


def data_table(chart: Chart, lang: str, catalogues: Catalogues = BUILT_IN) -> Table:
    """The chart's data, exactly as declared, for the table under the chart; fixed words from
    the project's ``catalogues``."""
    w = words(lang, catalogues)
    value_header = w["value"] + (f" ({chart.unit})" if chart.unit else "")
    columns = (w["category"], *(s.name or value_header for s in chart.series))
    rows = []
    for index, label in enumerate(chart.series[0].labels):
        cells = tuple(Cell(value_text(s.points[index], chart, lang), s.points[index].value, s.points[index].to)
                      for s in chart.series)
        rows.append(Row(label, cells))
    target = None
    if chart.target is not None:
        t = chart.target
        target = Row(t.label or w["target"], (Cell(t.text or number_text(t.value, chart, lang), t.value),))
    return Table(columns, tuple(rows), target)


def description(chart: Chart, lang: str) -> str:
    """The data in words, for the SVG's ``<desc>``."""
    parts = []
    for series in chart.series:
        values = "; ".join(f"{p.label}: {value_text(p, chart, lang)}" for p in series.points)
        parts.append(f"{series.name} — {values}" if series.name else values)
    if chart.target is not None:
        parts.append(target_text(chart, lang))
    return ". ".join(parts) + "."


# -- drawing --------------------------------------------------------------------------------------


def render_svg(chart: Chart, ident: str, lang: str, pal: Palette) -> str:
    """The chart as an inline ``<svg>`` element with ids prefixed by ``ident``, in the colours of ``pal``."""
    draw = {"bar": _columns, "line": _lines, "comparison": _bars}[chart.type]
    body, height = draw(chart, lang, pal)
    title = chart.title.rstrip()
    title = f"{title}{'' if title.endswith(('.', '?', '!', ':')) else '.'} {chart.alt}"
    return (open_svg(f"chart-{chart.type}", ident, WIDTH, height, title, description(chart, lang), pal, SIZE)
            + body + "</svg>")


def _axis_top(chart: Chart) -> tuple[float, list[float]]:
    """The value at the end of the axis and the ticks to draw."""
    values = [v for s in chart.series for p in s.points for v in (p.value, p.to) if v is not None]
    if chart.target is not None:
        values.append(chart.target.value)
    if chart.max is not None:
        ticks = [t for t in nice_ticks(chart.max) if t <= chart.max + 1e-9]
        return chart.max, ticks
    ticks = nice_ticks(max(values) if values else 1)
    return ticks[-1], ticks


def _legend(chart: Chart, pal: Palette, y: float, x: float, line: bool = False) -> str:
    """Swatches and series names in a row, when there is more than one series."""
    out = []
    for index, series in enumerate(chart.series):
        colour = pal.series(index)
        if line:
            out.append(shape("line", class_=f'chart-line series-{index + 1}', x1=x, y1=y - 3.5, x2=x + 18.0,
                             y2=y - 3.5, stroke=colour, stroke_width=2.0, stroke_dasharray=DASHES[index % 4] or None))
            x += 22
        else:
            out.append(shape("rect", class_=f'chart-mark series-{index + 1}', x=x, y=y - 9.0, width=10.0,
                             height=10.0, fill=colour))
            x += 14
        out.append(text(x, y, series.name, "chart-legend", pal["chart-ink"]))
        x += text_width(series.name, SIZE) + 16
    return "".join(out)


def _target_text_width(chart: Chart, lang: str) -> float:
    return text_width(target_text(chart, lang), SMALL) if chart.target is not None else 0.0


def _bars(chart: Chart, lang: str, pal: Palette) -> tuple[str, float]:
    """Comparison: horizontal bars, labels on the left, values at the bars' ends."""
    labels = chart.series[0].labels
    count = len(chart.series)
    label_width = min(max(text_width(line, SIZE) for label in labels for line in wrap(label, WIDTH * 0.34, SIZE)),
                      WIDTH * 0.34)
    values_width = max(text_width(value_text(point, chart, lang), SMALL, bold=True)
                       for series in chart.series for point in series.points)
    x0 = PAD + label_width + 10
    x1 = WIDTH - PAD - values_width - 8
    top_value, ticks = _axis_top(chart)
    scale = (x1 - x0) / top_value
    bar, gap, group_gap = (22.0, 0.0, 12.0) if count == 1 else (15.0, 3.0, 14.0)
    y = PAD
    parts: list[str] = []
    if count > 1:
        parts.append(_legend(chart, pal, y + 10, x0))
        y += 20
    if chart.target is not None:
        y += 16
    plot_top = y
    marks: list[str] = []
    for index, label in enumerate(labels):
        group = count * bar + (count - 1) * gap
        lines = wrap(label, WIDTH * 0.34, SIZE)
        first = y + group / 2 - (len(lines) - 1) * SIZE * 0.6 + SIZE * 0.35
        for number, line in enumerate(lines):
            marks.append(text(x0 - 10, first + number * SIZE * 1.2, line, "chart-category", pal["chart-ink"], "end"))
        for s_index, series in enumerate(chart.series):
            point = series.points[index]
            top = y + s_index * (bar + gap)
            colour = pal.series(s_index)
            end = x0 + point.value * scale
            marks.append(shape("rect", class_=f'chart-mark series-{s_index + 1}', x=x0, y=top,
                               width=max(point.value * scale, 0.5), height=bar, fill=colour))
            if point.to is not None and point.to > point.value:
                marks.append(shape("rect", class_=f'chart-range series-{s_index + 1}', x=end, y=top + 0.5,
                                   width=(point.to - point.value) * scale, height=bar - 1, fill=pal['chart-range'],
                                   stroke=colour, stroke_width=1.0, stroke_dasharray='3 2'))
                end = x0 + point.to * scale
            label = value_text(point, chart, lang)
            label_x, label_width = end + 5, text_width(label, SMALL, bold=True)
            anchor, fill = "start", pal["chart-ink"]
            if chart.target is not None:
                target_x = x0 + chart.target.value * scale
                if label_x - 3 <= target_x <= label_x + label_width + 3:  # the target line would cross it
                    if point.value * scale >= label_width + 12:
                        label_x, anchor, fill = x0 + point.value * scale - 6, "end", pal["chart-paper"]
                    else:
                        label_x = target_x + 5
            marks.append(text(label_x, top + bar / 2 + SMALL * 0.35, label, "chart-value", fill, anchor,
                              weight="600", size=SMALL))
        y += max(group, len(lines) * SIZE * 1.2) + group_gap
    axis_y = y - group_gap + 6
    grid = []
    for tick in ticks:
        x = x0 + tick * scale
        grid.append(shape("line", class_='chart-gridline', x1=x, y1=plot_top - 2, x2=x, y2=axis_y,
                          stroke=pal['chart-grid'], stroke_width=0.75))
        anchor = "middle" if tick else "start"
        grid.append(text(x, axis_y + 13, number_text(tick, chart, lang), "chart-tick", pal["chart-muted"], anchor,
                         size=SMALL - 1))
    parts.extend(grid)
    parts.extend(marks)
    parts.append(shape("line", class_='chart-axis', x1=x0, y1=plot_top - 2, x2=x0, y2=axis_y,
                       stroke=pal['chart-ink'], stroke_width=1.0))
    if chart.target is not None:
        x = x0 + chart.target.value * scale
        parts.append(shape("line", class_='chart-target', x1=x, y1=plot_top - 6, x2=x, y2=axis_y,
                           stroke=pal['chart-target'], stroke_width=1.5, stroke_dasharray='5 3'))
        label_width = _target_text_width(chart, lang)
        anchor = "middle"
        if x + label_width / 2 > WIDTH - PAD:
            anchor = "end"
        elif x - label_width / 2 < PAD:
            anchor = "start"
        parts.append(text(x, plot_top - 9, target_text(chart, lang), "chart-target-label", pal["chart-target"],
                          anchor, weight="600", size=SMALL))
    height = axis_y + 18
    if chart.unit and chart.unit != "%":
        parts.append(text(x1, axis_y + 28, chart.unit, "chart-unit", pal["chart-muted"], "end", size=SMALL - 1))
        height += 12
    return "".join(parts), height + PAD


def _value_axis(chart: Chart, lang: str, pal: Palette, plot_top: float, plot_bottom: float
                ) -> tuple[list[str], float, float, float]:
    """A vertical value axis with gridlines: the drawing, x where the plot starts, the scale, the top value."""
    top_value, ticks = _axis_top(chart)
    tick_texts = [number_text(t, chart, lang) for t in ticks]
    x0 = PAD + max(text_width(t, SMALL - 1) for t in tick_texts) + 8
    scale = (plot_bottom - plot_top) / top_value
    out = []
    for tick, label in zip(ticks, tick_texts, strict=True):
        y = plot_bottom - tick * scale
        out.append(shape("line", class_='chart-gridline', x1=x0, y1=y, x2=WIDTH - PAD, y2=y,
                         stroke=pal['chart-grid'], stroke_width=0.75))
        out.append(text(x0 - 5, y + (SMALL - 1) * 0.35, label, "chart-tick", pal["chart-muted"], "end",
                        size=SMALL - 1))
    return out, x0, scale, top_value


def _category_labels(labels: tuple[str, ...], x0: float, slot: float, y: float,
                     pal: Palette) -> tuple[list[str], int]:
    out, most = [], 1
    for index, label in enumerate(labels):
        lines = wrap(label, slot - 6, SMALL)
        most = max(most, len(lines))
        for number, line in enumerate(lines):
            out.append(text(x0 + slot * (index + 0.5), y + number * SMALL * 1.15, line, "chart-category",
                            pal["chart-ink"], "middle", size=SMALL))
    return out, most


def _frame(chart: Chart, lang: str, pal: Palette, line: bool):
    """What columns and lines share: legend, unit, value axis, categories; returns drawing and geometry."""
    labels = chart.series[0].labels
    y = PAD
    parts: list[str] = []
    if len(chart.series) > 1:
        parts.append(_legend(chart, pal, y + 10, PAD, line))
        y += 20
    if chart.unit and chart.unit != "%":
        parts.append(text(PAD, y + 9, chart.unit, "chart-unit", pal["chart-muted"], size=SMALL - 1))
        y += 14
    plot_top = y + 16
    plot_bottom = plot_top + 115
    axis, x0, scale, _ = _value_axis(chart, lang, pal, plot_top, plot_bottom)
    parts.extend(axis)
    x1 = WIDTH - PAD
    slot = (x1 - x0) / len(labels)
    categories, lines = _category_labels(labels, x0, slot, plot_bottom + 14, pal)
    height = plot_bottom + 14 + (lines - 1) * SMALL * 1.15 + 6 + PAD
    return parts, categories, x0, x1, slot, scale, plot_top, plot_bottom, height


def _target_line(chart: Chart, lang: str, pal: Palette, x0: float, x1: float, y: float) -> list[str]:
    return [shape("line", class_='chart-target', x1=x0, y1=y, x2=x1, y2=y, stroke=pal['chart-target'],
                  stroke_width=1.5, stroke_dasharray='5 3'),
            text(x1, y - 4, target_text(chart, lang), "chart-target-label", pal["chart-target"], "end", weight="600",
                 size=SMALL)]


def _columns(chart: Chart, lang: str, pal: Palette) -> tuple[str, float]:
    """Bar: vertical columns, one group per label, values above the columns."""
    parts, categories, x0, x1, slot, scale, _plot_top, plot_bottom, height = _frame(chart, lang, pal, False)
    count = len(chart.series)
    group = min(slot * 0.72, 70.0 * count)
    width = group / count
    marks = []
    for index in range(len(chart.series[0].points)):
        left = x0 + slot * index + (slot - group) / 2
        for s_index, series in enumerate(chart.series):
            point = series.points[index]
            colour = pal.series(s_index)
            x = left + s_index * width
            top = plot_bottom - point.value * scale
            marks.append(shape("rect", class_=f'chart-mark series-{s_index + 1}', x=x + 1, y=top, width=width - 2,
                               height=max(point.value * scale, 0.5), fill=colour))
            if point.to is not None and point.to > point.value:
                high = plot_bottom - point.to * scale
                marks.append(shape("rect", class_=f'chart-range series-{s_index + 1}', x=x + 1.5, y=high,
                                   width=width - 3, height=top - high, fill=pal['chart-range'], stroke=colour,
                                   stroke_width=1.0, stroke_dasharray='3 2'))
                top = high
            label = value_text(point, chart, lang)
            size = SMALL if text_width(label, SMALL) <= width + 4 or count == 1 else SMALL - 2
            label_y, fill = top - 4, pal["chart-ink"]
            if chart.target is not None:
                target_y = plot_bottom - chart.target.value * scale
                if label_y - size - 2 <= target_y <= label_y + 3:  # the target line would cross it
                    if plot_bottom - top >= size + 10:
                        label_y, fill = top + size + 3, pal["chart-paper"]
                    else:
                        label_y = target_y - 4
            if count == 1 or text_width(label, size) <= width + 6:
                marks.append(text(x + width / 2, label_y, label, "chart-value", fill, "middle",
                                  weight="600", size=size))
    parts.extend(marks)
    parts.append(shape("line", class_='chart-axis', x1=x0, y1=plot_bottom, x2=x1, y2=plot_bottom,
                       stroke=pal['chart-ink'], stroke_width=1.0))
    if chart.target is not None:
        parts.extend(_target_line(chart, lang, pal, x0, x1, plot_bottom - chart.target.value * scale))
    parts.extend(categories)
    return "".join(parts), height


def _lines(chart: Chart, lang: str, pal: Palette) -> tuple[str, float]:
    """Line: one line per series over the labels in order, each point marked."""
    parts, categories, x0, x1, slot, scale, _plot_top, plot_bottom, height = _frame(chart, lang, pal, True)
    single = len(chart.series) == 1 and len(chart.series[0].points) <= 12
    for s_index, series in enumerate(chart.series):
        colour = pal.series(s_index)
        points = [(x0 + slot * (i + 0.5), plot_bottom - p.value * scale) for i, p in enumerate(series.points)]
        path = " ".join(f"{'M' if i == 0 else 'L'}{n(x)} {n(y)}" for i, (x, y) in enumerate(points))
        parts.append(shape("path", class_=f'chart-line series-{s_index + 1}', d=path, fill='none', stroke=colour,
                           stroke_width=2.0, stroke_dasharray=DASHES[s_index % 4] or None, stroke_linejoin='round'))
        for (x, y), point in zip(points, series.points, strict=True):
            fill = colour if s_index == 0 else pal["chart-paper"]
            parts.append(shape("circle", class_=f'chart-point series-{s_index + 1}', cx=x, cy=y, r=3.5, fill=fill,
                               stroke=colour, stroke_width=1.5))
            if single:
                parts.append(text(x, y - 8, value_text(point, chart, lang), "chart-value", pal["chart-ink"], "middle",
                                  weight="600", size=SMALL))
    parts.append(shape("line", class_='chart-axis', x1=x0, y1=plot_bottom, x2=x1, y2=plot_bottom,
                       stroke=pal['chart-ink'], stroke_width=1.0))
    if chart.target is not None:
        parts.extend(_target_line(chart, lang, pal, x0, x1, plot_bottom - chart.target.value * scale))
    parts.extend(categories)
    return "".join(parts), height
