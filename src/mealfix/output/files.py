"""Every file mealfix writes goes through here: results replaced whole or not at all (a
temporary file in the same folder, renamed into place), a batch's lines appended to a file
checked first. Only a regular file is ever read, replaced or appended to: a FIFO would block,
a device never end (``/dev/zero``) or swallow the text (``/dev/full``), and a rename goes over
whatever the path is. Every check runs before anything is opened or changed."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from mealfix.errors import UsageError

#: What matplotlib can save a figure as, by file suffix.
FIGURE_SUFFIXES = (".png", ".svg", ".pdf", ".jpg", ".jpeg", ".ps", ".eps", ".tif", ".tiff", ".webp")


def check_target(path: Path | None, force: bool, *, figure: bool = False) -> None:
    """Say now, before any long work, whether ``path`` can be replaced: its folder exists and
    is writable, it is not a device, pipe, folder or link, it is not kept by a missing
    ``--force``, and a figure has a suffix matplotlib can write."""
    if path is None or str(path) == "-":
        return
    if figure and path.suffix.lower() not in FIGURE_SUFFIXES:
        raise UsageError(f"--plot {path}: use one of {', '.join(FIGURE_SUFFIXES)}")
    mode = _mode(path, follow=False)
    if mode is not None and stat.S_ISLNK(mode):
        raise UsageError(f"cannot write {path}: it is a symbolic link; give the real path")
    if mode is not None:
        _refuse_special(path, mode)
        if not force:
            raise UsageError(f"{path} exists; use --force to overwrite it")
    _check_folder(path)


def check_append(path: Path) -> None:
    """Say whether lines can be added to ``path``: a regular file (through a link too) or a
    new one in a writable folder; a device, pipe, folder or dangling link is refused."""
    mode = _mode(path, follow=True)
    if mode is None and _mode(path, follow=False) is not None:
        raise UsageError(f"cannot write {path}: it is a symbolic link to nothing")
    if mode is not None:
        _refuse_special(path, mode)
    _check_folder(path)


def open_append(path: Path) -> IO[bytes]:
    """``path`` opened to read and to append to (made if missing), once :func:`check_append`
    passes; the open itself never blocks, and the opened file is checked again (the path may
    have changed in between)."""
    check_append(path)
    flags = os.O_RDWR | os.O_APPEND | os.O_CREAT | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0), 0o666)
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror}") from None
    handle = os.fdopen(fd, "r+b")
    try:
        _refuse_special(path, os.fstat(fd).st_mode)
    except BaseException:
        handle.close()
        raise
    return handle


def _mode(path: Path, *, follow: bool) -> int | None:
    """The path's file mode, or None when nothing is there."""
    try:
        return (os.stat if follow else os.lstat)(path).st_mode
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror}") from None


def _refuse_special(path: Path, mode: int) -> None:
    if stat.S_ISDIR(mode):
        raise UsageError(f"cannot write {path}: it is a folder, not a regular file")
    if not stat.S_ISREG(mode):
        raise UsageError(
            f"cannot write {path}: it is not a regular file (a device, pipe or socket)"
        )


def _check_folder(path: Path) -> None:
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"cannot write {path}: folder {folder} does not exist")
    if not os.access(folder, os.W_OK):
        raise UsageError(f"cannot write {path}: folder {folder} is not writable")


def write_text(path: Path, text: str, force: bool) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically."""
    atomic_write(path, force, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))


def write_figure(fig: Any, path: Path, force: bool) -> None:
    """Save a matplotlib figure the same safe way as text output."""
    atomic_write(path, force, lambda tmp: fig.savefig(tmp, dpi=120, bbox_inches="tight"))


def atomic_write(path: Path, force: bool, write: Callable[[str], object]) -> None:
    """Write through a temporary file in the same folder, then rename it into place.

    Only a regular file is ever replaced, ``--force`` or not, and it keeps its permissions (a
    0600 file stays 0600); a new file gets those a plainly created one would have.
    """
    check_target(path, force)
    folder = path.parent if str(path.parent) else Path(".")
    old = _mode(path, follow=False)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.stem}.", suffix=path.suffix or ".tmp")
    os.close(fd)
    try:
        write(tmp)
        os.chmod(tmp, stat.S_IMODE(old) if old is not None else _plain_mode())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _plain_mode() -> int:
    """The permissions a plainly created file would have (0666 less the umask)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask
