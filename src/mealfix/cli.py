"""The ``mealfix`` command: parse options, call the library, format the result.

Only click is imported at start-up; pandas and the solver load inside the commands, so
``mealfix --help`` and ``--version`` stay fast.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from mealfix import __version__

F = TypeVar("F", bound=Callable[..., Any])

PLAN_EXAMPLES = """
\b
Examples:
  mealfix plan --sex female --age 34 --diet vegan --suspect magnesium,vitamin_b12
  mealfix plan --sex male --age 52 --diet vegetarian --symptoms cramps,tingling --format json
  mealfix plan --foods my_foods.csv --targets my_targets.yaml --objective cost --format json
"""


def _split(values: tuple[str, ...]) -> list[str]:
    """Options given as 'a,b' and/or repeated."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def output_options(func: F) -> F:
    """--format, --output and --force, shared by every command that prints a result."""
    func = click.option("--force", is_flag=True, help="Overwrite an existing --output file.")(func)
    func = click.option(
        "--output",
        "-o",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Write to this file (atomically) instead of standard output.",
    )(func)
    func = click.option(
        "--format",
        "fmt",
        default="table",
        show_default=True,
        type=click.Choice(["table", "json", "csv", "markdown"]),
        help="Output format.",
    )(func)
    return func


def emit(text: str, output: Path | None, force: bool) -> None:
    """Print, or write the whole text to a file in one step (temporary file + rename)."""
    if output is None:
        click.echo(text, nl=False)
        return
    from mealfix.errors import UsageError

    if output.exists() and not force:
        raise UsageError(f"{output} exists; use --force to overwrite it")
    folder = output.parent if str(output.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"cannot write {output}: folder {folder} does not exist")
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{output.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, output)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def run_reporting_errors(debug: bool, body: Callable[[], None]) -> None:
    """Run a command; a mealfix error becomes one line on stderr and its exit code."""
    from mealfix.errors import MealfixError

    try:
        body()
    except MealfixError as exc:
        if debug:
            raise
        click.echo(f"mealfix: {'' if exc.exit_code == 1 else 'error: '}{exc}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("mealfix: interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # a bug: say so in one line, the traceback is behind --debug
        if debug:
            raise
        click.echo(
            f"mealfix: internal error: {type(exc).__name__}: {exc} "
            "(run again with --debug for details)",
            err=True,
        )
        sys.exit(70)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mealfix")
def main() -> None:
    """mealfix: a safe, explained daily meal plan for suspected nutrient shortfalls.

    A linear program picks foods and grams from USDA data that meet the Dietary Reference
    Intakes for who you are, stay under every upper limit, and aim higher for the nutrients you
    suspect. Not medical advice.
    """


@main.command(epilog=PLAN_EXAMPLES)
@click.option("--sex", type=click.Choice(["female", "male"], case_sensitive=False))
@click.option("--age", type=int, help="Age in years (1-120).")
@click.option("--pregnant", is_flag=True, help="Use the pregnancy DRIs.")
@click.option("--lactating", is_flag=True, help="Use the lactation DRIs.")
@click.option(
    "--diet",
    default="omnivore",
    show_default=True,
    help="vegan, vegetarian, pescatarian or omnivore.",
)
@click.option(
    "--suspect",
    multiple=True,
    metavar="NUTRIENTS",
    help="Suspected nutrients, comma-separated (e.g. magnesium,vitamin_b12).",
)
@click.option(
    "--symptoms",
    multiple=True,
    metavar="SYMPTOMS",
    help="Symptoms, comma-separated (e.g. cramps,tingling); see data/symptoms.yaml.",
)
@click.option(
    "--allergy",
    multiple=True,
    metavar="ALLERGENS",
    help="milk, egg, fish, shellfish, tree_nuts, peanuts, wheat, soy, sesame.",
)
@click.option(
    "--exclude",
    multiple=True,
    metavar="FOOD",
    help="A food id or name pattern to leave out (repeat for more).",
)
@click.option(
    "--foods",
    "foods_path",
    type=click.Path(path_type=Path),
    help="Foods CSV (default: the bundled USDA SR28 table).",
)
@click.option(
    "--targets",
    "targets_path",
    type=click.Path(path_type=Path),
    help="Targets YAML (default: the bundled DRI table).",
)
@click.option(
    "--objective",
    default="portions",
    show_default=True,
    type=click.Choice(["portions", "cost"]),
    help="Fewest typical portions, or lowest cost (needs a price column).",
)
@click.option("--solver", type=click.Choice(["highs", "cbc"]), help="Default: HiGHS if installed.")
@click.option("--time-limit", type=click.FloatRange(min=0.1), help="Seconds for the solver.")
@click.option(
    "--skip-unknown",
    is_flag=True,
    help="Leave out foods with no value for a targeted nutrient instead of stopping.",
)
@output_options
@click.option("--debug", is_flag=True, help="Show the traceback of an error.")
def plan(
    sex: str | None,
    age: int | None,
    pregnant: bool,
    lactating: bool,
    diet: str,
    suspect: tuple[str, ...],
    symptoms: tuple[str, ...],
    allergy: tuple[str, ...],
    exclude: tuple[str, ...],
    foods_path: Path | None,
    targets_path: Path | None,
    objective: str,
    solver: str | None,
    time_limit: float | None,
    skip_unknown: bool,
    fmt: str,
    output: Path | None,
    force: bool,
    debug: bool,
) -> None:
    """Make a one-day plan that meets every target (exit 1 with a report if none exists)."""

    def body() -> None:
        from mealfix.errors import InfeasiblePlan
        from mealfix.pipeline import plan as make_plan
        from mealfix.render import render, render_infeasible
        from mealfix.symptoms import load_symptoms
        from mealfix.targets import make_person

        person = make_person(sex, age, pregnant=pregnant, lactating=lactating)
        try:
            result = make_plan(
                person,
                diet=diet,
                suspect=_split(suspect),
                symptoms=_split(symptoms),
                allergies=_split(allergy),
                exclude=list(exclude),
                foods=foods_path,
                targets=targets_path,
                objective=objective,
                solver=solver,
                time_limit=time_limit,
                skip_unknown=skip_unknown,
            )
        except InfeasiblePlan as exc:
            emit(render_infeasible(exc, fmt, load_symptoms().disclaimer), output, force)
            raise
        emit(render(result, fmt), output, force)

    run_reporting_errors(debug, body)


if __name__ == "__main__":  # pragma: no cover
    main()
