"""From symptoms to suspects: the nutrients that can cause them, why, and the richest foods."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from mealfix.explain.reasons import number_or_none, text_or_none
from mealfix.explain.views import suspects_view, text_table, urgent_text
from mealfix.inputs.diet import candidates
from mealfix.inputs.foods import load_foods
from mealfix.inputs.measures import portion_label
from mealfix.inputs.person import Person
from mealfix.inputs.symptoms import SUSPECT_SCORE, UrgentCare, load_symptoms, symptom_words
from mealfix.inputs.targets import load_targets


class RichFood(BaseModel):
    """A food rich in a nutrient, per typical portion."""

    model_config = ConfigDict(frozen=True)
    id: str
    name: str
    portion: str | None
    amount: float
    pct_of_target: float | None


class RankedSuspect(BaseModel):
    model_config = ConfigDict(frozen=True)
    nutrient: str
    name: str
    unit: str
    score: int
    suspected: bool
    reasons: tuple[str, ...]
    richest_foods: tuple[RichFood, ...]


class SuspectReport(BaseModel):
    """From symptoms to the nutrients that can cause them, with foods and red flags."""

    model_config = ConfigDict(frozen=True)
    #: Set when a named symptom needs urgent care: every output says so first.
    urgent: UrgentCare | None = None
    symptoms: tuple[str, ...]
    ranking: tuple[RankedSuspect, ...]
    see_a_doctor: str
    disclaimer: str

    def _repr_html_(self) -> str:
        """Notebook view: the ranking with reasons and foods, and when to see a doctor."""
        return suspects_view(self)

    def __repr__(self) -> str:
        """A table, not the fields: urgent advice first, then one row per nutrient."""
        rows = [
            [
                r.name,
                r.score,
                "yes" if r.suspected else "",
                r.richest_foods[0].name if r.richest_foods else "",
            ]
            for r in self.ranking
        ]
        head = ("nutrient", "score", "aimed higher", "richest food per portion")
        return "\n".join(
            [
                *urgent_text(self.urgent),
                f"Nutrients linked to: {', '.join(self.symptoms)}",
                text_table(head, rows, {1}),
            ]
        )

    __str__ = __repr__


def suspect_report(
    symptoms: str | list[str],
    *,
    person: Person | None = None,
    diet: str = "omnivore",
    top: int = 5,
) -> SuspectReport:
    """Rank the nutrients behind ``symptoms`` and list the foods richest in each per portion."""
    info = load_symptoms()
    symptoms = symptom_words(symptoms)
    ranking = info.rank(symptoms)
    table = load_targets()
    targets = table.for_person(person).frame if person is not None else None
    foods = candidates(load_foods(), diet)
    ranked = []
    for suspect in ranking:
        spec = table.nutrients.get(suspect.nutrient)
        per_portion = foods[suspect.nutrient] * foods["portion_g"] / 100.0
        best = per_portion.sort_values(ascending=False).head(top)
        target = float(targets.at[suspect.nutrient, "min"]) if targets is not None else None
        rich = tuple(
            RichFood(
                id=str(f),
                name=str(foods.at[f, "name"]),
                portion=portion_label(
                    text_or_none(foods.at[f, "portion_measure"]),
                    number_or_none(foods.at[f, "portion_g"]),
                ),
                amount=round(float(v), 3),
                pct_of_target=round(100 * float(v) / target, 1) if target else None,
            )
            for f, v in best.items()
        )
        ranked.append(
            RankedSuspect(
                nutrient=suspect.nutrient,
                name=spec.name or suspect.nutrient if spec else suspect.nutrient,
                unit=(spec.unit or "") if spec else "",
                score=suspect.score,
                suspected=suspect.score >= SUSPECT_SCORE
                and suspect.nutrient not in info.named_only,
                reasons=(
                    *suspect.reasons,
                    *(
                        [info.named_only[suspect.nutrient]]
                        if suspect.nutrient in info.named_only
                        else []
                    ),
                ),
                richest_foods=rich,
            )
        )
    labels = tuple(info.label(info.resolve(s)) for s in symptoms)
    return SuspectReport(
        urgent=info.urgent(symptoms),
        symptoms=labels,
        ranking=tuple(ranked),
        see_a_doctor=info.see_a_doctor,
        disclaimer=info.disclaimer,
    )
