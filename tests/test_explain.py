"""Explanations checked against independent arithmetic on the food table."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import counted, hand_files, run_cli

NO_FORTIFIED = ("--exclude", "fortified", "--exclude", "yeast extract", "--exclude", "frosted")


@pytest.fixture(scope="module")
def vegan_plan() -> dict[str, Any]:
    run = run_cli(
        "plan",
        "--sex",
        "female",
        "--age",
        "30",
        "--diet",
        "vegan",
        "--suspect",
        "magnesium,vitamin_b12",
        "--format",
        "json",
    )
    assert run.code == 0, run.stderr
    return run.json()  # type: ignore[no-any-return]


def test_each_food_carries_its_share_of_each_target(
    vegan_plan: dict[str, Any], foods_csv: dict[str, dict[str, str]]
) -> None:
    for nutrient in vegan_plan["nutrients"]:
        key = nutrient["nutrient"]
        target = nutrient["reference"] or nutrient["min"]
        if not target:  # a limit only (preformed vitamin A): no share of a target
            continue
        total = 0.0
        for food in vegan_plan["foods"]:
            expected = counted(foods_csv[food["id"]], key) * food["grams"] / 100 / target * 100
            assert food["shares"][key] == pytest.approx(expected, abs=1e-3)
            total += food["shares"][key]
        assert total == pytest.approx(100 * nutrient["amount"] / target, abs=0.01)


def test_binding_limits_are_those_with_a_dual(tmp_path: Path) -> None:
    # The hand-solved problem of test_hand_solved.py: duals y1 = 0.1 (n1 >= 10) and
    # y2 = 0.06 (n2 >= 5); n2 <= 8 is slack, so it must not be named.
    foods, targets = hand_files(tmp_path)
    run = run_cli(
        "plan",
        "--foods",
        str(foods),
        "--targets",
        str(targets),
        "--objective",
        "cost",
        "--format",
        "json",
    )
    assert run.code == 0, run.stderr
    duals = {b["row"]: b["dual"] for b in run.json()["binding"]}
    assert set(duals) == {"n1:min", "n2:min"}
    assert duals["n1:min"] == pytest.approx(0.1)
    assert duals["n2:min"] == pytest.approx(0.06)


def test_suspected_foods_are_marked(vegan_plan: dict[str, Any]) -> None:
    marked = [f for f in vegan_plan["foods"] if f["for_suspected"]]
    assert marked
    for food in marked:
        assert any(p.startswith(("Magnesium", "Vitamin B12")) for p in food["purpose"])


@pytest.fixture(scope="module")
def no_b12() -> Any:
    run = run_cli(
        "plan",
        "--sex",
        "female",
        "--age",
        "30",
        "--diet",
        "vegan",
        "--suspect",
        "vitamin_b12",
        *NO_FORTIFIED,
        "--format",
        "json",
    )
    assert run.code == 1
    return run


def test_no_plan_report_gives_best_case_and_verified_ways_out(
    no_b12: Any, foods_csv: dict[str, dict[str, str]]
) -> None:
    report = no_b12.json()
    assert report["status"] == "infeasible"
    (best,) = [g for g in report["best_cases"] if g["nutrient"] == "vitamin_b12_ug"]
    assert best["flagged"] and best["best"] < 2.4
    # Independent upper bound: every allowed food at its per-day maximum at once.
    allowed = [
        r
        for r in foods_csv.values()
        if r["vegan"] == "true" and "fortified" not in r["name"].lower()
    ]
    assert best["best"] <= sum(
        float(r["vitamin_b12_ug"]) * float(r["max_g"]) / 100 for r in allowed
    )
    kinds = [w["kind"] for w in report["ways_out"]]
    assert kinds[:2] == ["food", "supplement"]
    dose = next(w for w in report["ways_out"] if w["kind"] == "supplement")
    assert dose["nutrient"] == "vitamin_b12_ug"
    short = next(s for s in report["shortfalls"] if s["nutrient"] == "vitamin_b12_ug")
    assert dose["dose"] >= 2.4 - short["best"] - 1e-9
    assert no_b12.stderr.startswith("mealfix: no plan meets every target")


def test_the_offered_food_really_closes_the_gap(no_b12: Any) -> None:
    way = next(w for w in no_b12.json()["ways_out"] if w["kind"] == "food")
    food_id = way["change"].split("(")[-1].split(")")[0]
    run = run_cli(
        "plan",
        "--sex",
        "female",
        "--age",
        "30",
        "--diet",
        "vegan",
        *NO_FORTIFIED,
        "--include",
        food_id,
        "--format",
        "json",
    )
    assert run.code == 0, run.stderr


def test_vitamin_d_supplement_stays_under_the_ul() -> None:
    run = run_cli(
        "plan",
        "--sex",
        "female",
        "--age",
        "30",
        "--diet",
        "vegan",
        *NO_FORTIFIED,
        "--exclude",
        "mushrooms",
        "--time-limit",
        "10",  # the supplement's way out is an LP; a wider diet's day may be cut short
        "--format",
        "json",
    )
    assert run.code == 1
    ways = run.json()["ways_out"]
    doses = [w for w in ways if w["kind"] == "supplement"]
    assert doses, ways
    assert doses[0]["dose"] <= 100  # vitamin D UL for adults, NIH ODS: 100 ug (4,000 IU)


@pytest.mark.parametrize("diet", ["vegan", "vegetarian", "omnivore"])
def test_gaps_flag_exactly_the_unreachable(diet: str) -> None:
    run = run_cli("gaps", "--diet", diet, "--sex", "female", "--age", "30", "--format", "json")
    assert run.code == 0, run.stderr
    gaps = run.json()["gaps"]
    assert {g["nutrient"] for g in gaps} >= {
        "magnesium_mg",
        "calcium_mg",
        "vitamin_d_ug",
        "vitamin_b12_ug",
        "potassium_mg",
        "sodium_mg",
    }
    for gap in gaps:
        assert gap["worst"] <= gap["best"]
        assert gap["flagged"] == (gap["best"] < gap["target"])


@pytest.fixture(scope="module")
def vegan_without_d() -> list[dict[str, Any]]:
    """`mealfix gaps` for a vegan woman of 30 with fortified foods and mushrooms left out."""
    run = run_cli(
        "gaps",
        "--diet",
        "vegan",
        "--sex",
        "female",
        "--age",
        "30",
        *NO_FORTIFIED,
        "--exclude",
        "mushrooms",
        "--format",
        "json",
    )
    assert run.code == 0, run.stderr
    return run.json()["gaps"]  # type: ignore[no-any-return]


def test_gaps_flag_b12_and_vitamin_d_without_fortified_foods_or_mushrooms(
    vegan_without_d: list[dict[str, Any]],
) -> None:
    flagged = {g["nutrient"] for g in vegan_without_d if g["flagged"]}
    assert {"vitamin_b12_ug", "vitamin_d_ug"} <= flagged
    table = run_cli("gaps", "--diet", "vegan", "--sex", "female", "--age", "30")
    assert "best case" in table.stdout


def test_a_nutrient_no_food_has_is_capped_by_the_foods_not_by_a_limit(
    vegan_without_d: list[dict[str, Any]],
) -> None:
    """With fortified foods and mushrooms out, no vegan food has vitamin D (SR28 lists 0 for
    every plant food left): its best case is 0, printed as 0 (not '-0'), and no food's per-day
    maximum is blamed for it."""
    vitamin_d = next(g for g in vegan_without_d if g["nutrient"] == "vitamin_d_ug")
    assert vitamin_d["best"] == 0.0
    assert str(vitamin_d["best"]) == "0.0"
    assert not any("per-day maximum" in why for why in vitamin_d["limited_by"])


def test_suspect_ranks_and_lists_richest_foods(foods_csv: dict[str, dict[str, str]]) -> None:
    run = run_cli("suspect", "--symptoms", "cramps", "--format", "json")
    assert run.code == 0, run.stderr
    report = run.json()
    assert "doctor" in report["see_a_doctor"]
    top = report["ranking"][0]
    # symptoms.yaml links cramps most strongly (3) to magnesium and calcium.
    assert {r["nutrient"] for r in report["ranking"][:2]} == {"magnesium_mg", "calcium_mg"}
    key = top["nutrient"]
    richest = max(foods_csv.values(), key=lambda r: float(r[key]) * float(r["portion_g"]) / 100)
    assert top["richest_foods"][0]["id"] == richest["id"]
    text = run_cli("suspect", "--symptoms", "cramps,pins and needles").stdout
    assert "See a doctor" in text and "richest foods" in text


def _red_flags() -> dict[str, Any]:
    """data/symptoms.yaml's red flags, read with yaml alone."""
    import yaml

    from conftest import DATA

    doc = yaml.safe_load((DATA / "symptoms.yaml").read_text(encoding="utf-8"))
    return doc["red_flags"]  # type: ignore[no-any-return]


def test_every_red_flag_names_its_public_sources() -> None:
    flags = _red_flags()
    for wanted in ("chest_pain", "seizure", "slurred_speech", "one_sided_weakness", "fainting"):
        assert wanted in flags
    for wanted in ("palpitations", "trouble_breathing", "sudden_confusion"):
        assert wanted in flags
    for key, flag in flags.items():
        assert flag["sources"] and all(u.startswith("https://") for u in flag["sources"]), key
        assert "911" in flag["advice"] or "doctor" in flag["advice"], key


def test_a_red_flag_is_never_taken_for_a_typo() -> None:
    """Every word that names a red flag, typed alone, brings its urgent advice and no
    ranking; 'palpitations' is palpitations, not 'did you mean: fasciculations?'."""
    import mealfix

    for key, flag in _red_flags().items():
        for word in (key.replace("_", " "), *flag["aliases"]):
            report = mealfix.suspects(word)
            assert report.urgent is not None, word
            assert [s.key for s in report.urgent.signs] == [key], word
            assert report.ranking == (), word
    run = run_cli("suspect", "--symptoms", "palpitations")
    assert run.code == 0 and "fasciculation" not in run.stdout + run.stderr
    assert run.stdout.startswith("! URGENT: Get medical help now")
    # a phrase around a red flag's words is that red flag too
    assert mealfix.suspects("sharp chest pains").urgent is not None


def test_a_red_flag_comes_first_and_the_suspects_still_follow() -> None:
    run = run_cli("suspect", "--symptoms", "cramps,slurred speech", "--format", "json")
    assert run.code == 0, run.stderr
    report = run.json()
    assert next(iter(report)) == "urgent"
    assert [s["key"] for s in report["urgent"]["signs"]] == ["slurred_speech"]
    assert "stroke.org" in " ".join(report["urgent"]["signs"][0]["sources"])
    assert {r["nutrient"] for r in report["ranking"][:2]} == {"magnesium_mg", "calcium_mg"}
    text = run_cli("suspect", "--symptoms", "cramps,slurred speech", "--format", "markdown")
    assert text.stdout.index("URGENT") < text.stdout.index("# Symptoms")
    assert "mealfix: URGENT" in run.stderr  # JSON is for programs: the person is told too


def test_unknown_words_still_get_suggestions() -> None:
    run = run_cli("suspect", "--symptoms", "crampz")
    assert run.code == 2 and "unknown symptom 'crampz'; did you mean: cramp, cramps" in run.stderr
    typo = run_cli("suspect", "--symptoms", "palpitaton")
    assert typo.code == 2 and "did you mean: palpitation" in typo.stderr
    assert "if so: get medical help now" in typo.stderr  # a near-miss of a red flag says so


def test_the_python_api_takes_a_string_or_a_list() -> None:
    """`mealfix.suspects("cramps")` is one symptom, not the letters c, r, a, m, p, s."""
    import mealfix

    one = mealfix.suspects("cramps")
    assert one == mealfix.suspects(["cramps"])
    assert one.symptoms == ("Muscle cramps",)
    two = mealfix.suspects("cramps, pins and needles")
    assert two == mealfix.suspects(["cramps", "pins and needles"])
    assert len(two.symptoms) == 2 and two.urgent is None


@pytest.fixture
def capped(tmp_path: Path) -> list[str]:
    """One food with 10 units of n1 per 100 g and a 50 g daily maximum: the closest day is
    50 g of it, 5 of the 10 units asked (50 %)."""
    from conftest import write

    foods = write(
        tmp_path / "f.csv",
        "id,name,n1,max_g,portion_g,portion_measure\nA,Food A,10,50,25,1 scoop\n",
    )
    targets = write(tmp_path / "t.yaml", "nutrients:\n  n1: {min: 10}\n")
    return ["plan", "--foods", str(foods), "--targets", str(targets)]


def test_a_no_plan_csv_lists_the_closest_days_foods_and_shortfalls(capped: list[str]) -> None:
    import csv
    import io

    run = run_cli(*capped, "--format", "csv")
    assert run.code == 1 and run.stderr.count("\n") == 1
    rows = list(csv.DictReader(io.StringIO(run.stdout)))
    (food,) = [r for r in rows if r["part"] == "closest day food"]
    assert (food["id"], food["name"], float(food["amount"]), food["unit"]) == (
        "A",
        "Food A",
        50.0,
        "g",
    )
    assert food["detail"] == "2 scoop"  # 50 g of a 25 g scoop
    (short,) = [r for r in rows if r["part"] == "closest day falls short"]
    assert float(short["amount"]) == pytest.approx(5.0)
    assert float(short["target"]) == 10 and float(short["pct_of_target"]) == pytest.approx(50)
    assert any(r["part"] == "way out" for r in rows)


@pytest.mark.parametrize("fmt", ["html", "markdown", "table", "json"])
def test_a_no_plan_report_answers_in_the_asked_format(capped: list[str], fmt: str) -> None:
    run = run_cli(*capped, "--format", fmt)
    assert run.code == 1 and "no plan meets every target" in run.stderr
    if fmt == "json":
        (food,) = run.json()["closest_foods"]
        assert (food["name"], food["grams"], food["household"]) == ("Food A", 50.0, "2 scoop")
        return
    assert "Food A" in run.stdout and "2 scoop" in run.stdout
    if fmt == "html":
        assert run.stdout.startswith("<!DOCTYPE html>") and "</html>" in run.stdout
        assert "<h3>The closest day's foods</h3>" in run.stdout
    elif fmt == "markdown":
        assert "## The closest day's foods" in run.stdout and "| Food A | 50 |" in run.stdout
    else:
        assert "The closest day's foods" in run.stdout
