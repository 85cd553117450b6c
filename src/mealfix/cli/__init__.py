"""The ``mealfix`` command line: options become one request, one library call, formatting."""

from __future__ import annotations

from mealfix.cli import lookups, reports  # noqa: F401 - their commands join ``main``
from mealfix.cli.commands import main

__all__ = ["main"]
