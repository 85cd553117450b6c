"""A request made concrete: tables loaded, words resolved, options checked (a :class:`Case`).

Every option is checked and every table read here, before any solving starts, so bad input
is reported at once; the solve stage only ever sees a :class:`Case`.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, replace

import pandas as pd

from mealfix.errors import UsageError
from mealfix.inputs.arguments import given
from mealfix.inputs.diet import (
    PLANT_BASED,
    candidates,
    normalise_allergy,
    normalise_diet,
    parse_include,
)
from mealfix.inputs.energy import energy_need
from mealfix.inputs.foods import foods_frame, load_current, load_foods, pool_ids, shared_caps
from mealfix.inputs.meals import MealsDoc, load_meals
from mealfix.inputs.patterns import Pattern, pattern_for
from mealfix.inputs.person import Person
from mealfix.inputs.plate_days import TODDLER_AGE, Kin
from mealfix.inputs.safety import (
    AppliedRule,
    apply_rules,
    caps,
    load_safety,
    prices,
    soft_minimums,
    tag_caps,
)
from mealfix.inputs.symptoms import (
    Suspect,
    SymptomTable,
    UrgentCare,
    load_symptoms,
    suspects_from,
)
from mealfix.inputs.targets import Targets, TargetTable, load_targets
from mealfix.model.bind import Unknown
from mealfix.model.defaults import PLAN
from mealfix.model.request import PlanRequest
from mealfix.model.rules import ENERGY, GROUP_COLUMN, LP_ONLY, OBJECTIVES, Objective, Rules
from mealfix.model.setup import Setup, prepare


@dataclass(frozen=True)
class Case:
    """A checked request: tables loaded, words resolved, ready for the optimiser."""

    request: PlanRequest
    person: Person | None
    diet: str
    allergies: tuple[str, ...]
    exclude: tuple[str, ...]
    symptoms: tuple[str, ...]
    ranking: tuple[Suspect, ...]
    suspects: tuple[str, ...]
    objective: Objective
    rules: Rules
    foods: pd.DataFrame
    pool: pd.DataFrame
    table: TargetTable
    targets: Targets
    info: SymptomTable
    current: pd.Series | None
    context: str
    budget: float | None = None
    safety: tuple[AppliedRule, ...] = ()
    notes: tuple[str, ...] = ()
    #: The person's Dietary Guidelines pattern (None: a table or targets of one's own).
    pattern: Pattern | None = None
    #: The meal rules the day is spread over (None: ``--no-meals``).
    meals: MealsDoc | None = None
    #: Every food the person may be offered, when ``pool`` is the bundled pool's part of it
    #: (a day with no plan on the pool is chosen from these; None: ``pool`` is all of them).
    wider: pd.DataFrame | None = None
    #: Red-flag signs among the symptoms: the advice every output puts first.
    urgent: UrgentCare | None = None

    def widened(self) -> Case | None:
        """The same case on every food it may be offered (None: it already is)."""
        if self.wider is None:
            return None
        return replace(self, pool=self.wider, wider=None)

    @property
    def unknown(self) -> Unknown:
        """What a food with no value for a targeted nutrient does: stop (your own table, where
        a blank is likely a slip), stay out (``--skip-unknown``), or, in the bundled table,
        the documented policy (left out under a limit, counted as 0 toward a minimum)."""
        if self.request.skip_unknown:
            return "skip"
        return "policy" if self.foods.attrs.get("bundled") else "error"

    def setup(self, *, lp_only: bool = False) -> Setup:
        """The day model's pieces for this case (``lp_only``: no food rules, fewest portions,
        for best and worst cases)."""
        setup = prepare(
            self.wider if lp_only and self.wider is not None else self.pool,
            self.targets,
            "portions" if lp_only else self.objective,
            replace(LP_ONLY, shared_caps=self.rules.shared_caps, tag_caps=self.rules.tag_caps)
            if lp_only
            else self.rules,
            unknown=self.unknown,
            current=None if lp_only else self.current,
            budget=self.budget,
            context=self.context,
            pattern=None if lp_only else self.pattern,
            pattern_range=self.request.pattern_range,
            meals=None if lp_only else self.meals,
            hei_age=None
            if lp_only or self.pattern is None or self.person is None
            else self.person.age,
        )
        kin = None if lp_only else self.kin()
        return setup if kin is None else replace(setup, kin=kin)

    def kin(self) -> Kin | None:
        """Whom the day is for, as stored days are labelled (None: no person, or a targets file
        without an energy need: no hint)."""
        frame = self.targets.frame
        if self.person is None or ENERGY not in frame.index:
            return None
        energy = frame.loc[ENERGY, "reference"]
        if not given(energy):
            return None
        who, group = self.person, self.targets.group or ""
        suspects = tuple(sorted(self.suspects))
        toddler = who.age < TODDLER_AGE
        return Kin(who.sex, float(energy), group, who.stage, self.diet, suspects, toddler)


def make_case(request: PlanRequest) -> Case:
    """Check every option and load every table before any solving starts."""
    diet = normalise_diet(request.diet)
    allergy_keys = tuple(normalise_allergy(a) for a in request.allergies)
    if request.objective not in OBJECTIVES:
        raise UsageError(
            f"unknown objective {request.objective!r}; choose one of: {', '.join(OBJECTIVES)}"
        )
    if request.objective == "closest" and request.current is None:
        raise UsageError("--objective closest needs your usual day: --current FILE")
    if request.max_foods is not None and request.max_foods < 1:
        raise UsageError("--max-foods must be at least 1")
    if request.max_per_group is not None and request.max_per_group < 1:
        raise UsageError("--max-per-group must be at least 1")
    if request.budget is not None and request.budget <= 0:
        raise UsageError("--budget must be more than 0 USD")
    if not 0 <= request.min_portion <= 10:
        raise UsageError("--min-portion must be between 0 and 10 typical portions")
    info = load_symptoms()
    ranking = tuple(info.rank(request.symptoms)) if request.symptoms else ()
    table = (
        request.targets
        if isinstance(request.targets, TargetTable)
        else load_targets(request.targets)
    )
    named = [table.resolve_nutrient(s) for s in request.suspect]
    from_symptoms = [
        n for n in suspects_from(list(ranking), info.named_only) if n in table.nutrients
    ]
    suspects = tuple(dict.fromkeys([*named, *from_symptoms]))
    notes = [
        f"{table.nutrients[n].name or n}: {reason}"
        for n, reason in info.named_only.items()
        if n in suspects_from(list(ranking)) and n not in named
    ]
    resolved = table.for_person(request.person, suspects, plant_based=diet in PLANT_BASED)
    safety = load_safety()
    # A one-person targets file does not use the person: its life stage is not known here.
    person = request.person if table.form == "dri" else None
    chosen = safety.for_person(person, request.allow, suspects)
    resolved = with_caps(resolved, caps(safety, chosen))
    resolved = with_soft(resolved, soft_minimums(safety, chosen))
    if table.form == "dri" and request.person is not None:
        resolved = with_energy(resolved, request)
    if request.overrides:
        changes = {table.resolve_nutrient(k): v for k, v in request.overrides.items()}
        resolved = override(resolved, changes)

    foods = request.foods
    food_table = foods_frame(foods) if isinstance(foods, pd.DataFrame) else load_foods(foods)
    allowed = candidates(food_table, diet, allergy_keys)
    ruled = apply_rules(allowed, safety, chosen)
    allowed, applied = ruled.foods, ruled.rules
    notes += ruled.notes
    pool = candidates(food_table, diet, allergy_keys, request.exclude)
    pool = pool.loc[pool.index.intersection(allowed.index).difference(ruled.held)]
    priced = prices(safety, chosen)
    resolved = with_shown(resolved, [c for c in priced if c in food_table.columns])
    wanted = parse_include(food_table, allowed, request.include, request.exclude)
    if wanted:
        pool = allowed.loc[pool.index.union(list(wanted)).intersection(allowed.index)]
    usual = None
    if request.current is not None:
        usual = (
            pd.Series(dict(request.current), dtype="float64")
            if isinstance(request.current, Mapping)
            else load_current(request.current, food_table)
        )
    wider = None
    if food_table.attrs.get("bundled") and not request.all_foods:
        keep = set(pool_ids()) | set(wanted) | (set(usual.index) if usual is not None else set())
        narrowed = pool.loc[pool.index.isin(keep)]
        if len(narrowed) < len(pool):
            wider, pool = pool, narrowed
    pattern = None
    goal = request.objective
    if (
        not request.no_pattern
        and food_table.attrs.get("bundled")
        and table.form == "dri"
        and request.person is not None
        and ENERGY in resolved.frame.index
    ):
        need = float(resolved.frame.at[ENERGY, "reference"])
        pattern = pattern_for(diet, need, request.person.age)
        if pattern.note:
            notes.append(f"food pattern: {pattern.note}")
    if goal == "pattern" and pattern is None:
        goal = "portions"  # a table or targets of one's own carry no food groups
        if not request.no_pattern:
            notes.append("no food-group pattern for this foods table: fewest portions instead")
    low, high = request.pattern_range
    if not 0 <= low <= 1 <= high:
        raise UsageError("--pattern-range must be LOW-HIGH with LOW <= 1 <= HIGH, e.g. 0.5-1.5")
    if request.min_per_group != PLAN["min_per_group"]:  # the defaults may not fit your table
        _check_groups(food_table, request.min_per_group)
    rules = Rules(
        max_foods=request.max_foods,
        max_per_group=request.max_per_group,
        min_per_group=dict(request.min_per_group),
        min_portion=request.min_portion,
        servings=request.servings,
        include=wanted,
        shared_caps=shared_caps(food_table),
        tag_caps=tag_caps(safety, chosen),
        prices=priced,
    )
    return Case(
        request=request,
        person=request.person,
        diet=diet,
        allergies=allergy_keys,
        exclude=tuple(request.exclude),
        symptoms=tuple(request.symptoms),
        ranking=ranking,
        suspects=suspects,
        objective=goal,
        rules=rules,
        foods=food_table,
        pool=pool,
        table=table,
        targets=resolved,
        info=info,
        current=usual,
        context=f" on a {diet} diet" if diet != "omnivore" else "",
        budget=request.budget,
        safety=tuple(applied),
        notes=tuple(notes),
        pattern=pattern,
        meals=None if request.no_meals else load_meals(),
        wider=wider,
        urgent=info.urgent(request.symptoms),
    )


def _check_groups(foods: pd.DataFrame, wanted: Mapping[str, int]) -> None:
    """A --min-group the foods table has no such group for is a typo, not a quiet no-op."""
    if GROUP_COLUMN not in foods.columns:
        return
    known = sorted(str(g) for g in foods[GROUP_COLUMN].dropna().unique())
    for group in wanted:
        if group not in known:
            close = difflib.get_close_matches(group, known, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise UsageError(
                f"--min-group {group!r}: no such food group{hint} (groups: {', '.join(known)})"
            )


def with_energy(targets: Targets, request: PlanRequest) -> Targets:
    """The day's energy range: the person's DGA calorie need ±5 %, or ``--energy``."""
    assert request.person is not None
    need = energy_need(
        request.person,
        request.activity,
        trimester=request.trimester,
        months_postpartum=request.months_postpartum,
    )
    low, high = request.energy or (need.low, need.high)
    basis = need.basis if request.energy is None else "set with --energy"
    frame = targets.frame.copy()
    if ENERGY in frame.index:
        frame.loc[ENERGY, ["min", "base_min", "max", "reference"]] = [low, low, high, need.kcal]
        frame.loc[ENERGY, ["reference_kind", "limit_kind", "ul_note"]] = [
            "need",
            "need +5 %" if request.energy is None else "max",
            f"energy: {low:.0f}-{high:.0f} kcal ({basis}; need {need.kcal:.0f} kcal)",
        ]
    return replace(targets, frame=frame)


def with_caps(targets: Targets, limits: Mapping[str, tuple[float, str]]) -> Targets:
    """Targets with the life-stage safety caps (caffeine) as upper limits of their own."""
    if not limits:
        return targets
    frame = targets.frame.copy()
    for column, (most, rule) in limits.items():
        if column in frame.index:
            current = frame.at[column, "max"]
            if given(current) and float(current) <= most:
                continue
            frame.loc[column, ["max", "limit_kind"]] = [most, "safety"]
        else:
            frame.loc[column] = {
                "name": column.rpartition("_")[0].replace("_", " ").capitalize(),
                "unit": column.rpartition("_")[2],
                "min": None,
                "max": most,
                "reference": None,
                "reference_kind": None,
                "limit_kind": "safety",
                "ul": None,
                "ul_note": f"life-stage safety rule {rule}",
                "source": rule,
                "limit_scope": "food",
                "soft": False,
                "focus": False,
                "suspected": False,
                "base_min": None,
            }
    return replace(targets, frame=frame)


def with_soft(targets: Targets, soft: Mapping[str, str]) -> Targets:
    """Targets whose minimum a safety rule makes soft (sodium: a shortfall priced, not chased
    with salt); a column without a minimum is left as it is."""
    frame = targets.frame
    hits = [c for c in soft if c in frame.index and given(frame.at[c, "min"])]
    if not hits:
        return targets
    frame = frame.copy()
    frame.loc[hits, "soft"] = True
    return replace(targets, frame=frame)


def with_shown(targets: Targets, columns: list[str]) -> Targets:
    """Targets with a row (no minimum, no maximum) for each column a safety rule prices, so
    the plan shows its amount (dietary cholesterol: as low as the other targets allow)."""
    new = [c for c in columns if c not in targets.frame.index]
    if not new:
        return targets
    frame = targets.frame.copy()
    for column in new:
        frame.loc[column] = {
            "name": column.rpartition("_")[0].replace("_", " ").capitalize(),
            "unit": column.rpartition("_")[2].replace("ug", "µg"),
            "min": None,
            "max": None,
            "reference": None,
            "reference_kind": None,
            "limit_kind": "as low as possible",
            "ul": None,
            "ul_note": None,
            "source": "data/safety.yaml",
            "limit_scope": None,
            "soft": False,
            "focus": False,
            "suspected": False,
            "base_min": None,
        }
    return replace(targets, frame=frame)


def override(targets: Targets, changes: Mapping[str, Mapping[str, float | None]]) -> Targets:
    """Targets with some minimums or maximums set by hand (e.g. for a sensitivity study)."""
    frame = targets.frame.copy()
    for nutrient, bounds in changes.items():
        for key, value in bounds.items():
            if key not in ("min", "max"):
                raise UsageError(f"override of {nutrient}: {key!r} is not min or max")
            frame.loc[nutrient, key] = value
            if key == "min":
                frame.loc[nutrient, "base_min"] = value
        low, high = frame.at[nutrient, "min"], frame.at[nutrient, "max"]
        if given(low) and given(high) and low > high:
            raise UsageError(f"override of {nutrient}: min {low:g} is above max {high:g}")
    return replace(targets, frame=frame)
