"""A batch's output file: the JSON lines already written, read before more are appended."""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO, Any

from mealfix.errors import DataError


def lock(handle: Any, output: str | Path) -> None:
    """Only one batch writes an output: a second one stops at once instead of doubling rows."""
    try:
        import fcntl
    except ImportError:  # no advisory locks here (Windows): one batch per output, by care
        return
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        raise DataError(
            str(output), "is being written by another mealfix batch; wait for it to end"
        ) from None


def stale_note(stale: list[str | None], output: str | Path) -> str:
    """One line: how many done rows are planned again, and why."""
    why = ["made with other data or options"] if set(stale) - {None} else []
    why += ["made before mealfix recorded their data"] if None in stale else []
    return f"planning again {len(stale)} done row(s) of {output}: {' or '.join(why)}"


def finished_ids(handle: IO[bytes], output: str | Path) -> dict[str, str | None]:
    """Row ids already answered in the open batch output (a plan, or a proven no plan), each
    with the digest of the data and options it was made with (None on a line of an older
    mealfix); a row whose last line is an error is not finished. Every whole line is checked
    before anything changes: only then is a torn last line (from an interrupt: the start of a
    JSON line) cut off; a last line of other text means the file is not a batch output."""
    handle.seek(0)
    done: dict[str, str | None] = {}
    start = 0
    for number, raw in enumerate(handle, start=1):
        entry = _entry(raw, start, output, number)
        if entry is None:  # the torn last line of an interrupted batch
            handle.truncate(start)
            break
        if entry.get("ok") or entry.get("kind") == "no plan":
            done[str(entry["id"])] = entry.get("made_with")
        else:
            done.pop(str(entry["id"]), None)
        start += len(raw)
    return done


def _entry(raw: bytes, start: int, output: str | Path, number: int) -> dict[str, Any] | None:
    """One line of a batch output as its JSON object, None for the start of one (the torn
    last line), or one DataError naming the line."""
    whole = raw.endswith(b"\n")
    if not whole and raw.startswith(b'{"'):
        return None
    try:
        entry = json.loads(raw.decode("utf-8")) if whole else None
    except UnicodeDecodeError as exc:
        raise DataError(
            str(output),
            f"is not a mealfix batch output (not UTF-8 text, byte {start + exc.start})",
        ) from None
    except ValueError:
        entry = None
    if not isinstance(entry, dict) or "id" not in entry:
        raise DataError(
            str(output), "is not a mealfix batch output (JSON lines with an id)", f"line {number}"
        )
    return entry
