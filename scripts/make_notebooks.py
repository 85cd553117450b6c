"""Write the notebooks in notebooks/ from the cells below; they are then executed and committed
with their outputs (so they read on a code host), e.g. by nbclient's ``NotebookClient``.

The notebooks are the source of truth for readers; this script only keeps them tidy and
reproducible: ``python scripts/make_notebooks.py``. The tests execute them top to bottom.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

OUT = Path(__file__).resolve().parents[1] / "notebooks"

NOTEBOOKS: dict[str, list[tuple[str, str]]] = {
    "01_symptoms_to_plan.ipynb": [
        (
            "md",
            "# From symptoms to a plan\n\nA 41-year-old woman has leg cramps and pins and "
            "needles. Which nutrients can cause that, which foods carry them, and what does a "
            "day that covers them look like? (Information only, not medical advice: see a "
            "doctor if symptoms persist, are severe or come with other neurological signs.)",
        ),
        (
            "code",
            "import pandas as pd\n\nimport mealfix\nfrom mealfix import Person\n\n"
            "person = Person(sex='female', age=41)\n"
            "report = mealfix.suspects(['leg cramps', 'pins and needles'], person=person)\n"
            "ranking = pd.DataFrame([{'nutrient': r.name, 'score': r.score, "
            "'suspected': r.suspected, 'richest food': r.richest_foods[0].name} "
            "for r in report.ranking])\nranking",
        ),
        (
            "md",
            "Nutrients scoring 3 or more become suspects: the plan aims them at 125 % of the "
            "RDA/AI, below any upper limit.",
        ),
        ("code", "day = mealfix.plan(person, symptoms=['leg cramps', 'pins and needles'])\nday"),
        ("code", "day.plot('coverage');"),
        ("code", "day.plot('contributions');"),
        (
            "md",
            "Every total is recomputed from the food table and checked against its limits "
            "(an unknown value counts as 0, as the plan counts it):",
        ),
        (
            "code",
            "foods = mealfix.load_foods()\n"
            "keys = day.nutrients['key']  # the food table's columns (magnesium_mg); the index "
            "is the word\n"
            "totals = foods.loc[day.foods.index, keys].mul(day.foods['grams'] / 100, "
            "axis=0).sum()\n"
            "check = day.nutrients.assign(recomputed=totals[keys].to_numpy())\n"
            "hard = check[~check['soft']]  # an AI-only target may fall short (priced, said)\n"
            "assert (hard['recomputed'] >= hard['min'].fillna(0) - 1e-6).all()\n"
            "assert (check['recomputed'] <= check['max'].fillna(float('inf')) + 1e-6).all()\n"
            "assert {'magnesium_mg', 'calcium_mg'} <= set(day.suspects)\n"
            "assert day.see_a_doctor\n"
            "check[['name', 'unit', 'recomputed', 'min', 'max', 'pct_of_target']]",
        ),
    ],
    "02_diets_compared.ipynb": [
        (
            "md",
            "# Vegan, vegetarian, omnivore: the same person, three plans\n\nWhich nutrients "
            "get hard as animal foods leave the plate? Same man of 35, same targets.",
        ),
        (
            "code",
            "import matplotlib.pyplot as plt\nimport pandas as pd\n\nimport mealfix\n"
            "from mealfix import Person\n\n"
            "person = Person(sex='male', age=35)\n"
            "plans = {diet: mealfix.plan(person, diet=diet) "
            "for diet in ['vegan', 'vegetarian', 'omnivore']}\n"
            "fig, axes = plt.subplots(1, 3, figsize=(16, 5), sharex=True)\n"
            "for ax, (diet, day) in zip(axes, plans.items()):\n"
            "    day.plot(ax=ax)\n    ax.set_title(diet)\nfig.tight_layout()",
        ),
        (
            "code",
            "pd.DataFrame({diet: day.nutrients['pct_of_target'] "
            "for diet, day in plans.items()}).round(0)",
        ),
        (
            "md",
            "Best and worst case per nutrient (Optifood style): the most and least a day "
            "within the energy range and the per-day maxima can supply. Without fortified "
            "foods and mushrooms, vegan B12 and vitamin D cannot reach their targets.",
        ),
        (
            "code",
            "def gaps(diet, exclude=()):\n"
            "    report = mealfix.gaps(person, diet=diet, exclude=exclude)\n"
            "    return pd.DataFrame([g.model_dump() for g in report.gaps])"
            ".set_index('nutrient')\n\n"
            "strict = gaps('vegan', exclude=['fortified', 'yeast extract', 'frosted', "
            "'mushrooms'])\nomni = gaps('omnivore')\n"
            "pd.DataFrame({'vegan, no fortified': strict['best_pct'], "
            "'omnivore': omni['best_pct']})",
        ),
        (
            "code",
            "assert strict.loc['vitamin_b12_ug', 'flagged']\n"
            "assert strict.loc['vitamin_d_ug', 'flagged']\n"
            "assert not omni['flagged'].any()\n"
            "assert omni.loc['vitamin_b12_ug', 'best'] > strict.loc['vitamin_b12_ug', "
            "'best']\nsorted(strict.index[strict['flagged']])",
        ),
    ],
    "03_vitamin_d_sensitivity.ipynb": [
        (
            "md",
            "# How the plan changes as the vitamin D target rises\n\nThe linear program "
            "(no integer food rules, so the shadow price is the LP's own) is solved for "
            "vitamin D targets from 15 to 60 µg. The shadow price of the vitamin D minimum "
            "is what one more µg costs, in typical portions; it is the slope of the "
            "objective curve.",
        ),
        (
            "code",
            "import matplotlib.pyplot as plt\nimport pandas as pd\n\nimport mealfix\n"
            "from mealfix import Person\n\nperson = Person(sex='female', age=30)\n"
            "lp = dict(max_foods=None, max_per_group=None, min_per_group={}, "
            "min_portion=0, objective='portions', no_pattern=True, no_meals=True)\nrows = []\n"
            "for target in range(15, 61, 5):\n"
            "    day = mealfix.plan(person, overrides={'vitamin_d': {'min': target}}, **lp)\n"
            "    duals = day.limits_frame()['dual']\n"
            "    rows.append({'target': target, 'portions': day.objective.value,\n"
            "                 'shadow_price': abs(duals.get('vitamin_d_ug:min', 0.0)),\n"
            "                 'foods': len(day.foods)})\n"
            "curve = pd.DataFrame(rows).set_index('target')\ncurve",
        ),
        (
            "code",
            "fig, (a, b) = plt.subplots(1, 2, figsize=(11, 4))\n"
            "curve['portions'].plot(ax=a, marker='o', title='typical portions a day')\n"
            "curve['shadow_price'].plot(ax=b, marker='o', drawstyle='steps-mid', "
            "title='shadow price of vitamin D (portions per µg)')\nfig.tight_layout()",
        ),
        (
            "md",
            "Checks: more vitamin D never makes the plan smaller, and the shadow price "
            "matches the slope of the curve (between the prices at either end of a step). "
            "Amounts are rounded to 0.1 g, which moves each objective value by up to about "
            "0.005 portions, so the slope is compared within 0.002 portions per µg.",
        ),
        (
            "code",
            "assert curve['portions'].is_monotonic_increasing\n"
            "slope = curve['portions'].diff() / 5\n"
            "for t in curve.index[1:]:\n"
            "    low, high = sorted([curve.at[t - 5, 'shadow_price'], "
            "curve.at[t, 'shadow_price']])\n"
            "    assert low - 0.002 <= slope[t] <= high + 0.002, (t, slope[t], low, high)\n"
            "slope.dropna().round(4)",
        ),
    ],
    "04_add_your_own_rule.ipynb": [
        (
            "md",
            "# Add a rule of your own (PuLP)\n\n`mealfix.to_pulp` gives the day model that "
            "`mealfix.plan` solves as a PuLP problem: variables named by USDA food id "
            "(`grams_09003`, `use_09003`), constraints named by nutrient and rule "
            "(`magnesium_mg_min`, `plate_lunch_protein`). Add a rule, solve with any PuLP "
            "solver, and "
            "read the day back as a checked plan. Here: at least 300 g of fruit a day, on a day "
            "without meal rules (`no_meals`): CBC, the solver that comes with PuLP, takes "
            "minutes on the plate model, where HiGHS in `mealfix.plan` takes seconds.",
        ),
        (
            "code",
            "import pulp\n\nimport mealfix\nfrom mealfix import Person\n\n"
            "person = Person(sex='female', age=34)\n"
            "options = dict(diet='vegan', suspect=['magnesium'], no_meals=True)\n"
            "problem = mealfix.to_pulp(person, **options)\n"
            "foods = mealfix.load_foods()\n"
            "variables = problem.variablesDict()\n"
            "fruit = [f for f in foods.index[foods['category'] == 'fruit'] "
            "if f'grams_{f}' in variables]\n"
            "problem += pulp.lpSum(variables[f'grams_{f}'] for f in fruit) >= 300, "
            "'my_rule_fruit_300g'\n"
            "# any PuLP solver; CBC comes with PuLP (within 1 %, as mealfix.plan)\n"
            "problem.solve(pulp.PULP_CBC_CMD(msg=False, gapRel=0.01))\n"
            "pulp.LpStatus[problem.status], round(pulp.value(problem.objective), 3)",
        ),
        (
            "code",
            "day = mealfix.plan_from_pulp(problem, person, **options)\n"
            "fruit_grams = day.foods.loc[day.foods.index.isin(fruit), 'grams'].sum()\n"
            "plain = mealfix.plan(person, **options)\n"
            "assert fruit_grams >= 300 - 0.05 * len(fruit)  # grams are rounded to 0.1 g\n"
            "# a rule never helps (both days are proven within 1 % of their best)\n"
            "assert day.objective.value >= 0.99 * plain.objective.value - 1e-3\n"
            "day",
        ),
    ],
}


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for name, cells in NOTEBOOKS.items():
        book = new_notebook(
            cells=[
                new_markdown_cell(text) if kind == "md" else new_code_cell(text)
                for kind, text in cells
            ]
        )
        book.metadata["kernelspec"] = {
            "name": "python3",
            "display_name": "Python 3",
            "language": "python",
        }
        nbformat.write(book, OUT / name)
        print(f"wrote {OUT / name}")


if __name__ == "__main__":
    main()
