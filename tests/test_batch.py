"""Batch planning: one line per row, per-row failures, resume after an interruption, Dask."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import hand_files, run_cli, write
from mealfix.batch import run_batch


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """1,000 people: most plannable, every 10th without food C (still plannable, dearer),
    every 100th with an impossible age (a per-row error)."""
    lines = ["id,sex,age,exclude,objective"]
    for i in range(1000):
        age = "0" if i % 100 == 99 else str(20 + i % 60)
        exclude = "Food C" if i % 10 == 3 else ""
        lines.append(f"p{i},{'female' if i % 2 else 'male'},{age},{exclude},cost")
    people = write(tmp_path / "people.csv", "\n".join(lines) + "\n")
    foods, targets = hand_files(tmp_path)
    options = {"foods": str(foods), "targets": str(targets)}
    return people, options


def read_lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_thousand_rows_give_thousand_lines_and_resume(
    setup: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    people, options = setup
    output = tmp_path / "plans.jsonl"

    class Stop(Exception):
        pass

    def stop_after_300(done: int, total: int) -> None:
        if done == 300:
            raise Stop

    with pytest.raises(Stop):
        run_batch(people, output, workers=2, options=options, progress=stop_after_300)
    first = read_lines(output)
    assert len(first) == 300  # whole lines only

    result = run_batch(people, output, workers=2, options=options)
    assert result.skipped == 300 and result.planned + result.failed == 700
    lines = read_lines(output)
    ids = [line["id"] for line in lines]
    assert len(ids) == 1000 and len(set(ids)) == 1000
    by_id = {line["id"]: line for line in lines}
    assert not by_id["p99"]["ok"] and "age 0" in str(by_id["p99"]["error"])
    # Hand-solved optimum (tests/test_hand_solved.py): A 50 g + C 100 g for $1.30. Without C:
    # A 100 g + B 50 g = $1.50.
    assert by_id["p0"]["plan"]["objective"]["value"] == pytest.approx(1.30)  # type: ignore[index]
    assert by_id["p3"]["plan"]["objective"]["value"] == pytest.approx(1.50)  # type: ignore[index]
    assert sum(1 for line in lines if not line["ok"]) == 10


def test_torn_last_line_is_dropped_and_redone(
    setup: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    people, options = setup
    small = write(tmp_path / "few.csv", "\n".join(people.read_text().splitlines()[:4]) + "\n")
    output = tmp_path / "plans.jsonl"
    run_batch(small, output, workers=1, options=options)
    text = output.read_text()
    output.write_text(text + '{"id": "p9", "ok": tr')  # an interrupt in mid-line
    result = run_batch(small, output, workers=1, options=options)
    assert result.skipped == 3 and result.planned == 0
    assert len(read_lines(output)) == 3


def test_dask_gives_the_same_plans(setup: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    distributed = pytest.importorskip("dask.distributed")
    people, options = setup
    few = write(tmp_path / "few.csv", "\n".join(people.read_text().splitlines()[:8]) + "\n")
    local, remote = tmp_path / "local.jsonl", tmp_path / "dask.jsonl"
    run_batch(few, local, workers=1, options=options)
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        run_batch(few, remote, dask_address=cluster.scheduler_address, options=options)
    key = lambda line: str(line["id"])  # noqa: E731
    assert sorted(read_lines(local), key=key) == sorted(read_lines(remote), key=key)


def test_cli_batch_reports_counts(setup: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    people, options = setup
    few = write(tmp_path / "few.csv", "\n".join(people.read_text().splitlines()[:6]) + "\n")
    output = tmp_path / "out.jsonl"
    run = run_cli(
        "batch",
        str(few),
        "--output",
        str(output),
        "--workers",
        "1",
        "--quiet",
        "--foods",
        options["foods"],
        "--targets",
        options["targets"],
    )
    assert run.code == 0, run.stderr
    assert "5 planned, 0 without a plan or with an error, 0 already done" in run.stderr
    bad = write(tmp_path / "bad.csv", "id,sex,years\n1,male,30\n")
    run = run_cli("batch", str(bad), "--output", str(tmp_path / "x.jsonl"))
    assert run.code == 2 and "unknown column 'years'" in run.stderr
