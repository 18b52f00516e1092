"""Reading and writing the files a user points us at, without being hurt by what is there.

Reads take only regular files and never more than a limit: a FIFO, a device, a folder or a
symlink loop is refused by its type before any byte is read, and at most ``limit + 1`` bytes
are read (a file can grow between the check and the read).

Writes respect what is at the target: a regular file is replaced atomically (temp file in the
same folder, then rename), through a symlink if there is one (the link stays a link); a
character device or a FIFO with a reader is written through (``--json /dev/null`` keeps
/dev/null); anything else is refused. New files get the user's umask unless private. A
failed write leaves no temp file behind.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path


class FileProblem(OSError):
    """A file we will not read or write, in words: ``message`` says what, ``fix`` what to do."""

    def __init__(self, path: str | Path, message: str, fix: str):
        super().__init__(errno.EINVAL, message, str(path))
        self.path, self.message, self.fix = str(path), message, fix

    def __str__(self) -> str:
        return f"{self.message}; {self.fix}"


def kind_of(mode: int) -> str:
    """What a non-regular file is, in words."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device (a disk)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _problem_from(exc: OSError, path: str | Path) -> FileProblem:
    """An OSError from opening or reading, in words."""
    if isinstance(exc, FileProblem):
        return exc
    if exc.errno == errno.ENOENT:
        return FileProblem(path, "no such file", "check the path")
    if exc.errno == errno.ELOOP:
        return FileProblem(path, "a symbolic link that loops", "point the link at a real file")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return FileProblem(path, "permission denied", "check the file's permissions")
    if exc.errno == errno.EISDIR:
        return FileProblem(path, "this is a folder, not a file", "give the path of a file")
    if exc.errno == errno.ENAMETOOLONG:
        return FileProblem(path, "the path is too long", "use a shorter path")
    if exc.errno == errno.ENOTDIR:
        return FileProblem(path, "a part of the path is a file, not a folder", "check the path")
    if exc.errno == errno.ENOSPC:
        return FileProblem(path, "the disk is full", "free some space")
    if exc.errno == errno.EROFS:
        return FileProblem(path, "the folder is read-only", "choose a writable place")
    reason = exc.strerror or "unknown error"
    return FileProblem(path, f"cannot use the file ({reason.lower()})", "check the path")


def in_words(exc: OSError) -> str:
    """What went wrong with a file, in words (for a notice)."""
    return _problem_from(exc, exc.filename or "").message


def read_limited(path: str | Path, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, or FileProblem in words."""
    try:
        info = os.stat(path)  # follows links: a link to a regular file is fine
    except OSError as exc:
        raise _problem_from(exc, path) from None
    if not stat.S_ISREG(info.st_mode):
        raise _not_regular(path, info.st_mode)
    if info.st_size > limit:
        raise _too_big(path, info.st_size, limit)
    try:
        # O_NONBLOCK: if the file was swapped for a FIFO since the stat, opening does not wait
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise _problem_from(exc, path) from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise _not_regular(path, mode)
        chunks, total = [], 0
        while total <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except OSError as exc:
        raise _problem_from(exc, path) from None
    finally:
        os.close(fd)
    if total > limit:
        raise _too_big(path, total, limit)
    return b"".join(chunks)


def _not_regular(path: str | Path, mode: int) -> FileProblem:
    if stat.S_ISDIR(mode):
        return FileProblem(path, "this is a folder, not a file", "give the path of a file")
    return FileProblem(path, f"this is {kind_of(mode)}, not a file", "give the path of a file")


def _too_big(path: str | Path, size: int, limit: int) -> FileProblem:
    return FileProblem(
        path,
        f"the file is {_size(size)}, over the {_size(limit)} limit",
        "split it or remove what does not belong in it",
    )


def _size(count: int) -> str:
    if count >= 10 * 1024 * 1024:
        return f"{count // (1024 * 1024)} MiB"
    return f"{count // 1024} KiB"


def is_regular_file(path: Path) -> bool:
    """True for a regular file (or a link to one); never raises, never opens it."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


# --- writing ----------------------------------------------------------------------------------


def current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_bytes_safely(path: str | Path, data: bytes, *, private: bool = False) -> Path:
    """Write ``data`` at ``path`` respecting what is there (see the module's note)."""
    path = Path(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise _problem_from(exc, path) from None
    if info is not None and not stat.S_ISREG(info.st_mode):
        if stat.S_ISCHR(info.st_mode) or stat.S_ISFIFO(info.st_mode):
            _write_through(path, data)
            return path
        raise _not_regular(path, info.st_mode)
    target = _through_links(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _problem_from(exc, target.parent) from None
    mode = (
        stat.S_IMODE(info.st_mode)
        if info is not None
        else (0o600 if private else 0o666 & ~current_umask())
    )
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise _problem_from(exc, target) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _problem_from(exc, target) from None
        raise
    return path


def _through_links(path: Path) -> Path:
    """Where a write to ``path`` lands: the file a symlink points at, the link kept."""
    if not path.is_symlink():
        return path
    try:
        return Path(os.path.realpath(path, strict=False))
    except OSError as exc:  # pragma: no cover - realpath is lenient when not strict
        raise _problem_from(exc, path) from None


def _write_through(path: Path, data: bytes) -> None:
    """Write into a device or FIFO as it is: never replaced, never waited on."""
    try:
        fd = os.open(path, os.O_WRONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        if exc.errno == errno.ENXIO:  # a FIFO nobody reads
            raise FileProblem(
                path, "this is a named pipe (FIFO) with no reader", "give the path of a file"
            ) from None
        raise _problem_from(exc, path) from None
    try:
        os.set_blocking(fd, True)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    except OSError as exc:
        raise _problem_from(exc, path) from None
    finally:
        os.close(fd)


def write_text_safely(path: str | Path, text: str, *, private: bool = False) -> Path:
    return write_bytes_safely(path, text.encode("utf-8"), private=private)


def write_folder_whole(
    folder: str | Path, files: Mapping[str, bytes | Callable[[Path], None]]
) -> Path:
    """Make ``folder`` holding ``files`` (bytes, or a function that writes the file at the path
    it is given), all or nothing: they are written in a temp folder that is then renamed."""
    folder = Path(folder)
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".tmp", dir=folder.parent))
    except OSError as exc:
        raise _problem_from(exc, folder) from None
    try:
        os.chmod(tmp, 0o777 & ~current_umask())
        for name, content in files.items():
            if isinstance(content, bytes):
                (tmp / name).write_bytes(content)
            else:
                content(tmp / name)
        os.rename(tmp, folder)  # fails if the folder exists and is not empty: never merged
    except BaseException as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if isinstance(exc, OSError):
            raise _problem_from(exc, folder) from None
        raise
    return folder
