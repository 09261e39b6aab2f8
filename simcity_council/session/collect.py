"""Gather the logs named on a command line (files and folders of ``*.jsonl``) for export/report."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import LogError
from .logformat import SessionLog, read_log
from .replay import resolve_log_paths


@dataclass(frozen=True)
class Collected:
    logs: tuple[SessionLog, ...]
    warnings: tuple[str, ...]  # partial last lines, duplicate sessions, skipped bad logs


def collect_logs(items: list[str], skip_bad: bool = False) -> Collected:
    """Read every log. An unusable log is an error (listing all of them) unless ``skip_bad``."""
    logs: list[SessionLog] = []
    warnings: list[str] = []
    errors: list[str] = []
    seen: dict[str, Path] = {}
    for path in resolve_log_paths(items):
        try:
            log = read_log(path)
        except LogError as error:
            errors.append(str(error))
            continue
        if log.truncated is not None:
            warnings.append(log.truncated.message(str(path)))
        first = seen.get(log.header.session_id)
        if first is not None:
            warnings.append(f"{path}: same session as {first} (a copy?); skipped")
            continue
        seen[log.header.session_id] = path
        logs.append(log)
    if errors and not skip_bad:
        more = "" if len(errors) == 1 else f" ({len(errors)} unusable logs)"
        raise LogError(
            "\n".join(errors) + f"\nnothing was written{more}; fix or remove these logs, or pass "
            "--skip-bad to leave them out"
        )
    warnings.extend(f"{e} (skipped)" for e in errors)
    if not logs:
        raise LogError("no usable session logs given")
    return Collected(tuple(logs), tuple(warnings))


def fmt_number(value: float | int | None) -> str:
    """A number for CSV: Python's shortest round-trip form; empty for missing."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"  # what R, pandas and spreadsheets read as logical
    return repr(value) if isinstance(value, float) else str(value)
