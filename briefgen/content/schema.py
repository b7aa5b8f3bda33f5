"""JSON Schema for the content files, for editors' YAML language servers.

Made from the content model's declarations (``briefgen.content.model``), the same ones
``briefgen check`` reads the files with, so the two cannot drift apart. ``check`` remains
the authority: it also checks what a schema cannot (real dates, citation keys, theme ids,
a brief's date inside its week, a chart's series agreeing).
"""

from __future__ import annotations

from briefgen.content.fields import record_schema
from briefgen.content.model import Source, Theme, WeeklyBrief

DIALECT = "https://json-schema.org/draft/2020-12/schema"
KINDS = ("sources", "theme", "weekly")


def source_schema() -> dict:
    """``briefs/sources.yaml`` (or ``.json``): a list of CSL items, or ``references:`` with one."""
    items = {"type": "array", "items": record_schema(Source)}
    wrapped = {"type": "object", "properties": {"references": items}, "required": ["references"],
               "additionalProperties": False}
    return _document("briefgen bibliography (briefs/sources.yaml)", {"oneOf": [items, wrapped]})


def theme_schema() -> dict:
    return _document("briefgen theme (briefs/themes/<id>.yaml)", record_schema(Theme))


def weekly_schema() -> dict:
    return _document("briefgen weekly brief (briefs/weekly/<YYYY>-W<ww>.yaml)", record_schema(WeeklyBrief))


def _document(title: str, body: dict) -> dict:
    return {"$schema": DIALECT, "title": title, **body}


def schema(kind: str) -> dict:
    """The JSON Schema for ``kind``: "sources", "theme" or "weekly"."""
    return {"sources": source_schema, "theme": theme_schema, "weekly": weekly_schema}[kind]()
