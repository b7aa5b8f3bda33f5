"""What a chart's fields must agree on, beyond each field's own kind (docs/charts.md).

A chart gives its values as ``data`` (one series) or ``series`` (several, each with the
same labels in the same order); a line needs two points and cannot show a range; a range
runs upwards; no label appears twice in a series; ``max`` is above every value. Each rule
is reported at the very value it is about. A chart that breaks a rule is left out, so its
errors are reported and nothing is drawn.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from briefgen.content.reader import Reader

if TYPE_CHECKING:  # the model declares these rules as the chart's own: it imports this module
    from briefgen.content.model import Chart, ChartPoint, ChartSeries

CHART_MAX_SERIES = 4  # the house palette has four series colours


def check_chart(reader: Reader, chart: Chart) -> bool:
    """Whether ``chart``'s fields agree with each other; each disagreement is recorded.

    Runs on an incomplete chart too (a missing ``alt`` does not hide a wrong range)."""
    given = chart.places.values
    if "data" in given and "series" in given:
        reader.error(chart.places.key("series"), "a chart takes 'data' or 'series', not both")
        return False
    if "data" not in given and "series" not in given:
        reader.error(chart.location, "a chart is missing its values: give 'data' (one series) "
                                     "or 'series' (several)")
        return False
    if not (chart.data or chart.named_series) or len(chart.named_series) > CHART_MAX_SERIES:
        return False  # a wrong point or series: already reported
    series = chart.series
    good = all([_series_named_once(reader, chart), *(_points_agree(reader, chart.type, s) for s in series)])
    if good and len(series) > 1:
        good = _same_labels(reader, series)
    return _under_max(reader, chart) and good


def _series_named_once(reader: Reader, chart: Chart) -> bool:
    names: set[str] = set()
    for series in chart.named_series:
        if series.name in names:
            reader.error(series.places.value("name"), f"series {series.name!r} appears twice in this chart")
        names.add(series.name)
    return len(names) == len(chart.named_series)


def _points_agree(reader: Reader, kind: str, series: ChartSeries) -> bool:
    """A line has two points or more and no range; a range runs upwards; labels are unique."""
    good = True
    if kind == "line" and len(series.points) < 2:
        reader.error(_data_place(series), "a line chart needs at least two points")
        good = False
    seen: set[str] = set()
    for point in series.points:
        good = _range_agrees(reader, kind, point) and good
        if point.label in seen:
            reader.error(_label_place(point), f"label {point.label!r} appears twice in this series")
            good = False
        seen.add(point.label)
    return good


def _range_agrees(reader: Reader, kind: str, point: ChartPoint) -> bool:
    if point.to is None:
        return True
    if kind == "line":
        reader.error(point.places.value("to"), "a line chart cannot show a range: remove 'to' "
                                               "or use a bar or comparison chart")
        return False
    if point.to < point.value:
        reader.error(point.places.value("to"),
                     f"'to' ({shown(point.to)}) must not be less than 'value' ({shown(point.value)})")
        return False
    return True


def _same_labels(reader: Reader, series: tuple[ChartSeries, ...]) -> bool:
    """Every series must give the same labels, in the same order: they are drawn side by side."""
    first, good = series[0], True
    for other in series[1:]:
        if other.labels == first.labels:
            continue
        good = False
        if len(other.points) != len(first.points):
            count = f"{len(other.points)} point" + ("s" if len(other.points) != 1 else "")
            reader.error(_data_place(other), f"series {other.name!r} has {count} but series {first.name!r} has "
                                         f"{len(first.points)}: every series needs the same labels, in the same order")
            continue
        index = next(i for i, (a, b) in enumerate(zip(first.labels, other.labels, strict=True)) if a != b)
        reader.error(_label_place(other.points[index]),
                     f"label {other.points[index].label!r} in series {other.name!r} does not match "
                     f"{first.points[index].label!r}, the label at the same place in series {first.name!r}")
    return good


def _under_max(reader: Reader, chart: Chart) -> bool:
    if chart.max is None:
        return True
    where = chart.places.value("max")
    values = [v for s in chart.series for p in s.points for v in (p.value, p.to) if v is not None]
    values += [chart.target.value] if chart.target else []
    if chart.max <= 0:
        reader.error(where, "'max' must be more than 0")
        return False
    if values and max(values) > chart.max:
        reader.error(where, f"'max' ({shown(chart.max)}) is less than the largest value in the chart "
                            f"({shown(max(values))})")
        return False
    return True


def _data_place(series: ChartSeries):
    return series.places.value("data", series.location)


def _label_place(point: ChartPoint):
    return point.places.value("label", point.location)


def shown(number: float) -> str:
    """A chart value in an error message: ``3500000``, ``40.5``."""
    return f"{number:.10g}"
