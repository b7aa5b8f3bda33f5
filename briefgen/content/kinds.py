"""The kinds of value a content field holds: how each is read from YAML, and its JSON Schema.

A kind reads a present, non-null node with a ``Reader`` (which records located errors)
and gives the value, or None after an error; ``schema()`` describes the same values for
an editor's YAML language server. Fields are declared with kinds in
``briefgen.content.model``.
"""

from __future__ import annotations

from typing import Any

from briefgen.content.load import Node, Scalar, Sequence
from briefgen.content.policy import MAX_TEXT_CHARS, NOT_HTTP, url_problem
from briefgen.content.reader import NUMBER, SLUG, SOURCE_ID, Reader, is_absent
from briefgen.errors import suggest

# JSON Schema pieces shared by several kinds.
DATE = {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$",
        "description": "ISO 8601 date as precise as known: 2025-10-17, 2025-10 or 2025"}
TEXT = {"type": "string"}


class Kind:
    """What a field holds: how it is read from a YAML node and described in JSON Schema."""

    empty: Any = None  # the field's value when it is absent

    def read(self, reader: Reader, node: Node, key: str) -> Any:
        """The value of present, non-null ``node`` for field ``key``; None after an error."""
        raise NotImplementedError

    def read_item(self, reader: Reader, node: Node, key: str) -> Any:
        """The value of one item of list field ``key`` (None: an error, or nothing to keep)."""
        return None if is_absent(node) else self.read(reader, node, key)

    def schema(self) -> dict:
        raise NotImplementedError


class Plain(Kind):
    """A single value kept as text, stripped. ``numbers``: the schema lets YAML write a number.
    ``max_chars``: its longest (every text is bounded: ``briefgen.content.policy``)."""

    empty = ""

    def __init__(self, numbers: bool = False, description: str = "", max_chars: int = MAX_TEXT_CHARS):
        self.numbers, self.description, self.max_chars = numbers, description, max_chars

    def read(self, reader, node, key):
        scalar = reader.scalar(node, key)
        return self._bounded(reader, scalar, key) if scalar is not None else None

    def read_item(self, reader, node, key):
        if isinstance(node, Scalar) and not node.is_null:
            return self._bounded(reader, node, key)
        reader.error(node.location, f"each item of {key!r} must be a single value")
        return None

    def _bounded(self, reader, scalar, key):
        value = scalar.value.strip()
        if len(value) > self.max_chars:
            reader.error(scalar.location, f"{key!r} is {len(value):,} characters long; it may have at most "
                                          f"{self.max_chars:,}")
            return None
        return value

    def schema(self):
        schema = {"type": ["string", "number"]} if self.numbers else dict(TEXT)
        schema["maxLength"] = self.max_chars
        return {**schema, "description": self.description} if self.description else schema


class Title(Plain):
    """A document's or a chart's title: one line of plain text, with the dashes Markdown text
    gets in every language (``---`` → —, ``--`` → –), since a title is not Markdown."""

    def read(self, reader, node, key):
        value = super().read(reader, node, key)
        return value.replace("---", "\u2014").replace("--", "\u2013") if value is not None else None


class Markdown(Kind):
    """Markdown that may cite sources: ``[@key]``, ``[@key, p. 4]``, ``[@a; @b]``."""

    def read(self, reader, node, key):
        return reader.text(node, key)

    def schema(self):
        return {"type": "string", "maxLength": MAX_TEXT_CHARS,
                "description": "Markdown; cite with [@key], [@key, p. 4], [@a; @b]"}


class Reference(Kind):
    """A ``cite:`` field: one citation, ``[@key]`` or ``[@key, p. 4]`` (``@key`` or ``key`` will do)."""

    def read(self, reader, node, key):
        return reader.reference(node, key)

    def schema(self):
        return {"type": "string", "pattern": r"@?[\w]", "description": "a citation: [@key] or [@key, p. 4]"}


class Date(Kind):
    """A date as precise as it is known. ``csl``: CSL's ``{date-parts: [[y, m, d]]}`` is allowed too."""

    def __init__(self, csl: bool = False):
        self.csl = csl

    def read(self, reader, node, key):
        return reader.partial_date(node, key)

    def schema(self):
        if not self.csl:
            return dict(DATE)
        parts = {"type": "array", "minItems": 1, "maxItems": 1,
                 "items": {"type": "array", "minItems": 1, "maxItems": 3, "items": {"type": ["integer", "string"]}}}
        return {"oneOf": [dict(DATE), object_schema({"date-parts": parts}, ["date-parts"])]}


class Day(Kind):
    """A calendar day, ``2025-10-17``."""

    def read(self, reader, node, key):
        return reader.full_date(node, key)

    def schema(self):
        return {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "description": "ISO 8601 date: YYYY-MM-DD"}


class Week(Kind):
    """An ISO week, ``2025-W44``."""

    def read(self, reader, node, key):
        return reader.week(node, key)

    def schema(self):
        return {"type": "string", "pattern": r"^\d{4}-W\d{2}$", "description": "ISO 8601 week: 2025-W44"}


class Language(Kind):
    """A language tag, ``en``, ``fr``, ``fr-CA``."""

    empty = ""

    def read(self, reader, node, key):
        return reader.language(node, key)

    def schema(self):
        return {"type": "string", "pattern": r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$", "description": "language tag: en, fr"}


class Count(Kind):
    """A whole number, 0 or more."""

    empty = 0

    def read(self, reader, node, key):
        return reader.integer(node, key)

    def schema(self):
        return {"type": "integer", "minimum": 0}


class Number(Kind):
    """A chart value: digits with an optional decimal point, never negative."""

    def read(self, reader, node, key):
        scalar = reader.scalar(node, key)
        if scalar is None:
            return None
        raw = scalar.value.strip()
        if not NUMBER.match(raw):
            hint = " (the source's wording goes in 'text')" if key in ("value", "to") else ""
            reader.error(scalar.location, f"{key!r} must be a number such as 3500000 or 40.5, not {raw!r}{hint}")
            return None
        number = float(raw)
        if number < 0:
            reader.error(scalar.location, f"{key!r} must not be negative: chart values are drawn from zero")
            return None
        return number

    def schema(self):
        return {"oneOf": [{"type": "number", "minimum": 0}, {"type": "string", "pattern": r"^\d+(\.\d+)?$"}],
                "description": "a number: 3500000, 40.5 (the source's wording goes in 'text')"}


class Choice(Kind):
    """One of a fixed list of words. ``message`` words the error (``{key}``, ``{value}``, ``{choices}``)."""

    empty = ""

    def __init__(self, choices: tuple[str, ...], message: str = "{key!r} must be one of {choices}, not {value!r}",
                 description: str = ""):
        self.choices, self.message, self.description = choices, message, description

    def read(self, reader, node, key):
        scalar = reader.scalar(node, key)
        if scalar is None:
            return None
        value = scalar.value.strip()
        if value not in self.choices:
            message = self.message.format(key=key, value=value, choices=", ".join(self.choices))
            reader.error(scalar.location, message + suggest(value, self.choices))
            return None
        return value

    def schema(self):
        schema = {"enum": list(self.choices)}
        return {**schema, "description": self.description} if self.description else schema


class Url(Kind):
    """A web address, held to the address policy (``briefgen.content.policy``): ``http`` or ``https`` only."""

    empty = ""

    def read(self, reader, node, key):
        scalar = reader.scalar(node, key)
        if scalar is None:
            return None
        url = scalar.value.strip()
        problem = url_problem(url)
        if problem is not None:
            reason = "" if problem == NOT_HTTP else f": {problem}"
            reader.error(scalar.location, f"{key} must be an http(s) address, not {url!r}{reason}")
            return None
        return url

    def schema(self):
        return {"type": "string", "pattern": r"^https?://"}


class ThemeId(Kind):
    """The id of a theme of the project (its file name)."""

    empty = ""

    def read(self, reader, node, key):
        scalar = reader.scalar(node, key)
        if scalar is None:
            return None
        value = scalar.value.strip()
        if value not in reader.known_themes:
            reader.error(scalar.location, f"unknown theme {value!r}{suggest(value, reader.known_themes)}")
            return None
        return value

    def schema(self):
        return dict(TEXT)


class CitationKey(Kind):
    """A source's id, the key texts cite it by."""

    empty = ""

    def read(self, reader, node, key):
        scalar = reader.scalar(node, key)
        if scalar is None:
            return None
        value = scalar.value.strip()
        if value and not SOURCE_ID.match(value):
            reader.error(scalar.location, f"source id {value!r} is not a valid citation key")
        return value

    def schema(self):
        return {"type": "string", "pattern": r"^\w", "description": "the citation key"}


class ListOf(Kind):
    """A list of ``item`` values; ``min_items``/``max_items`` bound its length. ``messages``
    words the errors: ``not_list``, ``too_few`` and ``too_many`` (``{key}``, ``{count}``)."""

    empty = ()
    MESSAGES = {"not_list": "{key!r} must be a list",
                "too_few": "{key!r} must have at least {count} item(s)",
                "too_many": "{key!r} may have at most {count} items"}

    def __init__(self, item: Kind, min_items: int = 0, max_items: int | None = None, whole: bool = False,
                 **messages: str):
        self.item, self.min_items, self.max_items = item, min_items, max_items
        self.whole = whole  # one wrong item makes the whole list wrong (a chart's points)
        self.messages = {**self.MESSAGES, **messages}

    def read(self, reader, node, key):
        if not isinstance(node, Sequence):
            reader.error(node.location, self.messages["not_list"].format(key=key))
            return None
        if len(node.items) < self.min_items:
            reader.error(node.location, self.messages["too_few"].format(key=key, count=self.min_items))
        if self.max_items is not None and len(node.items) > self.max_items:
            extra = node.items[self.max_items]
            reader.error(extra.location, self.messages["too_many"].format(key=key, count=self.max_items))
        values = [self.item.read_item(reader, item, key) for item in node.items]
        if self.whole and None in values:
            return None
        return tuple(value for value in values if value is not None)

    def schema(self):
        schema = {"type": "array", "items": self.item.schema()}
        if self.min_items:
            schema["minItems"] = self.min_items
        if self.max_items is not None:
            schema["maxItems"] = self.max_items
        return schema


def object_schema(properties: dict, required: list[str], description: str = "") -> dict:
    """A JSON Schema object with exactly ``properties``."""
    schema = {"type": "object", "properties": properties, "required": required, "additionalProperties": False}
    if description:
        schema["description"] = description
    return schema


class Slug(Kind):
    """A short id: lower-case letters, digits and hyphens (``kj-deal-signed``), at most 40 characters."""

    empty = ""
    LONGEST = 40

    def read(self, reader, node, key):
        scalar = reader.scalar(node, key)
        if scalar is None:
            return None
        value = scalar.value.strip()
        if not SLUG.match(value) or len(value) > self.LONGEST:
            reader.error(scalar.location, f"{key!r} must be a short id of lower-case letters, digits and hyphens "
                                          f"(at most {self.LONGEST}), such as kj-deal-signed, not {value!r}")
            return None
        return value

    def schema(self):
        return {"type": "string", "pattern": r"^[a-z0-9][a-z0-9-]*$", "maxLength": self.LONGEST}
