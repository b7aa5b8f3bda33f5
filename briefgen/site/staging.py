"""Publishing's write stage: a site is built in a private folder beside its target, then swapped in.

The target is never written into while the site is built, so a failed or interrupted
publish leaves the previous site exactly as it was. The finished folder replaces the old
one in one step (Linux's ``renameat2(RENAME_EXCHANGE)``; elsewhere two renames a moment
apart), and the old one is deleted afterwards. Pages of removed briefs disappear because
nothing of the old site is carried over.

A publish only ever replaces a folder that is empty or that an earlier publish wrote (it
holds the marker file ``.briefgen-site``), and never the file system's root, the home
folder, or a folder that holds the project: the rule of ``briefgen.output.folders``.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from briefgen.errors import BuildError
from briefgen.output.folders import SITE, UnsafeTarget, check_output_folder

__all__ = ["UnsafeTarget"]  # where the publish command finds it

MARKER = SITE.mark
MARKER_TEXT = (b"This folder is a site written by `briefgen publish`.\n"
               b"Each publish replaces the whole folder: files added here by hand are removed.\n")
WORK_SUFFIX = ".briefgen-publish-"  # the private build folder: .<name>.briefgen-publish-XXXXXXXX
WORK_MARKER = ".briefgen-publish-work"
SITE_DIR = "site"


def check_target(out: Path, project_root: Path) -> Path:
    """The absolute, resolved folder to publish into; raises ``UnsafeTarget`` when it is
    unsafe (the rule ``build`` follows too: ``briefgen.output.folders``)."""
    return check_output_folder(out, project_root, SITE)


@dataclass(frozen=True)
class Staging:
    """A private folder beside the target: ``site`` becomes the published site, ``scratch`` is for the rest."""

    work: Path
    target: Path

    @property
    def site(self) -> Path:
        return self.work / SITE_DIR

    @property
    def scratch(self) -> Path:
        return self.work / "scratch"


@contextmanager
def staging(target: Path) -> Iterator[Staging]:
    """A private build folder beside ``target``, removed afterwards whatever happens.

    Holds a lock on the target's parent folder so two publishes never race, and removes the
    build folders of earlier publishes that were killed before they could clean up.
    """
    parent = target.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BuildError(f"{parent}: cannot create: {exc.strerror or exc}") from None
    with _locked(parent, target):
        _remove_leftovers(target)
        try:
            work = Path(tempfile.mkdtemp(prefix=f".{target.name}{WORK_SUFFIX}", dir=parent))
        except OSError as exc:
            raise BuildError(f"{parent}: cannot create a build folder: {exc.strerror or exc}") from None
        try:
            (work / WORK_MARKER).write_bytes(b"")
            (work / SITE_DIR).mkdir()
            (work / "scratch").mkdir()
            (work / SITE_DIR / MARKER).write_bytes(MARKER_TEXT)
            yield Staging(work, target)
        finally:
            shutil.rmtree(work, ignore_errors=True)


LOCK_WAIT_SECONDS = 5


@contextmanager
def _locked(parent: Path, target: Path) -> Iterator[None]:
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock
        yield
        return
    fd = os.open(parent, os.O_RDONLY)
    try:
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                # A killed publish's workers hold the lock a moment longer, until they see it gone.
                if time.monotonic() > deadline:
                    raise BuildError(f"{target}: another briefgen publish is writing beside this folder; "
                                     f"try again when it has finished") from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)


def _remove_leftovers(target: Path) -> None:
    """Delete the build folders that killed publishes to ``target`` left behind."""
    for leftover in target.parent.glob(f".{target.name}{WORK_SUFFIX}*"):
        if leftover.is_dir() and not leftover.is_symlink() and (leftover / WORK_MARKER).is_file():
            shutil.rmtree(leftover, ignore_errors=True)


def write_file(site: Path, relative: str, data: bytes) -> Path:
    """Write one file of the site being built (a private folder: no temporary file needed)."""
    path = site / relative
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    except OSError as exc:
        raise BuildError(f"{path}: cannot write: {exc.strerror or exc}") from None
    return path


def normalise_permissions(folder: Path) -> None:
    """Folders 0755 and files 0644 whatever the umask, so any web server can read the site."""
    os.chmod(folder, 0o755)
    for path in folder.rglob("*"):
        if path.is_symlink():
            continue
        os.chmod(path, 0o755 if path.is_dir() else 0o644)


def swap_in(stage: Staging) -> None:
    """Replace the target with the staged site in one step; the old site is then deleted."""
    new, target = stage.site, stage.target
    try:
        if not target.exists() and not target.is_symlink():
            os.rename(new, target)
            return
        if _exchange(new, target):  # now ``new`` holds the old site, inside the work folder
            return
        old = stage.work / "old"
        os.rename(target, old)
        try:
            os.rename(new, target)
        except OSError:
            os.rename(old, target)
            raise
    except OSError as exc:
        raise BuildError(f"{target}: cannot put the new site in place: {exc.strerror or exc} "
                         f"(the previous site is unchanged)") from None


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically with renameat2(RENAME_EXCHANGE); False where unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(error, os.strerror(error), str(b))
