"""A report as plain data (headings, paragraphs, lists, tables), drawn for a terminal or as
markdown: one description of what a person reads, so every format says the same thing.

The terminal drawing uses rich, which wraps a table's long columns to the width it is given;
rich is imported only when a table is drawn, so ``mealfix --help`` stays fast.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field, replace
from typing import Any

from mealfix.explain.views import num
from mealfix.output.clean import screen

#: How a block or a row stands out on a colour terminal (plain output ignores it).
STYLES = {
    "title": "bold",
    "heading": "bold cyan",
    "warn": "bold red",
    "flag": "red",
    "strong": "bold",
    "muted": "dim",
}


@dataclass(frozen=True)
class Column:
    """A table column: a number is right-aligned and never wrapped; ``wrap`` marks the long
    text column that takes the width left over."""

    header: str
    numeric: bool = False
    wrap: bool = False
    #: The most of the width a text column may take, so the wrapped column keeps room.
    share: float | None = None


@dataclass(frozen=True)
class Table:
    """Rows of text cells under ``columns``; ``styles`` gives a row's emphasis (or None)."""

    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]
    styles: tuple[str | None, ...] = ()

    @staticmethod
    def of(
        columns: list[Column], rows: list[list[str]], styles: list[str | None] | None = None
    ) -> Table:
        return Table(tuple(columns), tuple(tuple(r) for r in rows), tuple(styles or ()))


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 2


@dataclass(frozen=True)
class Para:
    """A paragraph, wrapped to the width; ``tight`` keeps it right under the block before."""

    text: str
    style: str | None = None
    tight: bool = False


@dataclass(frozen=True)
class Bullets:
    """A list whose items wrap with a hanging indent."""

    items: tuple[str, ...]
    numbered: bool = False
    tight: bool = False


Block = Heading | Para | Bullets | Table


@dataclass
class Doc:
    """The blocks of one report, in reading order."""

    blocks: list[Block] = field(default_factory=list)

    def add(self, *blocks: Block) -> Doc:
        self.blocks.extend(blocks)
        return self

    def section(self, title: str, *blocks: Block) -> Doc:
        """A heading and its blocks, or nothing when it has none to show."""
        shown = [b for b in blocks if not _empty(b)]
        if shown:
            self.blocks.extend([Heading(title), *shown])
        return self


def _empty(block: Block) -> bool:
    if isinstance(block, Table):
        return not block.rows
    if isinstance(block, Bullets):
        return not block.items
    return not block.text


def number(value: float | None, digits: int = 4) -> str:
    """A number as people read it (see :func:`mealfix.explain.views.num`)."""
    return num(value, digits)


def draw(doc: Doc, fmt: str, *, width: int | None = None, color: bool = False) -> str:
    """The report as ``markdown``, or as text for a terminal (``table``) of ``width`` columns
    (default: the terminal's, or ``COLUMNS``, else 80), with colour only when ``color``."""
    shown = Doc([_screened(b) for b in doc.blocks if not _empty(b)])
    if fmt == "markdown":
        return to_markdown(shown)
    return to_terminal(shown, width=width, color=color)


def _screened(block: Block) -> Block:
    """The block with every text made safe for a terminal: names from a data file may hold
    escape sequences or bidi overrides (see :func:`~mealfix.output.clean.screen`)."""
    if isinstance(block, Table):
        columns = tuple(replace(c, header=screen(c.header)) for c in block.columns)
        rows = tuple(tuple(screen(cell) for cell in row) for row in block.rows)
        return replace(block, columns=columns, rows=rows)
    if isinstance(block, Bullets):
        return replace(block, items=tuple(screen(item) for item in block.items))
    return replace(block, text=screen(block.text))


def terminal_width() -> int:
    """COLUMNS, else the terminal's width, else 80 (a pipe or a file)."""
    import shutil

    return max(shutil.get_terminal_size((80, 24)).columns, 40)


# --- markdown --------------------------------------------------------------------------------


def to_markdown(doc: Doc) -> str:
    out: list[str] = []
    for block in doc.blocks:
        if out and not getattr(block, "tight", False) and not _after_heading(out):
            out.append("")
        if isinstance(block, Heading):
            out.append("#" * block.level + " " + block.text)
        elif isinstance(block, Para):
            out.append(f"**{block.text}**" if block.style == "warn" else block.text)
        elif isinstance(block, Bullets):
            out += [
                (f"{n}. " if block.numbered else "- ") + item
                for n, item in enumerate(block.items, start=1)
            ]
        else:
            out += _markdown_table(block)
    return "\n".join(out) + "\n"


def _after_heading(lines: list[str]) -> bool:
    return lines[-1].startswith("#")


def _markdown_table(table: Table) -> list[str]:
    def cells(row: tuple[str, ...]) -> str:
        return "| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in row) + " |"

    rule = "|" + "|".join("---:" if c.numeric else "---" for c in table.columns) + "|"
    return [cells(tuple(c.header for c in table.columns)), rule, *(cells(r) for r in table.rows)]


# --- terminal --------------------------------------------------------------------------------


def to_terminal(doc: Doc, *, width: int | None = None, color: bool = False) -> str:
    """Draw with rich into a string: tables fitted to ``width``, text wrapped to it."""
    from rich.console import Console

    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width or terminal_width(),
        force_terminal=color,
        color_system="auto" if color else None,
        no_color=None if color else True,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=False,
        force_jupyter=False,
        force_interactive=False,
        legacy_windows=False,
    )
    first, previous_heading = True, False
    for block in doc.blocks:
        if not first and not getattr(block, "tight", False) and not previous_heading:
            console.print()
        console.print(_renderable(block, color, console.width))
        previous_heading = isinstance(block, Heading)
        first = False
    text = buffer.getvalue()
    # rich pads cells with spaces: a line ends where its text ends
    return "\n".join(line.rstrip() for line in text.split("\n"))


def _style(name: str | None, color: bool) -> str:
    return STYLES.get(name or "", "") if color else ""


def _renderable(block: Block, color: bool, width: int) -> Any:
    from rich.text import Text

    if isinstance(block, Heading):
        return Text(block.text, style=_style("title" if block.level == 1 else "heading", color))
    if isinstance(block, Para):
        return Text(block.text, style=_style(block.style, color))
    if isinstance(block, Bullets):
        return _bullets(block)
    return _rich_table(block, color, width)


def _bullets(block: Bullets) -> Any:
    """Items as a two-column grid, so a wrapped item keeps its indent under its text."""
    from rich.table import Table as RichTable

    grid = RichTable.grid()
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    for n, item in enumerate(block.items, start=1):
        grid.add_row(f"  {n}. " if block.numbered else "  - ", item)
    return grid


def _plain_box() -> Any:
    """Columns apart by spaces, a row of dashes under the header: readable anywhere."""
    from rich.box import Box

    return Box("    \n    \n -  \n    \n    \n    \n    \n    \n", ascii=True)


def _rich_table(table: Table, color: bool, width: int) -> Any:
    """The table at its natural width when that fits, else with each ``share`` column capped
    so that rich's wrapping leaves the long column room."""
    from rich.console import Console

    natural = _rich_columns(table, color, None)
    measuring = Console(width=10_000, file=io.StringIO())
    if measuring.measure(natural).maximum <= width:
        return natural
    return _rich_columns(table, color, width)


def _rich_columns(table: Table, color: bool, width: int | None) -> Any:
    from rich import box
    from rich.table import Table as RichTable

    shown = RichTable(
        box=box.SIMPLE_HEAD if color else _plain_box(),
        show_edge=False,
        pad_edge=False,
        header_style=_style("strong", color),
        expand=False,
        collapse_padding=True,
    )
    for column in table.columns:
        if column.numeric:
            shown.add_column(column.header, justify="right", no_wrap=True)
        elif column.wrap:
            shown.add_column(column.header, ratio=1, overflow="fold", min_width=12)
        else:
            most = max(8, int(width * column.share)) if width and column.share else None
            shown.add_column(column.header, overflow="fold", max_width=most)
    styles = table.styles or (None,) * len(table.rows)
    for row, style in zip(table.rows, styles, strict=True):
        shown.add_row(*row, style=_style(style, color) or None)
    return shown
