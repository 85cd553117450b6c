"""The README's example outputs are what the commands print today (issue 27: the cost and
no-plan examples had gone stale). `python -m mealfix.cli.examples README.md` rewrites them."""

from __future__ import annotations

import pytest

import mealfix
from conftest import REPO
from mealfix.cli.examples import blocks, run_example

EXAMPLES = blocks((REPO / "README.md").read_text(encoding="utf-8"))


def test_the_readme_has_generated_examples() -> None:
    specs = [spec for spec, _ in EXAMPLES]
    assert any("--objective cost" in s for s in specs) and any("--budget 0.5" in s for s in specs)


@pytest.mark.parametrize(("spec", "shown"), EXAMPLES, ids=[s for s, _ in EXAMPLES])
def test_each_example_output_is_what_the_command_prints(spec: str, shown: str) -> None:
    mealfix.forget()  # a remembered answer would not show that today's code gives it
    assert shown == run_example(spec), "run: python -m mealfix.cli.examples README.md"
