"""The ``mealfix`` command: parse options, call the library, format the result.

Only click is imported at start-up; pandas and the solver load inside the commands, so
``mealfix --help`` and ``--version`` stay fast.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from mealfix import __version__
from mealfix.cli.options import (
    FORMATS,
    gaps_options,
    output_options,
    plan_options,
    request_of,
    split_words,
)
from mealfix.model.defaults import PLAN, WEEK

PLAN_EXAMPLES = """
\b
Examples:
  mealfix plan --sex female --age 34 --diet vegan --suspect magnesium,vitamin_b12
  mealfix plan --sex male --age 52 --diet vegetarian --symptoms cramps,tingling --format json
  mealfix plan --foods my_foods.csv --targets my_targets.yaml --objective cost --format json
"""


def emit(text: str, output: Path | None, force: bool) -> None:
    """Print, or write the whole text to a file in one step (temporary file + rename)."""
    if output is None or str(output) == "-":  # -o - is standard output
        click.echo(text, nl=False)
        return
    from mealfix.output.files import write_text

    write_text(output, text, force)


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
    except BrokenPipeError:  # `mealfix plan ... | head`: the reader had enough; a normal end
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
    except OSError as exc:  # a full disk, a folder we may not write: one line, not a traceback
        if debug:
            raise
        where = f": {exc.filename}" if exc.filename else ""
        click.echo(f"mealfix: error: {exc.strerror or exc}{where}", err=True)
        sys.exit(2)
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


def _no_plan(report: Any, o: dict[str, Any]) -> None:
    """Print the no-plan report where the plan would have gone; one line on stderr; exit 1."""
    from mealfix.output.text import render_infeasible

    emit(render_infeasible(report, o["fmt"]), o["output"], o["force"])
    click.echo(f"mealfix: {report.message}", err=True)
    sys.exit(1)


@main.command(epilog=PLAN_EXAMPLES)
@plan_options
@output_options(FORMATS["plan"])
@click.option(
    "--all-nutrients",
    is_flag=True,
    help="List every nutrient (default: the main six, suspects, and any at a limit).",
)
@click.option(
    "--plot",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the coverage chart to this image file (.png, .svg, .pdf).",
)
@click.option("--debug", is_flag=True, help="Show the traceback of an error.")
def plan(**o: Any) -> None:
    """Make a one-day plan that meets every target (exit 1 with a report if none exists)."""

    def body() -> None:
        from mealfix.api import plan_or_report
        from mealfix.explain.noplan import NoPlanReport
        from mealfix.output.files import check_target
        from mealfix.output.text import render

        check_target(o["output"], o["force"])  # before the solve, not after it
        check_target(o["plot"], o["force"], figure=True)

        result = plan_or_report(request_of(o))
        if isinstance(result, NoPlanReport):
            _no_plan(result, o)
            return
        text = render(result, o["fmt"], all_nutrients=o["all_nutrients"])
        if o["plot"] is not None:
            from mealfix.output.files import write_figure
            from mealfix.output.plots import coverage

            write_figure(coverage(result), o["plot"], o["force"])
        emit(text, o["output"], o["force"])

    run_reporting_errors(o["debug"], body)


WEEK_EXAMPLES = """
\b
Examples:
  mealfix week --sex female --age 30 --diet vegan --suspect magnesium,vitamin_b12
  mealfix week --sex male --age 45 --max-days 2 --time-limit 60 --format json
"""


@main.command(epilog=WEEK_EXAMPLES)
@plan_options
@click.option(
    "--days",
    type=click.IntRange(1, 14),
    default=WEEK["days"],
    show_default=True,
    help="Number of days.",
)
@click.option(
    "--max-days",
    type=click.IntRange(min=1),
    default=WEEK["max_days"],
    show_default=True,
    help="Most days any one food appears on.",
)
@click.option(
    "--gap",
    type=click.FloatRange(0, 100),
    default=100 * WEEK["gap"],
    show_default=True,
    help="Stop when the plan is proven within this many % of the best possible.",
)
@output_options(FORMATS["week"])
@click.option("--debug", is_flag=True, help="Show the traceback of an error.")
def week(**o: Any) -> None:
    """Plan several days: targets met every day, foods spread over days, meals, shopping list.

    The solve stops at --gap or --time-limit (default 30 s) and reports the gap.
    """

    def body() -> None:
        from mealfix.api import week_or_report
        from mealfix.explain.noplan import NoPlanReport
        from mealfix.output.files import check_target
        from mealfix.output.text import render_week

        check_target(o["output"], o["force"])  # before the solve, not after it

        result = week_or_report(request_of(o, "week"))
        if isinstance(result, NoPlanReport):
            _no_plan(result, o)
            return
        emit(render_week(result, o["fmt"]), o["output"], o["force"])

    run_reporting_errors(o["debug"], body)


@main.command()
@click.option(
    "--symptoms",
    multiple=True,
    required=True,
    metavar="SYMPTOMS",
    help="Symptoms, comma-separated (e.g. cramps,twitching,tingling).",
)
@click.option("--sex", type=click.Choice(["female", "male"], case_sensitive=False))
@click.option("--age", type=int, help="Age in years, to show foods against your targets.")
@click.option("--diet", default=PLAN["diet"], show_default=True, help="Only foods of this diet.")
@click.option(
    "--top",
    type=click.IntRange(1, 20),
    default=5,
    show_default=True,
    help="Foods listed per nutrient.",
)
@output_options(FORMATS["report"])
@click.option("--debug", is_flag=True, help="Show the traceback of an error.")
def suspect(
    symptoms: tuple[str, ...],
    sex: str | None,
    age: int | None,
    diet: str,
    top: int,
    fmt: str,
    output: Path | None,
    force: bool,
    debug: bool,
) -> None:
    """Which nutrients can cause these symptoms, why, and the foods richest in each.

    \b
    Example:
      mealfix suspect --symptoms cramps,twitching,tingling
    """

    def body() -> None:
        from mealfix.api import suspects
        from mealfix.inputs.person import make_person
        from mealfix.output.text import render_suspects

        result = suspects(split_words(symptoms), person=make_person(sex, age), diet=diet, top=top)
        emit(render_suspects(result, fmt), output, force)

    run_reporting_errors(debug, body)


@main.command()
@click.argument("usual", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--age",
    type=click.IntRange(1, 120),
    default=30,
    show_default=True,
    help="Age in years (HEI-Toddlers-2020 at 1, HEI-2020 from 2).",
)
@click.option("--foods", "foods_path", type=click.Path(path_type=Path), help="Foods CSV.")
@output_options(FORMATS["report"])
@click.option("--debug", is_flag=True, help="Show the traceback of an error.")
def score(
    usual: Path,
    age: int,
    foods_path: Path | None,
    fmt: str,
    output: Path | None,
    force: bool,
    debug: bool,
) -> None:
    """The Healthy Eating Index of your usual day (CSV: id or name, grams), without planning.

    \b
    Example:
      mealfix score usual.csv
    """

    def body() -> None:
        from mealfix.api import score as score_day
        from mealfix.output.text import render_score

        emit(render_score(score_day(usual, age=age, foods=foods_path), fmt), output, force)

    run_reporting_errors(debug, body)


@main.command()
@gaps_options
@output_options(FORMATS["report"])
@click.option("--debug", is_flag=True, help="Show the traceback of an error.")
def gaps(**o: Any) -> None:
    """Problem nutrients for a diet: the most and least a day can supply of each.

    \b
    Example:
      mealfix gaps --diet vegan --sex female --age 30
    """

    def body() -> None:
        from mealfix.api import gaps_for
        from mealfix.output.text import render_gaps

        emit(render_gaps(gaps_for(request_of(o)), o["fmt"]), o["output"], o["force"])

    run_reporting_errors(o["debug"], body)


@main.command()
@click.argument("people", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--output",
    "-o",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="JSON lines file; rows already in it are skipped (resume).",
)
@click.option("--workers", type=click.IntRange(min=1), help="Processes (default: all cores).")
@click.option(
    "--dask",
    "dask_address",
    metavar="ADDRESS",
    help="Run on this Dask scheduler instead (needs the dask extra).",
)
@click.option("--foods", "foods_path", type=click.Path(path_type=Path), help="Foods CSV.")
@click.option("--targets", "targets_path", type=click.Path(path_type=Path), help="Targets YAML.")
@click.option("--solver", type=click.Choice(["highs", "cbc"]))
@click.option("--time-limit", type=click.FloatRange(min=0.1), help="Seconds per plan.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.option("--debug", is_flag=True, help="Show the traceback of an error.")
def batch(
    people: Path,
    output: Path,
    workers: int | None,
    dask_address: str | None,
    foods_path: Path | None,
    targets_path: Path | None,
    solver: str | None,
    time_limit: float | None,
    quiet: bool,
    debug: bool,
) -> None:
    """Plan for every person in a CSV (columns: id, sex, age, stage, diet, suspect, symptoms,
    allergy, exclude, include, objective, budget; lists separated by ';').

    Each plan, or the reason a row has none, is one JSON line in --output, written as soon as
    it is done; run the same command again to finish an interrupted batch.

    \b
    Example:
      mealfix batch people.csv --output plans.jsonl --workers 2
    """

    def body() -> None:
        from tqdm import tqdm

        from mealfix.batch import run_batch

        options = {
            "foods": str(foods_path) if foods_path else None,
            "targets": str(targets_path) if targets_path else None,
            "solver": solver,
            "time_limit": time_limit,
        }
        bar = None if quiet else tqdm(unit="plan", file=sys.stderr, leave=True)

        def progress(done: int, total: int) -> None:
            if bar is not None:
                bar.total = total
                bar.update(1)

        try:
            result = run_batch(
                people,
                output,
                workers=workers,
                dask_address=dask_address,
                options=options,
                progress=progress,
            )
        finally:
            if bar is not None:
                bar.close()
        click.echo(
            f"{result.planned} planned, {result.failed} without a plan or with an error, "
            f"{result.skipped} already done -> {result.output}",
            err=True,
        )

    run_reporting_errors(debug, body)


if __name__ == "__main__":  # pragma: no cover
    main()
