"""Atomic output: a folder or a file is written under a temporary name and renamed when complete.

The temporary file or folder gets the permissions the umask gives a new one (0644 / 0755 by default),
not mkstemp's private 0600 / 0700, so that an exported archive can be served as it is.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

__all__ = ["atomic_file", "atomic_folder", "current_umask", "write_text"]


def current_umask() -> int:
    """The process's umask (read from /proc on Linux; elsewhere set and restored at once)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_folder(out: Path) -> Iterator[Path]:
    """Yield an empty temporary folder beside ``out``; on success it replaces ``out`` (a folder or nothing).

    On an exception the temporary folder is removed and ``out`` is left as it was.
    """
    out = out.absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(prefix=f".{out.name}.part-", dir=out.parent))
    temporary.chmod(0o777 & ~current_umask())
    try:
        yield temporary
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    old: Path | None = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
        old.rmdir()
        out.rename(old)
    temporary.rename(out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


@contextlib.contextmanager
def atomic_file(out: Path, *, encoding: str = "utf-8", newline: str | None = None) -> Iterator[TextIO]:
    """Yield a text stream to a temporary file beside ``out``; it replaces ``out`` when the block succeeds."""
    out = out.absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{out.name}.part-", dir=out.parent)
    temporary = Path(name)
    try:
        os.fchmod(handle, 0o666 & ~current_umask())
        with os.fdopen(handle, "w", encoding=encoding, newline=newline) as stream:
            yield stream
        temporary.replace(out)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_text(path: Path, text: str) -> None:
    """Write one file of an export folder (inside an atomic folder, so no rename of its own)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")
