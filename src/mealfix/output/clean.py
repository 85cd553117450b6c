"""Text from data files made harmless where it lands: a food or nutrient name may hold what a
terminal obeys (escape sequences, right-to-left overrides), what a spreadsheet runs (``=2+5``,
``@SUM(...)``) or what matplotlib reads as mathtext (``$...$``)."""

from __future__ import annotations

import re

#: C0 controls but the line end, DEL, C1 controls, and the bidi marks, embeddings, overrides
#: and isolates (U+061C, U+200E/F, U+202A-E, U+2066-9) that reorder what a terminal shows.
UNSEEN = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
#: A cell starting with one of these is a formula to a spreadsheet (OWASP CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def screen(text: str) -> str:
    """``text`` for a terminal or markdown: control characters and bidi overrides removed,
    line ends kept."""
    return UNSEEN.sub("", text)


def csv_cell(value: object) -> object:
    """A CSV cell a spreadsheet shows as written: text that would start a formula gets a
    leading ``'``; numbers, and text that is a plain number ("-5", "+2.5e3"), stay as they are."""
    if not isinstance(value, str) or PLAIN_NUMBER.fullmatch(value):
        return value
    return "'" + value if value.startswith(FORMULA_START) else value


def plot_label(text: str) -> str:
    """A matplotlib label shown as written: ``$`` escaped, so no pair starts mathtext."""
    return text.replace("$", r"\$")
