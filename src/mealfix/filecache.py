"""Files parsed once per process: a batch, a notebook or a server asks for the same tables often.

An entry is keyed by the file's resolved path, modification time and size, so an edited file is
read again. Loaders must return values their callers do not change (or callers copy them).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
MAX_ENTRIES = 16
_cache: OrderedDict[tuple[Any, ...], Any] = OrderedDict()


def load_cached(path: Path, load: Callable[..., T], *args: Any) -> T:
    """``load(path, *args)``, or its earlier result while the file is unchanged."""
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


def clear() -> None:
    """Forget every parsed file (the next call reads and checks it again)."""
    _cache.clear()
