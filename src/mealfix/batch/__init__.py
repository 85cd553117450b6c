"""Plan for many people: one row per person in, one JSON line per plan (or error) out.

Each line is written whole and flushed as soon as its plan is done, so an interrupted batch
leaves only complete lines, and a second run skips the rows already answered in the output (a
plan, or a proven "no plan") from the same data and options (each line's ``made_with``); a row
that ended in an error (a bad cell, a time limit) is tried again, its new line after the old.
One batch at a time writes an output (a lock on it).
Work runs in worker processes on this machine, which end with the batch even when it is killed,
or on a Dask cluster with the same function.
"""

from __future__ import annotations

import contextlib
import csv
import json
import multiprocessing
import os
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from mealfix.batch.lines import finished_ids, lock, stale_note
from mealfix.errors import DataError, MealfixError, UsageError
from mealfix.inputs.files import check_regular, inputs_digest

T = TypeVar("T")
#: Columns a people file may have; ``sex`` and ``age`` are required.
COLUMNS = (
    "id",
    "sex",
    "age",
    "stage",
    "diet",
    "suspect",
    "symptoms",
    "allergy",
    "exclude",
    "include",
    "objective",
    "budget",
)
LIST_COLUMNS = ("suspect", "symptoms", "allergy", "exclude", "include")


@dataclass(frozen=True)
class BatchResult:
    """What a batch run did: rows planned, rows that failed, rows skipped as already done."""

    planned: int
    failed: int
    skipped: int
    output: str


def read_people(path: str | Path) -> list[dict[str, str]]:
    """The people file as rows of text; every row gets an ``id`` (its line number if none)."""
    label = str(path)
    check_regular(Path(path), label)
    try:
        with Path(path).open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle, strict=True)
            rows = list(reader)
            header = reader.fieldnames or []
    except FileNotFoundError:
        raise DataError(label, "no such file") from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise DataError(label, f"is not valid CSV text: {exc}") from None
    unknown = [c for c in header if c not in COLUMNS]
    if unknown:
        raise DataError(
            label, f"unknown column {unknown[0]!r} (known: {', '.join(COLUMNS)})", "header"
        )
    for needed in ("sex", "age"):
        if needed not in header:
            raise DataError(label, f"has no {needed!r} column", "header")
    seen: set[str] = set()
    for number, row in enumerate(rows, start=2):
        if None in row:
            raise DataError(label, "more fields than the header", f"line {number}")
        row["id"] = (row.get("id") or "").strip() or str(number)
        if row["id"] in seen:
            raise DataError(label, f"id {row['id']!r} appears twice", f"line {number}")
        seen.add(row["id"])
    return rows


def plan_rows(rows: list[dict[str, str]], options: dict[str, Any]) -> list[dict[str, Any]]:
    """Several rows in one worker task (rows that share a model: it is solved once)."""
    return [plan_row(row, options) for row in rows]


def plan_row(row: dict[str, str], options: dict[str, Any]) -> dict[str, Any]:
    """One person's plan as a JSON-ready dict; a failure becomes an error entry, not a raise."""
    from mealfix.api import plan_for
    from mealfix.inputs.person import make_person
    from mealfix.model.request import PlanRequest

    try:
        stage = (row.get("stage") or "none").strip().lower()
        if stage not in ("none", "pregnancy", "lactation", ""):
            raise DataError(
                "people", f"stage {stage!r} is not none, pregnancy or lactation", f"row {row['id']}"
            )
        try:
            age = int((row.get("age") or "").strip())
        except ValueError:
            raise DataError(
                "people", f"age {row.get('age')!r} is not a whole number", f"row {row['id']}"
            ) from None
        person = make_person(
            (row.get("sex") or "").strip().lower() or None,
            age,
            pregnant=stage == "pregnancy",
            lactating=stage == "lactation",
        )
        lists = {c: _items(row.get(c)) for c in LIST_COLUMNS}
        budget = (row.get("budget") or "").strip()
        asked: dict[str, Any] = {
            "suspect": lists["suspect"],
            "symptoms": lists["symptoms"],
            "allergies": lists["allergy"],
            "exclude": lists["exclude"],
            "include": lists["include"],
            "budget": float(budget) if budget else None,
            **{k: v for k, v in options.items() if v is not None},
        }
        for column in ("diet", "objective"):  # an empty cell: the request's default
            if (row.get(column) or "").strip():
                asked[column] = row[column].strip()
        request = PlanRequest.of(person, **asked)
        result = plan_for(request, engine=_engine(options.get("solver")))
    except MealfixError as exc:
        kind = "no plan" if exc.exit_code == 1 else "error"
        return {"id": row["id"], "ok": False, "kind": kind, "error": str(exc)}
    except (ValueError, TypeError) as exc:  # a malformed cell, e.g. budget "lots"
        return {"id": row["id"], "ok": False, "kind": "error", "error": str(exc)}
    return {"id": row["id"], "ok": True, "plan": result.to_dict()}


def run_batch(
    people: str | Path,
    output: str | Path,
    *,
    workers: int | None = None,
    dask_address: str | None = None,
    options: dict[str, Any] | None = None,
    progress: Callable[[int, int], None] | None = None,
    notice: Callable[[str], None] | None = None,
) -> BatchResult:
    """Plan every row of ``people`` not already in ``output`` (JSON lines, appended) made with
    the same data and options; ``notice`` is told, in one line, of done rows planned again."""
    from mealfix.output.files import check_append, open_append

    check_append(Path(output))  # a device, pipe or folder: refused before anything is read
    rows = read_people(people)
    _not_the_people_file(Path(people), Path(output))
    options = options or {}
    made = inputs_digest(options)
    planned = failed = 0
    with contextlib.ExitStack() as stack:
        client = stack.enter_context(_dask_client(dask_address)) if dask_address else None
        handle = stack.enter_context(open_append(Path(output)))
        lock(handle, output)
        finished = finished_ids(handle, output)
        todo = [r for r in rows if r["id"] not in finished or finished[r["id"]] != made]
        stale = [finished[r["id"]] for r in todo if r["id"] in finished]
        if stale and notice:
            notice(stale_note(stale, output))
        results = (
            _dask_map(todo, options, client)
            if client is not None
            else _local_map(todo, options, workers or os.cpu_count() or 1)
        )
        try:
            for count, line in enumerate(results, start=1):
                line = {**line, "made_with": made}
                handle.write((json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n").encode())
                handle.flush()
                planned += line["ok"]
                failed += not line["ok"]
                if progress:
                    progress(count, len(todo))
        finally:
            results.close()  # stops the workers at once when the batch is interrupted
    return BatchResult(
        planned=planned, failed=failed, skipped=len(rows) - len(todo), output=str(output)
    )


def _not_the_people_file(people: Path, output: Path) -> None:
    """Answers written into the people file would spoil it (and be refused next time)."""
    if output.exists() and os.path.samefile(people, output):
        raise DataError(str(output), "is the people file itself; give another output file")


def _local_map(
    rows: list[dict[str, str]], options: dict[str, Any], workers: int
) -> Generator[dict[str, Any], None, None]:
    if workers <= 1 or len(rows) <= 1:
        for row in rows:
            yield plan_row(row, options)
        return
    # Workers come from a fresh server process, never forked from this one: a child forked after
    # HiGHS has run here can hang for ever on HiGHS's thread pool.
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    options = _one_thread(options)
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context(method),
        initializer=_watch_parent,
        initargs=(os.getpid(),),
    )
    try:
        pending: set[Future[list[dict[str, Any]]]] = set()
        queue = iter(_tasks(rows, options))
        for task in _take(queue, 2 * workers):
            pending.add(pool.submit(plan_rows, task, options))
        while pending:
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                yield from future.result()
                for task in _take(queue, 1):
                    pending.add(pool.submit(plan_rows, task, options))
    finally:  # on an interrupt too: drop queued work, let the workers go
        pool.shutdown(wait=True, cancel_futures=True)


def _one_thread(options: dict[str, Any]) -> dict[str, Any]:
    """One HiGHS thread per worker, local or on Dask: the workers already fill the cores (a
    Dask batch with HiGHS's default two threads a worker ran 1.4 x slower on 2 cores)."""
    return {**options, "solver_options": {**options.get("solver_options", {}), "threads": 1}}


def _watch_parent(parent: int) -> None:
    """In a worker: end at once when the batch's own process is gone (even after kill -9)."""
    import threading
    import time

    def watch() -> None:
        while True:
            time.sleep(WATCH_SECONDS)
            try:
                os.kill(parent, 0)
            except ProcessLookupError:
                os._exit(1)
            except PermissionError:  # alive, under another user
                pass

    threading.Thread(target=watch, daemon=True).start()


#: How often a worker checks that its batch is still there.
WATCH_SECONDS = 0.5


def _tasks(rows: list[dict[str, str]], options: dict[str, Any]) -> list[list[dict[str, str]]]:
    """Rows that ask for the same day (same life-stage group, diet, suspects, ...) go to one
    worker together, which solves their model once; at most TASK_ROWS rows a task."""
    groups: dict[tuple[str, ...], list[dict[str, str]]] = {}
    for row in rows:
        groups.setdefault(_same_day_key(row, options.get("targets")), []).append(row)
    tasks = [
        members[i : i + TASK_ROWS]
        for members in groups.values()
        for i in range(0, len(members), TASK_ROWS)
    ]
    return sorted(tasks, key=len, reverse=True)  # long tasks first: the workers end together


#: Rows per worker task: results of a task reach the output together.
TASK_ROWS = 25


def _same_day_key(row: dict[str, str], targets: str | None) -> tuple[str, ...]:
    cells = tuple((row.get(c) or "").strip().lower() for c in COLUMNS if c not in ("id", "age"))
    return (_life_stage(row.get("sex"), row.get("age"), row.get("stage"), targets), *cells)


@lru_cache(maxsize=1024)
def _life_stage(sex: str | None, age: str | None, stage: str | None, targets: str | None) -> str:
    """The DRI group of a row, or its raw cells when they do not make a person (an error the
    worker reports)."""
    try:
        from mealfix.inputs.person import make_person
        from mealfix.inputs.targets import load_targets

        person = make_person(
            (sex or "").strip().lower() or None,
            int((age or "").strip()),
            pregnant=(stage or "").strip().lower() == "pregnancy",
            lactating=(stage or "").strip().lower() == "lactation",
        )
        return str(load_targets(targets).for_person(person).group)
    except (MealfixError, ValueError):
        return f"{sex}|{age}|{stage}"


@contextlib.contextmanager
def _dask_client(address: str) -> Iterator[Any]:
    """A client of the Dask scheduler at ``address``; an address that cannot be one (no port,
    an unknown scheme) is one line, before the output is touched."""
    try:
        from dask.distributed import Client
        from distributed.comm.addressing import parse_address, parse_host_port
    except ImportError:
        raise MealfixError("--dask needs the dask extra: pip install 'mealfix[dask]'") from None
    try:  # checked before a client is made: Dask's own state can turn a bad one into an assert
        scheme, where = parse_address(address)
        if scheme != "inproc":  # a network address has a host and a port
            parse_host_port(where)
        client = Client(address)
    except (ValueError, TypeError) as exc:
        raise UsageError(f"dask scheduler address {address!r}: {exc}") from None
    with client:
        yield client


def _dask_map(
    rows: list[dict[str, str]], options: dict[str, Any], client: Any
) -> Generator[dict[str, Any], None, None]:
    from dask.distributed import as_completed

    options = _one_thread(options)
    tasks = _tasks(rows, options)
    futures = [client.submit(plan_rows, task, options, pure=False) for task in tasks]
    for future in as_completed(futures):
        yield from future.result()


def _take(items: Iterator[T], count: int) -> Iterable[T]:
    for _ in range(count):
        item = next(items, None)
        if item is None:
            return
        yield item


def _items(cell: str | None) -> list[str]:
    """A list cell: items separated by ';' (commas are kept, since food names have them)."""
    return [part.strip() for part in (cell or "").split(";") if part.strip()]


@lru_cache(maxsize=2)
def _engine(solver: str | None) -> Any:
    """One HiGHS instance per worker: a model of the same shape as the last one (same foods,
    same rows) is not built again; only its bounds and right-hand sides change."""
    from mealfix.solve.backends import engine_for

    return engine_for(solver)
