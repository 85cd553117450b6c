"""Proven integer answers kept on disk across runs, only when asked (``MEALFIX_CACHE``).

Off by default: a plan made today must not depend on a file left by an older run unless the
person chose that. When on, an answer is stored under a digest of everything that made it (the
model's numbers, solver, limits, options, mealfix's and HiGHS's versions), so a changed model
or a new version is simply a miss. Files are plain arrays and JSON, never pickles: a cache
folder is not trusted to run code, and a file that is wrong in any way is a miss, not an error.
Deleting the folder (``rm -r``) clears it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import json
import os
import stat
import tempfile
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, get_args

import numpy as np

from mealfix.errors import UsageError
from mealfix.solve.status import Outcome, Solved, Status

VARIABLE = "MEALFIX_CACHE"
#: Values of MEALFIX_CACHE that mean off and on (any other value is a folder).
OFF = ("", "0", "false", "off", "no")
ON = ("1", "true", "on", "yes")
_ARRAYS = ("values", "duals", "reduced")
_FIELDS = tuple(f.name for f in dataclasses.fields(Outcome))


def cache_dir() -> Path | None:
    """The cache folder (created if missing), or None when the cache is off.

    ``MEALFIX_CACHE`` unset, empty, ``0``, ``false``, ``off`` or ``no``: off. ``1`` (or ``true``,
    ``on``, ``yes``): ``$XDG_CACHE_HOME/mealfix`` (or
    ``~/.cache/mealfix``). Anything else: that folder. A folder that cannot be used is a
    :class:`UsageError` now, rather than a cache that silently never hits.
    """
    setting = os.environ.get(VARIABLE, "").strip()
    if setting.lower() in OFF:
        return None
    if setting.lower() in ON:
        xdg = os.environ.get("XDG_CACHE_HOME", "")
        folder = (Path(xdg) if os.path.isabs(xdg) else Path.home() / ".cache") / "mealfix"
    else:
        folder = Path(setting).expanduser()
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{VARIABLE}: {folder} is not a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"{VARIABLE}: cannot create {folder} ({exc.strerror or exc})") from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise UsageError(f"{VARIABLE}: cannot write to {folder}")
    return folder


@functools.cache
def _versions() -> tuple[str, str]:
    """mealfix's and HiGHS's versions: a new solver or model writer may find another optimum."""
    found = []
    for package in ("mealfix", "highspy"):
        try:
            found.append(version(package))
        except PackageNotFoundError:
            found.append("none")
    return found[0], found[1]


def _path(folder: Path, key: tuple[Any, ...]) -> tuple[Path, str]:
    """The file of ``key`` and the text it is stored under (checked again when read)."""
    text = repr((*key, *_versions()))
    return folder / f"{hashlib.sha256(text.encode()).hexdigest()}.npz", text


def load(key: tuple[Any, ...], columns: int, rows: int) -> Solved | None:
    """The stored answer of ``key``, or None: a missing, foreign, damaged file or one whose
    arrays do not fit a model of ``columns`` columns and ``rows`` rows is a miss."""
    folder = cache_dir()
    if folder is None:
        return None
    path, text = _path(folder, key)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # a FIFO must not block
    except OSError:
        return None
    # A cache file is untrusted input: whatever is wrong with it (truncated zip, bad JSON,
    # object arrays, wrong shapes) is a miss, so every error of reading it is one.
    try:
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return None
            with np.load(handle, allow_pickle=False) as data:
                if str(data["key"][()]) != text:
                    return None
                outcome = _outcome(json.loads(str(data["outcome"][()])))
                arrays = {name: _array(data, name) for name in _ARRAYS}
    except Exception:
        return None
    sizes = {"values": columns, "duals": rows, "reduced": columns}
    for name, array in arrays.items():
        if array is not None and array.shape != (sizes[name],):
            return None
    if outcome is None or (outcome.has_solution and arrays["values"] is None):
        return None
    return Solved(outcome, arrays["values"], arrays["duals"], reduced=arrays["reduced"])


def _array(data: Any, name: str) -> np.ndarray | None:
    if name not in data.files:
        return None
    array = np.asarray(data[name])
    return array.astype(float) if array.dtype.kind == "f" else None


def _outcome(fields: Any) -> Outcome | None:
    """The stored Outcome, or None when the JSON is not one (a foreign or edited file)."""
    if not isinstance(fields, dict) or set(fields) != set(_FIELDS):
        return None
    numbers = [fields[name] for name in ("objective", "gap", "bound")]
    if not all(n is None or isinstance(n, int | float) for n in numbers):
        return None
    if fields["status"] not in get_args(Status):
        return None
    if not isinstance(fields["proven"], bool) or not all(
        isinstance(fields[name], str) for name in ("solver", "text")
    ):
        return None
    return Outcome(**fields)


def store(key: tuple[Any, ...], solved: Solved) -> None:
    """Keep ``solved`` on disk under ``key``; never fails (a cache must not break a plan).

    Written to a temporary file in the same folder and renamed into place, so a reader sees a
    whole file or none. Only a regular file is replaced: a link, a FIFO or a folder where the
    file would go is left alone. Answers with incumbents (``improving``) are not kept: their
    callers want the search, not only its end.
    """
    folder = cache_dir()
    if folder is None or solved.improving:
        return
    path, text = _path(folder, key)
    with contextlib.suppress(FileNotFoundError):
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return
    arrays = {name: getattr(solved, name) for name in _ARRAYS if getattr(solved, name) is not None}
    outcome = json.dumps(dataclasses.asdict(solved.outcome))
    temp = None
    try:
        fd, temp = tempfile.mkstemp(suffix=".npz", prefix=".tmp-", dir=folder)
        with os.fdopen(fd, "wb") as handle:
            np.savez(handle, key=np.array(text), outcome=np.array(outcome), **arrays)
        os.replace(temp, path)
        temp = None
    except (OSError, ValueError):
        pass  # a full disk or a folder gone read-only: the answer is simply not kept
    finally:
        if temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp)
