"""The only copy of every request default, in a module light enough for ``mealfix --help``.

:class:`mealfix.model.request.PlanRequest` takes its defaults from here, and the CLI shows them
in its help; nothing else states them.
"""

from __future__ import annotations

from typing import Any

PLAN: dict[str, Any] = {
    "diet": "omnivore",
    "activity": "moderate",
    "objective": "pattern",
    #: Each food group stays within this share of the person's pattern amount.
    "pattern_range": (0.75, 1.25),
    #: No cap of its own: the plates (data/meals.yaml) hold a day to at most 17 foods, and a cap
    #: on top made the plate model 2x slower (a 2-year-old's day: 39 s -> 19 s without it).
    "max_foods": None,
    "max_per_group": None,
    #: A plan holds at least one vegetable and one fruit unless told otherwise.
    "min_per_group": {"vegetable": 1, "fruit": 1},
    "min_portion": 0.5,
    "servings": False,
    "skip_unknown": False,
    "time_limit": None,
    #: A plan is proven within 1 % of the best day (product decision, issue 23: a full proof
    #: costs several times as long); --prove (gap None) runs to a full proof.
    "gap": 0.01,
}
WEEK: dict[str, Any] = {
    "days": 7,
    "max_days": 3,
    "repeat": 2,
    "time_limit": 30.0,
    "gap": 0.01,
}
