"""The command line's options: each defined once, picked by name by the commands, turned into
one request object (:func:`request_of`). Defaults are read from :mod:`mealfix.model.defaults`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from mealfix.cli.help import Section, SectionOption
from mealfix.cli.values import ALLERGIES, DIETS, MAIN_NUTRIENTS, RED_FLAGS, SYMPTOMS
from mealfix.model.defaults import PLAN

F = TypeVar("F", bound=Callable[..., Any])


def option(*decls: str, section: str, **kwargs: Any) -> Callable[[F], F]:
    """A click option that --help lists under ``section``."""
    return click.option(*decls, cls=SectionOption, section=section, **kwargs)


def _complete(values: tuple[str, ...]) -> Callable[..., list[str]]:
    """Shell completion for a comma-separated list: the values not yet given."""

    def complete(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
        head, _, last = incomplete.rpartition(",")
        given = set(head.split(",")) if head else set()
        prefix = f"{head}," if head else ""
        return [prefix + v for v in values if v.startswith(last) and v not in given]

    return complete


def split_words(values: tuple[str, ...]) -> list[str]:
    """Options given as 'a,b' and/or repeated."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


#: The formats each command prints (a command never lists one it refuses).
FORMATS = {
    "plan": ("table", "json", "csv", "markdown", "html"),
    "week": ("table", "json", "csv", "markdown", "html"),
    "report": ("table", "json", "markdown"),
    "score": ("table", "json", "csv", "markdown", "html"),
    "lookup": ("table", "json", "csv", "markdown"),
}


def output_options(formats: tuple[str, ...]) -> Callable[[F], F]:
    """--format, --output, --force and --no-color, shared by every command that prints."""

    def add(func: F) -> F:
        return _output_options(func, formats)

    return add


def _output_options(func: F, formats: tuple[str, ...]) -> F:
    func = option(
        "--no-color",
        is_flag=True,
        section=Section.OUTPUT,
        help="Plain tables without colour (also when the output is not a terminal, or NO_COLOR "
        "is set).",
    )(func)
    func = option(
        "--force", is_flag=True, section=Section.OUTPUT, help="Overwrite an existing --output file."
    )(func)
    func = option(
        "--output",
        "-o",
        type=click.Path(dir_okay=False, path_type=Path),
        section=Section.OUTPUT,
        help="Write to this file (atomically) instead of standard output.",
    )(func)
    func = option(
        "--format",
        "fmt",
        default="table",
        show_default=True,
        type=click.Choice(list(formats)),
        section=Section.OUTPUT,
        help="Output format (table: fitted to the terminal's width, or COLUMNS).",
    )(func)
    return func


#: Every option of a plan, by name; commands pick theirs (gaps shows only those it uses).
_OPTIONS: dict[str, Callable[[F], F]] = {
    "sex": option(
        "--sex",
        type=click.Choice(["female", "male"], case_sensitive=False),
        help="Picks the Dietary Reference Intakes with --age.",
        section=Section.WHO,
    ),
    "age": option("--age", type=int, help="Age in years (1-120).", section=Section.WHO),
    "pregnant": option(
        "--pregnant", is_flag=True, help="Use the pregnancy DRIs.", section=Section.WHO
    ),
    "lactating": option(
        "--lactating", is_flag=True, help="Use the lactation DRIs.", section=Section.WHO
    ),
    "activity": option(
        "--activity",
        type=click.Choice(["sedentary", "moderate", "active"]),
        default=PLAN["activity"],
        show_default=True,
        help="Daily activity: picks the Dietary Guidelines calorie need for age and sex.",
        section=Section.WHO,
    ),
    "trimester": option(
        "--trimester",
        type=click.IntRange(1, 3),
        help="Pregnancy trimester (+0, +340, +452 kcal; default 2).",
        section=Section.WHO,
    ),
    "months-postpartum": option(
        "--months-postpartum",
        type=click.IntRange(0, 60),
        help="Months since the birth, when breastfeeding (+330 kcal to 6, +400 after).",
        section=Section.WHO,
    ),
    "energy": option(
        "--energy",
        metavar="MIN-MAX",
        help="The day's energy in kcal instead of the calorie need ±5 %, e.g. 1800-2100.",
        section=Section.WHO,
    ),
    "diet": option(
        "--diet",
        default=PLAN["diet"],
        show_default=True,
        type=click.Choice(DIETS, case_sensitive=False),
        help="The foods you eat.",
        section=Section.EATING,
    ),
    "suspect": option(
        "--suspect",
        multiple=True,
        metavar="NUTRIENTS",
        shell_complete=_complete(MAIN_NUTRIENTS),
        help="Nutrients to aim higher, comma-separated: "
        + ", ".join(MAIN_NUTRIENTS)
        + " or any other (`mealfix nutrients` lists them).",
        section=Section.SUSPECTED,
    ),
    "symptoms": option(
        "--symptoms",
        multiple=True,
        metavar="SYMPTOMS",
        shell_complete=_complete(SYMPTOMS),
        help="Symptoms, comma-separated (everyday words too, e.g. 'pins and needles'): "
        + ", ".join(SYMPTOMS)
        + ". Signs that need urgent care ("
        + ", ".join(s.replace("_", " ") for s in RED_FLAGS)
        + ") print that advice first.",
        section=Section.SUSPECTED,
    ),
    "allergy": option(
        "--allergy",
        multiple=True,
        metavar="ALLERGENS",
        shell_complete=_complete(ALLERGIES),
        help="Allergies, comma-separated: " + ", ".join(ALLERGIES) + ".",
        section=Section.EATING,
    ),
    "exclude": option(
        "--exclude",
        multiple=True,
        metavar="FOOD",
        help="A food id or name pattern to leave out (repeat for more; `mealfix foods "
        "--search` finds ids).",
        section=Section.EATING,
    ),
    "allow": option(
        "--allow",
        multiple=True,
        metavar="RULE",
        help="Lift a life-stage safety rule by name (the plan warns); repeat for more.",
        section=Section.RULES,
    ),
    "include": option(
        "--include",
        multiple=True,
        metavar="FOOD[:GRAMS]",
        help="A food the plan must contain, optionally in this amount (repeat).",
        section=Section.EATING,
    ),
    "foods": option(
        "--foods",
        "foods_path",
        type=click.Path(path_type=Path),
        help="Foods CSV (default: the bundled USDA SR28 table).",
        section=Section.TABLES,
    ),
    "targets": option(
        "--targets",
        "targets_path",
        type=click.Path(path_type=Path),
        help="Targets YAML (default: the bundled DRI table).",
        section=Section.TABLES,
    ),
    "objective": option(
        "--objective",
        default=PLAN["objective"],
        show_default=True,
        type=click.Choice(["pattern", "portions", "cost", "closest"]),
        help="Closest to your Dietary Guidelines food pattern, fewest typical portions, "
        "lowest cost (needs prices), or closest to your usual day (needs --current).",
        section=Section.OBJECTIVE,
    ),
    "no-pattern": option(
        "--no-pattern",
        is_flag=True,
        help="No food-group pattern: only nutrients and the food rules shape the day.",
        section=Section.RULES,
    ),
    "no-meals": option(
        "--no-meals",
        is_flag=True,
        help="No meal rules: foods are not spread over breakfast, lunch, dinner and snacks.",
        section=Section.RULES,
    ),
    "all-foods": option(
        "--all-foods",
        is_flag=True,
        help="Choose from every food of the table (slower); by default a day is chosen from "
        "the bundled pool of foods near-best days use, and from every food when the pool has "
        "no plan.",
        section=Section.RULES,
    ),
    "pattern-range": option(
        "--pattern-range",
        metavar="LOW-HIGH",
        help="Each food group within these shares of its pattern amount (default "
        + "-".join(f"{share:g}" for share in PLAN["pattern_range"])
        + ").",
        section=Section.RULES,
    ),
    "current": option(
        "--current",
        "current_path",
        type=click.Path(path_type=Path),
        help="Your usual day: CSV with id or name, and grams.",
        section=Section.EATING,
    ),
    "max-foods": option(
        "--max-foods",
        type=click.IntRange(min=0),
        default=PLAN["max_foods"],
        show_default=True,
        help="Most distinct foods a day (0: no limit).",
        section=Section.RULES,
    ),
    "max-per-group": option(
        "--max-per-group",
        type=click.IntRange(min=0),
        default=PLAN["max_per_group"],
        show_default=True,
        help="Most foods from one food group (0: no limit).",
        section=Section.RULES,
    ),
    "min-group": option(
        "--min-group",
        multiple=True,
        metavar="GROUP=N",
        help="Least foods from a group, e.g. vegetable=2 (default "
        + ", ".join(f"{g}={n}" for g, n in PLAN["min_per_group"].items())
        + "; 'none' for no minimum).",
        section=Section.RULES,
    ),
    "min-portion": option(
        "--min-portion",
        type=click.FloatRange(min=0, max=10),
        default=PLAN["min_portion"],
        show_default=True,
        help="Least amount of a used food, in typical portions.",
        section=Section.RULES,
    ),
    "budget": option(
        "--budget",
        type=click.FloatRange(min=0, min_open=True),
        metavar="USD",
        help="Most the day may cost (foods without a price are left out).",
        section=Section.OBJECTIVE,
    ),
    "servings": option(
        "--servings",
        is_flag=True,
        help="Whole and half household servings only (an integer model).",
        section=Section.RULES,
    ),
    "solver": option(
        "--solver",
        type=click.Choice(["highs", "cbc"]),
        help="Default: HiGHS if installed.",
        section=Section.SOLVER,
    ),
    "time-limit": option(
        "--time-limit",
        type=click.FloatRange(min=0.1),
        help="Seconds for the whole command (every solve and report in it); the best plan "
        "found is labelled with its gap.",
        section=Section.SOLVER,
    ),
    "gap": option(
        "--gap",
        type=click.FloatRange(min=0, max=100, min_open=True),
        help="Stop once the plan is proven within this many % of the best day (default 1; "
        "a larger gap is faster).",
        section=Section.SOLVER,
    ),
    "prove": option(
        "--prove",
        is_flag=True,
        help="Prove the plan is the best day (by default the search stops once its plan is "
        "proven within 1 % of the best day, which is much faster).",
        section=Section.SOLVER,
    ),
    "cache": option(
        "--cache",
        is_flag=True,
        help="Remember proven plans on disk across runs (MEALFIX_CACHE=1 does the same; off "
        "by default).",
        section=Section.SOLVER,
    ),
    "details": option(
        "--details",
        is_flag=True,
        help="Add the optimiser's account at the end (status, objective, what each limit "
        "is worth); JSON always has it.",
        section=Section.OUTPUT,
    ),
    "skip-unknown": option(
        "--skip-unknown",
        is_flag=True,
        help="Leave out foods with no value for a targeted nutrient instead of stopping.",
        section=Section.SOLVER,
    ),
}
WHO = (
    "sex",
    "age",
    "pregnant",
    "lactating",
    "activity",
    "trimester",
    "months-postpartum",
    "energy",
    "diet",
    "suspect",
    "symptoms",
    "allergy",
    "exclude",
    "foods",
    "targets",
)
FOOD_RULES = (
    "allow",
    "include",
    "objective",
    "no-pattern",
    "no-meals",
    "all-foods",
    "pattern-range",
    "current",
    "max-foods",
    "max-per-group",
    "min-group",
    "min-portion",
    "budget",
    "servings",
)
SOLVING = ("solver", "time-limit", "prove", "cache", "skip-unknown")


def options_of(*names: str) -> Callable[[F], F]:
    """A decorator adding the named options of ``_OPTIONS``, in the order given."""

    def add(func: F) -> F:
        for name in reversed(names):
            func = _OPTIONS[name](func)
        return func

    return add


plan_options = options_of(*WHO, *FOOD_RULES, *SOLVING)
gaps_options = options_of(*WHO, "budget", *SOLVING)
