"""Small bar charts drawn as inline SVG by hand: no matplotlib, no fonts or files to fetch.

They print sharply, show in a notebook and a browser alike, and their numbers are text (a PDF
of the handout can be searched and read aloud).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from mealfix.explain.records import NutrientTotal
from mealfix.explain.views import esc

BAR = "#2e86c1"
TARGET = "#222222"
LIMIT = "#b03a2e"
TRACK = "#eef2f5"
#: The widest a nutrient chart reaches, in % of the target (longer bars are cut, and say so).
MOST_PCT = 200.0


@dataclass(frozen=True)
class Bar:
    """One row: a label, a length in % of the scale, the words at its end, and marks (a line
    at a % position: ``target``, ``aim`` or ``limit``)."""

    label: str
    pct: float
    note: str
    marks: tuple[tuple[float, str], ...] = ()


def bar_chart(bars: Sequence[Bar], scale: float, title: str, row: int = 26) -> str:
    """Horizontal bars from 0 to ``scale`` %, one per row, with their marks and notes."""
    label_w, bar_w, note_w = 190, 300, 190
    width = label_w + bar_w + note_w
    height = row * len(bars) + 8

    def x(pct: float) -> float:
        return label_w + bar_w * min(max(pct, 0.0), scale) / scale

    parts = [
        f"<svg xmlns='http://www.w3.org/2000/svg' role='img' viewBox='0 0 {width} {height}' "
        f"width='{width}' height='{height}' font-size='13'><title>{esc(title)}</title>"
    ]
    for i, bar in enumerate(bars):
        top = 4 + i * row
        mid = top + row / 2
        parts.append(
            f"<text x='{label_w - 8}' y='{mid + 4:.1f}' text-anchor='end'>{esc(bar.label)}</text>"
            f"<rect x='{label_w}' y='{top + 5}' width='{bar_w}' height='{row - 10}' "
            f"fill='{TRACK}'/>"
            f"<rect x='{label_w}' y='{top + 5}' width='{x(bar.pct) - label_w:.1f}' "
            f"height='{row - 10}' fill='{BAR}' rx='2'/>"
        )
        if bar.pct > scale:
            parts.append(
                f"<text x='{x(scale) - 4:.1f}' y='{mid + 4:.1f}' text-anchor='end' "
                "fill='#ffffff' style='fill:#ffffff'>&#9654;</text>"
            )
        for pct, kind in bar.marks:
            if 0 < pct <= scale:
                colour, dash = {"target": (TARGET, ""), "aim": (TARGET, "3,2")}.get(
                    kind, (LIMIT, "")
                )
                style = f" stroke-dasharray='{dash}'" if dash else ""
                parts.append(
                    f"<line x1='{x(pct):.1f}' x2='{x(pct):.1f}' y1='{top + 1}' "
                    f"y2='{top + row - 1}' stroke='{colour}' stroke-width='2'{style}/>"
                )
        parts.append(f"<text x='{label_w + bar_w + 8}' y='{mid + 4:.1f}'>{esc(bar.note)}</text>")
    parts.append("</svg>")
    return "".join(parts)


def nutrient_chart(rows: Sequence[NutrientTotal]) -> str:
    """Each nutrient's day total against its target (RDA/AI = 100 %), the plan's aim when it
    is higher (a suspected nutrient), and the upper limit when it is in reach."""
    bars = []
    for n in rows:
        reference = n.reference or n.min
        if not reference:
            continue
        pct = 100.0 * n.amount / reference
        marks: list[tuple[float, str]] = [(100.0, "target")]
        if n.min and abs(n.min - reference) > 1e-9:
            marks.append((100.0 * n.min / reference, "aim"))
        if n.max is not None and n.limit_scope in (None, "food"):
            marks.append((100.0 * n.max / reference, "limit"))
        note = f"{_amount(n.amount)} {n.unit}, {pct:.0f} % of {_amount(reference)}"
        bars.append(Bar(n.name, pct, note, tuple(marks)))
    if not bars:
        return ""
    reach = max([150.0, *(b.pct + 10 for b in bars), *(p + 10 for b in bars for p, _ in b.marks)])
    return bar_chart(bars, min(reach, MOST_PCT), "Day totals against targets")


def points_chart(rows: Sequence[tuple[str, float, float]], title: str) -> str:
    """Points scored out of a maximum (the Healthy Eating Index components)."""
    bars = [
        Bar(name, 100.0 * points / most if most else 0.0, f"{points:.1f} of {most:g}")
        for name, points, most in rows
    ]
    return bar_chart(bars, 100.0, title, row=20)


def _amount(value: float) -> str:
    return f"{value:.0f}" if value >= 100 else f"{value:.3g}"
