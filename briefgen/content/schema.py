"""JSON Schema for the content files, for editors' YAML language servers.

Built from the same field lists the validator enforces, so the two cannot drift apart.
``briefgen check`` remains the authority: it also checks what a schema cannot (real
dates, citation keys, theme ids, a brief's date inside its week).
"""

from __future__ import annotations

from briefgen.content.model import CHART_TYPES
from briefgen.content.reader import (
    CHART_FIELDS,
    CHART_MAX_SERIES,
    CHART_POINT_FIELDS,
    CHART_SERIES_FIELDS,
    CHART_TARGET_FIELDS,
    FIGURE_FIELDS,
    NAME_FIELDS,
    QUOTE_FIELDS,
    SOURCE_FIELDS,
    SOURCE_TYPES,
    STATUSES,
    THEME_FIELDS,
    THEME_REF_FIELDS,
    TIMELINE_FIELDS,
    WEEKLY_FIELDS,
)

DIALECT = "https://json-schema.org/draft/2020-12/schema"
KINDS = ("sources", "theme", "weekly")

DATE = {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$",
        "description": "ISO 8601 date as precise as known: 2025-10-17, 2025-10 or 2025"}
DAY = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "description": "ISO 8601 date: YYYY-MM-DD"}
WEEK = {"type": "string", "pattern": r"^\d{4}-W\d{2}$", "description": "ISO 8601 week: 2025-W44"}
LANG = {"type": "string", "pattern": r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$", "description": "language tag: en, fr"}
MARKDOWN = {"type": "string", "description": "Markdown; cite with [@key], [@key, p. 4], [@a; @b]"}
CITATION = {"type": "string", "pattern": r"@?[\w]", "description": "a citation: [@key] or [@key, p. 4]"}
TEXT = {"type": "string"}
SCALAR = {"type": ["string", "number"]}
# What `briefgen check` accepts as a chart value: a number, written plainly (quoted or not).
NUMBER = {"oneOf": [{"type": "number", "minimum": 0}, {"type": "string", "pattern": r"^\d+(\.\d+)?$"}],
          "description": "a number: 3500000, 40.5 (the source's wording goes in 'text')"}


def _object(properties: dict, required: tuple[str, ...], fields: tuple[str, ...], description: str = "") -> dict:
    assert set(properties) == set(fields), "the schema must describe exactly the validator's fields"
    schema = {"type": "object", "properties": properties, "required": list(required), "additionalProperties": False}
    if description:
        schema["description"] = description
    return schema


def _csl_date() -> dict:
    parts = {"type": "array", "minItems": 1, "maxItems": 1,
             "items": {"type": "array", "minItems": 1, "maxItems": 3, "items": {"type": ["integer", "string"]}}}
    return {"oneOf": [DATE, _object({"date-parts": parts}, ("date-parts",), ("date-parts",))]}


def source_schema() -> dict:
    name = {"oneOf": [TEXT, _object({key: TEXT for key in NAME_FIELDS}, (), NAME_FIELDS)]}
    properties = {key: TEXT for key in SOURCE_FIELDS}
    properties.update({
        "id": {"type": "string", "pattern": r"^\w", "description": "the citation key"},
        "type": {"enum": list(SOURCE_TYPES), "description": "CSL item type"},
        "author": {"type": "array", "items": name},
        "issued": _csl_date(),
        "accessed": _csl_date(),
        "URL": {"type": "string", "pattern": r"^https?://"},
        "language": LANG,
    })
    item = _object(properties, ("id", "type", "title"), SOURCE_FIELDS, "one CSL item")
    items = {"type": "array", "items": item}
    return _document("briefgen bibliography (briefs/sources.yaml)",
                     {"oneOf": [items, _object({"references": items}, ("references",), ("references",))]})


def chart_schema() -> dict:
    """A chart (docs/charts.md). Whether series share their labels is checked by `briefgen check` only."""
    point = _object({"label": SCALAR, "value": NUMBER, "to": NUMBER, "text": SCALAR}, ("label", "value"),
                    CHART_POINT_FIELDS, "a value: label, number, optional range top ('to') and wording ('text')")
    data = {"type": "array", "items": point, "minItems": 1}
    series = _object({"name": SCALAR, "data": data}, ("name", "data"), CHART_SERIES_FIELDS, "a named series")
    target = _object({"value": NUMBER, "label": TEXT, "text": TEXT}, ("value",), CHART_TARGET_FIELDS,
                     "a reference value drawn across the chart")
    properties = {
        "type": {"enum": list(CHART_TYPES), "description": "bar (columns), line, or comparison (horizontal bars)"},
        "title": TEXT, "unit": TEXT, "as_of": DATE, "data": data,
        "series": {"type": "array", "items": series, "minItems": 1, "maxItems": CHART_MAX_SERIES},
        "target": target, "max": NUMBER, "note": TEXT,
        "alt": {"type": "string", "description": "the text alternative: what the chart shows, in words"},
        "cite": CITATION,
    }
    chart = _object(properties, ("type", "title", "alt", "cite"), CHART_FIELDS, "a chart (see docs/charts.md)")
    chart["oneOf"] = [{"required": ["data"]}, {"required": ["series"]}]
    return chart


def theme_schema() -> dict:
    entry = _object({"date": DATE, "when": TEXT, "week": WEEK, "label": TEXT, "text": MARKDOWN}, ("date", "text"),
                    TIMELINE_FIELDS, "a dated event")
    figure = _object({"label": SCALAR, "value": SCALAR, "as_of": DATE, "cite": CITATION}, ("label", "value"),
                     FIGURE_FIELDS, "a key figure")
    quote = _object({"text": TEXT, "speaker": TEXT, "role": TEXT, "cite": CITATION, "original": TEXT},
                    ("text",), QUOTE_FIELDS, "an attributed quotation")
    properties = {
        "title": TEXT, "summary": MARKDOWN, "lang": LANG, "status": {"enum": list(STATUSES)},
        "updated": DATE, "tags": {"type": "array", "items": SCALAR},
        "key_points": {"type": "array", "items": MARKDOWN}, "timeline": {"type": "array", "items": entry},
        "figures": {"type": "array", "items": figure}, "quotes": {"type": "array", "items": quote},
        "charts": {"type": "array", "items": chart_schema()},
        "assessment": MARKDOWN, "open_questions": {"type": "array", "items": MARKDOWN},
    }
    return _document("briefgen theme (briefs/themes/<id>.yaml)",
                     _object(properties, ("title", "summary"), THEME_FIELDS))


def weekly_schema() -> dict:
    ref = {"oneOf": [TEXT, _object({"id": TEXT, "note": MARKDOWN}, ("id",), THEME_REF_FIELDS)]}
    properties = {
        "number": {"type": "integer", "minimum": 0}, "week": WEEK, "date": DAY, "title": TEXT,
        "handling": TEXT, "authors": {"type": "array", "items": TEXT}, "lang": LANG, "bluf": MARKDOWN,
        "themes": {"type": "array", "items": ref, "minItems": 1},
    }
    required = ("number", "week", "date", "title", "bluf", "themes")
    return _document("briefgen weekly brief (briefs/weekly/<YYYY>-W<ww>.yaml)",
                     _object(properties, required, WEEKLY_FIELDS))


def _document(title: str, body: dict) -> dict:
    return {"$schema": DIALECT, "title": title, **body}


def schema(kind: str) -> dict:
    """The JSON Schema for ``kind``: "sources", "theme" or "weekly"."""
    return {"sources": source_schema, "theme": theme_schema, "weekly": weekly_schema}[kind]()
