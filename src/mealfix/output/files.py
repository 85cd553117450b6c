"""Results written to files whole or not at all: a temporary file in the same folder, renamed
into place, so an interrupt leaves no partial file and an existing file is kept without force."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mealfix.errors import UsageError

#: What matplotlib can save a figure as, by file suffix.
FIGURE_SUFFIXES = (".png", ".svg", ".pdf", ".jpg", ".jpeg", ".ps", ".eps", ".tif", ".tiff", ".webp")


def check_target(path: Path | None, force: bool, *, figure: bool = False) -> None:
    """Say now, before any long work, whether ``path`` can be written: its folder exists and is
    writable, it is not a device, folder or link, it is not kept by a missing ``--force``, and a
    figure has a suffix matplotlib can write."""
    if path is None or str(path) == "-":
        return
    if figure and path.suffix.lower() not in FIGURE_SUFFIXES:
        raise UsageError(f"--plot {path}: use one of {', '.join(FIGURE_SUFFIXES)}")
    if path.is_symlink():
        raise UsageError(f"cannot write {path}: it is a symbolic link; give the real path")
    if path.exists() and not path.is_file():
        raise UsageError(f"cannot write {path}: it is not a regular file")
    if path.exists() and not force:
        raise UsageError(f"{path} exists; use --force to overwrite it")
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

    Only a regular file is ever replaced: a rename goes over whatever the path is, so a
    device, a pipe, a folder or a symbolic link (dangling or not) is refused, ``--force`` or not.
    """
    check_target(path, force)
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.stem}.", suffix=path.suffix or ".tmp")
    os.close(fd)
    try:
        write(tmp)
        mask = os.umask(0)  # the permissions a plainly created file would have
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
