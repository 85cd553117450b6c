"""What every command does around its one library call: check where the output goes before
any work, show it is working, print or write the result, and turn an error into one line."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click


def emit(text: str, output: Path | None, force: bool) -> None:
    """Print, or write the whole text to a file in one step (temporary file + rename)."""
    if output is None or str(output) == "-":  # -o - is standard output
        click.echo(text, nl=False)
        return
    from mealfix.output.files import write_text

    write_text(output, text, force)


def show(text: str, o: dict[str, Any], result: Any = None) -> None:
    """Print or write a command's output (:func:`emit`), then any urgent-care advice the
    result carries on stderr too (:func:`urgent_to_stderr`)."""
    emit(text, o["output"], o["force"])
    urgent_to_stderr(result, o)


def urgent_to_stderr(result: Any, o: dict[str, Any]) -> None:
    """Say the urgent-care advice on stderr too when the output is not text a person reads
    first (a file, JSON, CSV, HTML): a red flag must reach the person, whatever they asked."""
    urgent = getattr(result, "urgent", None)
    to_screen = o.get("output") is None or str(o.get("output")) == "-"
    if urgent is None or (to_screen and o.get("fmt") in ("table", "markdown")):
        return
    for line in urgent.lines():
        click.echo(f"mealfix: {line}", err=True)


def check_targets(o: dict[str, Any], *extra: str) -> None:
    """Refuse now, not after a long solve, an --output (or ``extra`` file option; ``plot`` is
    a figure) that cannot be written, or two options naming one file."""
    from mealfix.errors import UsageError
    from mealfix.output.files import check_target

    seen: dict[str, str] = {}
    for key in ("output", *extra):
        path = o.get(key)
        check_target(path, o.get("force", False), figure=key == "plot")
        if path is None or str(path) == "-":
            continue
        where = os.path.realpath(path)
        if where in seen:
            flags = f"--{seen[where].replace('_', '-')} and --{key.replace('_', '-')}"
            raise UsageError(f"{flags} name the same file {path}; give each its own")
        seen[where] = key


def looks(o: dict[str, Any]) -> dict[str, Any]:
    """How a table is drawn: colour only on a terminal, never with --no-color or in a file;
    the width is the terminal's (or COLUMNS)."""
    to_screen = o.get("output") is None or str(o.get("output")) == "-"
    color = to_screen and not o.get("no_color", False) and _is_terminal(sys.stdout)
    return {"color": color}


def _is_terminal(stream: Any) -> bool:
    """A stream is a terminal; a closed one (``>&-``: Python's stream is None) is not."""
    return stream is not None and stream.isatty()


@contextmanager
def working(message: str) -> Iterator[None]:
    """A spinner on stderr while a command works, silent when stderr is not a terminal."""
    if not _is_terminal(sys.stderr):
        yield
        return
    from rich.console import Console

    with Console(stderr=True).status(message, spinner="dots"):
        yield


def run_reporting_errors(debug: bool, body: Callable[[], None]) -> None:
    """Run a command; a mealfix error becomes one line on stderr and its exit code."""
    from mealfix.errors import MealfixError
    from mealfix.output.clean import screen

    _hold_standard_streams()
    try:
        body()
    except MealfixError as exc:
        if debug:
            raise
        said = screen(str(exc))  # a name from a data file may hold escape sequences
        click.echo(f"mealfix: {'' if exc.exit_code == 1 else 'error: '}{said}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("mealfix: interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:  # `mealfix plan ... | head`: the reader had enough; a normal end
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
    except OSError as exc:  # a full disk, a folder we may not write: one line, not a traceback
        if debug:
            raise
        where = f": {exc.filename}" if exc.filename else ""
        click.echo(screen(f"mealfix: error: {exc.strerror or exc}{where}"), err=True)
        sys.exit(2)
    except Exception as exc:  # a bug: say so in one line, the traceback is behind --debug
        if debug:
            raise
        click.echo(
            f"mealfix: internal error: {type(exc).__name__}: {screen(str(exc))} "
            "(run again with --debug for details)",
            err=True,
        )
        sys.exit(70)


def _hold_standard_streams() -> None:
    """A closed standard stream (``mealfix plan ... >&-``) becomes /dev/null: what is printed
    there is dropped (a normal end, exit 0), and no file the command opens takes its number,
    where a solver's banner or a worker's print would land in it."""
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            opened = os.open(os.devnull, os.O_RDWR)
            if opened != fd:
                os.dup2(opened, fd)
                os.close(opened)
