"""Which outputs are up to date: where each goes, and what each was made from.

An output is fresh when its manifest entry's hash matches its inputs as they are now
(``briefgen.output.incremental``). A weekly brief also depends on the brief before it, whose
number, date and judgements its "Since No. N" compares with: a brief added or removed in
between makes it stale too. A language edition of a brief depends on its original (whose
handling line it may print) and on the theme editions in its language it would show if
they existed; an HTML page on which editions of its document exist (it links to them).
"""

from __future__ import annotations

from pathlib import Path

from briefgen.content.cycle import previous_id
from briefgen.content.editions import original_id, split_id
from briefgen.content.model import Project
from briefgen.content.project import CONTENT_DIR
from briefgen.content.reader import WEEK
from briefgen.output.incremental import Manifest, editions_on_disk, output_hash

SUFFIXES = {"html": "html", "pdf": "pdf", "email": "eml"}


def output_name(kind: str, doc_id: str, fmt: str) -> str:
    """Where an output goes under the build folder: ``weekly/2025-W44.eml`` for the e-mail edition."""
    return f"{kind}/{doc_id}.{SUFFIXES[fmt]}"


def dependencies(project: Project | None, manifest: Manifest, kind: str, doc_id: str, fmt: str) -> list[str] | None:
    """The content files an output reads: its own YAML and, for a weekly brief, its themes'
    and the previous brief's (without a loaded project: those the manifest recorded)."""
    if project is None:
        return manifest.deps(output_name(kind, doc_id, fmt))
    if kind == "themes":
        return [project.themes[doc_id].path]
    brief = project.weekly[doc_id]
    previous = project.previous.get(doc_id)  # its "Since No. N" compares with it
    deps = [brief.path, *(project.themes[ref.id].path for ref in brief.themes), *([previous.path] if previous else [])]
    original, lang = split_id(doc_id)
    if lang:  # an edition: its original, and the theme editions it would show
        deps.append(project.weekly[original].path)
        deps += [f"{CONTENT_DIR}/themes/{ref.id}.{lang}.yaml" for ref in brief.themes if ref.id == original_id(ref.id)]
    return deps


def hashed_name(root: Path, kind: str, doc_id: str, fmt: str) -> str:
    """The output's name as its hash takes it: for an HTML page, with the files of its
    document's language editions, which it links to."""
    name = output_name(kind, doc_id, fmt)
    return name + editions_on_disk(root / CONTENT_DIR / kind, doc_id) if fmt == "html" else name


def fresh(manifest: Manifest, root: Path, shared: str, kind: str, doc_id: str, fmt: str) -> bool:
    """Whether an output was built from the same inputs as it would be now."""
    name = output_name(kind, doc_id, fmt)
    deps = manifest.deps(name)
    if deps is None or (kind == "weekly" and not _same_previous(root, doc_id, deps)):
        return False
    return manifest.is_fresh(name, output_hash(shared, root, deps, hashed_name(root, kind, doc_id, fmt),
                                               manifest.file_digests))


def _same_previous(root: Path, doc_id: str, deps: list[str]) -> bool:
    """Whether a brief built from ``deps`` compared with the brief that comes before it now
    (a brief added or removed in between changes its "Since No. N"); an edition's deps hold
    its original too."""
    folder = f"{CONTENT_DIR}/weekly/"
    ids = [p.stem for p in (root / folder).glob("*.yaml") if WEEK.match(original_id(p.stem))] \
        if (root / folder).is_dir() else []
    before = previous_id(doc_id, ids)
    wanted = {f"{folder}{before}.yaml"} if before else set()
    if original_id(doc_id) != doc_id:
        wanted.add(f"{folder}{original_id(doc_id)}.yaml")
    return {dep for dep in deps if dep.startswith(folder)} - {f"{folder}{doc_id}.yaml"} == wanted
