"""Symptoms -> the nutrients that can cause them, ranked, with reasons and red flags."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from mealfix.errors import UsageError
from mealfix.inputs.files import bundled_path, load_cached, read_yaml, validated

#: A nutrient becomes a suspect when its links to the given symptoms add up to at least this
#: (one well-established link, or a moderate and a weak one).
SUSPECT_SCORE = 3


class _Link(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    nutrient: str
    strength: int = Field(ge=1, le=3)
    reason: str


class _Symptom(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    label: str
    aliases: list[str] = []
    nutrients: list[_Link]


class _SymptomDoc(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    schema_: str | None = Field(default=None, alias="schema")
    source: str
    disclaimer: str
    see_a_doctor: str
    symptoms: dict[str, _Symptom]
    #: Nutrients aimed higher only when named with --suspect, never from symptoms alone,
    #: each with the reason the plan gives (their symptom links come from fluid loss or
    #: medicines, which food does not mend).
    named_only: dict[str, str] = {}


class Suspect(BaseModel):
    """One nutrient that can cause the given symptoms, with the reasons that point to it."""

    model_config = ConfigDict(frozen=True)
    nutrient: str
    score: int
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class SymptomTable:
    source: str
    doc: _SymptomDoc

    @property
    def disclaimer(self) -> str:
        return self.doc.disclaimer

    @property
    def see_a_doctor(self) -> str:
        return self.doc.see_a_doctor

    @property
    def named_only(self) -> dict[str, str]:
        return self.doc.named_only

    def resolve(self, word: str) -> str:
        """Map what a person typed ('leg cramps', 'pins and needles') to a symptom key."""
        wanted = word.strip().lower().replace("_", " ").replace("-", " ")
        names: dict[str, str] = {}
        for key, symptom in self.doc.symptoms.items():
            for name in (key.replace("_", " "), symptom.label.lower(), *symptom.aliases):
                names[name.lower()] = key
        if wanted in names:
            return names[wanted]
        close = difflib.get_close_matches(wanted, list(names), n=3, cutoff=0.6)
        hint = f"; did you mean: {', '.join(close)}?" if close else ""
        raise UsageError(
            f"unknown symptom {word!r}{hint} (known: {', '.join(sorted(self.doc.symptoms))})"
        )

    def rank(self, symptoms: Iterable[str]) -> list[Suspect]:
        """Nutrients linked to the symptoms, strongest total link first (ties by name)."""
        keys = list(dict.fromkeys(self.resolve(s) for s in symptoms))
        scores: dict[str, int] = {}
        reasons: dict[str, list[str]] = {}
        for key in keys:
            symptom = self.doc.symptoms[key]
            for link in symptom.nutrients:
                scores[link.nutrient] = scores.get(link.nutrient, 0) + link.strength
                reasons.setdefault(link.nutrient, []).append(f"{symptom.label}: {link.reason}")
        order = sorted(scores, key=lambda n: (-scores[n], n))
        return [Suspect(nutrient=n, score=scores[n], reasons=tuple(reasons[n])) for n in order]


def suspects_from(ranking: list[Suspect], named_only: Iterable[str] = ()) -> list[str]:
    """The ranked nutrients strong enough to aim a plan at (never a named-only one)."""
    skip = set(named_only)
    return [s.nutrient for s in ranking if s.score >= SUSPECT_SCORE and s.nutrient not in skip]


def load_symptoms(path: str | Path | None = None) -> SymptomTable:
    """Read and check a symptoms YAML (the bundled one when ``path`` is None)."""
    file = Path(path) if path is not None else bundled_path("symptoms.yaml")
    label = file.name if path is None else str(path)
    return load_cached(file, _load_symptoms, label)


def _load_symptoms(file: Path, label: str) -> SymptomTable:
    doc = validated(_SymptomDoc, read_yaml(file, label), label)
    return SymptomTable(source=label, doc=doc)
