"""Symptoms -> the nutrients that can cause them, ranked, with reasons; and red flags, the signs
that need urgent care rather than a meal plan (never mistaken for a typo, never ranked)."""

from __future__ import annotations

import difflib
import re
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


class _RedFlag(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    label: str
    aliases: list[str] = []
    advice: str
    #: The public pages the advice rests on (web addresses).
    sources: list[str] = Field(min_length=1)


class RedFlag(BaseModel):
    """A sign a person named that needs urgent care: what to do, and where that comes from."""

    model_config = ConfigDict(frozen=True)
    key: str
    label: str
    advice: str
    sources: tuple[str, ...]


class UrgentCare(BaseModel):
    """The advice every output puts first when a red-flag sign is named."""

    model_config = ConfigDict(frozen=True)
    message: str
    signs: tuple[RedFlag, ...]

    def lines(self) -> list[str]:
        """The advice as plain lines: the message, then one line per sign."""
        return [f"URGENT: {self.message}", *(f"{s.label}: {s.advice}" for s in self.signs)]


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
    urgent_care: str = ""
    red_flags: dict[str, _RedFlag] = {}


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

    def _names(self) -> dict[str, str]:
        """Every word that names a symptom or a red flag -> its key (red flags win a tie)."""
        names: dict[str, str] = {}
        entries: list[tuple[str, _Symptom | _RedFlag]] = [
            *self.doc.symptoms.items(),
            *self.doc.red_flags.items(),
        ]
        for key, entry in entries:
            for name in (key.replace("_", " "), entry.label.lower(), *entry.aliases):
                names[_plain(name)] = key
        return names

    def resolve(self, word: str) -> str:
        """Map what a person typed ('leg cramps', 'pins and needles', 'chest pain') to a
        symptom or red-flag key; a phrase holding a red flag's words ('sharp chest pain') is
        that red flag, never a typo."""
        wanted = _plain(word)
        names = self._names()
        if wanted in names:
            return names[wanted]
        for key, flag in self.doc.red_flags.items():
            if any(_holds(wanted, _plain(alias)) for alias in (*flag.aliases, key)):
                return key
        close = difflib.get_close_matches(wanted, list(names), n=3, cutoff=0.6)
        hint = f"; did you mean: {', '.join(close)}?" if close else ""
        if any(names[c] in self.doc.red_flags for c in close):
            care = self.doc.urgent_care
            hint += f" (if so: {care[:1].lower()}{care[1:]})"
        known = sorted([*self.doc.symptoms, *self.doc.red_flags])
        raise UsageError(f"unknown symptom {word!r}{hint} (known: {', '.join(known)})")

    def red_flags_in(self, words: str | Iterable[str]) -> list[str]:
        """The red-flag keys among ``words``, in the order given (an unknown word is an error)."""
        keys = dict.fromkeys(self.resolve(w) for w in symptom_words(words))
        return [k for k in keys if k in self.doc.red_flags]

    def urgent(self, words: str | Iterable[str]) -> UrgentCare | None:
        """The urgent-care advice for the red flags among ``words`` (None when there is none)."""
        keys = self.red_flags_in(words)
        if not keys:
            return None
        flags = self.doc.red_flags
        return UrgentCare(
            message=self.doc.urgent_care,
            signs=tuple(
                RedFlag(
                    key=k,
                    label=flags[k].label,
                    advice=flags[k].advice,
                    sources=tuple(flags[k].sources),
                )
                for k in keys
            ),
        )

    def label(self, key: str) -> str:
        """The label of a symptom or red-flag key."""
        entry = self.doc.symptoms.get(key) or self.doc.red_flags[key]
        return entry.label

    def rank(self, symptoms: str | Iterable[str]) -> list[Suspect]:
        """Nutrients linked to the symptoms, strongest total link first (ties by name)."""
        resolved = dict.fromkeys(map(self.resolve, symptom_words(symptoms)))
        keys = [k for k in resolved if k in self.doc.symptoms]  # a red flag is for a doctor
        scores: dict[str, int] = {}
        reasons: dict[str, list[str]] = {}
        for key in keys:
            symptom = self.doc.symptoms[key]
            for link in symptom.nutrients:
                scores[link.nutrient] = scores.get(link.nutrient, 0) + link.strength
                reasons.setdefault(link.nutrient, []).append(f"{symptom.label}: {link.reason}")
        order = sorted(scores, key=lambda n: (-scores[n], n))
        return [Suspect(nutrient=n, score=scores[n], reasons=tuple(reasons[n])) for n in order]


def _plain(text: str) -> str:
    """A name as compared: lower case, '_' and '-' as spaces, single spaces."""
    return " ".join(text.lower().replace("_", " ").replace("-", " ").split())


def _holds(text: str, phrase: str) -> bool:
    """Whether ``text`` holds ``phrase`` as whole words (a plural 's' allowed)."""
    return re.search(rf"\b{re.escape(phrase)}s?\b", text) is not None


def symptom_words(words: str | Iterable[str]) -> list[str]:
    """One symptom or many: a string is a comma-separated list, never its characters."""
    if isinstance(words, str):
        return [w.strip() for w in words.split(",") if w.strip()]
    return [w.strip() for w in words if w.strip()]


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
