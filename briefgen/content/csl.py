"""Write sources back out as CSL-YAML, the format they were curated in.

The keys and their order are the source's declaration (``briefgen.content.model.Source``):
a field declared ``internal`` (the team's own notes) is never written out.
"""

from __future__ import annotations

import yaml

from briefgen.content.fields import fields_of
from briefgen.content.model import Name, PartialDate, Source


def csl_item(source: Source) -> dict:
    """One source as a CSL item: the fields it has, in declaration order, internal ones left out."""
    item: dict = {}
    for field in fields_of(Source):
        value = getattr(source, field.attribute)
        if field.internal or not value:
            continue
        if isinstance(value, PartialDate):
            value = value.isoformat()
        elif field.attribute == "author":
            value = [_name(name) for name in value]
        item[field.key] = value
    return item


def csl_yaml(sources: list[Source]) -> str:
    """Sources as a CSL-YAML document, in the given order."""
    return yaml.safe_dump([csl_item(s) for s in sources], allow_unicode=True, sort_keys=False, width=100)


def _name(name: Name) -> dict:
    if name.literal:
        return {"literal": name.literal}
    return {key: value for key, value in (("family", name.family), ("given", name.given)) if value}
