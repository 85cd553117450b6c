"""Proven integer answers kept on disk across runs, only when asked (``MEALFIX_CACHE``).

Off by default: a plan made today must not depend on a file left by an older run unless the
person chose that. When on, an answer is stored under a digest of everything that made it (the
model's numbers, solver, gap asked for, options, mealfix's and HiGHS's versions; not the time
it was given, which does not change a proven answer), so a changed model or a new version is
simply a miss. Files are plain arrays and JSON, never pickles: a cache
folder is not trusted to run code, nor to tell the truth. A file is read within a size cap and
its answer checked against the model before it is used (:func:`load`); a file that is wrong in
any way is a miss, not an error, and the fresh answer replaces it. Only proven answers are kept
on disk, never "no plan" (:func:`store`). Deleting the folder (``rm -r``) clears it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import io
import json
import os
import stat
import tempfile
import zipfile
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, BinaryIO, get_args

import numpy as np

from mealfix.errors import UsageError
from mealfix.model.matrix import Matrix
from mealfix.solve.status import Outcome, Solved, Status
from mealfix.solve.verify import answer_faults

VARIABLE = "MEALFIX_CACHE"
#: Values of MEALFIX_CACHE that mean off and on (any other value is a folder).
OFF = ("", "0", "false", "off", "no")
ON = ("1", "true", "on", "yes")
_ARRAYS = ("values", "duals", "reduced")
_MEMBERS = ("key", "outcome", *_ARRAYS)
#: Stored (np.savez) or deflated members only: zipfile inflates bzip2 and LZMA without a limit.
_INFLATE = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
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


def load(key: tuple[Any, ...], matrix: Matrix) -> Solved | None:
    """The stored answer of ``key`` for ``matrix``, or None (a miss, solved again).

    A cache file is untrusted input. Whatever is wrong with it is a miss: a missing, foreign,
    damaged or oversized file, a wrong type or a non-finite number, or an answer that fails
    :func:`~mealfix.solve.verify.answer_faults` (not feasible for ``matrix``, an objective that
    is not its values', a proof that does not fit). A file that fails is removed, so that the
    fresh answer takes its place.
    """
    folder = cache_dir()
    if folder is None:
        return None
    path, text = _path(folder, key)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # a FIFO must not block
    except OSError:
        return None
    try:
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return None
            stored = _read(handle, text, _most_bytes(matrix, text))
    except Exception:  # truncated zip, bad JSON, object arrays...: all a miss
        stored = None
    if stored is None or answer_faults(matrix, stored):
        _discard(path)
        return None
    return stored


def _most_bytes(matrix: Matrix, text: str) -> int:
    """The largest file an answer of ``matrix`` can be, and the most its members may inflate
    to together: three float arrays, the key (4 bytes a character) and headers. An answer of
    the whole food table is under 1 MB; anything larger is not read."""
    return 8 * (2 * len(matrix.cost) + len(matrix.row_lower)) + 4 * len(text) + 64 * 1024


def _read(handle: BinaryIO, text: str, most: int) -> Solved | None:
    """The answer in an open cache file, read within ``most`` bytes in and out; None when it is
    not one (another key, names or types of another writer)."""
    if os.fstat(handle.fileno()).st_size > most:
        return None
    members = {}
    with zipfile.ZipFile(handle) as archive:
        for info in archive.infolist():
            name = info.filename.removesuffix(".npy")
            if name in members or name not in _MEMBERS or info.compress_type not in _INFLATE:
                return None
            with archive.open(info) as member:
                data = member.read(most + 1)  # inflates at most this much, whatever it claims
            most -= len(data)
            if most < 0:
                return None
            members[name] = np.lib.format.read_array(io.BytesIO(data), allow_pickle=False)
    if str(members["key"][()]) != text:
        return None
    outcome = _outcome(json.loads(str(members["outcome"][()])))
    arrays = {name: members.get(name) for name in _ARRAYS}
    if outcome is None or any(a is not None and a.dtype.kind != "f" for a in arrays.values()):
        return None
    floats: dict[str, np.ndarray | None] = {
        name: None if a is None else a.astype(float) for name, a in arrays.items()
    }
    return Solved(outcome, floats["values"], floats["duals"], reduced=floats["reduced"])


def _outcome(fields: Any) -> Outcome | None:
    """The stored Outcome, or None when the JSON is not one (a foreign or edited file)."""
    if not isinstance(fields, dict) or set(fields) != set(_FIELDS):
        return None
    numbers = [fields[name] for name in ("objective", "gap", "bound", "within")]
    if not all(n is None or _finite(n) for n in numbers):
        return None
    if fields["status"] not in get_args(Status):
        return None
    if not isinstance(fields["proven"], bool) or not all(
        isinstance(fields[name], str) for name in ("solver", "text")
    ):
        return None
    return Outcome(**fields)


def _finite(number: object) -> bool:
    """A real number as JSON gives one (not true/false, NaN or Infinity)."""
    return isinstance(number, int | float) and not isinstance(number, bool) and np.isfinite(number)


def _discard(path: Path) -> None:
    """Remove a cache file that failed (only a regular file: never what a link points at)."""
    with contextlib.suppress(OSError):
        if stat.S_ISREG(os.lstat(path).st_mode):
            os.unlink(path)


def store(key: tuple[Any, ...], solved: Solved) -> None:
    """Keep ``solved`` on disk under ``key``; never fails (a cache must not break a plan).

    Written to a temporary file in the same folder and renamed into place, so a reader sees a
    whole file or none. Only a regular file is replaced: a link, a FIFO or a folder where the
    file would go is left alone. Only proven answers are kept (optimal, or proven within the
    gap asked for, which is part of the key): answers with incumbents
    (``improving``) are not (their callers want the search, not only its end), and neither is
    a proven "no plan": no file could show it true short of solving again, and a false one
    would turn a feasible day into "no plan" (the process still remembers it, in memory).
    """
    folder = cache_dir()
    proof = solved.outcome.proven or solved.outcome.within is not None
    if folder is None or solved.improving or not proof or solved.values is None:
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
