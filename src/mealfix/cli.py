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
        type=click.Choice(["table", "json", "csv", "markdown", "html"]),
        help="Output format.",
    )(func)
    return func


def emit(text: str, output: Path | None, force: bool) -> None:
    """Print, or write the whole text to a file in one step (temporary file + rename)."""
    if output is None:
        click.echo(text, nl=False)
        return
    atomic_write(output, force, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))


def write_figure(fig: Any, path: Path, force: bool) -> None:
    """Save a matplotlib figure the same safe way as text output."""
    atomic_write(path, force, lambda tmp: fig.savefig(tmp, dpi=120, bbox_inches="tight"))


def atomic_write(path: Path, force: bool, write: Callable[[str], object]) -> None:
    """Write through a temporary file in the same folder, then rename it into place: an
    existing file is kept without ``force``, and an interrupt leaves no partial file."""
    from mealfix.errors import UsageError

    if path.exists() and not force:
        raise UsageError(f"{path} exists; use --force to overwrite it")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"cannot write {path}: folder {folder} does not exist")
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.stem}.", suffix=path.suffix or ".tmp")
    os.close(fd)
    try:
        write(tmp)
        mask = os.umask(0)  # the permissions a plainly created file would have
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)
        os.replace(tmp, path)
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


def plan_options(func: F) -> F:
    """Who, what is suspected, diet rules and food rules: shared by ``plan`` and ``week``."""
    options = [
        click.option("--sex", type=click.Choice(["female", "male"], case_sensitive=False)),
        click.option("--age", type=int, help="Age in years (1-120)."),
        click.option("--pregnant", is_flag=True, help="Use the pregnancy DRIs."),
        click.option("--lactating", is_flag=True, help="Use the lactation DRIs."),
        click.option(
            "--diet",
            default="omnivore",
            show_default=True,
            help="vegan, vegetarian, pescatarian or omnivore.",
        ),
        click.option(
            "--suspect",
            multiple=True,
            metavar="NUTRIENTS",
            help="Suspected nutrients, comma-separated (e.g. magnesium,vitamin_b12).",
        ),
        click.option(
            "--symptoms",
            multiple=True,
            metavar="SYMPTOMS",
            help="Symptoms, comma-separated (e.g. cramps,tingling).",
        ),
        click.option(
            "--allergy",
            multiple=True,
            metavar="ALLERGENS",
            help="milk, egg, fish, shellfish, tree_nuts, peanuts, wheat, soy, sesame.",
        ),
        click.option(
            "--exclude",
            multiple=True,
            metavar="FOOD",
            help="A food id or name pattern to leave out (repeat for more).",
        ),
        click.option(
            "--include",
            multiple=True,
            metavar="FOOD[:GRAMS]",
            help="A food the plan must contain, optionally in this amount (repeat).",
        ),
        click.option(
            "--foods",
            "foods_path",
            type=click.Path(path_type=Path),
            help="Foods CSV (default: the bundled USDA SR28 table).",
        ),
        click.option(
            "--targets",
            "targets_path",
            type=click.Path(path_type=Path),
            help="Targets YAML (default: the bundled DRI table).",
        ),
        click.option(
            "--objective",
            default="portions",
            show_default=True,
            type=click.Choice(["portions", "cost", "closest"]),
            help="Fewest typical portions, lowest cost (needs prices), or closest "
            "to your usual day (needs --current).",
        ),
        click.option(
            "--current",
            "current_path",
            type=click.Path(path_type=Path),
            help="Your usual day: CSV with id or name, and grams.",
        ),
        click.option(
            "--max-foods",
            type=click.IntRange(min=0),
            default=12,
            show_default=True,
            help="Most distinct foods a day (0: no limit).",
        ),
        click.option(
            "--max-per-group",
            type=click.IntRange(min=0),
            default=4,
            show_default=True,
            help="Most foods from one food group (0: no limit).",
        ),
        click.option(
            "--min-group",
            multiple=True,
            metavar="GROUP=N",
            help="Least foods from a group, e.g. vegetable=2 (default vegetable=1, "
            "fruit=1; 'none' for no minimum).",
        ),
        click.option(
            "--min-portion",
            type=click.FloatRange(min=0, max=10),
            default=0.5,
            show_default=True,
            help="Least amount of a used food, in typical portions.",
        ),
        click.option(
            "--budget",
            type=click.FloatRange(min=0, min_open=True),
            metavar="USD",
            help="Most the day may cost (foods without a price are left out).",
        ),
        click.option(
            "--servings",
            is_flag=True,
            help="Whole and half household servings only (an integer model).",
        ),
        click.option(
            "--solver", type=click.Choice(["highs", "cbc"]), help="Default: HiGHS if installed."
        ),
        click.option(
            "--time-limit",
            type=click.FloatRange(min=0.1),
            help="Seconds for the solver; the best plan found is labelled with its gap.",
        ),
        click.option(
            "--skip-unknown",
            is_flag=True,
            help="Leave out foods with no value for a targeted nutrient instead of stopping.",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _min_groups(values: tuple[str, ...]) -> dict[str, int] | None:
    from mealfix.errors import UsageError

    items = _split(values)
    if not items:
        return None
    if items == ["none"]:
        return {}
    out: dict[str, int] = {}
    for item in items:
        group, sep, count = item.partition("=")
        if not sep or not count.strip().isdigit():
            raise UsageError(f"--min-group {item!r}: write GROUP=N, e.g. vegetable=2")
        out[group.strip()] = int(count)
    return out


def _request_args(o: dict[str, Any]) -> dict[str, Any]:
    """Command-line options -> keyword arguments of mealfix.pipeline.make_request."""
    return {
        "diet": o["diet"],
        "suspect": _split(o["suspect"]),
        "symptoms": _split(o["symptoms"]),
        "allergies": _split(o["allergy"]),
        "exclude": list(o["exclude"]),
        "include": list(o["include"]),
        "foods": o["foods_path"],
        "targets": o["targets_path"],
        "objective": o["objective"],
        "current": o["current_path"],
        "max_foods": o["max_foods"] or None,
        "max_per_group": o["max_per_group"] or None,
        "min_per_group": _min_groups(o["min_group"]),
        "min_portion": o["min_portion"],
        "servings": o["servings"],
        "budget": o["budget"],
    }


@main.command(epilog=PLAN_EXAMPLES)
@plan_options
@output_options
@click.option(
    "--plot",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the coverage chart to this image file (.png, .svg, .pdf).",
)
@click.option("--debug", is_flag=True, help="Show the traceback of an error.")
def plan(**o: Any) -> None:
    """Make a one-day plan that meets every target (exit 1 with a report if none exists)."""

    def body() -> None:
        from mealfix.errors import InfeasiblePlan
        from mealfix.pipeline import build_plan, make_request, solve_request
        from mealfix.render import render, render_infeasible
        from mealfix.targets import make_person

        person = make_person(o["sex"], o["age"], pregnant=o["pregnant"], lactating=o["lactating"])
        request = make_request(person, **_request_args(o))
        try:
            solved = solve_request(request, o["solver"], o["time_limit"], o["skip_unknown"])
        except InfeasiblePlan as exc:
            from mealfix.remedies import report

            no_plan = report(request, exc, o["solver"])
            emit(render_infeasible(no_plan, o["fmt"]), o["output"], o["force"])
            raise
        result = build_plan(*solved)
        text = render(result, o["fmt"])
        if o["plot"] is not None:
            from mealfix.plots import coverage

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
    "--days", type=click.IntRange(1, 14), default=7, show_default=True, help="Number of days."
)
@click.option(
    "--max-days",
    type=click.IntRange(min=1),
    default=3,
    show_default=True,
    help="Most days any one food appears on.",
)
@click.option(
    "--gap",
    type=click.FloatRange(0, 100),
    default=1.0,
    show_default=True,
    help="Stop when the plan is proven within this many % of the best possible.",
)
@output_options
@click.option("--debug", is_flag=True, help="Show the traceback of an error.")
def week(**o: Any) -> None:
    """Plan several days: targets met every day, foods spread over days, meals, shopping list.

    The solve stops at --gap (default 1 %) or --time-limit (default 30 s) and reports the gap.
    """

    def body() -> None:
        from mealfix.errors import InfeasiblePlan
        from mealfix.pipeline import make_request
        from mealfix.render import render_infeasible, render_week
        from mealfix.targets import make_person
        from mealfix.week import DEFAULT_TIME_LIMIT, plan_week

        person = make_person(o["sex"], o["age"], pregnant=o["pregnant"], lactating=o["lactating"])
        request = make_request(person, **_request_args(o))
        try:
            result = plan_week(
                request,
                days=o["days"],
                max_days_per_food=o["max_days"],
                solver=o["solver"],
                time_limit=o["time_limit"] or DEFAULT_TIME_LIMIT,
                gap=o["gap"] / 100,
                skip_unknown=o["skip_unknown"],
            )
        except InfeasiblePlan as exc:
            from mealfix.remedies import report

            no_plan = report(request, exc, o["solver"])
            emit(render_infeasible(no_plan, o["fmt"]), o["output"], o["force"])
            raise
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
@click.option("--diet", default="omnivore", show_default=True, help="Only foods of this diet.")
@click.option(
    "--top",
    type=click.IntRange(1, 20),
    default=5,
    show_default=True,
    help="Foods listed per nutrient.",
)
@output_options
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
        from mealfix.explain import suspect_report
        from mealfix.render import render_suspects
        from mealfix.targets import make_person

        person = make_person(sex, age)
        result = suspect_report(_split(symptoms), person=person, diet=diet, top=top)
        emit(render_suspects(result, fmt), output, force)

    run_reporting_errors(debug, body)


@main.command()
@plan_options
@output_options
@click.option("--debug", is_flag=True, help="Show the traceback of an error.")
def gaps(**o: Any) -> None:
    """Problem nutrients for a diet: the most and least a day can supply of each.

    \b
    Example:
      mealfix gaps --diet vegan --sex female --age 30
    """

    def body() -> None:
        from mealfix.gaps import pattern_gaps
        from mealfix.pipeline import make_request
        from mealfix.render import render_gaps
        from mealfix.targets import make_person

        person = make_person(o["sex"], o["age"], pregnant=o["pregnant"], lactating=o["lactating"])
        request = make_request(person, **_request_args(o))
        emit(
            render_gaps(request, pattern_gaps(request, o["solver"]), o["fmt"]),
            o["output"],
            o["force"],
        )

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
