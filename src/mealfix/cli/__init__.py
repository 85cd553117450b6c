"""The ``mealfix`` command line: options become one request, one library call, formatting."""

from __future__ import annotations

from mealfix.cli.commands import main

__all__ = ["main"]
