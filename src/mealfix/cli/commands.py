"""The ``mealfix`` command: parse options, call the library, format the result.

Only click is imported at start-up; pandas and the solver load inside the commands, so
``mealfix --help`` and ``--version`` stay fast.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from mealfix import __version__
from mealfix.cli.common import check_targets, emit, looks, run_reporting_errors, show, working
from mealfix.cli.help import OneLineGroup, Section
from mealfix.cli.options import FORMATS, option, options_of, output_options, plan_options
from mealfix.cli.request import request_of, use_cache
from mealfix.model.defaults import WEEK

__all__ = ["emit", "main", "run_reporting_errors"]

DEBUG = option(
    "--debug", is_flag=True, section=Section.OTHER, help="Show the traceback of an error."
)
NUTRIENTS_CSV = option(
    "--nutrients-csv",
    type=click.Path(dir_okay=False, path_type=Path),
    section=Section.OUTPUT,
    help="Also write the nutrient totals against the targets to this CSV (any --format).",
)

PLAN_EXAMPLES = """
\b
Examples:
  mealfix plan --sex female --age 34 --diet vegan --suspect magnesium,vitamin_b12
  mealfix plan --sex male --age 52 --diet vegetarian --symptoms cramps,tingling --format json
  mealfix plan --foods my_foods.csv --targets my_targets.yaml --objective cost --format json
"""


@click.group(cls=OneLineGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mealfix")
def main() -> None:
    """mealfix: a safe, explained daily meal plan for suspected nutrient shortfalls.

    A linear program picks foods and grams from USDA data that meet the Dietary Reference
    Intakes for who you are, stay under every upper limit, and aim higher for the nutrients you
    suspect. Not medical advice.
    """


def _no_plan(report: Any, o: dict[str, Any]) -> None:
    """Print the no-plan report where the plan would have gone; one line on stderr; exit 1."""
    from mealfix.output.clean import screen
    from mealfix.output.text import render_infeasible

    show(render_infeasible(report, o["fmt"], **looks(o)), o, report)
    click.echo(f"mealfix: {screen(report.message)}", err=True)
    sys.exit(1)


def _nutrients_csv(result: Any, o: dict[str, Any]) -> None:
    if o.get("nutrients_csv") is not None:
        from mealfix.output.csvs import nutrients_csv

        emit(nutrients_csv(result), o["nutrients_csv"], o["force"])


@main.command(epilog=PLAN_EXAMPLES)
@plan_options
@output_options(FORMATS["plan"])
@option(
    "--all-nutrients",
    is_flag=True,
    section=Section.OUTPUT,
    help="List every nutrient (default: the main six, suspects, and any at a limit).",
)
@NUTRIENTS_CSV
@options_of("gap", "details")
@option(
    "--plot",
    type=click.Path(dir_okay=False, path_type=Path),
    section=Section.OUTPUT,
    help="Also write the coverage chart to this image file (.png, .svg, .pdf).",
)
@DEBUG
def plan(**o: Any) -> None:
    """Make a one-day plan that meets every target (exit 1 with a report if none exists)."""

    def body() -> None:
        from mealfix.api import plan_or_report
        from mealfix.explain.noplan import NoPlanReport
        from mealfix.output.text import render

        check_targets(o, "nutrients_csv", "plot")  # before the solve, not after it
        use_cache(o)

        with working("Planning the day..."):
            result = plan_or_report(request_of(o))
        if isinstance(result, NoPlanReport):
            _no_plan(result, o)
            return
        text = render(
            result,
            o["fmt"],
            all_nutrients=o["all_nutrients"],
            details=o["details"],
            **looks(o),
        )
        if o["plot"] is not None:
            from mealfix.output.files import write_figure
            from mealfix.output.plots import coverage

            write_figure(coverage(result), o["plot"], o["force"])
        _nutrients_csv(result, o)
        show(text, o, result)

    run_reporting_errors(o["debug"], body)


WEEK_EXAMPLES = """
\b
Examples:
  mealfix week --sex female --age 30 --diet vegan --suspect magnesium,vitamin_b12
  mealfix week --sex male --age 45 --max-days 2 --time-limit 60 --format json
"""


@main.command(epilog=WEEK_EXAMPLES)
@plan_options
@option(
    "--days",
    type=click.IntRange(1, 14),
    default=WEEK["days"],
    show_default=True,
    section=Section.WEEK,
    help="Number of days.",
)
@option(
    "--max-days",
    type=click.IntRange(min=1),
    default=WEEK["max_days"],
    show_default=True,
    section=Section.WEEK,
    help="Most days any one food appears on (its other preparations count as the same food; "
    "drinks and cooking fats may be daily).",
)
@option(
    "--repeat",
    type=click.IntRange(min=1),
    default=WEEK["repeat"],
    show_default=True,
    section=Section.WEEK,
    help="Most days one lunch or dinner plate (the same foods) is served: raise it, with "
    "--max-days, to batch-cook and eat a dish again.",
)
@option(
    "--gap",
    type=click.FloatRange(0, 100),
    default=100 * WEEK["gap"],
    show_default=True,
    section=Section.SOLVER,
    help="Stop when the plan is proven within this many % of the best possible.",
)
@output_options(FORMATS["week"])
@NUTRIENTS_CSV
@options_of("details")
@DEBUG
def week(**o: Any) -> None:
    """Plan several days: targets met every day, foods spread over days, meals, shopping list.

    The solve stops at --gap or --time-limit (default 30 s) and reports the gap.
    """

    def body() -> None:
        from mealfix.api import week_or_report
        from mealfix.explain.noplan import NoPlanReport
        from mealfix.output.text import render_week

        check_targets(o, "nutrients_csv")  # before the solve, not after it
        use_cache(o)

        with working(f"Planning {o['days']} days (up to the time limit)..."):
            result = week_or_report(request_of(o, "week"))
        if isinstance(result, NoPlanReport):
            _no_plan(result, o)
            return
        text = render_week(result, o["fmt"], details=o["details"], **looks(o))
        _nutrients_csv(result, o)
        show(text, o, result)

    run_reporting_errors(o["debug"], body)


if __name__ == "__main__":  # pragma: no cover
    main()
