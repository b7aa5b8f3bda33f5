"""Nothing goes out before it is cleared, and nothing changes silently after.

A weekly brief is a draft until it says otherwise. ``briefgen clear WEEK --by NAME`` marks
it cleared: it writes the clearance block into the brief's file — who, on which day, and
the *digest* of what was cleared: the brief's own fields and everything it shows of its
themes (the entries, figures and charts known by its date), so an edit to any of them
after clearance is seen. A language edition (``2025-W44.fr``) is cleared on its own; what
it shows includes the handling line it takes from its original. A cleared brief whose
digest no longer matches is treated as not cleared: ``check`` reports it as an error, the
build marks it as a draft and ``publish`` leaves it out, until it is reviewed and cleared
again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re

from briefgen.content import timing
from briefgen.content.editions import edition_lang, original_id
from briefgen.content.fields import fields_of
from briefgen.content.model import Project, WeeklyBrief
from briefgen.content.values import IsoWeek, PartialDate, Text
from briefgen.errors import Diagnostics

DIGEST_PREFIX = "sha256:"
DIGEST_CHARS = 24  # 96 bits of SHA-256: enough to tell any edit, short enough to read


def content_digest(brief: WeeklyBrief, project: Project) -> str:
    """The digest of what ``brief`` says and shows (its clearance and internal notes aside)."""
    sources = project.sources
    shown = []
    for ref in brief.themes:
        theme = project.themes[ref.id]
        entries = timing.this_week(theme, brief, sources) + timing.earlier(theme, brief, sources)
        shown.append({"theme": theme.id, "title": theme.title, "entries": _plain(entries),
                      "figures": _plain(timing.figures(theme, brief, sources)),
                      "charts": _plain(tuple(chart for _, chart in timing.charts(theme, brief, sources)))})
    own = {key: value for key, value in _plain(brief).items() if key != "clearance"}
    cleared = {"brief": own, "shows": shown}
    original = project.weekly.get(original_id(brief.id)) if edition_lang(brief.id) and not brief.handling else None
    if original is not None and original.handling:  # a language edition prints its original's handling line
        cleared["handling"] = original.handling
    data = json.dumps(cleared, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return DIGEST_PREFIX + hashlib.sha256(data.encode("utf-8")).hexdigest()[:DIGEST_CHARS]


def is_cleared(brief: WeeklyBrief, project: Project) -> bool:
    """Whether ``brief`` may go out: cleared, and unchanged since."""
    clearance = brief.clearance
    return clearance.cleared and clearance.digest == content_digest(brief, project)


def clearance_problems(project: Project, diagnostics: Diagnostics, release: bool = False) -> None:
    """Record a cleared brief that does not say who cleared it or that changed since; with
    ``release``, every brief that is not cleared too."""
    for brief in project.weekly.values():
        clearance = brief.clearance
        where = brief.places.value("clearance", brief.location)
        if clearance.cleared and not (clearance.by and clearance.on and clearance.digest):
            diagnostics.error(where, f"{brief.id} is marked cleared without who cleared it, when, and what: "
                                     f"clear it with `briefgen clear {brief.id} --by NAME`")
        elif clearance.cleared and clearance.digest != content_digest(brief, project):
            diagnostics.error(where, f"{brief.id} changed after {clearance.by} cleared it on {clearance.on}: "
                                     f"review it, then clear it again (`briefgen clear {brief.id} --by NAME`)")
        elif release and not clearance.cleared:
            diagnostics.error(where, f"{brief.id} is not cleared for release (clearance: {clearance.state})")


def clearance_block(state: str, by: str = "", on: dt.date | None = None, digest: str = "") -> str:
    """The YAML of a clearance, as ``briefgen clear`` writes it into a brief."""
    lines = ["clearance:", f"  state: {state}"]
    if by:
        lines.append(f"  by: {json.dumps(by, ensure_ascii=False)}")
    if on:
        lines.append(f'  on: "{on.isoformat()}"')
    if digest:
        lines.append(f'  digest: "{digest}"')
    return "\n".join(lines) + "\n"


_BLOCK = re.compile(r"^clearance:[^\n]*\n(?:[ \t]+[^\n]*\n|[ \t]*\n)*", re.M)


def with_clearance(text: str, block: str) -> str:
    """The brief's YAML ``text`` with its clearance block replaced by ``block`` (appended when
    it has none); every other line stays as written."""
    if not text.endswith("\n"):
        text += "\n"
    if _BLOCK.search(text):
        return _BLOCK.sub(lambda _: block, text, count=1)
    return text + block


def _plain(value):
    """A record, or a value inside one, as plain JSON data: declared fields only, internal ones left out."""
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, Text):
        return value.markdown
    if isinstance(value, (PartialDate, IsoWeek, dt.date)):
        return str(value)
    if dataclasses.is_dataclass(value):
        return {f.key: _plain(getattr(value, f.attribute)) for f in fields_of(type(value)) if not f.internal}
    return value
