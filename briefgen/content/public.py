"""A content file as readers may see it: the team's internal fields and comments left out.

A PDF carries the YAML it was made from, for provenance. It carries it as written out
again from the file's values, not as the file itself: fields declared ``internal`` (a
source's ``annote``, a theme's or brief's ``comment``) and YAML comments never leave.
"""

from __future__ import annotations

import yaml

from briefgen.content.fields import Nested, fields_of
from briefgen.content.kinds import ListOf
from briefgen.content.load import LoadedFile, Mapping, Node, Scalar, Sequence
from briefgen.content.model import Source, Theme, WeeklyBrief

DOCUMENTS = {"themes": Theme, "weekly": WeeklyBrief, "sources": Source}


def public_yaml(file: LoadedFile, kind: str) -> str:
    """The YAML of ``file`` (a theme, a weekly brief or a bibliography) without what is internal."""
    record = DOCUMENTS[kind]
    root = file.root
    if kind == "sources" and isinstance(root, Sequence):
        data = [_public(item, record) for item in root.items]
    elif kind == "sources" and isinstance(root, Mapping) and "references" in root.values:
        data = {"references": _public(root.values["references"], record)}
    else:
        data = _public(root, record)
    return yaml.dump(data, Dumper=_PublicDumper, allow_unicode=True, sort_keys=False, width=100)


class _Plain(str):
    """A scalar the file wrote unquoted: written back unquoted, so ``number: 1`` stays a number."""


class _PublicDumper(yaml.SafeDumper):
    pass


def _represent_plain(dumper: yaml.SafeDumper, value: _Plain) -> yaml.ScalarNode:
    return dumper.represent_scalar(dumper.resolve(yaml.ScalarNode, str(value), (True, False)), str(value))


_PublicDumper.add_representer(_Plain, _represent_plain)


def _public(node: Node | None, record: type | None):
    """``node`` as plain data; in a mapping that is a ``record``, its internal keys dropped."""
    if node is None:
        return None
    if isinstance(node, Scalar):
        if node.is_null:
            return None
        return _Plain(node.value) if node.plain else node.value
    if isinstance(node, Sequence):
        return [_public(item, record) for item in node.items]
    fields = {field.key: field for field in fields_of(record)} if record is not None else {}
    data = {}
    for key, value in node.values.items():
        field = fields.get(key)
        if field is not None and field.internal:
            continue
        data[key] = _public(value, _nested(field.kind) if field is not None else None)
    return data


def _nested(kind) -> type | None:
    inner = kind.item if isinstance(kind, ListOf) else kind
    return inner.record if isinstance(inner, Nested) else None
