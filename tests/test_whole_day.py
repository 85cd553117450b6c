"""The whole day is healthy: for personas of every life stage and diet, each plan meets every
minimum and every applicable upper limit, keeps saturated fat under 10 % of energy from age 2,
and holds no food its life stage is advised against.

Every check here recomputes the day from ``data/foods.csv``, ``data/targets.yaml`` and
``data/safety.yaml`` read with the csv and yaml modules only: mealfix's own totals are not used.
"""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import DATA
from mealfix.batch import run_batch

#: Minutes of solving: `pytest -m "not slow"` is the quick run.
pytestmark = pytest.mark.slow

#: (sex, age, stage) for each of the 20 DRI life-stage groups.
GROUPS: dict[str, tuple[str, int, str]] = {
    "children_1_3": ("female", 2, "none"),
    "children_4_8": ("male", 6, "none"),
    "male_9_13": ("male", 11, "none"),
    "male_14_18": ("male", 16, "none"),
    "male_19_30": ("male", 25, "none"),
    "male_31_50": ("male", 40, "none"),
    "male_51_70": ("male", 60, "none"),
    "male_71_plus": ("male", 80, "none"),
    "female_9_13": ("female", 12, "none"),
    "female_14_18": ("female", 15, "none"),
    "female_19_30": ("female", 27, "none"),
    "female_31_50": ("female", 44, "none"),
    "female_51_70": ("female", 55, "none"),
    "female_71_plus": ("female", 75, "none"),
    "pregnancy_14_18": ("female", 17, "pregnancy"),
    "pregnancy_19_30": ("female", 29, "pregnancy"),
    "pregnancy_31_50": ("female", 35, "pregnancy"),
    "lactation_14_18": ("female", 18, "lactation"),
    "lactation_19_30": ("female", 24, "lactation"),
    "lactation_31_50": ("female", 38, "lactation"),
}
DIETS = ("omnivore", "vegetarian", "pescatarian", "vegan")
#: A second pass asks more of each group: suspects, symptoms, allergies, the cost objective.
EXTRAS = (
    {"suspect": "magnesium;vitamin_d"},
    {"symptoms": "cramps;tingling"},
    {"allergy": "peanuts;tree_nuts", "suspect": "calcium"},
    {"objective": "cost"},
    {"suspect": "vitamin_b12", "allergy": "milk"},
)
PLANT_BASED = ("vegetarian", "vegan")


#: A few more everyday people, so that 40 plans exist even when a demanding persona has none.
MORE = (
    {
        "id": "extra-1",
        "sex": "male",
        "age": "33",
        "stage": "none",
        "diet": "omnivore",
        "symptoms": "twitching",
    },
    {
        "id": "extra-2",
        "sex": "female",
        "age": "62",
        "stage": "none",
        "diet": "vegetarian",
        "objective": "cost",
    },
    {
        "id": "extra-3",
        "sex": "female",
        "age": "22",
        "stage": "pregnancy",
        "diet": "omnivore",
        "symptoms": "cramps",
    },
    {"id": "extra-4", "sex": "male", "age": "7", "stage": "none", "diet": "vegetarian"},
    {"id": "extra-5", "sex": "female", "age": "1", "stage": "none", "diet": "omnivore"},
    {"id": "extra-6", "sex": "male", "age": "70", "stage": "none", "diet": "omnivore"},
)


def personas() -> list[dict[str, str]]:
    rows = []
    for i, (group, (sex, age, stage)) in enumerate(GROUPS.items()):
        base = {"sex": sex, "age": str(age), "stage": stage}
        rows.append({"id": f"{group}-a", **base, "diet": DIETS[i % 4]})
        rows.append({"id": f"{group}-b", **base, "diet": DIETS[(i + 1) % 4], **EXTRAS[i % 5]})
    return rows + [dict(row) for row in MORE]


def number(text: str) -> float | None:
    return float(text) if text not in ("", None) else None


@pytest.fixture(scope="module")
def plans(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    folder = tmp_path_factory.mktemp("whole_day")
    people = folder / "people.csv"
    columns = ["id", "sex", "age", "stage", "diet", "suspect", "symptoms", "allergy", "objective"]
    with people.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(personas())
    out = folder / "plans.jsonl"
    # Every check here is about what a plan holds, not whether it is the very best one: a
    # search stopped at 5 % or after 8 s (its best day, checked like any) keeps the suite quick.
    run_batch(people, out, workers=2, options={"gap": 0.05, "time_limit": 8.0})
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return {line["id"]: line for line in lines}


@pytest.fixture(scope="module")
def foods() -> dict[str, dict[str, str]]:
    with (DATA / "foods.csv").open(encoding="utf-8", newline="") as handle:
        return {row["id"]: row for row in csv.DictReader(handle)}


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def day_totals(plan: dict[str, Any], foods: dict[str, dict[str, str]]) -> dict[str, float]:
    """Sum of grams/100 x value over the plan's foods; unknown cells count as NaN."""
    totals: dict[str, float] = {}
    columns = [c for c in next(iter(foods.values())) if c not in ("id", "name")]
    for item in plan["foods"]:
        row = foods[item["id"]]
        for column in columns:
            try:
                value = float(row[column]) if row[column] != "" else math.nan
            except ValueError:
                continue
            totals[column] = totals.get(column, 0.0) + item["grams"] / 100.0 * value
    return totals


def test_most_personas_get_a_plan(plans: dict[str, dict[str, Any]]) -> None:
    """At least 40 plans; a persona without one gets a clear no, never an error."""
    made = [k for k, v in plans.items() if v["ok"]]
    missing = {k: v.get("error") for k, v in plans.items() if not v["ok"]}
    assert len(made) >= 40, missing
    assert all(v["kind"] == "no plan" for v in plans.values() if not v["ok"]), missing


def test_every_minimum_and_every_applicable_upper_limit_holds(
    plans: dict[str, dict[str, Any]], foods: dict[str, dict[str, str]]
) -> None:
    doc = load(DATA / "targets.yaml")
    broken: list[str] = []
    for key, line in plans.items():
        if not line["ok"]:
            continue
        plan = line["plan"]
        group = plan["group"]
        totals = day_totals(plan, foods)
        for nutrient, spec in doc["nutrients"].items():
            value = spec["values"][group]
            low = value.get("rda", value.get("ai", value.get("min")))
            if low is not None and spec.get("plant_diet_factor") and plan["diet"] in PLANT_BASED:
                low *= spec["plant_diet_factor"]
            scope = spec.get("ul_applies_to", "food")
            caps = [value.get("cdrr"), value.get("max")]
            if scope == "food":
                caps.append(value.get("ul"))
            elif scope != "supplements" and value.get("ul") is not None:
                capped = totals.get(scope, 0.0)
                if not capped <= value["ul"] * (1 + 1e-9):
                    broken.append(f"{key}: {scope} {capped:.4g} > UL {value['ul']}")
            amount = totals.get(nutrient, math.nan)
            # sodium's AI is not chased unless sodium is suspected (issue 24): a soft minimum
            sodium = nutrient == "sodium_mg" and "sodium_mg" not in plan["suspects"]
            if low is not None and not spec.get("soft") and not sodium:
                if low and scope == "food" and value.get("ul") is not None:
                    low = min(low, 0.95 * value["ul"])  # a plant-diet need above the UL
                counted = sum(
                    item["grams"] / 100.0 * float(foods[item["id"]][nutrient] or 0.0)
                    for item in plan["foods"]
                )  # unknown as 0: the plan may only under-count
                if counted < low * (1 - 1e-9):
                    broken.append(f"{key}: {nutrient} {counted:.4g} < {low}")
            for cap in [c for c in caps if c is not None]:
                if not amount <= cap * (1 + 1e-9):  # NaN (an unknown) fails too
                    broken.append(f"{key}: {nutrient} {amount:.4g} > {cap}")
    assert broken == []


def test_saturated_fat_stays_under_ten_percent_of_energy_from_age_two(
    plans: dict[str, dict[str, Any]], foods: dict[str, dict[str, str]]
) -> None:
    for key, line in plans.items():
        if not line["ok"] or line["plan"]["person"]["age"] < 2:
            continue
        totals = day_totals(line["plan"], foods)
        share = 100 * 9 * totals["saturated_fat_g"] / totals["energy_kcal"]
        assert share <= 10 + 1e-6, (key, share)


def test_no_plan_holds_a_food_its_life_stage_is_advised_against(
    plans: dict[str, dict[str, Any]], foods: dict[str, dict[str, str]]
) -> None:
    rules = load(DATA / "safety.yaml")["rules"]
    checked = 0
    for key, line in plans.items():
        if not line["ok"]:
            continue
        person = line["plan"]["person"]
        for name, rule in rules.items():
            applies = rule["applies"]
            if "stages" in applies and person["stage"] not in applies["stages"]:
                continue
            if not applies.get("age_min", 0) <= person["age"] <= applies.get("age_max", 200):
                continue
            banned = set(rule.get("exclude_tags", []))
            for item in line["plan"]["foods"]:
                tags = set(foods[item["id"]]["tags"].split(";"))
                assert not tags & banned, (key, name, item["name"])
                checked += 1
            totals = day_totals(line["plan"], foods)
            for column, most in rule.get("max", {}).items():
                assert totals.get(column, 0.0) <= most * (1 + 1e-9), (key, name, column)
    assert checked > 0


def test_toddlers_get_no_whole_nuts(
    plans: dict[str, dict[str, Any]], foods: dict[str, dict[str, str]]
) -> None:
    toddlers = [v for v in plans.values() if v["ok"] and v["plan"]["person"]["age"] < 4]
    assert toddlers
    for line in toddlers:
        for item in line["plan"]["foods"]:
            assert "whole_nut_seed" not in foods[item["id"]]["tags"].split(";"), item["name"]


# ---------------------------------------------------------------- a day shaped like meals


def calorie_need(person: dict[str, Any]) -> float:
    """DGA Appendix 2 (data/calorie_needs.yaml), moderate activity, as typed: pregnancy in the
    second trimester (+340, mealfix's stated assumption), breastfeeding in the first 6 months
    (+330); ages 1 use the 18-month toddler row."""
    doc = load(DATA / "calorie_needs.yaml")
    if person["age"] < 2:
        row = next(r for r in doc["toddlers"]["needs"] if r["row"] == "18")
        return float(row[person["sex"]])
    row = next(
        r
        for r in doc["needs"]
        if r["sex"] == person["sex"] and r["age_min"] <= person["age"] <= r["age_max"]
    )
    extra = {"pregnancy": 340, "lactation": 330}.get(person["stage"], 0)
    return float(row["moderate"]) + extra


def test_energy_fits_the_person(
    plans: dict[str, dict[str, Any]], foods: dict[str, dict[str, str]]
) -> None:
    for key, line in plans.items():
        if not line["ok"]:
            continue
        need = calorie_need(line["plan"]["person"])
        energy = day_totals(line["plan"], foods)["energy_kcal"]
        assert 0.95 * need - 1e-6 <= energy <= 1.05 * need + 1e-6, (key, energy, need)


def test_no_food_carries_the_day(
    plans: dict[str, dict[str, Any]], foods: dict[str, dict[str, str]]
) -> None:
    for key, line in plans.items():
        if not line["ok"]:
            continue
        energy = day_totals(line["plan"], foods)["energy_kcal"]
        for item in line["plan"]["foods"]:
            kcal = float(foods[item["id"]]["energy_kcal"]) * item["grams"] / 100
            assert kcal <= 0.35 * energy + 1e-6, (key, item["name"], kcal / energy)


def test_food_groups_are_near_the_pattern_or_said_why(plans: dict[str, dict[str, Any]]) -> None:
    """Each main food group within 75-125 % of the pattern (to the half point that rounding
    grams to 0.1 g can move it), or a note names it."""
    for key, line in plans.items():
        if not line["ok"]:
            continue
        plan = line["plan"]
        for group in plan["food_groups"]:
            if ":" in group["group"] or group["group"] == "other_uses_kcal":
                continue
            if not 74.5 <= group["pct"] <= 125.5:
                name = group["group"].replace("_", " ")
                assert any(name in note for note in plan["notes"]), (key, group)


def test_adults_eat_whole_fruit_and_vegetables_that_are_not_starchy(
    plans: dict[str, dict[str, Any]],
) -> None:
    rows: dict[str, set[tuple[str, str]]] = {}
    with (DATA / "food_groups.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            rows.setdefault(row["id"], set()).add((row["group"], row["subgroup"]))
    for key, line in plans.items():
        if not line["ok"] or line["plan"]["person"]["age"] < 19:
            continue
        kinds = set().union(*(rows.get(f["id"], set()) for f in line["plan"]["foods"]))
        assert ("fruits", "whole_fruit") in kinds, key
        veg = {s for g, s in kinds if g == "vegetables"} - {"starchy", "beans_peas_lentils"}
        assert veg, key


def test_every_day_is_spread_over_its_meals(plans: dict[str, dict[str, Any]]) -> None:
    """Breakfast 20-30 %, lunch 25-35 %, dinner 25-35 %, snacks 0-20 % of the energy (recomputed
    from data/foods.csv, within the 1 point mealfix checks with: a day at the corner of every
    meal rule moves a few kcal when its grams are rounded to 0.1 g); lunch and dinner each hold
    a vegetable and a protein food."""
    foods = {row["id"]: row for row in csv.DictReader((DATA / "foods.csv").open(encoding="utf-8"))}
    groups: dict[tuple[str, str], float] = {}
    with (DATA / "food_groups.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            key = (row["id"], row["group"])
            groups[key] = groups.get(key, 0.0) + float(row["per_100g"])
    ranges = {"breakfast": (20, 30), "lunch": (25, 35), "dinner": (25, 35), "snack": (0, 20)}
    for key, line in plans.items():
        if not line["ok"]:
            continue
        plan = line["plan"]
        kcal = dict.fromkeys(ranges, 0.0)
        held: dict[tuple[str, str], float] = {}
        for item in plan["meals"]:
            row = foods[item["id"]]
            assert item["meal"] in row["meals"].split(";"), (key, item)
            kcal[item["meal"]] += float(row["energy_kcal"]) * item["grams"] / 100
            for group in ("vegetables", "protein_foods"):
                amount = groups.get((item["id"], group), 0.0) * item["grams"] / 100
                held[item["meal"], group] = held.get((item["meal"], group), 0.0) + amount
        total = sum(kcal.values())
        for meal, (low, high) in ranges.items():  # within 1 point: grams rounded to 0.1 g
            assert low - 1.0 <= 100 * kcal[meal] / total <= high + 1.0, (key, meal, kcal)
        for meal in ("lunch", "dinner"):
            assert held.get((meal, "vegetables"), 0.0) > 0, (key, meal)
            assert held.get((meal, "protein_foods"), 0.0) > 0, (key, meal)


@pytest.mark.xfail(
    reason="known limitation: fortified soymilk (dairy for vegans and vegetarians, a vitamin D "
    "source) is in about 64-80 % of these plans (27-32 of ~40 in the last runs), canola oil in "
    "about half; nothing yet spreads choices across people",
    strict=False,
)
def test_variety_across_people(plans: dict[str, dict[str, Any]]) -> None:
    """No food in more than 60 % of the plans (printed: the most frequent foods)."""
    made = [v["plan"] for v in plans.values() if v["ok"]]
    counts: dict[str, int] = {}
    for plan in made:
        for item in plan["foods"]:
            counts[item["name"]] = counts.get(item["name"], 0) + 1
    top = sorted(counts.items(), key=lambda kv: -kv[1])[:10]
    print("most frequent foods:", ", ".join(f"{name} {n}/{len(made)}" for name, n in top))
    assert top[0][1] <= 0.6 * len(made), top


def test_every_plan_carries_its_healthy_eating_index(plans: dict[str, dict[str, Any]]) -> None:
    """HEI-2020 (HEI-Toddlers-2020 at age 1) in every plan: 13 components that add up to the
    total; from age 2 a plan scores at least 90 or says why not."""
    scores = {}
    for key, line in plans.items():
        if not line["ok"]:
            continue
        plan = line["plan"]
        hei = plan["hei"]
        age = plan["person"]["age"]
        assert hei["version"] == ("HEI-Toddlers-2020" if age < 2 else "HEI-2020"), key
        assert len(hei["components"]) == 13
        assert sum(c["points"] for c in hei["components"]) == pytest.approx(hei["total"], abs=0.06)
        scores[key] = hei["total"]
        if age >= 2 and hei["total"] < 90:
            said = [n for n in plan["notes"] if n.startswith("Healthy Eating Index")]
            assert said, key
            for c in hei["components"]:  # each component short of its maximum is named
                if c["points"] < c["max"] - 0.05:
                    assert f"{c['name']} {c['points']:.1f} of {c['max']:g} (" in said[0], key
    print(
        "HEI:", ", ".join(f"{k} {v:.1f}" for k, v in sorted(scores.items(), key=lambda kv: kv[1]))
    )
    adults = [v for k, v in scores.items() if plans[k]["plan"]["person"]["age"] >= 2]
    assert sum(v >= 90 for v in adults) >= 0.8 * len(adults)


def linear(value: float, best: float, worst: float, most: float) -> float:
    """HEI scoring: full points at the best standard, none at the worst, linear between."""
    share = (value - worst) / (best - worst)
    return most * min(1.0, max(0.0, share))


def test_hei_fat_and_sodium_components_match_a_recomputation(
    plans: dict[str, dict[str, Any]], foods: dict[str, dict[str, str]]
) -> None:
    """HEI-2020 standards (NCI, HEI-2020 components table): fatty acids (MUFA + PUFA) / SFA
    2.5 for 10 points, 1.2 for 0; sodium 1.1 g per 1,000 kcal for 10, 2.0 for 0; saturated
    fats 8 % of energy for 10, 16 % for 0. Totals from data/foods.csv (unknown as 0)."""
    checked = 0
    for key, line in plans.items():
        if not line["ok"] or line["plan"]["person"]["age"] < 2:
            continue
        items = line["plan"]["foods"]

        def total(column: str, items: list[dict[str, Any]] = items) -> float:
            return sum(float(foods[i["id"]][column] or 0) * i["grams"] / 100 for i in items)

        kcal = total("energy_kcal")
        sfa = total("saturated_fat_g")
        ratio = (total("monounsaturated_fat_g") + total("polyunsaturated_fat_g")) / sfa
        expected = {
            "fatty_acids": linear(ratio, 2.5, 1.2, 10),
            "sodium": linear(total("sodium_mg") / 1000 / (kcal / 1000), 1.1, 2.0, 10),
            "saturated_fats": linear(100 * 9 * sfa / kcal, 8.0, 16.0, 10),
        }
        got = {c["key"]: c["points"] for c in line["plan"]["hei"]["components"]}
        for component, points in expected.items():
            assert got[component] == pytest.approx(points, abs=0.01), (key, component)
        checked += 1
    assert checked >= 20


#: Issue 23's plates, stated here from the issue (not read from data/meals.yaml): drinks and
#: cooking fats may sit at two meals, a milk-type drink is one of these cap groups, and a
#: protein food is one of these food categories.
TWO_MEAL_CATEGORIES = {"fat_oil", "plant_milk", "beverage"}
MILKS = {"dairy_milk", "plant_milk"}
PROTEIN_CATEGORIES = {"meat", "poultry", "fish", "shellfish", "egg", "soy", "legume"}


def least_portion(row: dict[str, str], need_kcal: float) -> float:
    """Half a typical portion, shrunk with the energy need below 2,000 kcal (to a quarter at
    1,000 kcal or less), less the 0.1 g a printed piece is rounded by (and a hair for floats)."""
    return 0.5 * float(row["portion_g"]) * min(max(need_kcal / 2000.0, 0.5), 1.0) - 0.1 - 1e-9


def protein_oz_eq_per_gram() -> dict[str, float]:
    """Protein-food ounce-equivalents per gram of each food, from data/food_groups.csv."""
    out: dict[str, float] = {}
    with (DATA / "food_groups.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["group"] == "protein_foods":
                out[row["id"]] = out.get(row["id"], 0.0) + float(row["per_100g"]) / 100.0
    return out


def least_protein(row: dict[str, str], need_kcal: float, density: float) -> float:
    """MyPlate's 1 oz-eq of a protein food, shrunk with the energy need as a least portion is,
    or (when a plate cannot hold that much) the smaller of two typical portions and half the
    day's most; less the 0.1 g of printing."""
    scale = min(max(need_kcal / 2000.0, 0.5), 1.0)
    portion, top = float(row["portion_g"]), float(row["max_g"] or "inf")
    plate = min(2 * portion, max(0.5 * top, portion))
    return min(scale / density, plate) - 0.1 - 1e-9 if density > 0 else 0.0


def test_every_meal_is_a_plate_a_person_eats(
    plans: dict[str, dict[str, Any]], foods: dict[str, dict[str, str]]
) -> None:
    """No piece under its least portion, at most 5 foods a main meal and 2 a snack, at most one
    milk-type drink a meal, no food at two meals but drinks and cooking fats, and a protein
    food of at least 1 oz-eq at lunch and at dinner (recomputed from data/foods.csv and
    data/food_groups.csv)."""
    oz_eq = protein_oz_eq_per_gram()
    checked = 0
    for key, line in plans.items():
        if not line["ok"]:
            continue
        plan = line["plan"]
        need = next(n["reference"] for n in plan["nutrients"] if n["nutrient"] == "energy_kcal")
        by_meal: dict[str, list[dict[str, str]]] = {}
        meals_of: dict[str, set[str]] = {}
        for item in plan["meals"]:
            row = foods[item["id"]]
            assert item["grams"] >= least_portion(row, need), (key, item)
            if row["category"] in PROTEIN_CATEGORIES and item["id"] != "16112":  # miso seasons
                density = oz_eq.get(item["id"], 0.0)
                assert item["grams"] >= least_protein(row, need, density), (key, item)
            by_meal.setdefault(item["meal"], []).append(row)
            meals_of.setdefault(item["id"], set()).add(item["meal"])
        for meal, rows in by_meal.items():
            assert len(rows) <= (2 if meal == "snack" else 5), (
                key,
                meal,
                [r["name"] for r in rows],
            )
            milks = [r["name"] for r in rows if r["cap_group"] in MILKS]
            assert len(milks) <= 1, (key, meal, milks)
        for food, meals in meals_of.items():
            row = foods[food]
            twice = row["category"] in TWO_MEAL_CATEGORIES or row["cap_group"] == "dairy_milk"
            assert len(meals) <= (2 if twice else 1), (key, row["name"], meals)
        for meal in ("lunch", "dinner"):
            assert any(r["category"] in PROTEIN_CATEGORIES for r in by_meal.get(meal, [])), (
                key,
                meal,
            )
        checked += 1
    assert checked >= 35, checked


def tagged(plan: dict[str, Any], foods: dict[str, dict[str, str]], tag: str) -> list[str]:
    """The plan's foods whose data/foods.csv tags hold ``tag``."""
    return [f["name"] for f in plan["foods"] if tag in foods[f["id"]]["tags"].split(";")]


def test_foods_are_served_as_eaten_and_safe_at_every_age(
    plans: dict[str, dict[str, Any]], foods: dict[str, dict[str, str]]
) -> None:
    """Issue 24's list, written out here (not read from data/safety.yaml), on every persona:
    no raw egg (FDA/FSIS: cook eggs until firm); no coffee, tea or other caffeine source under
    19 (none is --include'd here); no deli meat or hot dog under 5, in pregnancy or from 65
    (CDC Listeria); whole milk, not 2 %/1 %/skim, at age 1 and at most 2 cups (488 g) of milk
    drinks a day under 4 (AAP); no salt or salty condiment unless sodium is suspected; no liver
    or other organ meat (none included); and the day's cholesterol shown."""
    people = {row["id"]: row for row in personas()}
    checked = 0
    for key, line in plans.items():
        if not line["ok"]:
            continue
        plan, person = line["plan"], people[key]
        age, stage = int(person["age"]), person["stage"]
        assert not tagged(plan, foods, "raw_egg"), key
        assert not [
            f for f in plan["foods"] if "raw" in f["name"].lower() and "egg" in f["name"].lower()
        ]
        if age < 19:
            assert not tagged(plan, foods, "caffeine_source"), key
        if age < 5 or age >= 65 or stage == "pregnancy":
            assert not tagged(plan, foods, "deli_meat") + tagged(plan, foods, "hot_dog"), key
        if age == 1:
            assert not tagged(plan, foods, "lower_fat_milk"), key
        if age < 4:
            milk = sum(f["grams"] for f in plan["foods"] if "milk_drink" in foods[f["id"]]["tags"])
            assert milk <= 488 + 0.2, (key, milk)  # 2 cups of 244 g, to the printed 0.1 g
        if "sodium_mg" not in plan["suspects"]:
            assert not tagged(plan, foods, "salty_condiment"), key
        assert not tagged(plan, foods, "organ_meat"), key
        assert any(n["nutrient"] == "cholesterol_mg" for n in plan["nutrients"]), key
        checked += 1
    assert checked >= 40
    assert plans["extra-5"]["ok"]  # the one-year-old has a plan to check
