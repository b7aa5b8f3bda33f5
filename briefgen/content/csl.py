"""Write sources back out as CSL-YAML, the format they were curated in."""

from __future__ import annotations

import yaml

from briefgen.content.model import Name, PartialDate, Source

_FIELDS = (
    ("container_title", "container-title"), ("publisher", "publisher"), ("section", "section"),
    ("number", "number"), ("genre", "genre"), ("medium", "medium"), ("url", "URL"),
    ("language", "language"), ("translated_title", "translated-title"), ("title_short", "title-short"),
    ("note", "note"), ("abstract", "abstract"),
)


def csl_item(source: Source) -> dict:
    """One source as a CSL item (only the fields it has)."""
    item: dict = {"id": source.id, "type": source.type, "title": source.title}
    if source.author:
        item["author"] = [_name(name) for name in source.author]
    for attribute, key in _FIELDS:
        if getattr(source, attribute):
            item[key] = getattr(source, attribute)
    for attribute in ("issued", "accessed"):
        date: PartialDate | None = getattr(source, attribute)
        if date is not None:
            item[attribute] = date.isoformat()
    return item


def csl_yaml(sources: list[Source]) -> str:
    """Sources as a CSL-YAML document, in the given order."""
    return yaml.safe_dump([csl_item(s) for s in sources], allow_unicode=True, sort_keys=False, width=100)


def _name(name: Name) -> dict:
    if name.literal:
        return {"literal": name.literal}
    return {key: value for key, value in (("family", name.family), ("given", name.given)) if value}
