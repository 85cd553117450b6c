"""Bad input ends with one clear line on stderr and a non-zero exit, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_cli, write

GOOD_FOODS = "id,name,n1,n2\nA,Food A,10,1\nB,Food B,2,8\n"
GOOD_TARGETS = "nutrients:\n  n1: {min: 5}\n"
PERSON = ("--sex", "female", "--age", "30")

# (case id, foods csv or None for bundled, targets yaml or None for bundled, extra args,
#  expected exit code, text the one line must contain)
CASES = [
    (
        "unknown diet",
        None,
        None,
        [*PERSON, "--diet", "keto"],
        2,
        "Invalid value for '--diet': 'keto' is not one of 'vegan'",
    ),
    (
        "unknown nutrient",
        None,
        None,
        [*PERSON, "--suspect", "magnesum"],
        2,
        "unknown nutrient 'magnesum'; did you mean: magnesium",
    ),
    (
        "unknown symptom",
        None,
        None,
        [*PERSON, "--symptoms", "hiccups"],
        2,
        "unknown symptom 'hiccups'",
    ),
    (
        "unknown allergy",
        None,
        None,
        [*PERSON, "--allergy", "gluten"],
        2,
        "unknown allergy 'gluten'",
    ),
    (
        "exclude matches nothing",
        None,
        None,
        [*PERSON, "--exclude", "zzqqxx"],
        2,
        "--exclude 'zzqqxx' matches no food",
    ),
    ("age too high", None, None, ["--sex", "male", "--age", "200"], 2, "age 200 is out of range"),
    ("age zero", None, None, ["--sex", "male", "--age", "0"], 2, "age 0 is out of range"),
    (
        "pregnant male",
        None,
        None,
        ["--sex", "male", "--age", "30", "--pregnant"],
        2,
        "pregnancy applies to females only",
    ),
    (
        "pregnant child",
        None,
        None,
        ["--sex", "female", "--age", "9", "--pregnant"],
        2,
        "no life-stage group",
    ),
    ("sex without age", None, None, ["--sex", "male"], 2, "give both --sex and --age"),
    (
        "conflicting flags",
        None,
        None,
        ["--sex", "female", "--age", "30", "--pregnant", "--lactating"],
        2,
        "choose one of --pregnant and --lactating",
    ),
    (
        "targets name an absent nutrient",
        GOOD_FOODS,
        "nutrients:\n  n1: {min: 5, max: 6}\n  n2: {min: 1}\n  n3: {max: 1}\n",
        [],
        2,
        "has no column 'n3'",
    ),
    ("no person for DRI table", None, None, [], 2, "need a person"),
    ("missing foods file", "MISSING", GOOD_TARGETS, [], 2, "no such file"),
    ("empty foods file", "", GOOD_TARGETS, [], 2, "the file is empty"),
    ("header only", "id,name,n1\n", GOOD_TARGETS, [], 2, "has a header but no foods"),
    ("no id column", "name,n1\nA,1\n", GOOD_TARGETS, [], 2, "has no 'id' column"),
    (
        "semicolon delimited",
        "id;name;n1\nA;Food;1\n",
        GOOD_TARGETS,
        [],
        2,
        "delimited by something other than commas",
    ),
    ("ragged row", "id,name,n1\nA,Food A,1,2\n", GOOD_TARGETS, [], 2, "is not valid CSV"),
    ("unclosed quote", 'id,name,n1\nA,"Food A,1\n', GOOD_TARGETS, [], 2, "is not valid CSV"),
    ("duplicate id", "id,name,n1\nA,x,1\nA,y,2\n", GOOD_TARGETS, [], 2, "id 'A' appears twice"),
    (
        "duplicate column",
        "id,name,n1,n1\nA,x,1,2\n",
        GOOD_TARGETS,
        [],
        2,
        "column 'n1' appears twice",
    ),
    (
        "negative value",
        "id,name,n1\nA,x,-5\n",
        GOOD_TARGETS,
        [],
        2,
        "line 2: column 'n1': -5 is negative",
    ),
    ("text in nutrient", "id,name,n1\nA,x,n/a\n", GOOD_TARGETS, [], 2, "'n/a' is not a number"),
    (
        "blank in targeted nutrient",
        "id,name,n1\nA,x,\nB,y,3\n",
        GOOD_TARGETS,
        [],
        2,
        "food A (x) has no value for n1",
    ),
    ("infinite value", "id,name,n1\nA,x,inf\n", GOOD_TARGETS, [], 2, "is not a finite number"),
    (
        "text max_g",
        "id,name,n1,max_g\nA,x,1,lots\n",
        GOOD_TARGETS,
        [],
        2,
        "column 'max_g': 'lots' is not a number",
    ),
    (
        "bad diet flag",
        "id,name,n1,vegan\nA,x,1,maybe\n",
        GOOD_TARGETS,
        ["--diet", "vegan"],
        2,
        "'maybe' is not true or false",
    ),
    (
        "diet without flag column",
        GOOD_FOODS,
        GOOD_TARGETS,
        ["--diet", "vegan"],
        2,
        "has no 'vegan' column",
    ),
    (
        "unknown allergen token",
        "id,name,n1,allergens\nA,x,1,gluten\n",
        GOOD_TARGETS,
        [],
        2,
        "unknown allergen 'gluten'",
    ),
    (
        "cost without price",
        GOOD_FOODS,
        GOOD_TARGETS,
        ["--objective", "cost"],
        2,
        "needs a 'price' column",
    ),
    (
        "targets name a missing column",
        GOOD_FOODS,
        "nutrients:\n  n9: {min: 1}\n",
        [],
        2,
        "has no column 'n9'",
    ),
    (
        "unit mismatch",
        "id,name,vitamin_d_iu\nA,x,40\n",
        "nutrients:\n  vitamin_d_ug: {min: 15}\n",
        [],
        2,
        "has 'vitamin_d_iu' but the targets ask for 'vitamin_d_ug'",
    ),
    ("yaml syntax", GOOD_FOODS, "nutrients: [unclosed\n", [], 2, "is not valid YAML"),
    (
        "yaml unsafe tag",
        GOOD_FOODS,
        "nutrients: !!python/object:os.system {}\n",
        [],
        2,
        "is not valid YAML",
    ),
    ("yaml not a mapping", GOOD_FOODS, "- 1\n- 2\n", [], 2, "must be a YAML mapping"),
    ("yaml no nutrients", GOOD_FOODS, "foods: {}\n", [], 2, "has no 'nutrients' key"),
    (
        "yaml unknown key",
        GOOD_FOODS,
        "nutrients:\n  n1: {minn: 5}\n",
        [],
        2,
        "nutrients.n1.minn: unknown key",
    ),
    (
        "yaml min above max",
        GOOD_FOODS,
        "nutrients:\n  n1: {min: 9, max: 3}\n",
        [],
        2,
        "max 3 is below the minimum 9",
    ),
    (
        "yaml negative",
        GOOD_FOODS,
        "nutrients:\n  n1: {min: -1}\n",
        [],
        2,
        "greater than or equal to 0",
    ),
    (
        "yaml wrong type",
        GOOD_FOODS,
        "nutrients:\n  n1: {min: lots}\n",
        [],
        2,
        "nutrients.n1.min: Input should be a valid number",
    ),
    ("missing targets file", GOOD_FOODS, "MISSING", [], 2, "no such file"),
    (
        "every food excluded",
        GOOD_FOODS,
        GOOD_TARGETS,
        ["--exclude", "Food"],
        1,
        "no foods are left",
    ),
    (
        "impossible target",
        GOOD_FOODS,
        "nutrients:\n  n1: {min: 5, max: 6}\n  n2: {min: 100, max: 101}\n",
        ["--format", "json"],
        1,
        "n2 reaches 24 of 100 (24 %)",
    ),
]


@pytest.mark.parametrize(
    ("foods", "targets", "args", "code", "expected"),
    [pytest.param(*case[1:], id=case[0]) for case in CASES],
)
def test_bad_input_one_line(
    tmp_path: Path,
    foods: str | None,
    targets: str | None,
    args: list[str],
    code: int,
    expected: str,
) -> None:
    argv = ["plan", *args]
    for option, text, name in (("--foods", foods, "foods.csv"), ("--targets", targets, "t.yaml")):
        if text is None:
            continue
        path = tmp_path / name
        if text != "MISSING":
            write(path, text)
        argv += [option, str(path)]
    run = run_cli(*argv)
    assert run.code == code, (run.stdout, run.stderr)
    assert "Traceback" not in run.stdout + run.stderr
    if code == 0:
        return
    assert run.stderr.count("\n") == 1, run.stderr
    assert run.stderr.startswith("mealfix: ")
    assert expected in run.stderr
    if code == 2:
        assert run.stdout == ""


def test_latin1_file_is_named_not_misread(tmp_path: Path) -> None:
    foods = tmp_path / "foods.csv"
    foods.write_bytes("id,name,n1\nA,Crème fraîche,1\n".encode("latin-1"))
    targets = write(tmp_path / "t.yaml", GOOD_TARGETS)
    run = run_cli("plan", "--foods", str(foods), "--targets", str(targets))
    assert run.code == 2 and "is not UTF-8 text" in run.stderr
    assert run.stderr.count("\n") == 1 and "Traceback" not in run.stderr


def test_energy_maximum_below_what_targets_need(tmp_path: Path) -> None:
    # Food A: 10 n1 and 100 kcal per 100 g. n1 >= 10 needs 100 g = 100 kcal; energy <= 50.
    foods = write(tmp_path / "f.csv", "id,name,n1,energy_kcal\nA,Food A,10,100\n")
    targets = write(
        tmp_path / "t.yaml", "nutrients:\n  n1: {min: 10}\n  energy_kcal: {min: 0, max: 50}\n"
    )
    run = run_cli("plan", "--foods", str(foods), "--targets", str(targets))
    assert run.code == 1
    assert run.stderr.startswith("mealfix: no plan meets every target")
    assert "n1 reaches 5 of 10 (50 %)" in run.stderr


def test_integer_columns_in_an_edited_dataframe_are_numbers(tmp_path: Path) -> None:
    import pandas as pd

    from mealfix import plan

    foods = pd.DataFrame({"name": ["Food A"], "n1": [10]}, index=pd.Index(["A"], name="id"))
    foods.attrs["source"] = "frame"
    targets = write(tmp_path / "t.yaml", "nutrients:\n  n1: {min: 5}\n")
    day = plan(foods=foods, targets=str(targets), min_per_group={})
    # 10 per 100 g, at least 5: 50 g, the least that meets it.
    assert day.foods.loc["A", "grams"] == 50.0


def test_fifty_megabyte_file_with_a_bad_row_near_its_end(tmp_path: Path) -> None:
    # ~50 MB of valid rows, then one ragged row: the line is named, nothing crashes.
    foods = tmp_path / "big.csv"
    row = "food {i}," + ",".join(["{v}"] * 11) + "\n"
    with foods.open("w", encoding="utf-8") as handle:
        handle.write("id,name," + ",".join(f"n{k}" for k in range(11)) + "\n")
        i = 0
        while handle.tell() < 50_000_000:
            handle.write(f"{i}," + row.format(i=i, v=i % 97 + 0.5))
            i += 1
        handle.write("x,broken,1,2\n")
    targets = write(tmp_path / "t.yaml", GOOD_TARGETS)
    run = run_cli("plan", "--foods", str(foods), "--targets", str(targets))
    assert run.code == 2 and "Traceback" not in run.stderr
    assert f"line {i + 2}: is not valid CSV: 4 fields where the header has 13" in run.stderr
