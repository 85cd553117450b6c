"""Look-up commands for writing the other commands' options: ``foods`` finds a food's id by
name, ``nutrients`` lists the nutrient keys and the words that name them."""

from __future__ import annotations

from typing import Any

import click

from mealfix.cli.commands import DEBUG, main
from mealfix.cli.common import check_targets, emit, looks, run_reporting_errors
from mealfix.cli.help import Section
from mealfix.cli.options import (
    FORMATS,
    option,
    options_of,
    output_options,
    split_words,
)
from mealfix.cli.values import ALLERGIES, DIETS
from mealfix.model.defaults import PLAN


@main.command()
@option(
    "--search",
    default="",
    metavar="TEXT",
    section=Section.LOOKUP,
    help="Words the food's name or description holds (any order), or a food id; "
    "without it, every food.",
)
@option(
    "--diet",
    default=PLAN["diet"],
    show_default=True,
    type=click.Choice(DIETS, case_sensitive=False),
    section=Section.EATING,
    help="Only foods of this diet.",
)
@option(
    "--allergy",
    multiple=True,
    metavar="ALLERGENS",
    section=Section.EATING,
    help="Leave out foods with these allergens: " + ", ".join(ALLERGIES) + ".",
)
@option(
    "--nutrients",
    is_flag=False,
    flag_value="main",
    metavar="[main|all|NUTRIENTS]",
    section=Section.LOOKUP,
    help="Also show each food's nutrients per typical portion and per 100 g: alone or "
    "'main', energy, protein, fiber and the six the plan is about first; 'all', every "
    "nutrient with a target; or those named, comma-separated.",
)
@options_of("foods")
@output_options(FORMATS["lookup"])
@DEBUG
def foods(**o: Any) -> None:
    """Find foods by name: the id that --exclude, --include and --current take, the typical
    portion, the meals each suits, and with --nutrients what a portion holds.

    \b
    Examples:
      mealfix foods --search salmon
      mealfix foods --search "soy milk" --diet vegan
      mealfix foods --search oat --nutrients
      mealfix foods --search 08120 --nutrients all
    """

    def body() -> None:
        from mealfix.inputs.lookup import search_foods
        from mealfix.output.text import render_foods

        check_targets(o)
        from mealfix.errors import UsageError

        try:
            found = search_foods(
                o["search"],
                diet=o["diet"],
                allergies=tuple(split_words(o["allergy"])),
                foods=o["foods_path"],
                nutrients=o["nutrients"],
            )
        except UsageError as exc:
            if o["nutrients"] is None or "unknown nutrient" not in str(exc):
                raise
            raise UsageError(f"--nutrients: {exc}") from None
        text = render_foods(found, o["fmt"], nutrients=o["nutrients"], **looks(o))
        emit(text, o["output"], o["force"])

    run_reporting_errors(o["debug"], body)


@main.command()
@options_of("targets")
@output_options(FORMATS["lookup"])
@DEBUG
def nutrients(**o: Any) -> None:
    """Every nutrient with a target: its key, name and unit, and the words --suspect takes.

    \b
    Example:
      mealfix nutrients
    """

    def body() -> None:
        from mealfix.inputs.lookup import nutrient_words
        from mealfix.output.text import render_nutrients

        check_targets(o)
        found = nutrient_words(o["targets_path"])
        emit(render_nutrients(found, o["fmt"], **looks(o)), o["output"], o["force"])

    run_reporting_errors(o["debug"], body)
