"""Diet rules: which foods a person will eat (pattern, allergies, exclusions) -> candidates."""

from __future__ import annotations

import difflib
import fnmatch
import math
from collections.abc import Iterable

import pandas as pd

from mealfix.errors import DataError, UsageError

#: Diet patterns from strictest to widest, and the food-table flag each one needs.
DIETS: dict[str, str | None] = {
    "vegan": "vegan",
    "vegetarian": "vegetarian",
    "pescatarian": "pescatarian",
    "omnivore": None,
}
FLAG_COLUMNS = ("vegan", "vegetarian", "pescatarian")
#: Diets without meat or fish: the DRI report's plant-diet factors apply (iron: 1.8 x RDA).
PLANT_BASED = ("vegan", "vegetarian")
ALLERGENS = (
    "milk",
    "egg",
    "fish",
    "shellfish",
    "tree_nuts",
    "peanuts",
    "wheat",
    "soy",
    "sesame",
)


def normalise_diet(diet: str) -> str:
    """Accept a diet name in any case; unknown names are a usage error with the choices."""
    key = diet.strip().lower()
    if key not in DIETS:
        raise UsageError(f"unknown diet {diet!r}; choose one of: {', '.join(DIETS)}")
    return key


def normalise_allergy(allergy: str) -> str:
    """'tree nuts', 'tree-nuts' and 'Tree_Nuts' all mean ``tree_nuts``."""
    key = allergy.strip().lower().replace("-", "_").replace(" ", "_")
    aliases = {"peanut": "peanuts", "eggs": "egg", "dairy": "milk", "tree_nut": "tree_nuts"}
    key = aliases.get(key, key)
    if key not in ALLERGENS:
        raise UsageError(f"unknown allergy {allergy!r}; choose from: {', '.join(ALLERGENS)}")
    return key


def candidates(
    foods: pd.DataFrame,
    diet: str = "omnivore",
    allergies: Iterable[str] = (),
    exclude: Iterable[str] = (),
) -> pd.DataFrame:
    """The foods a person may be offered: the diet pattern, allergies and exclusions applied.

    ``exclude`` takes food ids or name patterns (case-insensitive; ``*`` wildcards, otherwise a
    substring). A pattern that matches nothing is an error that suggests close names, since a
    typo would otherwise silently leave the food in the plan.
    """
    source = str(foods.attrs.get("source", "foods"))
    keep = pd.Series(True, index=foods.index)

    flag = DIETS[normalise_diet(diet)]
    if flag is not None:
        if flag not in foods.columns:
            raise DataError(source, f"has no {flag!r} column, so a {diet} diet cannot be applied")
        keep &= foods[flag].astype(bool)

    wanted = [normalise_allergy(a) for a in allergies]
    if wanted:
        if "allergens" not in foods.columns:
            raise DataError(source, "has no 'allergens' column, so allergies cannot be applied")
        tokens = foods["allergens"].fillna("").str.split(";")
        keep &= ~tokens.map(lambda listed: any(a in listed for a in wanted))

    for pattern in exclude:
        keep &= ~find_foods(foods, pattern)

    return foods[keep]


def find_foods(foods: pd.DataFrame, pattern: str, option: str = "--exclude") -> pd.Series:
    """Which foods a word names: an exact id, or a case-insensitive name pattern.

    ``*`` wildcards match as a glob; otherwise the word is a substring of the name. A pattern
    that matches nothing is an error that suggests close names, since a typo would otherwise
    silently change the plan.
    """
    text = pattern.strip()
    if not text:
        raise UsageError(f"an empty {option} value")
    if text in foods.index:
        return pd.Series(foods.index == text, index=foods.index)
    lowered = foods["name"].str.lower()
    glob = text.lower() if any(c in text for c in "*?[") else f"*{text.lower()}*"
    hits = lowered.map(lambda name: fnmatch.fnmatchcase(name, glob))
    if not hits.any():
        close = difflib.get_close_matches(text.lower(), lowered.tolist(), n=3, cutoff=0.5)
        hint = f"; did you mean: {', '.join(close)}?" if close else ""
        raise UsageError(f"{option} {pattern!r} matches no food id or name{hint}")
    return hits


def find_one(foods: pd.DataFrame, word: str, option: str) -> str:
    """The one food a word names; several matches are an error unless one name is exact."""
    hits = find_foods(foods, word, option)
    ids = list(foods.index[hits.to_numpy()])
    if len(ids) == 1:
        return str(ids[0])
    exact = [i for i in ids if foods.at[i, "name"].lower() == word.strip().lower()]
    if len(exact) == 1:
        return str(exact[0])
    names = "; ".join(f"{i} {foods.at[i, 'name']}" for i in ids[:5])
    more = f" and {len(ids) - 5} more" if len(ids) > 5 else ""
    raise UsageError(f"{option} {word!r} matches {len(ids)} foods ({names}{more}); use the id")


def parse_include(
    foods: pd.DataFrame, allowed: pd.DataFrame, items: Iterable[str], exclude: Iterable[str] = ()
) -> dict[str, float | None]:
    """``FOOD[:grams]`` words -> {food id: grams or None}.

    A required food must fit the diet and allergies (``allowed``); it wins over an --exclude
    pattern, so "--exclude fortified --include 14016" keeps just that one; but an --exclude of
    that very food (its id or whole name) contradicts it, and is an error.
    """
    named = {str(word).strip().lower() for word in exclude}
    wanted: dict[str, float | None] = {}
    for item in items:
        word, grams = item, None
        head, sep, tail = item.rpartition(":")
        if sep and _number(tail) is not None:
            word, grams = head, _number(tail)
            if grams is None or not math.isfinite(grams) or grams <= 0:
                raise UsageError(f"--include {item!r}: grams must be a positive, finite number")
        food = find_one(foods, word, "--include")
        if food in wanted:
            raise UsageError(f"--include names {foods.at[food, 'name']} ({food}) twice")
        if food not in allowed.index:
            raise UsageError(
                f"--include {item!r}: {foods.at[food, 'name']} is ruled out by the diet or "
                "an allergy"
            )
        if str(food).lower() in named or str(foods.at[food, "name"]).lower() in named:
            raise UsageError(
                f"--include {item!r} and --exclude name the same food, "
                f"{foods.at[food, 'name']} ({food}): keep one of them"
            )
        wanted[food] = grams
    return wanted


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None
