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
.mealfix table th, .mealfix table td { border-bottom: 1px solid rgba(128, 128, 128, .35);
  padding: .25rem .45rem; text-align: left; vertical-align: top; }
.mealfix th { font-weight: 600; }
.mealfix table td.num, .mealfix table th.num { text-align: right;
  font-variant-numeric: tabular-nums; white-space: nowrap; }
.mealfix .muted { opacity: .75; font-size: .88rem; }
.mealfix tr.meal th { padding-top: .6rem; border-bottom: 1.5px solid #2e86c1; font-size: 1rem; }
.mealfix tr.meal .muted { font-weight: normal; }
.mealfix .doctor { border: 2px solid #b03a2e; background: #fdecea; color: #3b0d08;
  border-radius: .4rem; padding: .6rem .8rem; margin: .6rem 0; }
.mealfix .doctor strong { display: block; font-size: 1.05rem; margin-bottom: .15rem; }
.mealfix .urgent { border: 3px solid #b03a2e; background: #fdecea; color: #3b0d08;
  border-radius: .4rem; padding: .6rem .8rem; margin: .6rem 0; }
.mealfix .urgent > strong { display: block; font-size: 1.15rem; }
.mealfix .urgent ul { margin: .3rem 0 0; }
.mealfix .disclaimer { font-style: italic; font-size: .9rem; margin: .4rem 0; }
.mealfix ul, .mealfix ol { margin: .3rem 0 .6rem; padding-left: 1.4rem; }
.mealfix figure { margin: .5rem 0; }
.mealfix svg { max-width: 100%; height: auto; }
.mealfix svg text { font-family: system-ui, sans-serif; fill: currentColor; }
"""


ALIGN_LEFT = " style='text-align:left'"


def text_table(
    head: Sequence[str], rows: Iterable[Sequence[object]], numeric: Collection[int] = ()
) -> str:
    """A plain-text table for a ``repr``: text left-aligned, numbers right-aligned."""
    cells = [[str(h) for h in head], *([str(v) for v in row] for row in rows)]
    widths = [max(len(r[i]) for r in cells) for i in range(len(head))]

    def line(row: list[str]) -> str:
        parts = [
            v.rjust(w) if i in numeric else v.ljust(w)
            for i, (v, w) in enumerate(zip(row, widths, strict=True))
        ]
        return "  ".join(parts).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(cells[0]), rule, *(line(r) for r in cells[1:])])


def esc(value: object) -> str:
    """Text made safe for HTML (food names hold '&' and '"')."""
    return html.escape(str(value))


def num(value: float | None, digits: int = 4) -> str:
    """A number as a person reads it: ``digits`` significant figures, no exponent (25400, not
    2.54e+04); '' when missing."""
    if value is None:
        return ""
    text = f"{value:.{digits}g}"
    return f"{value:.0f}" if "e" in text and abs(value) >= 1 else text


def table(
    head: Sequence[str],
    rows: Iterable[Sequence[object]],
    numeric: Collection[int] = (),
    raw: Collection[int] = (),
) -> str:
    """A table; columns in ``numeric`` are right-aligned, those in ``raw`` hold HTML already.

    Each cell also says its alignment inline: JupyterLab right-aligns table cells and drops a
    view's ``<style>`` in an untrusted notebook, so text would otherwise sit on the right."""

    def cell(tag: str, i: int, value: object) -> str:
        kind = " class='num' style='text-align:right'" if i in numeric else ALIGN_LEFT
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


def urgent_box(urgent: Any) -> str:
    """The urgent-care box a view puts first when a named symptom is a red flag ('' when
    none is); ``urgent`` is an :class:`~mealfix.inputs.symptoms.UrgentCare` or None."""
    if urgent is None:
        return ""
    signs = "".join(
        f"<li><strong>{esc(s.label)}</strong> {esc(s.advice)} <span class='muted'>Source: "
        + ", ".join(esc(url) for url in s.sources)
        + "</span></li>"
        for s in urgent.signs
    )
    return (
        "<aside class='urgent' role='alert'><strong>Get urgent medical care</strong>"
        f"<p>{esc(urgent.message)}</p><ul>{signs}</ul></aside>"
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
        urgent_box(report.urgent)
        + f"<h2>Nutrients linked to: {esc(', '.join(report.symptoms))}</h2>"
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


def urgent_text(urgent: Any) -> list[str]:
    """The urgent-care advice as the first lines of a ``repr`` (none without a red flag)."""
    return [] if urgent is None else ["! " + line for line in urgent.lines()]


def gaps_rows(report: Any) -> list[list[object]]:
    """A :class:`~mealfix.explain.gaps.GapsReport` as rows: nutrient, unit, target, worst and
    best case with their % of the target, what caps the best case."""
    return [
        [
            ("! " if g.flagged else "") + g.name,
            g.unit,
            f"{g.target:g}",
            num(g.worst),
            f"{g.worst_pct:.0f}",
            num(g.best),
            f"{g.best_pct:.0f}",
            "; ".join(g.limited_by[:2]),
        ]
        for g in report.gaps
    ]


GAPS_HEAD = ("nutrient", "unit", "target", "worst", "%", "best", "%", "best case limited by")


def gaps_title(report: Any) -> str:
    group = f" ({report.group})" if report.group else ""
    return f"Problem nutrients on a {report.diet} diet{group}; '!': food alone falls short"


def gaps_view(report: Any) -> str:
    """A gaps report in a notebook: one table, flagged nutrients marked."""
    body = (
        f"<h2>{esc(gaps_title(report))}</h2>"
        + table(GAPS_HEAD, gaps_rows(report), numeric={2, 3, 4, 5, 6})
        + disclaimer(report.disclaimer)
    )
    return wrap(body, extra_class="mealfix-gaps")


def hei_rows(score: Any) -> list[list[object]]:
    """An HEI score's components as rows: name, points, maximum, amount scored, unit."""
    return [
        [c.name, f"{c.points:.1f}", f"{c.max:g}", f"{c.amount:.3g}", c.unit]
        for c in score.components
    ]


HEI_HEAD = ("component", "points", "of", "scored on", "unit")


def hei_view(score: Any) -> str:
    """An HEI score in a notebook: the total and one row per component."""
    body = (
        f"<h2>Healthy Eating Index ({esc(score.version)}): {score.total:.1f} of 100</h2>"
        + table(HEI_HEAD, hei_rows(score), numeric={1, 2, 3})
    )
    return wrap(body, extra_class="mealfix-hei")


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
        urgent_box(getattr(report, "urgent", None))
        + f"<h2>No plan: {esc(report.message)}</h2><h3>The closest day</h3>{short}"
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
