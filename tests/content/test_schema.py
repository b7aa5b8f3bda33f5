"""`briefgen schema` and `briefgen check` agree, because both come from one declaration.

Starting from valid files, every record of every kind is broken in each way a schema can
see — a key added, a required key taken away, a single value turned into a list, a list
turned into a single value — and both must refuse the result; the untouched files both
accept. Fixture files with a ``# schema:`` header are checked in tests/output/test_check.py.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator

import jsonschema
import pytest
import yaml

from briefgen.content.fields import Nested, fields_of
from briefgen.content.kinds import ListOf
from briefgen.content.load import load_text
from briefgen.content.model import Source, Theme, WeeklyBrief
from briefgen.content.read import read_sources, read_theme, read_weekly
from briefgen.content.schema import schema
from briefgen.errors import Diagnostics
from tests.conftest import FIXTURES
from tests.output.test_check import Yaml12Loader

CHARTS = yaml.load((FIXTURES / "charts/five-charts.yaml").read_text("utf-8"), Loader=Yaml12Loader)["charts"]
SOURCE_IDS = ("alpha", "beta", "gamma")


def base(kind: str):
    """A valid file of ``kind``, as plain data: the fixture project's, a theme with every chart kind."""
    if kind == "sources":
        return yaml.load((FIXTURES / "project/briefs/sources.yaml").read_text("utf-8"), Loader=Yaml12Loader)
    if kind == "weekly":
        return yaml.load((FIXTURES / "project/briefs/weekly/2025-W42.yaml").read_text("utf-8"), Loader=Yaml12Loader)
    theme = yaml.load((FIXTURES / "project/briefs/themes/sample-theme.yaml").read_text("utf-8"), Loader=Yaml12Loader)
    return {**theme, "charts": CHARTS}


def check_accepts(kind: str, data) -> bool:
    """Whether briefgen's reader accepts ``data`` written as the YAML file of ``kind``."""
    diagnostics = Diagnostics()
    file = load_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "file.yaml", diagnostics)
    assert file is not None
    if kind == "sources":
        read_sources(file, diagnostics)
    elif kind == "theme":
        read_theme(file, "sample-theme", diagnostics, SOURCE_IDS)
    else:
        read_weekly(file, "2025-W42", diagnostics, SOURCE_IDS, ("sample-theme",))
    return not diagnostics.has_errors


def schema_accepts(kind: str, data) -> bool:
    return jsonschema.Draft202012Validator(schema(kind)).is_valid(data)


def records(data, record: type, path: tuple = ()) -> Iterator[tuple[tuple, type, dict]]:
    """Every mapping in ``data`` that is a ``record``, with its path, its type, and itself."""
    if isinstance(data, dict):
        yield path, record, data
        for field in fields_of(record):
            value, kind = data.get(field.key), field.kind
            inner = kind.item if isinstance(kind, ListOf) else kind
            if not isinstance(inner, Nested):
                continue
            if isinstance(kind, ListOf) and isinstance(value, list):
                for index, item in enumerate(value):
                    yield from records(item, inner.record, (*path, field.key, index))
            elif isinstance(value, dict):
                yield from records(value, inner.record, (*path, field.key))


def breakages(kind: str) -> Iterator[tuple[str, object]]:
    """(what was broken, the broken data) for every record of the base file of ``kind``."""
    data = base(kind)
    top = {"sources": Source, "theme": Theme, "weekly": WeeklyBrief}[kind]
    if kind == "sources":
        found = [entry for i, item in enumerate(data) for entry in records(item, Source, (i,))]
    else:
        found = list(records(data, top))
    for path, record, mapping in found:
        for change, new in _broken(record, mapping):
            broken = copy.deepcopy(data)
            _set(broken, path, new)
            yield f"{kind} {'/'.join(map(str, path))}: {change}", broken


def _broken(record: type, mapping: dict) -> Iterator[tuple[str, dict]]:
    yield "an unknown key", {**mapping, "unknown_key": "x"}
    for field in fields_of(record):
        if field.required and field.key in mapping:
            yield f"{field.key} taken away", {k: v for k, v in mapping.items() if k != field.key}
        value = mapping.get(field.key)
        if value is None:
            continue
        if isinstance(field.kind, ListOf) and isinstance(value, list):
            yield f"{field.key} made a single value", {**mapping, field.key: "x"}
        elif not isinstance(value, (list, dict)) and not isinstance(field.kind, Nested):
            yield f"{field.key} made a list", {**mapping, field.key: [value, value]}


def _set(data, path: tuple, value) -> None:
    target = data
    for step in path[:-1]:
        target = target[step]
    if path:
        target[path[-1]] = value
    else:
        data.clear()
        data.update(value)


@pytest.mark.parametrize("kind", ["sources", "theme", "weekly"])
def test_both_accept_the_valid_files(kind):
    assert schema_accepts(kind, base(kind))
    assert check_accepts(kind, base(kind))


@pytest.mark.parametrize("kind", ["sources", "theme", "weekly"])
def test_both_refuse_every_broken_record(kind):
    cases = list(breakages(kind))
    assert len(cases) > {"sources": 20, "theme": 100, "weekly": 15}[kind]  # the walk reaches every record
    disagreements = [(what, schema_accepts(kind, data), check_accepts(kind, data)) for what, data in cases
                     if schema_accepts(kind, data) or check_accepts(kind, data)]
    assert not disagreements
