"""The README's option tables, written from the click commands themselves so that they cannot
drift from ``--help`` (tests/test_terminal.py checks that the README holds what this writes).

Rewrite them after changing an option::

    python -m mealfix.cli.docs README.md
"""

from __future__ import annotations

import re
import sys
import textwrap
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


#: The options that say who the person is: one ``person`` keyword in Python.
PERSON_OPTIONS = ("sex", "age", "pregnant", "lactating")


def python_options(name: str = "plan") -> str:
    """The keywords of ``mealfix.NAME(person, **options)``, written from the same click options
    as ``mealfix NAME --help`` (their help text, the request's Python defaults), for the
    function's docstring: ``help(mealfix.plan)`` lists every option."""
    from mealfix.cli.request import _FIELDS, _NOT_REQUEST
    from mealfix.model.request import LIST_OPTIONS, PlanRequest, WeekRequest

    kind = WeekRequest if name == "week" else PlanRequest
    fields = kind.model_fields
    lines = [
        "person: a Person (sex, age, stage), as ``--sex``, ``--age``, ``--pregnant``, "
        "``--lactating`` give it; None for a targets file of one's own."
    ]
    seen = {"person"}
    params = main.commands[name].params
    has_gap = any(p.name == "gap" for p in params)
    for param in params:
        key = param.name or ""
        if isinstance(param, click.Argument) or key in PERSON_OPTIONS:
            continue
        if key == "prove" and not has_gap:
            seen.add("gap")
            lines.append(
                f"gap={fields['gap'].default!r}: stop once the plan is proven within this share "
                "of the best day; None proves it the best (``--prove``)."
            )
            continue
        if key in (*_NOT_REQUEST, "prove") or not isinstance(param, click.Option):
            continue
        field = _FIELDS.get(key, key)
        if field not in fields:
            continue
        seen.add(field)
        default = fields[field].get_default(call_default_factory=True)
        listed = " A list, or one comma-separated string." if field in LIST_OPTIONS else ""
        if field == "gap":
            listed = " A fraction here (0.01 is 1 %); None proves the plan the best."
        lines.append(f"{field}={default!r}: {_cell(param.help or '')}{listed}")
    rest = [f for f in fields if f not in seen]
    if name == "gaps":
        lines.append("The other fields of PlanRequest (the food rules) do not apply here.")
    elif rest:
        lines.append(
            "Python only (see PlanRequest): "
            + ", ".join(f"{f}={fields[f].get_default(call_default_factory=True)!r}" for f in rest)
            + "."
        )
    return "\n".join(
        textwrap.fill(line, 96, initial_indent="    ", subsequent_indent="        ")
        for line in lines
    )


def rewrite(text: str) -> str:
    """``text`` with every generated block written anew."""

    def block(match: re.Match[str]) -> str:
        table = options_markdown(match.group(2), match.group(3))
        return f"{match.group(1)}{table}{match.group(5)}"

    return BLOCK.sub(block, text)


if __name__ == "__main__":  # pragma: no cover
    for path in map(Path, sys.argv[1:]):
        path.write_text(rewrite(path.read_text(encoding="utf-8")), encoding="utf-8")
