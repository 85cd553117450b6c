"""Files in: where the bundled data lives, safe YAML, and each file parsed once per process.

The one file cache: a parsed foods, targets or symptoms file is kept by its resolved path,
modification time and size (an edited file is read again), because a batch, a notebook or a
server asks for the same tables many times. Loaders must return values their callers do not
change (or callers copy them). :func:`clear` forgets them all.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import OrderedDict
from collections.abc import Callable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import yaml

T = TypeVar("T")
BUNDLED = (
    "foods.csv",
    "prices.csv",
    "targets.yaml",
    "symptoms.yaml",
    "safety.yaml",
    "cap_groups.csv",
    "calorie_needs.yaml",
    "patterns.yaml",
    "food_groups.csv",
    "hei.yaml",
    "meals.yaml",
    "food_pool.csv",
    "plate_days.csv",
    "packages.csv",
    "cpi.yaml",
    "tfp.yaml",
)
MAX_ENTRIES = 16
#: libyaml's safe loader is ~10x faster than the pure-Python one and just as strict.
SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_cache: OrderedDict[tuple[Any, ...], Any] = OrderedDict()


def bundled_path(name: str) -> Path:
    """Path of a bundled data file such as ``foods.csv``.

    A wheel carries ``data/`` as ``mealfix/data`` (hatchling force-include); an editable install
    or a plain checkout has no copy there, so the repository's top-level ``data/`` is used.
    """
    if name not in BUNDLED:
        raise ValueError(f"no bundled data file {name!r}")
    packaged = resources.files("mealfix") / "data" / name
    if packaged.is_file():
        return Path(str(packaged))
    checkout = Path(__file__).resolve().parents[3] / "data" / name
    if checkout.is_file():
        return checkout
    raise FileNotFoundError(f"bundled data file {name} is missing from this installation")


class _UniqueKeys(SAFE_LOADER):  # type: ignore[misc]
    """The safe loader, refusing a mapping that names a key twice (else the last one wins)."""

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"key {key!r} appears twice", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def parse_yaml(text: str) -> Any:
    """Safe YAML: plain data only (an unsafe tag such as !!python/object is an error), and
    no key twice in one mapping."""
    return yaml.load(text, Loader=_UniqueKeys)


def read_yaml(file: Path, label: str) -> Any:
    """A data file's YAML, or one DataError naming the file and the problem."""
    from mealfix.errors import DataError

    try:
        return parse_yaml(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(label, "no such file") from None
    except UnicodeDecodeError as exc:
        raise DataError(label, f"is not UTF-8 text (byte {exc.start})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise DataError(label, f"is not valid YAML: {problem}", where) from None
    except OSError as exc:
        raise DataError(label, f"cannot be read: {exc.strerror}") from None


def validated(model: Any, data: Any, label: str) -> Any:
    """``model.model_validate(data)``, or one DataError naming the key and the problem."""
    from pydantic import ValidationError

    from mealfix.errors import DataError

    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or None
        raise DataError(label, str(first["msg"]), where) from None


#: The largest input file read (a foods table of every SR28 food is about 4 MB).
MAX_INPUT_BYTES = 200 * 1024 * 1024


def check_regular(path: Path, label: str) -> None:
    """An input must be a regular file of sane size: a FIFO would block, a device never end."""
    import stat

    from mealfix.errors import DataError

    try:
        info = path.stat()
    except FileNotFoundError:
        raise DataError(label, "no such file") from None
    except OSError as exc:
        raise DataError(label, f"cannot be read: {exc.strerror}") from None
    if stat.S_ISDIR(info.st_mode):
        raise DataError(label, "is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise DataError(label, "is not a regular file (a device, pipe or socket)")
    if info.st_size > MAX_INPUT_BYTES:
        raise DataError(label, f"is larger than {MAX_INPUT_BYTES // 2**20} MB")


def load_cached(path: Path, load: Callable[..., T], *args: Any) -> T:
    """``load(path, *args)``, or its earlier result while the file is unchanged; the file must
    be a regular one (``args[0]``, where given, is its label for messages)."""
    check_regular(path, str(args[0]) if args and isinstance(args[0], str) else str(path))
    try:
        stat = path.stat()
        key = (
            load.__module__,
            load.__qualname__,
            str(path.resolve()),
            stat.st_mtime_ns,
            stat.st_size,
            *args,
        )
    except OSError:  # the loader says what is wrong with the path, in its own words
        return load(path, *args)
    if key in _cache:
        _cache.move_to_end(key)
        return _cache[key]  # type: ignore[no-any-return]
    value = load(path, *args)
    _cache[key] = value
    if len(_cache) > MAX_ENTRIES:
        _cache.popitem(last=False)
    return value


#: Options of a plan that name a file, and the bundled table each one stands in for.
FILE_OPTIONS = {"foods": "foods.csv", "targets": "targets.yaml", "current": "current"}


def inputs_digest(options: Mapping[str, Any]) -> str:
    """A short digest of everything a plan is made from: the bytes of every table it may read
    (each bundled file, or the file an option names in its place) and its other options. A file
    counts by its contents, not its name or time; one that cannot be read counts as such."""
    given = {k: v for k, v in options.items() if v is not None}
    paths = {k: v for k, v in given.items() if k in FILE_OPTIONS and isinstance(v, str | Path)}
    files = {name: None for name in BUNDLED} | {FILE_OPTIONS[k]: v for k, v in paths.items()}
    rest = {k: v for k, v in given.items() if k not in paths}
    digest = hashlib.sha256(json.dumps(rest, sort_keys=True, default=_plain).encode())
    for name, path in sorted(files.items()):
        digest.update(f"|{name}={_file_digest(name, path)}".encode())
    return digest.hexdigest()[:16]


def _plain(value: Any) -> str:
    """An option JSON cannot write: a table by all its cells (its repr elides rows)."""
    return str(value.to_csv()) if hasattr(value, "to_csv") else repr(value)


def _file_digest(name: str, path: str | Path | None) -> str:
    """The SHA-256 of a regular file's bytes (a FIFO is not waited for), or why there is none."""
    import stat

    try:
        file = bundled_path(name) if path is None else Path(path)
        fd = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except (OSError, ValueError):
        return "unreadable"
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return "not a regular file"
        return hashlib.file_digest(handle, "sha256").hexdigest()


def clear() -> None:
    """Forget every parsed file (the next call reads and checks it again)."""
    _cache.clear()
