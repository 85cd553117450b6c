"""Where the bundled data lives: inside the installed package, or at the top of a source checkout.

A wheel carries ``data/`` as ``mealfix/data`` (hatchling force-include). An editable install or
a plain checkout has no copy there, so the repository's top-level ``data/`` is used instead.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

BUNDLED = ("foods.csv", "prices.csv", "targets.yaml", "symptoms.yaml")


def bundled_path(name: str) -> Path:
    """Path of a bundled data file such as ``foods.csv``."""
    if name not in BUNDLED:
        raise ValueError(f"no bundled data file {name!r}")
    packaged = resources.files("mealfix") / "data" / name
    if packaged.is_file():
        return Path(str(packaged))
    checkout = Path(__file__).resolve().parents[2] / "data" / name
    if checkout.is_file():
        return checkout
    raise FileNotFoundError(f"bundled data file {name} is missing from this installation")
