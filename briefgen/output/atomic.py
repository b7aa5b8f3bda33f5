"""Stage 7 — write: put files in place atomically, so a reader never sees half a file.

Each file is written to a temporary file in the same folder (``.briefgen-tmp-<pid>-…``),
flushed to disk, then renamed over the target: a full disk, a read-only folder or a build
killed half-way leaves the previous file as it was. A later build removes the temporary
files that a killed one left behind.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from briefgen.errors import BuildError

TEMP_PREFIX = ".briefgen-tmp-"


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename.

    On any failure the previous file (if any) is left untouched and the temporary removed.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{os.getpid()}-", suffix=path.suffix, dir=path.parent)
    except OSError as exc:
        raise BuildError(f"{path}: cannot write: {exc.strerror or exc}") from None
    try:
        try:
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except OSError as exc:
        _discard(temp)
        raise BuildError(f"{path}: cannot write: {exc.strerror or exc}") from None
    except BaseException:
        _discard(temp)
        raise
    _sync_folder(path.parent)


def write_new(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path``, which must not exist: written whole to a temporary file,
    then linked into place, so a file already there (even one made meanwhile) is never
    overwritten. Raises ``FileExistsError`` for an existing ``path``, ``BuildError`` otherwise."""
    if os.path.lexists(path):
        raise FileExistsError(path)
    temp = path.with_name(f"{TEMP_PREFIX}{os.getpid()}-new-{path.name}")
    write_atomic(temp, data)
    try:
        os.link(temp, path)
    except FileExistsError:
        raise
    except OSError as exc:
        raise BuildError(f"{path}: cannot write: {exc.strerror or exc}") from None
    finally:
        _discard(str(temp))


def _write_all(fd: int, data: bytes) -> None:
    """``os.write`` until everything is written (a write may take only part of the data)."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        if written <= 0:
            raise OSError(f"write returned {written}")
        view = view[written:]


def _discard(temp: str) -> None:
    try:
        os.unlink(temp)
    except OSError:
        pass


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (where the platform can open a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_leftovers(folder: Path) -> None:
    """Delete temporary files that an interrupted earlier run left behind.

    A temporary file of a process that is still running (another build writing into the
    same folder) is left alone. Links are not followed, and a file that cannot be removed
    (a read-only folder) is skipped: the build reports what it cannot write.
    """
    if not folder.is_dir():
        return
    for parent, _dirs, files in os.walk(folder, followlinks=False):
        for name in files:
            if name.startswith(TEMP_PREFIX) and not _writer_alive(name):
                _discard(os.path.join(parent, name))


def _writer_alive(name: str) -> bool:
    """Whether the process that named temporary file ``name`` is still running."""
    pid = name[len(TEMP_PREFIX):].split("-", 1)[0]
    if not pid.isdigit() or os.name != "posix":
        return False
    if int(pid) == os.getpid():
        return True  # ours: a write in progress in another thread
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists but belongs to someone else
        return True
    return True
