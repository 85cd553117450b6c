"""The README's example outputs, written by running the commands themselves so that they
cannot go stale (tests/test_readme_outputs.py checks that the README holds what this writes).

A block is ``<!-- output: ARGS -->`` (``ARGS`` as typed after ``mealfix``; ``| grep WORD`` keeps
the lines holding WORD, ``| head -N`` the first N) up to ``<!-- end output -->``; the command's
line and its output are written between them as a shell block. Rewrite them after a change::

    python -m mealfix.cli.examples README.md
"""

from __future__ import annotations

import re
import shlex
import sys
from pathlib import Path

from click.testing import CliRunner

from mealfix.cli import main

BLOCK = re.compile(r"(<!-- output: (.*?) -->\n)(.*?)(<!-- end output -->)", re.S)
#: Wide enough that a table is not wrapped differently on another terminal.
COLUMNS = "100"


def run_example(spec: str) -> str:
    """The output of ``mealfix ARGS``, filtered as ``spec`` says, as the README shows it."""
    command, *filters = (part.strip() for part in spec.split("|"))
    args = shlex.split(command)
    result = CliRunner().invoke(main, args, env={"COLUMNS": COLUMNS, "NO_COLOR": "1"})
    lines = result.output.rstrip("\n").splitlines()
    for step in filters:
        verb, _, value = step.partition(" ")
        if verb == "grep":
            lines = [line for line in lines if value in line]
        elif verb == "head":
            lines = lines[: int(value.lstrip("-n "))]
        else:
            raise ValueError(f"README example {spec!r}: unknown filter {step!r}")
    shown = " | ".join([f"mealfix {command}", *filters])
    body = "\n".join(line.rstrip() for line in lines)
    return f"```console\n$ {shown}\n{body}\n```\n"


def rewrite(text: str) -> str:
    """``text`` with every output block written afresh."""
    return BLOCK.sub(lambda m: m.group(1) + run_example(m.group(2)) + m.group(4), text)


def blocks(text: str) -> list[tuple[str, str]]:
    """Each block's ``ARGS`` and what the README holds for it now."""
    return [(m.group(2), m.group(3)) for m in BLOCK.finditer(text)]


if __name__ == "__main__":
    path = Path(sys.argv[1] if len(sys.argv) > 1 else "README.md")
    path.write_text(rewrite(path.read_text(encoding="utf-8")), encoding="utf-8")
