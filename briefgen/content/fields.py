"""The content model's fields, declared once.

Every record of the content model (a source, a theme, a timeline entry…) is a frozen
dataclass in ``briefgen.content.model`` whose fields are declared with ``declared(kind)``:
the YAML key, whether it is required, whether it is for the team only, and the *kind* of
value it holds (``briefgen.content.kinds``). From that one declaration follow:

- the located reading of a YAML mapping into the record (``read_record``): unknown keys,
  missing keys and values of the wrong kind are errors at their line and column;
- the JSON Schema that ``briefgen schema`` prints (``record_schema``);
- for sources, the CSL item written back out (``briefgen.content.csl``).

Adding a field to the content is one line in the model, plus whatever renders it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import cache
from typing import Any

from briefgen.content.kinds import TEXT, Kind, object_schema
from briefgen.content.load import Mapping, Node, Scalar
from briefgen.content.reader import Reader, is_absent
from briefgen.content.values import Places


class Nested(Kind):
    """A record of its own (a mapping), declared by ``record``; or, with ``scalar``, a single
    value standing for the record with only that field set (``- alpha`` for ``- id: alpha``)."""

    def __init__(self, record: type, scalar: str = "", empty=None):
        self.record, self.scalar, self.empty = record, scalar, empty  # ``empty``: the value when absent

    def read(self, reader, node, key):
        if self.scalar and isinstance(node, Scalar):
            (field,) = (f for f in fields_of(self.record) if f.attribute == self.scalar)
            value = field.kind.read(reader, node, field.key)
            return self.record(**{self.scalar: value}, location=node.location) if value is not None else None
        return read_record(reader, node, self.record)

    def read_item(self, reader, node, key):
        return self.read(reader, node, key)

    def schema(self):
        schema = record_schema(self.record)
        return {"oneOf": [dict(TEXT), schema]} if self.scalar else schema


# -- declarations -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Declared:
    """One declared field of a record."""

    attribute: str  # the model's attribute
    key: str        # the YAML key
    kind: Kind
    required: bool
    internal: bool  # for the team only: read and checked, never shown to a reader


def declared(kind: Kind, *, key: str = "", required: bool = False, internal: bool = False):
    """A dataclass field holding a value of ``kind``, read from YAML key ``key`` (default: the
    attribute's name). ``required``: a record without it is an error. ``internal``: the
    team's own note, never rendered or published."""
    metadata = {"declared": (key, kind, required, internal)}
    return dataclasses.field(default=kind.empty, metadata=metadata)


@cache
def fields_of(record: type) -> tuple[Declared, ...]:
    """The declared fields of ``record``, in declaration order."""
    found = []
    for field in dataclasses.fields(record):
        if "declared" in field.metadata:
            key, kind, required, internal = field.metadata["declared"]
            found.append(Declared(field.name, key or field.name, kind, required, internal))
    return tuple(found)


@cache
def internal_fields(record: type) -> frozenset[str]:
    """The attributes of ``record`` declared internal (none for a type that is not a record)."""
    if not dataclasses.is_dataclass(record):
        return frozenset()
    return frozenset(field.attribute for field in fields_of(record) if field.internal)


def keys_of(record: type) -> tuple[str, ...]:
    """The YAML keys ``record`` accepts."""
    return tuple(field.key for field in fields_of(record))


def read_record(reader: Reader, node: Node | None, record: type, **given: Any):
    """The ``record`` a YAML mapping declares, or None after located errors.

    Every field is read and checked, so one run reports every problem; a record whose
    required field is missing or wrong is not made. ``given`` sets the fields that do not
    come from the mapping (a theme's id, from its file name).
    """
    made, complete = read_partial(reader, node, record, **given)
    return made if complete else None


def read_partial(reader: Reader, node: Node | None, record: type, **given: Any) -> tuple[Any, bool]:
    """``(record, complete)``: the record made of whatever could be read (absent or wrong
    fields empty), and whether every required field was there and right. None for a node
    that is not a mapping. Checks that span fields can still look at an incomplete record."""
    fields = fields_of(record)
    required = tuple(field.key for field in fields if field.required)
    mapping = reader.mapping(node, record.WHAT, keys_of(record), required)
    if mapping is None:
        return None, False
    values, complete = {}, True
    for field in fields:
        value_node = mapping.values.get(field.key)
        value = None if is_absent(value_node) else field.kind.read(reader, value_node, field.key)
        if value is None:
            complete = complete and not field.required
            value = field.kind.empty
        values[field.attribute] = value
    made = record(**values, **given, location=mapping.location, places=places_of(mapping))
    check = getattr(record, "CHECK", None)  # the record's rules that span its fields
    if check is not None and not check(reader, made):
        complete = False
    return made, complete


def places_of(mapping: Mapping) -> Places:
    """Where each key of ``mapping`` stands, and each value that is not null."""
    return Places({key: scalar.location for key, scalar in mapping.keys.items()},
                  {key: node.location for key, node in mapping.values.items() if not is_absent(node)})


def record_schema(record: type) -> dict:
    """The JSON Schema of one ``record``: its declared keys, the required ones, nothing else."""
    fields = fields_of(record)
    schema = object_schema({field.key: field.kind.schema() for field in fields},
                     [field.key for field in fields if field.required], record.WHAT)
    schema.update(getattr(record, "SCHEMA", {}))
    return schema
