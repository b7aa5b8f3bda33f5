"""Label catalogues: every fixed word a reader sees, one YAML file per language."""

from __future__ import annotations

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
        labels = _fall_back(labels, catalogue(DEFAULT_LANGUAGE))
    return labels


def _fall_back(labels: dict, default: dict) -> dict:
    """``labels`` completed from ``default`` key by key, one level into sections (``site:``, ``charts:``)."""
    merged = {**default, **labels}
    for key, value in default.items():
        if isinstance(value, dict) and isinstance(labels.get(key), dict):
            merged[key] = {**value, **labels[key]}
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
