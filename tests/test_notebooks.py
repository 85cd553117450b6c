"""Every notebook runs top to bottom in a fresh kernel; each asserts what it claims, shows no
solver banner and each figure once (tests/test_jupyter.py checks the committed outputs)."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import REPO

#: Minutes of solving: `pytest -m "not slow"` is the quick run.
pytestmark = pytest.mark.slow

NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))


def test_there_are_notebooks() -> None:
    assert len(NOTEBOOKS) >= 3


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_and_asserts(path: Path) -> None:
    book = nbformat.read(path, as_version=4)
    sources = "\n".join(c.source for c in book.cells if c.cell_type == "code")
    assert "assert " in sources, "a notebook must check at least one number it shows"
    NotebookClient(
        book, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    cells = [c for c in book.cells if c.cell_type == "code"]
    outputs = [o for c in cells for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    assert "Running HiGHS" not in str(outputs)  # the solver's banner stays out of the notebook
    for cell in cells:  # a plot is shown once, not once as a figure and again as its repr
        images = [o for o in cell.get("outputs", []) if "image/png" in o.get("data", {})]
        assert len(images) <= 1, cell.source[:60]
