"""Safe output: never overwrite without --force, never leave a partial file.

Every file kyoso writes goes through ``write_atomic``: the bytes go to a temporary
file in the target folder, which is renamed over the target only when complete, so
a crash or Ctrl-C leaves either the old file or nothing.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path
from typing import Iterable

from .errors import KyosoError, OutputError


def read_regular_file(path: str | Path, cap: int, error_class: type[KyosoError], *,
                      label: str | None = None, too_big: str | None = None) -> bytes:
    """The bytes of a regular file of at most ``cap`` bytes, or one clear ``error_class``.

    Opened non-blocking and checked with fstat before reading: a named pipe would block
    forever, and /dev/zero reports size 0 and then never ends. The read is bounded too,
    since a file may grow after the check. Every input kyoso reads comes through here."""
    label = label or str(path)
    too_big = too_big or f"is larger than the limit of {cap:,} bytes"
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise error_class(f"{label}: no such file") from None
    except IsADirectoryError:
        raise error_class(f"{label}: is a directory, not a file") from None
    except PermissionError:
        raise error_class(f"{label}: permission denied (cannot read the file)") from None
    except OSError as error:
        raise error_class(f"{label}: cannot read ({error.strerror or error})") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise error_class(f"{label}: is a directory, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise error_class(f"{label}: is not a regular file (a pipe, device or socket)")
        if info.st_size > cap:
            raise error_class(f"{label}: {too_big}")
        chunks, size = [], 0
        while size <= cap:
            chunk = os.read(fd, cap + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > cap:
            raise error_class(f"{label}: {too_big}")
        return b"".join(chunks)
    except OSError as error:
        raise error_class(f"{label}: cannot read ({error.strerror or error})") from None
    finally:
        os.close(fd)


def check_target(path: str | Path, *, force: bool = False, inputs: Iterable[str | Path] = ()) -> Path:
    """Validate an output path before any work is done; return it as a Path."""
    target = Path(path)
    for source in inputs:
        try:
            if Path(source).resolve() == target.resolve():
                raise OutputError(f"{target}: output path is the same as an input file")
        except (OSError, RuntimeError):  # Python < 3.13 raises RuntimeError on a symlink loop
            continue
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(f"{target}: folder {parent} does not exist")
    if target.is_dir():
        raise OutputError(f"{target}: is a directory")
    if (target.exists() or target.is_symlink()) and not force:  # a dangling link is a file too
        raise OutputError(f"{target}: already exists (use --force to overwrite)")
    return target


def open_temp_beside(target: Path) -> tuple[int, str]:
    """A new hidden temporary file in ``target``'s folder, to be renamed over it.

    mkstemp makes the file 0600; the renamed file is an ordinary output (a draft to share,
    a report for CI), so it gets the mode any new file would: 0666 less the umask."""
    fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part",
                                     dir=target.parent or ".")
    os.chmod(temp_name, 0o666 & ~_umask())
    return fd, temp_name


def _umask() -> int:
    global _UMASK
    if _UMASK is None:  # reading the umask means setting it; do it once, before any threads
        _UMASK = os.umask(0o022)
        os.umask(_UMASK)
    return _UMASK


_UMASK: int | None = None


def write_atomic(path: str | Path, data: bytes, *, force: bool = False,
                 inputs: Iterable[str | Path] = ()) -> Path:
    """Write ``data`` to ``path`` via a temp file + rename in the same folder."""
    target = check_target(path, force=force, inputs=inputs)
    fd, temp_name = open_temp_beside(target)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists() and not force:  # appeared while we were writing
            raise OutputError(f"{target}: already exists (use --force to overwrite)")
        os.replace(temp_name, target)
    except BaseException:  # includes KeyboardInterrupt: never leave the .part file
        try:
            os.unlink(temp_name)
        except FileNotFoundError:
            pass
        raise
    return target
