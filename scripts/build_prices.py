"""Build ``data/prices.csv``: a retail price per 100 g (as eaten) for the bundled foods.

Inputs:

* ``food_prices.csv`` - the shared price table (USDA ERS Fruit and Vegetable Prices 2022/2023,
  BLS CPI average prices 2022/2023, USDA ERS Purchase to Plate national average prices
  2017/2018), read-only;
* ``data/foods.csv`` - the bundled foods (``id`` = SR28 NDB number);
* ``data/price_matches.csv`` - the reviewed, hand-curated match table, one row per matched food;
* ``data/usda_sr28_foods.csv`` - SR28, for the cooking yields of staples bought dry and cooked at
  home (``yield_source`` ``SR28 <dry id>/<cooked id> dry matter``).

For every match the script finds the one source row named in ``source_row``, takes the
price per 100 g the ``basis`` names, applies the stated yield or unit weight, and brings the
price to 2023 dollars with the food-at-home CPI changes in ``FOOD_AT_HOME_CHANGE_PCT``.
Rules, sources and the hand-checked examples are in ``data/PRICES.md``.

Usage::

    python scripts/build_prices.py --prices PATH/food_prices.csv --foods data/foods.csv \
        --matches data/price_matches.csv --sr28 data/usda_sr28_foods.csv --out data/prices.csv

Standard library only. Any bad match stops the build (exit 1, nothing written) with a list of
every problem. The output is sorted by id and byte-identical from run to run.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

PRICE_YEAR = 2023

# USDA ERS, Food Price Outlook: annual-average percent change of the CPI for all food at home.
# The factor from year Y to PRICE_YEAR multiplies (1 + change/100) over the years Y+1..PRICE_YEAR.
FOOD_AT_HOME_CHANGE_PCT: dict[int, Decimal] = {
    2018: Decimal("0.4"),
    2019: Decimal("0.9"),
    2020: Decimal("3.5"),
    2021: Decimal("3.5"),
    2022: Decimal("11.4"),
    2023: Decimal("5.0"),
}

# Year text of food_prices.csv -> dollar year of the price. PP-NAP 2017/2018 prices come from
# IRI scanner data of 2017 and 2018; they are treated as 2018 dollars (see data/PRICES.md).
DOLLAR_YEAR: dict[str, int] = {"2023": 2023, "2022": 2022, "2017/2018": 2018}

# Short source label -> (prefix of the ``source`` column in food_prices.csv, allowed bases).
SOURCES: dict[str, tuple[str, frozenset[str]]] = {
    "ERS-FV": ("USDA ERS Fruit and Vegetable Prices ", frozenset({"as_purchased"})),
    "BLS": ("BLS CPI Average Price Data", frozenset({"as_purchased", "per_unit"})),
    "PP-NAP": ("USDA ERS Purchase to Plate National Average Prices", frozenset({"edible"})),
}

# Foods priced from a source row sold by count or volume (``basis`` = per_unit): grams of the
# food, as eaten, in one source unit; the unit expected in food_prices.csv; where the weight
# comes from (the SR28 household weight of that same food).
# A US gallon is 4 quarts; a dozen is 12 eggs.
GALLON = "per gal. (3.8 lit)"
DOZEN = "per doz."
UNIT_GRAMS: dict[str, tuple[Decimal, str, str]] = {
    "01077": (Decimal("3904"), GALLON, "4 x 976 g: SR28 01077 household weight 1 quart = 976 g"),
    "01079": (Decimal("3904"), GALLON, "4 x 976 g: SR28 01079 household weight 1 quart = 976 g"),
    "01082": (Decimal("3904"), GALLON, "4 x 976 g: SR28 01082 household weight 1 quart = 976 g"),
    "01085": (Decimal("3920"), GALLON, "4 x 980 g: SR28 01085 household weight 1 quart = 980 g"),
    "01123": (Decimal("600"), DOZEN, "12 x 50 g: SR28 01123 household weight 1 large = 50 g"),
    "01129": (Decimal("600"), DOZEN, "12 x 50 g: SR28 01129 household weight 1 large = 50 g"),
    "01131": (Decimal("600"), DOZEN, "12 x 50 g: SR28 01131 household weight 1 large = 50 g"),
    # Egg parts at the whole egg's price per edible gram: separating a dozen eggs yields whites
    # and yolks that together weigh the dozen's 600 edible grams; neither part is free.
    "01124": (Decimal("600"), DOZEN, "whole egg's price per edible gram: 12 x 50 g (SR28 01123)"),
    "01125": (Decimal("600"), DOZEN, "whole egg's price per edible gram: 12 x 50 g (SR28 01123)"),
}

# A staple bought dry and cooked at home: its cooked price is the dry price / cooked grams per dry
# gram. The yield is SR28's own pair (dry food, cooked food) on dry matter, assuming boiling adds
# water and loses no solids: (100 - water of the dry food) / (100 - water of the cooked food).
SR28_YIELD = re.compile(r"SR28 (\d{5})/(\d{5}) dry matter")
YIELD_PLACES = Decimal("0.0001")

MATCH_COLUMNS: tuple[str, ...] = (
    "id",
    "name",
    "source",
    "source_row",
    "item",
    "form",
    "year",
    "basis",
    "yield",
    "yield_source",
    "note",
)

OUT_COLUMNS: tuple[str, ...] = (
    "id",
    "price_usd_per_100g",
    "price_year",
    "source",
    "source_row",
    "item",
    "form",
    "source_year",
    "source_price_usd_per_100g",
    "basis",
    "yield",
    "cpi_factor",
)

PRICE_PLACES = Decimal("0.0001")
SOURCE_PRICE_PLACES = Decimal("0.000001")
# ERS edible price in the file is price/yield rounded to 6 places; allow that rounding.
ERS_EDIBLE_TOLERANCE = Decimal("0.000002")


@dataclass(frozen=True)
class PriceRow:
    """One row of food_prices.csv with the key that ``source_row`` must name."""

    key: str
    label: str
    item: str
    form: str
    year: str
    price_usd: str
    price_unit: str
    grams_per_unit: str
    per_100g: str
    yield_: str
    per_100g_edible: str


@dataclass(frozen=True)
class Priced:
    """One output row of prices.csv."""

    id: str
    price: Decimal
    label: str
    source_row: str
    item: str
    form: str
    source_year: str
    source_price: Decimal
    basis: str
    yield_: str
    cpi: Decimal


def cpi_factor(dollar_year: int) -> Decimal:
    """Factor that brings a price in ``dollar_year`` dollars to PRICE_YEAR dollars."""
    if dollar_year > PRICE_YEAR or dollar_year + 1 < min(FOOD_AT_HOME_CHANGE_PCT):
        raise ValueError(f"no CPI changes to bring {dollar_year} dollars to {PRICE_YEAR}")
    factor = Decimal(1)
    for year in range(dollar_year + 1, PRICE_YEAR + 1):
        factor *= 1 + FOOD_AT_HOME_CHANGE_PCT[year] / 100
    return factor


def fmt(value: Decimal) -> str:
    """Plain decimal text without exponent or trailing zeros (``1.05``, ``1``)."""
    return format(value.normalize(), "f")


def to_decimal(text: str) -> Decimal | None:
    """Decimal of ``text``, or None if empty or not a finite number."""
    if not text.strip():
        return None
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def source_label(source: str) -> str | None:
    """Short label (ERS-FV, BLS, PP-NAP) of a ``source`` value of food_prices.csv."""
    for label, (prefix, _bases) in SOURCES.items():
        if source.startswith(prefix):
            return label
    return None


def row_key(label: str, row: dict[str, str]) -> str:
    """The ``source_row`` text that names this row: ERS-FV-<edition>:<item>:<form>,
    BLS:<series>:<year> or PP-NAP:<FNDDS code>:<year>."""
    if label == "ERS-FV":
        edition = row["source"].rsplit(" ", 1)[-1]
        return f"ERS-FV-{edition}:{row['item']}:{row['form']}"
    return f"{label}:{row['source_id']}:{row['year']}"


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """Header and rows of a UTF-8 CSV file."""
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
        return list(reader.fieldnames or []), rows


def load_prices(path: Path, errors: list[str]) -> tuple[dict[str, PriceRow], Counter[str]]:
    """Index the price rows by key, counting keys so duplicates can be refused."""
    _header, rows = read_csv(path)
    index: dict[str, PriceRow] = {}
    counts: Counter[str] = Counter()
    for line, row in enumerate(rows, start=2):
        label = source_label(row["source"])
        if label is None:
            errors.append(f"{path}:{line}: unknown source {row['source']!r}")
            continue
        key = row_key(label, row)
        counts[key] += 1
        index[key] = PriceRow(
            key=key,
            label=label,
            item=row["item"],
            form=row["form"],
            year=row["year"],
            price_usd=row["price_usd"],
            price_unit=row["price_unit"],
            grams_per_unit=row["grams_per_unit"],
            per_100g=row["price_usd_per_100g"],
            yield_=row["yield"],
            per_100g_edible=row["price_usd_per_100g_edible"],
        )
    return index, counts


def load_foods(path: Path, errors: list[str]) -> dict[str, dict[str, str]]:
    """Foods by id; duplicate ids are an error."""
    _header, rows = read_csv(path)
    foods: dict[str, dict[str, str]] = {}
    for row in rows:
        if row["id"] in foods:
            errors.append(f"{path}: duplicate food id {row['id']}")
        foods[row["id"]] = row
    return foods


def source_price(
    fid: str, basis: str, prow: PriceRow, where: str, errors: list[str]
) -> Decimal | None:
    """Price per 100 g the basis names: edible, as purchased, or per unit / unit grams."""
    if basis == "edible":
        value = to_decimal(prow.per_100g_edible)
        if value is None:
            errors.append(f"{where}: basis edible but {prow.key} has no edible price")
        return value
    if basis == "as_purchased":
        value = to_decimal(prow.per_100g)
        if value is None:
            errors.append(f"{where}: basis as_purchased but {prow.key} has no price per 100 g")
        return value
    # per_unit
    unit = UNIT_GRAMS.get(fid)
    price = to_decimal(prow.price_usd)
    if unit is None:
        errors.append(f"{where}: basis per_unit but {fid} has no entry in UNIT_GRAMS")
        return None
    grams, expected_unit, _why = unit
    if prow.grams_per_unit.strip():
        errors.append(f"{where}: basis per_unit but {prow.key} is priced by weight")
        return None
    if prow.price_unit != expected_unit:
        errors.append(f"{where}: UNIT_GRAMS expects {expected_unit!r}, row has {prow.price_unit!r}")
        return None
    if price is None:
        errors.append(f"{where}: {prow.key} has no price")
        return None
    return (price * 100 / grams).quantize(SOURCE_PRICE_PLACES, rounding=ROUND_HALF_UP)


def sr28_yield(dry: str, cooked: str, water: dict[str, Decimal]) -> Decimal | None:
    """Cooked grams per dry gram from SR28's water of the pair; None if either is missing."""
    if dry not in water or cooked not in water or water[cooked] >= 100:
        return None
    ratio = (100 - water[dry]) / (100 - water[cooked])
    return ratio.quantize(YIELD_PLACES, rounding=ROUND_HALF_UP)


def check_yield(
    match: dict[str, str],
    prow: PriceRow,
    water: dict[str, Decimal],
    where: str,
    errors: list[str],
) -> Decimal | None:
    """The yield to divide by (None = no conversion), after checking it against its source:
    ERS's own factor for an ERS row, SR28's dry-matter pair for a dry BLS or PP-NAP price."""
    text, why = match["yield"].strip(), match["yield_source"].strip()
    if not text and not why:
        return None
    if not text or not why:
        errors.append(f"{where}: yield and yield_source must be given together")
        return None
    value = to_decimal(text)
    if value is None or value <= 0:
        errors.append(f"{where}: yield {text!r} is not a positive number")
        return None
    if prow.label == "ERS-FV":
        if match["basis"] != "as_purchased":
            errors.append(f"{where}: a yield only applies to an as_purchased price")
            return None
        if not why.startswith("ERS"):
            errors.append(f"{where}: an ERS row takes ERS's own yield (yield_source 'ERS ...')")
        if to_decimal(prow.yield_) != value:
            errors.append(f"{where}: yield {text} differs from ERS yield {prow.yield_!r}")
            return None
        return value
    pair = SR28_YIELD.fullmatch(why)
    if pair is None:
        errors.append(
            f"{where}: a {prow.label} price takes only an SR28 cooking yield "
            "(yield_source 'SR28 <dry id>/<cooked id> dry matter')"
        )
        return None
    if match["basis"] == "per_unit":
        errors.append(f"{where}: a yield does not apply to a per_unit price")
        return None
    dry, cooked = pair.groups()
    if cooked != match["id"]:
        errors.append(f"{where}: the SR28 pair's cooked food {cooked} is not this food")
        return None
    expected = sr28_yield(dry, cooked, water)
    if expected is None:
        errors.append(f"{where}: SR28 has no water for {dry} or {cooked}")
        return None
    if expected != value:
        errors.append(f"{where}: yield {text} != SR28 {dry}/{cooked} dry matter {expected}")
        return None
    return value


def load_water(path: Path, errors: list[str]) -> dict[str, Decimal]:
    """SR28 water (g per 100 g) by NDB number, for the cooking yields."""
    _header, rows = read_csv(path)
    water: dict[str, Decimal] = {}
    for row in rows:
        value = to_decimal(row.get("water_g", ""))
        if value is not None:
            water[row["ndb_no"]] = value
    if not water:
        errors.append(f"{path}: no water_g values")
    return water


def price_match(
    line: int,
    match: dict[str, str],
    foods: dict[str, dict[str, str]],
    index: dict[str, PriceRow],
    counts: Counter[str],
    water: dict[str, Decimal],
    errors: list[str],
) -> Priced | None:
    """Validate one match row and compute its 2023 price; None (with errors) if it is bad."""
    fid = match["id"]
    where = f"price_matches.csv:{line} ({fid})"
    before = len(errors)
    food = foods.get(fid)
    if food is None:
        errors.append(f"{where}: id not in foods.csv")
    elif match["name"] != food["name"]:
        errors.append(f"{where}: name {match['name']!r} != foods.csv {food['name']!r}")
    label = match["source"]
    if label not in SOURCES:
        errors.append(f"{where}: unknown source {label!r} (one of {', '.join(SOURCES)})")
        return None
    key = match["source_row"]
    if not key.startswith(f"{label}-" if label == "ERS-FV" else f"{label}:"):
        errors.append(f"{where}: source_row {key!r} does not belong to source {label}")
    if counts[key] != 1:
        found = "not found" if counts[key] == 0 else f"found {counts[key]} times"
        errors.append(f"{where}: source_row {key!r} {found} in food_prices.csv")
        return None
    prow = index[key]
    if prow.label != label:
        errors.append(f"{where}: source_row {key!r} is a {prow.label} row")
    for column, value in (("item", prow.item), ("form", prow.form), ("year", prow.year)):
        if match[column] != value:
            errors.append(f"{where}: {column} {match[column]!r} != source row {value!r}")
    if label == "ERS-FV" and not key.startswith(f"ERS-FV-{prow.year}:"):
        errors.append(f"{where}: ERS edition in source_row differs from the row year")
    basis = match["basis"]
    if basis not in SOURCES[label][1]:
        allowed = ", ".join(sorted(SOURCES[label][1]))
        errors.append(f"{where}: basis {basis!r} not allowed for {label} ({allowed})")
        return None
    if basis != "per_unit" and fid in UNIT_GRAMS:
        errors.append(f"{where}: {fid} is in UNIT_GRAMS but basis is {basis}")
    if not match["note"].strip():
        errors.append(f"{where}: note is empty")
    if prow.year not in DOLLAR_YEAR:
        errors.append(f"{where}: no dollar year for source year {prow.year!r}")
        return None
    base = source_price(fid, basis, prow, where, errors)
    yld = check_yield(match, prow, water, where, errors)
    if base is None or len(errors) > before:
        return None
    if label == "ERS-FV" and yld is not None:
        edible = to_decimal(prow.per_100g_edible)
        if edible is None or abs(base / yld - edible) > ERS_EDIBLE_TOLERANCE:
            errors.append(f"{where}: price/yield {base / yld} != ERS edible price {edible}")
            return None
    cpi = cpi_factor(DOLLAR_YEAR[prow.year])
    price = (base / (yld if yld is not None else 1) * cpi).quantize(
        PRICE_PLACES, rounding=ROUND_HALF_UP
    )
    if price <= 0:
        errors.append(f"{where}: price {price} is not positive")
        return None
    return Priced(
        id=fid,
        price=price,
        label=label,
        source_row=key,
        item=prow.item,
        form=prow.form,
        source_year=prow.year,
        source_price=base,
        basis=basis,
        yield_=match["yield"].strip(),
        cpi=cpi,
    )


def build(
    prices_path: Path, foods_path: Path, matches_path: Path, sr28_path: Path
) -> tuple[list[Priced], dict[str, dict[str, str]], list[str]]:
    """Validate every match and price it. Returns (priced rows, foods, errors)."""
    errors: list[str] = []
    index, counts = load_prices(prices_path, errors)
    foods = load_foods(foods_path, errors)
    water = load_water(sr28_path, errors)
    header, matches = read_csv(matches_path)
    if tuple(header) != MATCH_COLUMNS:
        errors.append(f"{matches_path}: header must be {','.join(MATCH_COLUMNS)}")
        return [], foods, errors
    seen: Counter[str] = Counter(m["id"] for m in matches)
    for fid, n in sorted(seen.items()):
        if n > 1:
            errors.append(f"{matches_path}: id {fid} matched {n} times")
    per_unit_ids = {m["id"] for m in matches if m["basis"] == "per_unit"}
    for fid in sorted((set(UNIT_GRAMS) & set(foods)) - per_unit_ids):
        errors.append(f"UNIT_GRAMS has {fid} but no per_unit match uses it")
    priced: list[Priced] = []
    for line, match in enumerate(matches, start=2):
        result = price_match(line, match, foods, index, counts, water, errors)
        if result is not None:
            priced.append(result)
    priced.sort(key=lambda p: p.id)
    return priced, foods, errors


def write_output(path: Path, priced: list[Priced]) -> None:
    """Write prices.csv atomically (temp file in the same directory, then rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".prices-", suffix=".csv", dir=path.parent)
    try:
        with os.fdopen(fd, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(OUT_COLUMNS)
            for p in priced:
                writer.writerow(
                    (
                        p.id,
                        f"{p.price:.4f}",
                        PRICE_YEAR,
                        p.label,
                        p.source_row,
                        p.item,
                        p.form,
                        p.source_year,
                        str(p.source_price),
                        p.basis,
                        p.yield_,
                        fmt(p.cpi),
                    )
                )
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def summary(priced: list[Priced], foods: dict[str, dict[str, str]]) -> str:
    """Matched count and share, counts by source and dollar year, and the unmatched foods."""
    total = len(foods)
    share = Decimal(100 * len(priced)) / total if total else Decimal(0)
    lines = [f"matched {len(priced)} of {total} foods ({share:.1f}%), prices in {PRICE_YEAR} USD"]
    by_source = Counter(p.label for p in priced)
    by_row = Counter(f"{p.label} {p.source_year}" for p in priced)
    lines.append("by source: " + ", ".join(f"{k} {by_source[k]}" for k in sorted(by_source)))
    lines.append("by source year: " + ", ".join(f"{k} {by_row[k]}" for k in sorted(by_row)))
    by_basis = Counter(p.basis for p in priced)
    lines.append("by basis: " + ", ".join(f"{k} {by_basis[k]}" for k in sorted(by_basis)))
    for label, year in sorted({(p.label, p.source_year) for p in priced}):
        factor = cpi_factor(DOLLAR_YEAR[year])
        lines.append(f"CPI factor {label} {year} -> {PRICE_YEAR}: {fmt(factor)}")
    matched = {p.id for p in priced}
    unmatched = [fid for fid in sorted(foods) if fid not in matched]
    lines.append(f"unmatched ({len(unmatched)}):")
    lines.extend(f"  {fid} {foods[fid]['name']}" for fid in unmatched)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--prices", type=Path, required=True, help="shared food_prices.csv")
    parser.add_argument("--foods", type=Path, required=True, help="data/foods.csv")
    parser.add_argument("--matches", type=Path, required=True, help="data/price_matches.csv")
    parser.add_argument("--sr28", type=Path, required=True, help="data/usda_sr28_foods.csv")
    parser.add_argument("--out", type=Path, required=True, help="output prices.csv")
    args = parser.parse_args(argv)

    priced, foods, errors = build(args.prices, args.foods, args.matches, args.sr28)
    if errors:
        print(f"build_prices: {len(errors)} problem(s); nothing written:", file=sys.stderr)
        for error in errors:
            print(f"  {error}", file=sys.stderr)
        return 1
    write_output(args.out, priced)
    print(summary(priced, foods))
    print(f"wrote {args.out} ({len(priced)} rows)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
