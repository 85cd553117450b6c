"""The food table: one row per food, indexed by food id, nutrient columns per 100 g.

Any numeric column may be a nutrient; which ones are constrained is decided by the targets.
An empty cell is *unknown*, kept as NaN and never read as zero.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

import numpy as np
import pandas as pd

from mealfix.errors import DataError, UsageError
from mealfix.inputs.arguments import path_or_none
from mealfix.inputs.diet import ALLERGENS, FLAG_COLUMNS, find_one
from mealfix.inputs.files import bundled_path, check_regular, load_cached

TEXT_COLUMNS = frozenset(
    {
        "id",
        "name",
        "description",
        "food_group",
        "category",
        "allergens",
        "meals",
        "portion_measure",
        "vitamin_d_source",
        "imputed",
        "tags",
        "cap_group",
        "added_sugars_basis",
        "base",
    }
)
#: No value per 100 g can be larger (100 g is 1e8 µg): a larger one is a slip, not a food.
MAX_VALUE = 1e8
#: Columns that must be numbers when present: they shape the model, not only the targets.
NUMERIC_COLUMNS = ("portion_g", "max_g", "price")
_TRUE = frozenset({"true", "1", "yes", "y"})
_FALSE = frozenset({"false", "0", "no", "n"})


def load_foods(path: str | Path | None = None) -> pd.DataFrame:
    """Read and check a foods CSV (the bundled USDA table when ``path`` is None).

    Returns a DataFrame indexed by ``id`` (text, leading zeros kept); numeric columns are floats
    with NaN where the file has no value; ``df.attrs["source"]`` names the file for messages.
    """
    path = path_or_none(path, "foods")
    file = Path(path) if path is not None else bundled_path("foods.csv")
    label = file.name if path is None else str(path)
    return load_cached(file, _load_foods, label, path is None).copy()


def foods_frame(foods: pd.DataFrame) -> pd.DataFrame:
    """A foods table given as a DataFrame (one :func:`load_foods` returned, edited, or one's
    own), checked as a CSV file is: ids, names, numbers (finite, not negative), diet flags and
    allergens, each problem one line naming the table's row. Ids come from an ``id`` column
    or else the index; the table's ``attrs`` (its source, price year) are kept."""
    label = str(foods.attrs.get("source") or "the foods table")
    frame = foods.reset_index() if "id" not in foods.columns else foods
    if "id" not in frame.columns and "index" in frame.columns:
        frame = frame.rename(columns={"index": "id"})
    if frame.empty:
        raise DataError(label, "has no foods")
    for needed in ("id", "name"):
        if needed not in frame.columns:
            raise DataError(label, f"has no {needed!r} column")
    names = [str(c) for c in frame.columns]
    if len(set(names)) != len(names):
        raise DataError(label, "has a column name twice")
    text = frame.astype(object).where(frame.notna(), "")
    text.columns = pd.Index(names)
    raw = pd.DataFrame({name: [str(v).strip() for v in text[name]] for name in names}, dtype=str)
    typed = _typed(raw, label)
    typed.attrs = dict(foods.attrs)
    return typed


def _load_foods(file: Path, label: str, bundled: bool) -> pd.DataFrame:
    frame = _typed(_read_text_frame(file, label), label)
    if bundled:
        frame = _with_prices(frame)
    frame.attrs["source"] = label
    frame.attrs["bundled"] = bundled
    return frame


def _with_prices(foods: pd.DataFrame) -> pd.DataFrame:
    """The bundled foods with ``price`` (USD per 100 g as eaten) from ``data/prices.csv``."""
    prices = pd.read_csv(bundled_path("prices.csv"), dtype={"id": str}).set_index("id")
    years = set(prices["price_year"].dropna().astype(int))
    foods = foods.join(prices["price_usd_per_100g"].astype(float).rename("price"), how="left")
    foods.attrs["price_year"] = years.pop() if len(years) == 1 else None
    return foods


def _read_text_frame(file: Path, label: str) -> pd.DataFrame:
    """Every cell as stripped text; the shape of each row is checked against the header."""
    try:
        with file.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle, strict=True))
    except FileNotFoundError:
        raise DataError(label, "no such file") from None
    except IsADirectoryError:
        raise DataError(label, "is a folder, not a CSV file") from None
    except UnicodeDecodeError as exc:
        raise DataError(label, f"is not UTF-8 text (byte {exc.start})") from None
    except csv.Error as exc:
        raise DataError(label, f"is not valid CSV: {exc}") from None
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise DataError(label, "the file is empty")
    names = [h.strip() for h in rows[0]]
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise DataError(label, f"column {name!r} appears twice", "header")
        seen.add(name)
    for needed in ("id", "name"):
        if needed not in names:
            hint = ""
            if len(names) == 1 and any(sep in names[0] for sep in ";\t|"):
                hint = " (the file looks delimited by something other than commas)"
            raise DataError(label, f"has no {needed!r} column{hint}", "header")
    body = rows[1:]
    if not body:
        raise DataError(label, "has a header but no foods")
    for number, row in enumerate(body):
        if len(row) != len(names):
            raise DataError(
                label,
                f"is not valid CSV: {len(row)} fields where the header has {len(names)}",
                _line(number),
            )
    return pd.DataFrame([[cell.strip() for cell in row] for row in body], columns=names, dtype=str)


def _typed(raw: pd.DataFrame, label: str) -> pd.DataFrame:
    ids = raw["id"]
    for row, value in ids.items():
        if not value:
            raise DataError(label, "empty id", _line(row))
    dupes = ids[ids.duplicated(keep=False)]
    if not dupes.empty:
        first = dupes.index[:2]
        raise DataError(
            label, f"id {dupes.iloc[0]!r} appears twice ({_line(first[0])} and {_line(first[1])})"
        )
    for row, value in raw["name"].items():
        if not value:
            raise DataError(label, "empty name", _line(row))

    columns: dict[str, pd.Series] = {}
    for name in raw.columns:
        col = raw[name]
        if name in TEXT_COLUMNS:
            columns[name] = col
        elif name in FLAG_COLUMNS:
            columns[name] = _flags(col, name, label)
        else:
            parsed = _numbers(col, name, label, strict=name in NUMERIC_COLUMNS)
            columns[name] = parsed if parsed is not None else col
    if "allergens" in columns:
        _check_allergens(columns["allergens"], label)
    frame = pd.DataFrame(columns)
    frame.index = pd.Index(ids, name="id")
    return frame.drop(columns="id")


def _numbers(col: pd.Series, name: str, label: str, *, strict: bool) -> pd.Series | None:
    """Parse a column as non-negative numbers; None if it is text (and text is allowed there)."""
    try:
        values = np.array(
            [math.nan if t == "" or t.lower() == "nan" else float(t) for t in col.tolist()],
            dtype="float64",
        )
    except ValueError:
        if not strict:
            return None
        row = next(r for r, t in col.items() if t.lower() != "nan" and not _is_float(t))
        raise DataError(
            label, f"column {name!r}: {col[row]!r} is not a number", _line(row)
        ) from None
    for problem, where in (
        ("is not a finite number", np.isinf(values)),
        ("is negative", values < 0),
        (f"is not a plausible amount per 100 g (over {MAX_VALUE:g})", values > MAX_VALUE),
    ):
        if where.any():
            row = col.index[int(np.argmax(where))]
            text = col[row] if problem == "is negative" else repr(col[row])
            raise DataError(label, f"column {name!r}: {text} {problem}", _line(row))
    return pd.Series(values, index=col.index, dtype="float64")


def _is_float(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return text == ""
    return True


def _flags(col: pd.Series, name: str, label: str) -> pd.Series:
    """Diet flags: true/false (also 1/0, yes/no); a blank is unknown and never allows a food."""
    values: list[bool] = []
    for row, text in col.items():
        word = text.lower()
        if word in _TRUE:
            values.append(True)
        elif word in _FALSE or word == "":
            values.append(False)
        else:
            raise DataError(label, f"column {name!r}: {text!r} is not true or false", _line(row))
    return pd.Series(values, index=col.index, dtype="bool")


def _check_allergens(col: pd.Series, label: str) -> None:
    for row, text in col.items():
        for token in filter(None, (t.strip() for t in text.split(";"))):
            if token not in ALLERGENS:
                raise DataError(
                    label,
                    f"column 'allergens': unknown allergen {token!r} "
                    f"(known: {', '.join(ALLERGENS)})",
                    _line(row),
                )


def _line(row: object) -> str:
    """A data row's line in the file (the header is line 1)."""
    return f"line {int(str(row)) + 2}"


def shared_caps(foods: pd.DataFrame) -> dict[str, float]:
    """Most grams a day of each kind of food in the table's ``cap_group`` column (all milks,
    all juices, ...), from the bundled ``data/cap_groups.csv``; a kind it lacks is an error."""
    if "cap_group" not in foods.columns:
        return {}
    caps = load_cached(bundled_path("cap_groups.csv"), _load_caps)
    source = str(foods.attrs.get("source", "foods"))
    for kind in foods["cap_group"].dropna().unique():
        if kind and kind not in caps:
            raise DataError(source, f"cap_group {kind!r} is not in cap_groups.csv")
    return dict(caps)


def pool_ids() -> frozenset[str]:
    """The bundled pool of foods a day is chosen from first (``data/food_pool.csv``: the foods
    of near-best days of 68 varied people, ``scripts/build_pool.py``)."""
    return load_cached(bundled_path("food_pool.csv"), _load_pool)


def _load_pool(file: Path) -> frozenset[str]:
    return frozenset(pd.read_csv(file, dtype={"id": str})["id"])


def _load_caps(file: Path) -> dict[str, float]:
    table = pd.read_csv(file, dtype={"cap_group": str})
    return {str(k): float(v) for k, v in zip(table["cap_group"], table["max_g"], strict=True)}


def load_current(path: str | Path, foods: pd.DataFrame) -> pd.Series:
    """A person's usual day: a CSV with ``id`` or ``name`` and ``grams`` -> grams by food id."""
    label = str(path)
    check_regular(Path(path), label)
    try:
        with Path(path).open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle, strict=True))
    except FileNotFoundError:
        raise DataError(label, "no such file") from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise DataError(label, f"is not valid CSV text: {exc}") from None
    if not rows:
        raise DataError(label, "lists no foods")
    if "grams" not in rows[0] or not ({"id", "name"} & set(rows[0])):
        raise DataError(label, "needs a 'grams' column and an 'id' or 'name' column", "header")
    day: dict[str, float] = {}
    for number, row in enumerate(rows):
        word = (row.get("id") or row.get("name") or "").strip()
        try:
            food = find_one(foods, word, "usual day food")
        except UsageError as exc:
            raise DataError(label, str(exc), _line(number)) from None
        try:
            grams = float(row["grams"])
        except (TypeError, ValueError):
            raise DataError(
                label, f"grams {row['grams']!r} is not a number", _line(number)
            ) from None
        if not math.isfinite(grams) or grams < 0:
            raise DataError(label, f"grams {row['grams']} must be zero or more", _line(number))
        day[food] = day.get(food, 0.0) + grams
    return pd.Series(day, dtype="float64")
