"""The README's option tables, written from the click commands themselves so that they cannot
drift from ``--help`` (tests/test_terminal.py checks that the README holds what this writes).

Rewrite them after changing an option::

    python -m mealfix.cli.docs README.md
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click

from mealfix.cli import main
from mealfix.cli.help import Section, section_of

#: A generated block in the README: ``<!-- options: plan -->`` (or ``week -plan``: the week's
#: options that plan does not have) up to ``<!-- end options -->``.
BLOCK = re.compile(
    r"(<!-- options: ([a-z]+)(?: -([a-z]+))? -->\n)(.*?)(<!-- end options -->)", re.S
)


def options_markdown(name: str, besides: str | None = None) -> str:
    """The options of ``mealfix NAME`` as markdown tables, one per --help section (without
    those ``mealfix BESIDES`` has too)."""
    group = click.Context(main, info_name="mealfix")
    command = main.commands[name]
    ctx = click.Context(command, info_name=name, parent=group)
    skip: set[str] = set()
    if besides is not None:
        skip = {p.name or "" for p in main.commands[besides].params}
    rows: dict[str, list[str]] = {}
    for param in command.params:  # -h/--help is the same everywhere: not listed
        if isinstance(param, click.Argument) or param.name in skip:
            continue
        record = param.get_help_record(ctx)
        if record is None:
            continue
        option, meaning = (_cell(part) for part in record)
        rows.setdefault(section_of(param), []).append(f"| `{option}` | {meaning} |")
    out = []
    for title in sorted(rows, key=_order):
        out += [f"**{title}**", "", "| option | meaning |", "| --- | --- |", *rows[title], ""]
    return "\n".join(out)


def _order(title: str) -> int:
    return Section.ORDER.index(title) if title in Section.ORDER else len(Section.ORDER)


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def rewrite(text: str) -> str:
    """``text`` with every generated block written anew."""

    def block(match: re.Match[str]) -> str:
        table = options_markdown(match.group(2), match.group(3))
        return f"{match.group(1)}{table}{match.group(5)}"

    return BLOCK.sub(block, text)


if __name__ == "__main__":  # pragma: no cover
    for path in map(Path, sys.argv[1:]):
        path.write_text(rewrite(path.read_text(encoding="utf-8")), encoding="utf-8")
