"""Reading YAML safely and once: the C safe loader when present, cached by file and mtime."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

#: libyaml's safe loader is ~10x faster than the pure-Python one and just as strict.
SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse(text: str) -> Any:
    """Safe YAML: plain data only (an unsafe tag such as !!python/object is an error)."""
    return yaml.load(text, Loader=SAFE_LOADER)


def read_text_cached(path: Path) -> str:
    """The file's text, read again only when the file changed (a batch reads it per person)."""
    stat = path.stat()
    return _read(str(path.resolve()), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=16)
def _read(path: str, mtime_ns: int, size: int) -> str:
    return Path(path).read_text(encoding="utf-8")
