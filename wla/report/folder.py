"""The report folder: one run at a time (lock file), built beside and swapped in at once.

The new folder is built in ``reports/.tmp-<folder>-*`` and exchanged with the old one in one
step (Linux ``renameat2(RENAME_EXCHANGE)``; elsewhere three renames, and a folder left aside by
a killed run is put back by the next run), so no failure or kill leaves a mix of two runs.
"""
from __future__ import annotations

import ctypes
import errno
import fcntl
import functools
import hashlib
import os
import shutil
from contextlib import contextmanager
from pathlib import Path

from ..exceptions import WlaError
from . import index as run_index
from .kernels import libc


class ReportLockedError(WlaError):
    """Another report run is writing into the same folder."""


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@contextmanager
def locked(path: Path, folder: Path):
    """Hold ``path`` locked (flock); remove it afterwards. A lock taken on a file another run
    just removed is retried on the new file."""
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise ReportLockedError(
                f"another report run is writing into {folder}; wait for it to finish and run again"
            ) from None
        try:
            same = os.stat(path).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)
    try:
        yield
    finally:
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass
        os.close(fd)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders atomically (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    c = libc()
    fn = getattr(c, "renameat2", None) if c is not None else None
    if fn is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    if fn(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.EPERM):
        return False
    raise OSError(err, os.strerror(err), str(b))


def swap_in(new: Path, folder: Path) -> None:
    """Make ``new`` the report folder at once; the old folder ends up in ``new``'s place."""
    if not folder.exists():
        os.rename(new, folder)
    elif not _exchange(new, folder):
        aside = folder.parent / f".old-{folder.name}-{os.getpid()}"
        os.rename(folder, aside)
        os.rename(new, folder)
        os.rename(aside, new)


def clear_leftovers(folder: Path) -> None:
    """What a killed run left: put back a folder moved aside, remove temporary folders."""
    parent = folder.parent
    aside = sorted(parent.glob(f".old-{folder.name}-*"))
    if aside and not folder.exists():
        os.rename(aside.pop(), folder)
    for stale in aside + list(parent.glob(f".tmp-{folder.name}-*")):
        shutil.rmtree(stale, ignore_errors=True)


@functools.cache
def package_checksum() -> str:
    """sha256 over the wla package's own files (code, words, catalogue): a page made by other code
    is not kept as if it were current."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.suffix in (".py", ".toml", ".csv") and p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def keep_from(folder: Path, pages: Path, names: list[str], notebook_dir: Path, checksum: str) -> list[dict]:
    """Pages of notebooks not run this time that the existing folder holds, made without error
    from the same notebook file, data snapshot and wla code (:func:`package_checksum`): copied
    into ``pages``."""
    kept = []
    for rec in run_index.read_record(folder):
        nb = notebook_dir / f"{rec['notebook']}.ipynb"
        if rec["notebook"] not in names or not rec.get("ok") or not rec.get("html") or not nb.is_file():
            continue
        if rec.get("checksum") != checksum or rec.get("notebook_sha256") != sha256(nb) \
                or rec.get("code_sha256") != package_checksum():
            continue
        files = [rec["html"], rec.get("ipynb", "")] + list(rec.get("exports", []))
        files = [f for f in files if f]
        if not all((folder / f).is_file() and Path(f).name == f for f in files):
            continue
        for f in files:
            shutil.copy2(folder / f, pages / f)
        kept.append(rec)
    return kept
