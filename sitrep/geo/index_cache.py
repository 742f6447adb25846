"""Index files in a cache directory that several sitrep versions share: built once, written
atomically, deleted only after long disuse.

Why: worktrees, branches and installed versions point at one cache dir (the user's, or
``geo.cache_dir``). Each index's file name carries a hash of the code and data that built it,
so no version reads another's; but the version that wrote an index used to delete every other
one, so two versions in one dir deleted each other's index and rebuilt it on every start
(issue 17). Now reading an index marks it used (its modification time), another version's file
is deleted only after ``STALE_DAYS`` without use, and a lock beside the file makes processes
that need the same missing index build it once: the others wait and read it.
"""
from __future__ import annotations

import logging
import os
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Callable, Iterator, TypeVar

try:
    import fcntl
except ImportError:  # not POSIX: concurrent builders each build, and the last rename wins
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

STALE_DAYS = 30.0  # an index no process has read for this long is another version's leftover
T = TypeVar("T")


def load_or_build(path: Path, read: Callable[[Path], T | None], build: Callable[[Path], T], *,
                  rebuild: bool = False) -> T:
    """``read(path)`` when it gives an index; else, holding ``path``'s lock, read again (another
    process may have built it while this one waited) or ``build(path)``, which writes it."""
    if not rebuild:
        found = _read(path, read)
        if found is not None:
            return found
    with build_lock(path):
        found = None if rebuild else _read(path, read)
        return found if found is not None else build(path)


def _read(path: Path, read: Callable[[Path], T | None]) -> T | None:
    if not path.exists():
        return None
    found = read(path)
    if found is not None:
        mark_used(path)
    return found


def mark_used(path: Path) -> None:
    """Record that a version still reads ``path`` (its mtime), so that ``prune`` keeps it."""
    try:
        os.utime(path)
    except OSError:  # a read-only cache: nothing is pruned there either
        pass


@contextmanager
def build_lock(path: Path) -> Iterator[None]:
    """An exclusive lock on ``<path>.lock`` for as long as the block runs (none where the
    directory cannot be written or the platform has no ``fcntl``: the build then just runs)."""
    handle = None
    if fcntl is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle = open(f"{path}.lock", "a+b")
            fcntl.flock(handle, fcntl.LOCK_EX)
        except OSError as exc:
            log.info("no lock for %s (%s); building without one", path, exc)
            if handle is not None:
                handle.close()
            handle = None
    try:
        yield
    finally:
        if handle is not None:
            fcntl.flock(handle, fcntl.LOCK_UN)
            handle.close()


def write_atomic(path: Path, write: Callable[[BinaryIO], None]) -> None:
    """Write ``path`` through a temporary file renamed over it: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f"{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def prune(folder: Path, pattern: str, keep: Path, *, stale_days: float = STALE_DAYS) -> list[Path]:
    """Delete the files of ``folder`` matching ``pattern`` (and their locks), but ``keep``, that
    no process has read for ``stale_days`` (0: all of them, when ``keep`` replaces their content)."""
    cutoff = time.time() - stale_days * 86400
    gone = []
    for old in folder.glob(pattern):
        if old == keep or old.suffix == ".lock":
            continue
        try:
            if old.stat().st_mtime <= cutoff:
                old.unlink()
                Path(f"{old}.lock").unlink(missing_ok=True)
                gone.append(old)
        except OSError:  # already gone (another process pruned it), or not ours to delete
            continue
    return gone
