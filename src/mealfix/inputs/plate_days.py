"""The plates of near-best days of many people (``data/plate_days.csv``, built by
``scripts/build_plates.py``), from which a day's search starts (:mod:`mealfix.solve.starts`),
nearest people first."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from mealfix.inputs.files import bundled_path, load_cached

#: How much unlike a stored person is, per difference: a day of another diet is a poor start,
#: one of another life stage weaker; each 25 kcal of energy need apart counts one, and
#: suspicions count by how little they share (1 - |both| / |either|); a toddler's day (under 2:
#: the DGA's pattern for the second year, no HEI) is another model at the same energy need,
#: as unlike as another life stage. Chosen on the 20
#: benchmark personas and checked on 24 other seeded people (the best of the 4 nearest within
#: 0.5 % of the best day for 19 of 20 and 21 of 24; by 100 kcal, with a DRI group apart 10,
#: a sex apart 5 and suspicions only when all the same, 18 and 20).
UNLIKE = {
    "diet": 100.0,
    "stage": 20.0,
    "toddler": 20.0,
    "group": 3.0,
    "sex": 2.0,
    "suspects": 10.0,
}
#: Under this age a day follows the DGA's pattern for the second year of life, without the HEI.
TODDLER_AGE = 2
#: Energy need per unit of unlikeness.
KCAL_PER_UNIT = 25.0


@dataclass(frozen=True)
class Kin:
    """Whom a day is for, as the stored days are labelled: a hint, never a rule. Every field is
    fixed by the day's model (its energy row, DRI group, pattern, pool and targets), so two
    people with the same model start from the same stored day, whatever their exact ages."""

    sex: str
    #: The DGA energy need, kcal a day.
    energy: float
    #: The DRI life-stage group of the targets (e.g. "female_31_50").
    group: str
    stage: str
    diet: str
    suspects: tuple[str, ...] = ()
    #: Under ``TODDLER_AGE`` (a stored day's ``age`` says it).
    toddler: bool = False

    def nearest(self, table: pd.DataFrame) -> pd.Index:
        """The stored days of ``table`` (:func:`plate_days`), the most alike people first."""
        who = table.drop_duplicates("day").set_index("day").sort_index()  # a day's first row
        unlike = (who["energy_kcal"] - self.energy).abs() / KCAL_PER_UNIT
        for key in ("diet", "stage", "group", "sex"):
            unlike += UNLIKE[key] * (who[key] != getattr(self, key))
        unlike += UNLIKE["toddler"] * ((who["age"] < TODDLER_AGE) != self.toddler)
        mine = set(self.suspects)
        theirs = who["suspects"].map(lambda text: set(filter(None, text.split("+"))))
        shared = theirs.map(lambda t: len(t & mine) / len(t | mine) if t | mine else 1.0)
        unlike += UNLIKE["suspects"] * (1.0 - shared.astype(float))
        return who.index[np.argsort(unlike.to_numpy(), kind="stable")]


def plate_days() -> pd.DataFrame:
    """One row per plate served: ``day`` (a number), who the day was for (``sex``, ``age``,
    ``stage``, ``activity``, ``diet``, ``suspects`` joined by +, ``energy_kcal``, DRI
    ``group``), the ``food`` (id) and the ``meal``."""
    return load_cached(bundled_path("plate_days.csv"), _load)


def _load(file: Path) -> pd.DataFrame:
    """The table by day, each row also naming the first ``day`` with the same plates
    (``same``): many people share a day, and a start need try it only once."""
    text = ("sex", "stage", "activity", "diet", "suspects", "group", "food", "meal")
    table = pd.read_csv(file, dtype=dict.fromkeys(text, str), keep_default_na=False)
    table = table.sort_values("day", kind="stable", ignore_index=True)
    day = table["day"].to_numpy()
    cuts: np.ndarray = np.flatnonzero(np.diff(day)) + 1
    plates = np.split((table["food"] + "@" + table["meal"]).to_numpy(), cuts)
    first: dict[frozenset[str], int] = {}
    starts = day[np.r_[0, cuts]]
    same = [first.setdefault(frozenset(p), int(d)) for p, d in zip(plates, starts, strict=True)]
    table["same"] = np.repeat(same, np.diff(np.r_[0, cuts, len(day)]))
    return table
