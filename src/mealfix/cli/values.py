"""The values the options take, listed in --help (tests/test_terminal.py checks them against
the data; the data are not read here, so --help stays fast)."""

from __future__ import annotations

DIETS = ("vegan", "vegetarian", "pescatarian", "omnivore")
ALLERGIES = ("milk", "egg", "fish", "shellfish", "tree_nuts", "peanuts", "wheat", "soy", "sesame")
SYMPTOMS = (
    "muscle_jerks",
    "twitching",
    "cramps",
    "spasms",
    "tingling",
    "numbness",
    "weakness",
    "stiffness",
    "tetany",
    "restless_legs",
    "fatigue",
)
#: Signs that need urgent care, not a meal plan: naming one prints that advice first.
RED_FLAGS = (
    "chest_pain",
    "one_sided_weakness",
    "slurred_speech",
    "seizure",
    "fainting",
    "palpitations",
    "trouble_breathing",
    "sudden_confusion",
    "severe_headache",
)
#: The nutrients the plan is about first; `mealfix nutrients` lists every one.
MAIN_NUTRIENTS = ("magnesium", "calcium", "vitamin_d", "vitamin_b12", "sodium", "potassium")
