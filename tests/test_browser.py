"""The handout in a real browser: headless Chromium prints it to PDF and screenshots it.

The first printed page must hold what a patient needs at the table and at the doctor's door:
the day by meal, the see-a-doctor box and the disclaimer. Skipped where Chromium (CI installs
Debian's) or pypdf is missing.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from conftest import run_cli
from mealfix.output.results import Plan

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")

ARGS = ("plan", "--sex", "female", "--age", "34", "--symptoms", "cramps")
PNG = b"\x89PNG\r\n\x1a\n"


def chromium(profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium offline-minded: no sandbox (root in CI), no network chatter."""
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
    ]
    return subprocess.run(
        [str(CHROMIUM), *flags, *args], capture_output=True, text=True, timeout=180, check=True
    )


def words(text: str) -> str:
    """PDF text as comparable words: ligatures undone (fi), every run of spaces one space."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


@pytest.fixture(scope="module")
def handout(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Plan]:
    folder = tmp_path_factory.mktemp("browser")
    page = folder / "plan.html"
    run = run_cli(*ARGS, "--format", "html", "--output", str(page))
    assert run.code == 0, run.stderr
    plan = Plan.model_validate(run_cli(*ARGS, "--format", "json").json())
    assert plan.see_a_doctor and plan.meals, "symptoms give a doctor box; the day has meals"
    return page, plan


def test_first_printed_page_holds_meals_doctor_box_and_disclaimer(
    handout: tuple[Path, Plan], tmp_path: Path
) -> None:
    pypdf = pytest.importorskip("pypdf")
    page, plan = handout
    pdf = tmp_path / "plan.pdf"
    chromium(
        tmp_path / "profile",
        "--no-pdf-header-footer",
        f"--print-to-pdf={pdf}",
        page.as_uri(),
    )
    pages = [words(p.extract_text()) for p in pypdf.PdfReader(pdf).pages]
    assert len(pages) >= 2, "the handout goes on after its first page"
    first = pages[0]
    for item in plan.meals:
        assert words(item.name) in first, f"{item.meal}: {item.name} is not on page 1"
        assert item.meal.capitalize() in first
    doctor = words(plan.see_a_doctor or "")
    assert "When to see a doctor" in first
    assert doctor[:60] in first and doctor[-60:] in first
    disclaimer = words(plan.disclaimer)
    assert disclaimer[:60] in first and disclaimer[-40:] in first
    assert "Appendix" not in first and "objective" not in first
    assert any("Appendix" in p for p in pages[1:])


@pytest.mark.parametrize("width", [390, 1000], ids=["phone", "desktop"])
def test_screenshot_and_dom(handout: tuple[Path, Plan], tmp_path: Path, width: int) -> None:
    page, plan = handout
    dom = chromium(tmp_path / "profile", "--dump-dom", page.as_uri()).stdout
    for food in plan.food_items:
        assert food.name.replace("&", "&amp;") in dom
    assert "<svg" in dom and 'class="doctor"' in dom.replace("'", '"')
    shot = tmp_path / "page.png"
    chromium(
        tmp_path / "profile", f"--screenshot={shot}", f"--window-size={width},1800", page.as_uri()
    )
    data = shot.read_bytes()
    assert data.startswith(PNG) and len(data) > 10_000
    assert int.from_bytes(data[16:20], "big") == width  # the PNG header's width
