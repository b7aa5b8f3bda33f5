"""``briefgen clear``: record in a weekly brief's file that it was cleared, by whom, when, and
the digest of what was cleared (``briefgen.content.clearance``) — or put it back in review
or draft. Only the clearance block of the file changes; the file is replaced atomically."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from briefgen.content.clearance import clearance_block, content_digest, with_clearance
from briefgen.content.config import Config
from briefgen.content.load import MAX_FILE_BYTES
from briefgen.content.project import CONTENT_DIR, Selection, load_project
from briefgen.errors import BuildError
from briefgen.files import read_regular
from briefgen.output.atomic import write_atomic


def clear_briefs(root: Path, config: Config, weeks: tuple[str, ...], state: str, by: str = "",
                 on: dt.date | None = None) -> list[Path]:
    """Set the clearance of each brief of ``weeks``; the files written. A cleared brief needs
    ``by`` and ``on``. Raises ``ContentError`` when the content does not load, ``BuildError``
    for a brief that does not exist."""
    if state == "cleared" and not (by and on):
        raise BuildError("a cleared brief records who cleared it (--by NAME) and when (--on, default today)")
    project = load_project(root, Selection((), tuple(weeks)), config)
    written = []
    for week in weeks:
        brief = project.weekly.get(week)
        if brief is None:
            raise BuildError(f"{CONTENT_DIR}/weekly/{week}.yaml: no such weekly brief")
        path = root / CONTENT_DIR / "weekly" / f"{week}.yaml"
        digest = content_digest(brief, project) if state == "cleared" else ""
        block = clearance_block(state, by if state == "cleared" else "", on if state == "cleared" else None, digest)
        text = read_regular(path, MAX_FILE_BYTES).decode("utf-8")  # it loaded: it is regular UTF-8
        write_atomic(path, with_clearance(text, block).encode("utf-8"))
        written.append(path)
    return written
