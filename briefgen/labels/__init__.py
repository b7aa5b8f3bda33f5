"""Label catalogues: every fixed word a reader sees, one YAML file per language.

The package's catalogues (``en.yaml``, ``fr.yaml``) are complete; a project may override
any of their words in its own ``labels/<lang>.yaml``, key by key (``briefgen.content.wording``
reads and checks those files). ``Catalogues`` is one project's set, passed explicitly to
whatever shows words.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

DEFAULT_LANGUAGE = "en"


def available() -> list[str]:
    """The languages that have a catalogue."""
    files = resources.files(__package__).iterdir()
    return sorted(f.name.removesuffix(".yaml") for f in files if f.name.endswith(".yaml"))


@cache
def catalogue(lang: str) -> dict:
    """The labels for ``lang`` (``fr-CA`` falls back to ``fr``, unknown languages to English)."""
    base = lang.split("-")[0].lower()
    name = base if base in available() else DEFAULT_LANGUAGE
    labels = yaml.safe_load(resources.files(__package__).joinpath(f"{name}.yaml").read_text("utf-8"))
    if name != DEFAULT_LANGUAGE:
        labels = _overlay(labels, catalogue(DEFAULT_LANGUAGE))  # a word missing: the English one
    return labels


@dataclass(frozen=True)
class Catalogues:
    """A project's label catalogues: the package's, overridden word by word by the project's
    own files. ``overrides`` holds, for each language tag (lower case) with a project file,
    its words as JSON text, so that a ``Catalogues`` is immutable and hashable (graphics
    drawn with it are remembered)."""

    overrides: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, overrides: dict[str, dict]) -> Catalogues:
        """The catalogues with ``overrides`` (language tag → words, as a project file gives them)."""
        return cls(tuple(sorted((lang.lower(), json.dumps(words, ensure_ascii=False, sort_keys=True))
                                for lang, words in overrides.items())))

    def get(self, lang: str) -> dict:
        """The words of ``lang``: the project's file for that tag (else for its base language,
        ``fr`` for ``fr-CA``) over the package's catalogue. Do not modify the result."""
        own = dict(self.overrides)
        tag = lang.lower()
        words = own.get(tag) or own.get(tag.split("-")[0])
        return _merged(lang, words) if words else catalogue(lang)

    def language_name(self, lang: str) -> str:
        """``lang``'s name in itself ("Français"), or "" when neither briefgen's catalogue nor the
        project's file of that language gives it."""
        base = lang.split("-")[0].lower()
        if base in available():
            return str(self.get(lang)["language_name"])
        own = dict(self.overrides)
        words = json.loads(own.get(lang.lower()) or own.get(base) or "{}")
        return str(words.get("language_name", ""))


BUILT_IN = Catalogues()  # briefgen's own words, with no project's over them


@cache
def _merged(lang: str, words: str) -> dict:
    """The package's catalogue of ``lang`` overridden by the project's ``words`` (JSON)."""
    return _overlay(json.loads(words), catalogue(lang))


def _overlay(words: dict, base: dict) -> dict:
    """``base`` with ``words`` put over it key by key, at every depth (``grading.reliability.A``
    replaces one word, not the whole table)."""
    merged = dict(base)
    for key, value in words.items():
        inner = base.get(key)
        merged[key] = _overlay(value, inner) if isinstance(value, dict) and isinstance(inner, dict) else value
    return merged


def format_date(value, labels: dict) -> str:
    """A date in words, as precise as it is known: ``17 October 2025``, ``October 2025``, ``2025``.

    ``value`` is a ``datetime.date`` or anything with ``year``, ``month`` and ``day``, where
    an unknown month or day is None (a content model ``PartialDate``); None is "no date".
    """
    if value is None:
        return labels["no_date"]
    if value.month is None:
        return str(value.year)
    month = labels["months"][value.month - 1]
    if value.day is None:
        return f"{month} {value.year}"
    day = labels.get("first_day", "1") if value.day == 1 else str(value.day)
    return labels["date_format"].format(day=day, month=month, year=value.year)
