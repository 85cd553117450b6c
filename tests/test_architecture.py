"""The package's shape holds: one-way layers, no import cycle, small modules, no private reach.

A newcomer finds each stage by its folder only while these hold; they are checked here so that
a change that breaks them fails the suite, not a later reader.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

import mealfix
from conftest import REPO

PACKAGE = Path(mealfix.__file__).resolve().parent
MODULES = sorted(PACKAGE.rglob("*.py"))
STAGES = ("inputs", "model", "solve", "explain", "output")


def test_the_layers_contract_is_kept() -> None:
    """import-linter's layers contract in pyproject.toml (the same check CI's log shows)."""
    tool = Path(sys.executable).with_name("lint-imports")
    run = subprocess.run([str(tool)], cwd=REPO, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    assert "1 kept, 0 broken" in run.stdout


def test_no_import_cycle_even_counting_type_checking_imports() -> None:
    graph = grimp.build_graph("mealfix", exclude_type_checking_imports=False)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(module: str) -> None:  # Tarjan's strongly connected components
        index[module] = low[module] = len(index)
        stack.append(module)
        for other in graph.find_modules_directly_imported_by(module):
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            group = []
            while True:
                top = stack.pop()
                group.append(top)
                if top == module:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    assert cycles == []


def test_each_stage_is_a_folder_that_says_what_it_owns() -> None:
    for stage in STAGES:
        init = PACKAGE / stage / "__init__.py"
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc and len(doc.splitlines()) == 1, f"{stage}/ needs a one-line docstring"


@pytest.mark.parametrize("path", MODULES, ids=[str(p.relative_to(PACKAGE)) for p in MODULES])
def test_modules_read_in_one_sitting(path: Path) -> None:
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 400


def _stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 else module


def test_no_private_name_is_imported_across_subpackages() -> None:
    reached: list[str] = []
    for path in MODULES:
        relative = path.relative_to(PACKAGE.parent).with_suffix("")
        importer = ".".join(p for p in relative.parts if p != "__init__")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom) or not (node.module or "").startswith(
                "mealfix"
            ):
                continue
            private = [
                a.name for a in node.names if a.name.startswith("_") and not a.name.endswith("__")
            ]
            if private and _stage(node.module or "") != _stage(importer):
                reached.append(f"{importer} imports {private} from {node.module}")
    assert reached == []
