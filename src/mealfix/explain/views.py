"""HTML views for a notebook: the suspect ranking and the no-plan report, and the pieces and CSS
every mealfix view shares (``output`` builds a plan's and a week's views and the handout on them).

Every style sits under one wrapper class, ``.mealfix``: a notebook shows many outputs on one
page, and a page-wide ``table`` or ``body`` rule would restyle all of them. The views take the
reports duck-typed (``Any``), so this module imports neither report and no cycle forms.
"""

from __future__ import annotations

import html
from collections.abc import Collection, Iterable, Sequence
from typing import Any

#: The wrapper class every view and the handout sit in.
WRAPPER = "mealfix"

STYLE = """
.mealfix { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; line-height: 1.4;
  max-width: 60rem; }
.mealfix h1 { font-size: 1.45rem; margin: .2rem 0 .4rem; }
.mealfix h2 { font-size: 1.15rem; margin: 1.2rem 0 .4rem; }
.mealfix h3 { font-size: 1rem; margin: .8rem 0 .2rem; }
.mealfix table { border-collapse: collapse; width: 100%; margin: .3rem 0 .6rem;
  font-size: .92rem; }
.mealfix th, .mealfix td { border-bottom: 1px solid rgba(128, 128, 128, .35);
  padding: .25rem .45rem; text-align: left; vertical-align: top; }
.mealfix th { font-weight: 600; }
.mealfix td.num, .mealfix th.num { text-align: right; font-variant-numeric: tabular-nums;
  white-space: nowrap; }
.mealfix .muted { opacity: .75; font-size: .88rem; }
.mealfix tr.meal th { padding-top: .6rem; border-bottom: 1.5px solid #2e86c1; font-size: 1rem; }
.mealfix tr.meal .muted { font-weight: normal; }
.mealfix .doctor { border: 2px solid #b03a2e; background: #fdecea; color: #3b0d08;
  border-radius: .4rem; padding: .6rem .8rem; margin: .6rem 0; }
.mealfix .doctor strong { display: block; font-size: 1.05rem; margin-bottom: .15rem; }
.mealfix .disclaimer { font-style: italic; font-size: .9rem; margin: .4rem 0; }
.mealfix ul, .mealfix ol { margin: .3rem 0 .6rem; padding-left: 1.4rem; }
.mealfix figure { margin: .5rem 0; }
.mealfix svg { max-width: 100%; height: auto; }
.mealfix svg text { font-family: system-ui, sans-serif; fill: currentColor; }
"""


def esc(value: object) -> str:
    """Text made safe for HTML (food names hold '&' and '"')."""
    return html.escape(str(value))


def num(value: float | None, digits: int = 4) -> str:
    """A number as a person reads it (``digits`` significant figures); '' when missing."""
    return "" if value is None else f"{value:.{digits}g}"


def table(
    head: Sequence[str],
    rows: Iterable[Sequence[object]],
    numeric: Collection[int] = (),
    raw: Collection[int] = (),
) -> str:
    """A table; columns in ``numeric`` are right-aligned, those in ``raw`` hold HTML already."""

    def cell(tag: str, i: int, value: object) -> str:
        kind = " class='num'" if i in numeric else ""
        return f"<{tag}{kind}>{value if i in raw else esc(value)}</{tag}>"

    header = "".join(cell("th", i, h) for i, h in enumerate(head))
    body = "".join(
        "<tr>" + "".join(cell("td", i, v) for i, v in enumerate(row)) + "</tr>" for row in rows
    )
    return f"<table><thead><tr>{header}</tr></thead><tbody>{body}</tbody></table>"


def bullets(items: Iterable[str], numbered: bool = False) -> str:
    """A list of plain-text items ('' when there are none)."""
    tag = "ol" if numbered else "ul"
    body = "".join(f"<li>{esc(i)}</li>" for i in items)
    return f"<{tag}>{body}</{tag}>" if body else ""


def doctor_box(text: str | None) -> str:
    """The see-a-doctor box ('' when there is nothing to say)."""
    if not text:
        return ""
    return (
        "<aside class='doctor' role='note'><strong>When to see a doctor</strong>"
        f"{esc(text)}</aside>"
    )


def disclaimer(text: str) -> str:
    return f"<p class='disclaimer'>{esc(text)}</p>"


def wrap(body: str, style: str = STYLE, extra_class: str = "") -> str:
    """The view in its wrapper, with its scoped styles."""
    classes = f"{WRAPPER} {extra_class}".strip()
    return f"<div class='{classes}'><style>{style}</style>{body}</div>"


def suspects_view(report: Any) -> str:
    """A :class:`~mealfix.explain.suspects.SuspectReport` in a notebook: the ranking, why, the
    richest foods, when to see a doctor."""
    rows = []
    for r in report.ranking:
        foods = "<br>".join(
            esc(f"{f.name}, {f.portion or 'a portion'}: {num(f.amount, 3)} {r.unit}")
            + (f" ({f.pct_of_target:.0f} % of target)" if f.pct_of_target is not None else "")
            for f in r.richest_foods
        )
        why = "<br>".join(esc(reason) for reason in r.reasons)
        rows.append([r.name, r.score, "yes" if r.suspected else "", why, foods])
    body = (
        f"<h2>Nutrients linked to: {esc(', '.join(report.symptoms))}</h2>"
        + table(
            ["nutrient", "score", "aimed higher", "why", "richest foods, per portion"],
            rows,
            numeric={1},
            raw={3, 4},
        )
        + "<p class='muted'>A score of 3 or more makes a nutrient a suspect: a plan aims it "
        "higher.</p>" + doctor_box(report.see_a_doctor) + disclaimer(report.disclaimer)
    )
    return wrap(body, extra_class="mealfix-suspects")


def no_plan_view(report: Any) -> str:
    """A :class:`~mealfix.explain.noplan.NoPlanReport` in a notebook: how close the best day
    gets, its foods, what caps it, and the ways out (each checked by solving again)."""
    return wrap(no_plan_body(report), extra_class="mealfix-noplan")


def no_plan_body(report: Any) -> str:
    """The no-plan report's content, for a notebook view or a page."""
    short = table(
        ["nutrient", "target", "closest day", "unit", "% of target"],
        (
            [s.name, num(s.target), num(s.best), s.unit, "" if s.pct is None else f"{s.pct:.0f}"]
            for s in report.shortfalls
        ),
        numeric={1, 2, 4},
    )
    foods = getattr(report, "closest_foods", ())
    eaten = table(
        ["food", "grams", "about"],
        ([f.name, f"{f.grams:g}", f.household or ""] for f in foods),
        numeric={1},
    )
    best = [
        f"{g.name}: at most {num(g.best)} {g.unit} ({g.best_pct:.0f} % of {num(g.target)}), "
        "limited by " + ("; ".join(g.limited_by) or "the foods themselves")
        for g in report.best_cases
    ]
    ways = [w.change for w in report.ways_out]
    stopped = getattr(report, "stopped", None)
    return (
        f"<h2>No plan: {esc(report.message)}</h2><h3>The closest day</h3>{short}"
        + (f"<h3>The closest day's foods</h3>{eaten}" if foods else "")
        + (f"<h3>The most any day can give under this diet</h3>{bullets(best)}" if best else "")
        + "<h3>Ways out (each checked by solving the plan again)</h3>"
        + (bullets(ways, numbered=True) or "<p>None found.</p>")
        + (f"<p class='muted'>{esc(stopped)}</p>" if stopped else "")
        + doctor_box(report.see_a_doctor)
        + disclaimer(report.disclaimer)
    )


def usual_nutrients(day: Any, rows: Sequence[Any] | None = None) -> str:
    """A usual day's nutrients: amount, % of target, the flag, and the foods that supply most."""
    shown = day.nutrient_rows if rows is None else rows
    return table(
        ["nutrient", "amount", "unit", "% of target", "target", "", "mainly from"],
        (
            [
                n.name,
                num(n.amount),
                n.unit,
                "" if n.pct_of_target is None else f"{n.pct_of_target:.0f}",
                f"{num(n.target)} {n.target_kind or ''}".strip(),
                n.flag_words,
                n.mainly_from,
            ]
            for n in shown
        ),
        numeric={1, 3},
    )


def usual_groups(day: Any) -> str:
    """A usual day's food groups against the person's pattern ('' without a pattern)."""
    groups = [g for g in day.food_groups if ":" not in g.group]
    if not groups:
        return ""
    return f"<h3>Food groups against the {esc(day.pattern)}</h3>" + table(
        ["food group", "amount", "unit", "pattern", "% of pattern"],
        (
            [
                g.group.replace("_", " "),
                num(g.amount, 3),
                g.unit,
                num(g.pattern, 3),
                f"{g.pct:.0f}" + ("" if g.within else " (out of range)"),
            ]
            for g in groups
        ),
        numeric={1, 3, 4},
    )


def usual_body(day: Any) -> str:
    """A usual day measured, without the HEI's components (the caller shows them its way)."""
    foods = table(
        ["food", "grams", "about"],
        ([f.name, f"{f.grams:g}", f.household or ""] for f in day.food_items),
        numeric={1},
    )
    return (
        f"<p>{esc(day.summary())}</p><h3>The foods</h3>{foods}"
        f"<h3>Nutrients against your targets</h3>{usual_nutrients(day)}"
        + usual_groups(day)
        + (f"<h3>Notes</h3>{bullets(day.notes)}" if day.notes else "")
    )


def usual_view(day: Any) -> str:
    """A :class:`~mealfix.explain.usual.DayScore` in a notebook."""
    hei = ""
    if day.hei is not None:
        hei = "<h3>Healthy Eating Index, component by component</h3>" + table(
            ["component", "points", "of"],
            ([c.name, f"{c.points:.1f}", f"{c.max:g}"] for c in day.hei.components),
            numeric={1, 2},
        )
    body = (
        "<h2>Your day, measured</h2>"
        + usual_body(day)
        + hei
        + (disclaimer(day.disclaimer) if day.disclaimer else "")
    )
    return wrap(body, extra_class="mealfix-usual")
