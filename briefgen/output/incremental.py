"""Incremental builds: a document is rendered again only when something it depends on changed.

Each output records, in ``<out>/.briefgen/manifest.json``, a hash of everything that went
into it — its YAML, the themes a weekly brief draws on, the bibliography, templates,
stylesheets, configuration, label catalogues and briefgen's version — and the content files
it read. A rebuild recomputes those hashes from the files alone, so an unchanged project is
not even parsed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from briefgen import __version__
from briefgen.content.editions import original_id
from briefgen.files import Unreadable, digest_regular, read_regular
from briefgen.output.atomic import write_atomic

MANIFEST = ".briefgen/manifest.json"
FORMAT_VERSION = 1
MAX_MANIFEST_BYTES = 64 * 1024 * 1024


class FileDigests(dict):
    """Each file's content digest, read once: a run hashes a theme for every brief that shows it."""

    def __missing__(self, path: Path) -> bytes:
        try:
            value = digest_regular(path)
        except Unreadable as why:  # the build refuses it when it reads it; never wait on a pipe here
            value = b"<missing>" if why.kind == "error" else b"<not a regular file>"
        self[path] = value
        return value


def digest_files(paths: Iterable[Path], root: Path, digests: FileDigests | None = None) -> str:
    """A hash of the names and contents of ``paths`` (a missing file hashes as missing);
    ``digests`` remembers each file's own digest for the rest of a run."""
    known = FileDigests() if digests is None else digests
    sha = hashlib.sha256()
    for path in sorted(set(paths)):
        try:
            name = str(path.relative_to(root))
        except ValueError:
            name = str(path)
        sha.update(name.encode() + b"\0" + known[path] + b"\0")
    return sha.hexdigest()


def digest(*parts: str) -> str:
    return hashlib.sha256("\0".join((__version__, *parts)).encode()).hexdigest()


def files_under(folders: Iterable[Path]) -> list[Path]:
    """Every file below ``folders`` (templates, label catalogues), hidden ones excepted."""
    found = []
    for folder in folders:
        if folder.is_dir():
            found.extend(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))
    return found


@dataclass
class Manifest:
    """What each output was built from: ``{"weekly/2025-W44.pdf": {"hash": ..., "deps": [...]}}``."""

    out: Path
    entries: dict[str, dict] = field(default_factory=dict)
    file_digests: FileDigests = field(default_factory=FileDigests, repr=False, compare=False)  # this run's

    @classmethod
    def load(cls, out: Path) -> Manifest:
        """The manifest of build folder ``out``; an empty one when it is missing, unreadable,
        not a regular file or not briefgen's (the next build then renders everything)."""
        try:
            data = json.loads(read_regular(out / MANIFEST, MAX_MANIFEST_BYTES).decode("utf-8"))
            if data.get("format") == FORMAT_VERSION and isinstance(data.get("outputs"), dict):
                return cls(out, data["outputs"])
        except (Unreadable, ValueError, RecursionError, AttributeError):
            pass
        return cls(out)

    def save(self) -> None:
        data = {"format": FORMAT_VERSION, "outputs": dict(sorted(self.entries.items()))}
        write_atomic(self.out / MANIFEST, json.dumps(data, indent=1).encode("utf-8"))

    def deps(self, output: str) -> list[str] | None:
        entry = self.entries.get(output)
        return entry["deps"] if entry else None

    def is_fresh(self, output: str, expected: str) -> bool:
        """Whether ``output`` exists and was built from inputs hashing to ``expected``."""
        entry = self.entries.get(output)
        return entry is not None and entry.get("hash") == expected and (self.out / output).is_file()

    def record(self, output: str, expected: str, deps: list[str]) -> None:
        self.entries[output] = {"hash": expected, "deps": sorted(deps)}

    def forget(self, output: str) -> None:
        self.entries.pop(output, None)


def output_hash(shared: str, root: Path, deps: Iterable[str], output: str, digests: FileDigests | None = None) -> str:
    """The hash an output must carry to be fresh: shared inputs, its own files, its name."""
    return digest(shared, output, digest_files((root / dep for dep in deps), root, digests))


def editions_on_disk(folder: Path, doc_id: str) -> str:
    """The file names of a document's original and language editions in ``folder``, as one string."""
    original = original_id(doc_id)
    names = (*folder.glob(f"{original}.yaml"), *folder.glob(f"{original}.*.yaml"))
    return ",".join(sorted(path.name for path in names))
