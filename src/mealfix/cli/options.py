"""The command line's options: each defined once, picked by name by the commands, turned into
one request object (:func:`request_of`). Defaults are read from :mod:`mealfix.model.defaults`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from mealfix.model.defaults import PLAN

F = TypeVar("F", bound=Callable[..., Any])


def split_words(values: tuple[str, ...]) -> list[str]:
    """Options given as 'a,b' and/or repeated."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


#: The formats each command prints (a command never lists one it refuses).
FORMATS = {
    "plan": ("table", "json", "csv", "markdown", "html"),
    "week": ("table", "json", "csv", "markdown"),
    "report": ("table", "json", "markdown"),
}


def output_options(formats: tuple[str, ...]) -> Callable[[F], F]:
    """--format, --output and --force, shared by every command that prints a result."""

    def add(func: F) -> F:
        return _output_options(func, formats)

    return add


def _output_options(func: F, formats: tuple[str, ...]) -> F:
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
        type=click.Choice(list(formats)),
        help="Output format.",
    )(func)
    return func


#: Every option of a plan, by name; commands pick theirs (gaps shows only those it uses).
_OPTIONS: dict[str, Callable[[F], F]] = {
    "sex": click.option("--sex", type=click.Choice(["female", "male"], case_sensitive=False)),
    "age": click.option("--age", type=int, help="Age in years (1-120)."),
    "pregnant": click.option("--pregnant", is_flag=True, help="Use the pregnancy DRIs."),
    "lactating": click.option("--lactating", is_flag=True, help="Use the lactation DRIs."),
    "activity": click.option(
        "--activity",
        type=click.Choice(["sedentary", "moderate", "active"]),
        default=PLAN["activity"],
        show_default=True,
        help="Daily activity: picks the Dietary Guidelines calorie need for age and sex.",
    ),
    "trimester": click.option(
        "--trimester",
        type=click.IntRange(1, 3),
        help="Pregnancy trimester (+0, +340, +452 kcal; default 2).",
    ),
    "months-postpartum": click.option(
        "--months-postpartum",
        type=click.IntRange(0, 60),
        help="Months since the birth, when breastfeeding (+330 kcal to 6, +400 after).",
    ),
    "energy": click.option(
        "--energy",
        metavar="MIN-MAX",
        help="The day's energy in kcal instead of the calorie need ±5 %, e.g. 1800-2100.",
    ),
    "diet": click.option(
        "--diet",
        default=PLAN["diet"],
        show_default=True,
        help="vegan, vegetarian, pescatarian or omnivore.",
    ),
    "suspect": click.option(
        "--suspect",
        multiple=True,
        metavar="NUTRIENTS",
        help="Suspected nutrients, comma-separated (e.g. magnesium,vitamin_b12).",
    ),
    "symptoms": click.option(
        "--symptoms",
        multiple=True,
        metavar="SYMPTOMS",
        help="Symptoms, comma-separated (e.g. cramps,tingling).",
    ),
    "allergy": click.option(
        "--allergy",
        multiple=True,
        metavar="ALLERGENS",
        help="milk, egg, fish, shellfish, tree_nuts, peanuts, wheat, soy, sesame.",
    ),
    "exclude": click.option(
        "--exclude",
        multiple=True,
        metavar="FOOD",
        help="A food id or name pattern to leave out (repeat for more).",
    ),
    "allow": click.option(
        "--allow",
        multiple=True,
        metavar="RULE",
        help="Lift a life-stage safety rule by name (the plan warns); repeat for more.",
    ),
    "include": click.option(
        "--include",
        multiple=True,
        metavar="FOOD[:GRAMS]",
        help="A food the plan must contain, optionally in this amount (repeat).",
    ),
    "foods": click.option(
        "--foods",
        "foods_path",
        type=click.Path(path_type=Path),
        help="Foods CSV (default: the bundled USDA SR28 table).",
    ),
    "targets": click.option(
        "--targets",
        "targets_path",
        type=click.Path(path_type=Path),
        help="Targets YAML (default: the bundled DRI table).",
    ),
    "objective": click.option(
        "--objective",
        default=PLAN["objective"],
        show_default=True,
        type=click.Choice(["pattern", "portions", "cost", "closest"]),
        help="Closest to your Dietary Guidelines food pattern, fewest typical portions, "
        "lowest cost (needs prices), or closest to your usual day (needs --current).",
    ),
    "no-pattern": click.option(
        "--no-pattern",
        is_flag=True,
        help="No food-group pattern: only nutrients and the food rules shape the day.",
    ),
    "no-meals": click.option(
        "--no-meals",
        is_flag=True,
        help="No meal rules: foods are not spread over breakfast, lunch, dinner and snacks.",
    ),
    "pattern-range": click.option(
        "--pattern-range",
        metavar="LOW-HIGH",
        help="Each food group within these shares of its pattern amount (default "
        + "-".join(f"{share:g}" for share in PLAN["pattern_range"])
        + ").",
    ),
    "current": click.option(
        "--current",
        "current_path",
        type=click.Path(path_type=Path),
        help="Your usual day: CSV with id or name, and grams.",
    ),
    "max-foods": click.option(
        "--max-foods",
        type=click.IntRange(min=0),
        default=PLAN["max_foods"],
        show_default=True,
        help="Most distinct foods a day (0: no limit).",
    ),
    "max-per-group": click.option(
        "--max-per-group",
        type=click.IntRange(min=0),
        default=PLAN["max_per_group"],
        show_default=True,
        help="Most foods from one food group (0: no limit).",
    ),
    "min-group": click.option(
        "--min-group",
        multiple=True,
        metavar="GROUP=N",
        help="Least foods from a group, e.g. vegetable=2 (default "
        + ", ".join(f"{g}={n}" for g, n in PLAN["min_per_group"].items())
        + "; 'none' for no minimum).",
    ),
    "min-portion": click.option(
        "--min-portion",
        type=click.FloatRange(min=0, max=10),
        default=PLAN["min_portion"],
        show_default=True,
        help="Least amount of a used food, in typical portions.",
    ),
    "budget": click.option(
        "--budget",
        type=click.FloatRange(min=0, min_open=True),
        metavar="USD",
        help="Most the day may cost (foods without a price are left out).",
    ),
    "servings": click.option(
        "--servings",
        is_flag=True,
        help="Whole and half household servings only (an integer model).",
    ),
    "solver": click.option(
        "--solver", type=click.Choice(["highs", "cbc"]), help="Default: HiGHS if installed."
    ),
    "time-limit": click.option(
        "--time-limit",
        type=click.FloatRange(min=0.1),
        help="Seconds for the solver; the best plan found is labelled with its gap.",
    ),
    "skip-unknown": click.option(
        "--skip-unknown",
        is_flag=True,
        help="Leave out foods with no value for a targeted nutrient instead of stopping.",
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
    "pattern-range",
    "current",
    "max-foods",
    "max-per-group",
    "min-group",
    "min-portion",
    "budget",
    "servings",
)
SOLVING = ("solver", "time-limit", "skip-unknown")


def options_of(*names: str) -> Callable[[F], F]:
    """A decorator adding the named options of ``_OPTIONS``, in the order given."""

    def add(func: F) -> F:
        for name in reversed(names):
            func = _OPTIONS[name](func)
        return func

    return add


plan_options = options_of(*WHO, *FOOD_RULES, *SOLVING)
gaps_options = options_of(*WHO, "budget", *SOLVING)


def _range(text: str) -> tuple[float, float]:
    from mealfix.errors import UsageError

    low, _, high = text.partition("-")
    try:
        return float(low), float(high)
    except ValueError:
        raise UsageError(f"--pattern-range {text!r}: write LOW-HIGH, e.g. 0.75-1.25") from None


def min_groups(values: tuple[str, ...]) -> dict[str, int] | None:
    from mealfix.errors import UsageError

    items = split_words(values)
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


#: Click's parameter names -> the request's field names, where they differ.
_FIELDS = {
    "allergy": "allergies",
    "foods_path": "foods",
    "targets_path": "targets",
    "current_path": "current",
    "min_group": "min_per_group",
    "max_days": "max_days",
}
_NOT_REQUEST = (
    "sex",
    "age",
    "pregnant",
    "lactating",
    "fmt",
    "output",
    "force",
    "debug",
    "plot",
    "all_nutrients",
)


def request_of(o: dict[str, Any], kind: str = "plan") -> Any:
    """Command-line options -> one request object (:class:`PlanRequest` or ``WeekRequest``)."""
    from mealfix.inputs.person import make_person
    from mealfix.model.request import PlanRequest, WeekRequest

    person = make_person(
        o.get("sex"),
        o.get("age"),
        pregnant=o.get("pregnant", False),
        lactating=o.get("lactating", False),
    )
    given: dict[str, Any] = {}
    for key, value in o.items():
        if key in _NOT_REQUEST:
            continue
        if key in ("suspect", "symptoms", "allergy"):
            value = split_words(value)
        elif key in ("exclude", "include", "allow"):
            value = list(value)
        elif key == "min_group":
            value = min_groups(value)
        elif key == "pattern_range" and value is not None:
            value = _range(value)
        elif key in ("max_foods", "max_per_group"):
            value = value or None  # 0: no limit
        elif key == "gap" and value is not None:
            value = value / 100  # the CLI speaks percent
        elif value is None:
            continue  # not given: the request's default
        given[_FIELDS.get(key, key)] = value
    maker = WeekRequest if kind == "week" else PlanRequest
    return maker.of(person, **given)
