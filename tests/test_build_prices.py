"""scripts/build_prices.py on a tiny made-up price table: a staple bought dry is priced at the
dry price / SR28's dry-matter cooking yield, and a yield that is not SR28's is refused with the
match row named."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import REPO, write

PRICES = (
    "source,source_id,category,item,form,year,n_months,price_usd,price_unit,grams_per_unit,"
    "price_usd_per_100g,yield,price_usd_per_100g_edible,cup_equivalent_size,"
    "cup_equivalent_unit,price_usd_per_cup_equivalent,note\n"
    '"BLS CPI Average Price Data, U.S. city average",APU0000701312,,"Rice, white, long grain, '
    'uncooked",,2023,11,0.9843,per lb. (453.6 gm),453.59237,0.216995,,,,,,\n'
)
FOODS = 'id,name\n20045,"White rice, cooked"\n'
# SR28 water: 11.62 g per 100 g dry rice, 68.44 g cooked: yield 88.38 / 31.56 = 2.8004
SR28 = "ndb_no,description,water_g\n20044,rice raw,11.62\n20045,rice cooked,68.44\n"
HEADER = "id,name,source,source_row,item,form,year,basis,yield,yield_source,note\n"


def match(yield_: str) -> str:
    return (
        HEADER + '20045,"White rice, cooked",BLS,BLS:APU0000701312:2023,"Rice, white, long '
        f'grain, uncooked",,2023,as_purchased,{yield_},SR28 20044/20045 dry matter,dry rice\n'
    )


def build(tmp: Path, matches: str) -> subprocess.CompletedProcess[str]:
    files = {
        "prices": write(tmp / "food_prices.csv", PRICES),
        "foods": write(tmp / "foods.csv", FOODS),
        "matches": write(tmp / "matches.csv", matches),
        "sr28": write(tmp / "sr28.csv", SR28),
    }
    args = [f"--{k}={v}" for k, v in files.items()] + [f"--out={tmp / 'out.csv'}"]
    script = REPO / "scripts" / "build_prices.py"
    return subprocess.run(
        [sys.executable, str(script), *args], capture_output=True, text=True, timeout=60
    )


def test_cooked_rice_is_the_dry_price_over_the_sr28_yield(tmp_path: Path) -> None:
    run = build(tmp_path, match("2.8004"))
    assert run.returncode == 0, run.stderr
    row = (tmp_path / "out.csv").read_text().splitlines()[1].split(",")
    assert row[0] == "20045"
    assert float(row[1]) == round(0.216995 / 2.8004, 4)  # 0.0775


def test_a_yield_that_is_not_sr28s_is_refused(tmp_path: Path) -> None:
    run = build(tmp_path, match("3"))
    assert run.returncode == 1
    assert "price_matches.csv:2 (20045): yield 3 != SR28 20044/20045 dry matter 2.8004" in (
        run.stderr
    )
    assert not (tmp_path / "out.csv").exists()
