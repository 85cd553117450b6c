"""The HTML report: one self-contained page that shows every food and the chart."""

from __future__ import annotations

import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import run_cli

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


class Page(HTMLParser):
    """Collects the text, the tags and every attribute that could load something."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.tags: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.links += [v or "" for k, v in attrs if k in ("src", "href", "xlink:href")]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    folder = tmp_path_factory.mktemp("html")
    page = folder / "plan.html"
    args = (
        "plan",
        "--sex",
        "female",
        "--age",
        "34",
        "--diet",
        "vegan",
        "--suspect",
        "magnesium",
        "--symptoms",
        "cramps",
    )
    run = run_cli(*args, "--format", "html", "--output", str(page))
    assert run.code == 0, run.stderr
    plan = run_cli(*args, "--format", "json").json()
    return page, plan


def test_page_is_self_contained_and_complete(report: tuple[Path, dict[str, object]]) -> None:
    page, plan = report
    parser = Page()
    parser.feed(page.read_text(encoding="utf-8"))
    text = " ".join(parser.text)
    for food in plan["foods"]:  # type: ignore[attr-defined]
        assert food["name"] in text
    assert "svg" in parser.tags, "the coverage chart is missing"
    assert "script" not in parser.tags and "link" not in parser.tags
    assert not [u for u in parser.links if u.startswith(("http", "//"))], parser.links
    assert "not medical advice" in text and "doctor" in text
    assert "@media print" in page.read_text(encoding="utf-8")


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")
def test_page_renders_in_headless_chromium(
    report: tuple[Path, dict[str, object]], tmp_path: Path
) -> None:
    page, plan = report
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
    ]
    dom = subprocess.run(
        [str(CHROMIUM), *flags, "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    for food in plan["foods"]:  # type: ignore[attr-defined]
        assert food["name"].replace("&", "&amp;") in dom
    assert "<svg" in dom
    shot = tmp_path / "page.png"
    subprocess.run(
        [str(CHROMIUM), *flags, f"--screenshot={shot}", "--window-size=1000,1600", page.as_uri()],
        capture_output=True,
        timeout=120,
        check=True,
    )
    assert shot.stat().st_size > 10_000


def test_notebook_view_shows_the_plan() -> None:
    from mealfix import Person, plan

    day = plan(Person(sex="male", age=50), suspect=["potassium"])
    view = day._repr_html_()
    for name in day.foods["name"]:
        assert name in view
    assert "Potassium" in view and "not medical advice" in view
    assert view.count("<tr>") >= len(day.foods) + len(day.nutrients)
