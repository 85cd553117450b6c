"""The handout in a real browser: headless Chromium prints it to PDF and screenshots it.

The first printed page must hold what a patient needs at the table and at the doctor's door:
the day by meal, the see-a-doctor box and the disclaimer. Skipped where Chromium (CI installs
Debian's) or pypdf is missing.
"""

from __future__ import annotations

import re
import shlex
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


#: The README's first example, as a day and as a three-day week.
README_DAY = shlex.split("--sex female --age 34 --diet vegan --suspect magnesium,vitamin_b12")
#: Paper as the PDF's MediaBox gives it, in points (1/72 inch), rounded.
PAPERS = {"letter": (612, 792), "A4": (595, 842)}


@pytest.fixture(scope="module")
def readme_day(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Plan]:
    page = tmp_path_factory.mktemp("day") / "plan.html"
    run = run_cli("plan", *README_DAY, "--format", "html", "--output", str(page))
    assert run.code == 0, run.stderr
    return page, Plan.model_validate(run_cli("plan", *README_DAY, "--format", "json").json())


@pytest.fixture(scope="module")
def short_week(tmp_path_factory: pytest.TempPathFactory) -> Path:
    page = tmp_path_factory.mktemp("week") / "week.html"
    args = ("--days", "3", "--time-limit", "15", "--format", "html", "--output", str(page))
    run = run_cli("week", *README_DAY, *args)
    assert run.code == 0, run.stderr
    return page


def printed(page: Path, paper: str, folder: Path) -> bytes:
    """``page`` printed to PDF on ``paper``, as a person's print dialog would (the paper is
    chosen by an added ``@page`` rule; the handout's own rule leaves the size to the printer)."""
    source = folder / f"{page.stem}-{paper}.html"
    markup = page.read_text(encoding="utf-8")
    rule = f"<style>@page {{ size: {paper}; }}</style></head>"
    source.write_text(markup.replace("</head>", rule, 1), encoding="utf-8")
    pdf = folder / f"{source.stem}.pdf"
    chromium(folder / "profile", "--no-pdf-header-footer", f"--print-to-pdf={pdf}", source.as_uri())
    return pdf.read_bytes()


def page_count(pdf: bytes) -> int:
    """Pages in a PDF: its /Type /Page objects (not the /Type /Pages tree above them)."""
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


def paper_size(pdf: bytes) -> tuple[int, int]:
    match = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    assert match, "the PDF names no page size"
    return round(float(match[1])), round(float(match[2]))


@pytest.mark.parametrize("paper", PAPERS)
def test_a_day_prints_on_at_most_two_pages(
    readme_day: tuple[Path, Plan], tmp_path: Path, paper: str
) -> None:
    page, plan = readme_day
    pdf = printed(page, paper, tmp_path)
    assert paper_size(pdf) == PAPERS[paper]
    assert 1 <= page_count(pdf) <= 2, f"the day prints on {page_count(pdf)} {paper} pages"
    markup = page.read_text(encoding="utf-8")
    for n in plan.nutrient_totals:  # the screen page still holds every nutrient
        assert f">{n.name.replace('&', '&amp;')}<" in markup


@pytest.mark.parametrize("paper", PAPERS)
def test_a_week_prints_on_a_page_a_day_and_the_shopping_list(
    short_week: Path, tmp_path: Path, paper: str
) -> None:
    markup = short_week.read_text(encoding="utf-8")
    days = markup.count("<section class='day'>")
    assert days == 3 and "Shopping list" in markup
    pdf = printed(short_week, paper, tmp_path)
    assert paper_size(pdf) == PAPERS[paper]
    assert page_count(pdf) <= days + 1, f"3 days print on {page_count(pdf)} {paper} pages"


def test_printed_day_keeps_its_rows_whole_and_says_where_the_tables_are(
    readme_day: tuple[Path, Plan], tmp_path: Path
) -> None:
    """Page 1: the whole day by meal, the doctor box and the disclaimer; no row split across a
    page; the last page says the long tables were left to the screen page and the JSON."""
    pypdf = pytest.importorskip("pypdf")
    page, plan = readme_day
    pdf = tmp_path / "day.pdf"
    pdf.write_bytes(printed(page, "letter", tmp_path))
    pages = [words(p.extract_text()) for p in pypdf.PdfReader(pdf).pages]
    first = pages[0]
    for item in plan.meals:
        row = f"{words(item.name)} {words(item.household or '')} {item.grams:g} g"
        assert row.replace("  ", " ") in first, f"{item.name}: its row is not whole on page 1"
    assert words(plan.see_a_doctor or "")[:60] in first
    assert words(plan.disclaimer)[-40:] in first
    assert "Every nutrient against its target" not in " ".join(pages)
    assert "Left out of the print" in pages[-1] and "--format json" in pages[-1]
