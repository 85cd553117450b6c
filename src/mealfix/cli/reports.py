"""The commands that explain rather than plan (``suspect``, ``score``, ``gaps``) and ``batch``,
which plans for many people at once."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from mealfix.cli.commands import DEBUG, main
from mealfix.cli.common import check_targets, emit, looks, run_reporting_errors, show, working
from mealfix.cli.help import Section
from mealfix.cli.options import (
    FORMATS,
    gaps_options,
    option,
    options_of,
    output_options,
    split_words,
)
from mealfix.cli.request import request_of, use_cache
from mealfix.cli.values import DIETS, RED_FLAGS, SYMPTOMS
from mealfix.model.defaults import PLAN


@main.command()
@option(
    "--symptoms",
    multiple=True,
    required=True,
    metavar="SYMPTOMS",
    section=Section.SUSPECTED,
    help="Symptoms, comma-separated (everyday words too): "
    + ", ".join(SYMPTOMS)
    + ". Signs that need urgent care ("
    + ", ".join(s.replace("_", " ") for s in RED_FLAGS)
    + ") print that advice first.",
)
@option(
    "--sex",
    type=click.Choice(["female", "male"], case_sensitive=False),
    section=Section.WHO,
    help="With --age: show the foods against your targets.",
)
@option(
    "--age",
    type=int,
    section=Section.WHO,
    help="Age in years, to show foods against your targets.",
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
    "--top",
    type=click.IntRange(1, 20),
    default=5,
    show_default=True,
    section=Section.OUTPUT,
    help="Foods listed per nutrient.",
)
@output_options(FORMATS["report"])
@DEBUG
def suspect(**o: Any) -> None:
    """Which nutrients can cause these symptoms, why, and the foods richest in each.

    \b
    Example:
      mealfix suspect --symptoms cramps,twitching,tingling
    """

    def body() -> None:
        from mealfix.api import suspects
        from mealfix.inputs.person import make_person
        from mealfix.output.text import render_suspects

        check_targets(o)
        person = make_person(o["sex"], o["age"])
        result = suspects(split_words(o["symptoms"]), person=person, diet=o["diet"], top=o["top"])
        show(render_suspects(result, o["fmt"], **looks(o)), o, result)

    run_reporting_errors(o["debug"], body)


@main.command()
@click.argument("usual", type=click.Path(dir_okay=False, path_type=Path))
@options_of("sex")
@option(
    "--age",
    type=click.IntRange(1, 120),
    section=Section.WHO,
    help="Age in years: with --sex, your targets; alone, the HEI's age (HEI-Toddlers-2020 at "
    "1, HEI-2020 from 2; default 30).",
)
@options_of("pregnant", "lactating", "activity", "energy", "diet", "foods", "targets")
@output_options(FORMATS["score"])
@DEBUG
def score(**o: Any) -> None:
    """Your usual day (CSV: id or name, grams) measured, without planning: each nutrient
    against your targets (amount, % of target, under the RDA/AI or over the UL, the foods
    that supply most), its food groups against the Dietary Guidelines pattern, and its
    Healthy Eating Index.

    \b
    Examples:
      mealfix score usual.csv --sex female --age 30
      mealfix score usual.csv --sex male --age 60 --format html -o my_day.html
    """

    def body() -> None:
        from mealfix.api import score as score_day
        from mealfix.inputs.person import make_person
        from mealfix.output.text import render_score

        check_targets(o)
        person = None
        if o["sex"] is not None or o["pregnant"] or o["lactating"]:
            person = make_person(
                o["sex"], o["age"], pregnant=o["pregnant"], lactating=o["lactating"]
            )
        given = {
            "diet": o["diet"],
            "activity": o["activity"],
            "energy": o["energy"],
            "foods": o["foods_path"],
            "targets": o["targets_path"],
        }
        day = score_day(
            o["usual"],
            person,
            age=o["age"] if person is None else None,
            **{k: v for k, v in given.items() if v is not None},
        )
        emit(render_score(day, o["fmt"], **looks(o)), o["output"], o["force"])

    run_reporting_errors(o["debug"], body)


@main.command()
@gaps_options
@output_options(FORMATS["report"])
@DEBUG
def gaps(**o: Any) -> None:
    """Problem nutrients for a diet: the most and least a day can supply of each.

    \b
    Example:
      mealfix gaps --diet vegan --sex female --age 30
    """

    def body() -> None:
        from mealfix.api import gaps_for
        from mealfix.output.text import render_gaps

        check_targets(o)
        use_cache(o)
        with working("Finding the least and most of each nutrient..."):
            report = gaps_for(request_of(o))
        emit(render_gaps(report, o["fmt"], **looks(o)), o["output"], o["force"])

    run_reporting_errors(o["debug"], body)


@main.command()
@click.argument("people", type=click.Path(dir_okay=False, path_type=Path))
@option(
    "--output",
    "-o",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    section=Section.OUTPUT,
    help="JSON lines file; rows already in it are skipped (resume).",
)
@option("--quiet", is_flag=True, section=Section.OUTPUT, help="No progress bar.")
@options_of("foods", "targets")
@option(
    "--workers",
    type=click.IntRange(min=1),
    section=Section.SOLVER,
    help="Processes (default: all cores).",
)
@option(
    "--dask",
    "dask_address",
    metavar="ADDRESS",
    section=Section.SOLVER,
    help="Run on this Dask scheduler instead (needs the dask extra).",
)
@option("--solver", type=click.Choice(["highs", "cbc"]), section=Section.SOLVER)
@option(
    "--time-limit",
    type=click.FloatRange(min=0.1),
    section=Section.SOLVER,
    help="Seconds per plan.",
)
@options_of("cache")
@DEBUG
def batch(**o: Any) -> None:
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

        use_cache(o)  # before the workers start: they inherit MEALFIX_CACHE
        options = {
            "foods": str(o["foods_path"]) if o["foods_path"] else None,
            "targets": str(o["targets_path"]) if o["targets_path"] else None,
            "solver": o["solver"],
            "time_limit": o["time_limit"],
        }
        quiet = o["quiet"] or not sys.stderr.isatty()  # a bar only for a person watching
        bar = None if quiet else tqdm(unit="plan", file=sys.stderr, leave=True)

        def progress(done: int, total: int) -> None:
            if bar is not None:
                bar.total = total
                bar.update(1)

        def note(text: str) -> None:
            """One line on stderr, above the progress bar when there is one."""
            if bar is not None:
                bar.write(f"mealfix: {text}", file=sys.stderr)
            else:
                click.echo(f"mealfix: {text}", err=True)

        try:
            result = run_batch(
                o["people"],
                o["output"],
                workers=o["workers"],
                dask_address=o["dask_address"],
                options=options,
                progress=progress,
                notice=note,
            )
        finally:
            if bar is not None:
                bar.close()
        click.echo(
            f"{result.planned} planned, {result.failed} without a plan or with an error, "
            f"{result.skipped} already done -> {result.output}",
            err=True,
        )

    run_reporting_errors(o["debug"], body)
