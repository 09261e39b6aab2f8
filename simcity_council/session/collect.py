"""Gather the logs named on a command line (files and folders of ``*.jsonl``) for export, report
and class-wide what-if: read each, leave out copies, refuse forks, and select the sessions asked
for (class sections, automatic runs, consent).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import LogError
from .integrity import find_forks
from .logformat import SessionLog, read_log
from .replay import resolve_log_paths


@dataclass(frozen=True)
class Selection:
    """Which sessions to use. ``sections`` empty: all sections."""

    sections: tuple[str, ...] = ()
    #: sessions a policy played any turn of (demos, tests, bot-finished games)
    include_auto: bool = True
    #: sessions whose student answered no to research use (--consent no)
    include_no_consent: bool = True

    def reason_to_leave_out(self, log: SessionLog) -> str | None:
        """Why the selection leaves ``log`` out (counted in :attr:`Collected.left_out`), or None to
        keep it."""
        h = log.header
        # consent first: how many students said no is worth knowing whatever else applies
        if not self.include_no_consent and h.consent == "no":
            return "without consent (--consent no)"
        if self.sections and h.section not in self.sections:
            return "in another section"
        if not self.include_auto and log.auto:
            return "played by a policy (automatic)"
        return None


@dataclass(frozen=True)
class Collected:
    """The logs a command works on, and what it should tell the user about the ones it skipped."""

    logs: tuple[SessionLog, ...]
    warnings: tuple[str, ...]  # partial last lines, copies of a session, skipped bad logs
    #: why sessions were left out by the selection -> how many
    left_out: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        """``left out: 3 played by a policy (automatic), 1 without consent``; "" if none."""
        if not self.left_out:
            return ""
        parts = [f"{n} {why}" for why, n in self.left_out.items()]
        return "left out: " + ", ".join(parts)


def collect_logs(
    items: list[str], skip_bad: bool = False, selection: Selection | None = None
) -> Collected:
    """Read every log. An unusable log (unreadable, a broken chain, a fork of another) is an
    error listing all of them, unless ``skip_bad``. Copies of a session are used once (the
    longest)."""
    selection = selection or Selection()
    read: dict[int, SessionLog] = {}
    warnings: list[str] = []
    errors: list[str] = []
    for index, path in enumerate(resolve_log_paths(items)):
        try:
            log = read_log(path)
        except LogError as error:
            errors.append(str(error))
            continue
        if log.truncated is not None:
            warnings.append(log.truncated.message(str(path)))
        read[index] = log
    copies: dict[int, Path] = {}
    for index, problem in find_forks(read, copies).items():
        errors.append(str(problem))
        del read[index]
    for index, longer in copies.items():
        if index in read:
            warnings.append(f"{read[index].path}: a copy of {longer} (the same session); skipped")
            del read[index]
    if errors and not skip_bad:
        more = "" if len(errors) == 1 else f" ({len(errors)} unusable logs)"
        raise LogError(
            "\n".join(errors) + f"\nnothing was written{more}; fix or remove these logs, or pass "
            "--skip-bad to leave them out"
        )
    warnings.extend(f"{e} (skipped)" for e in errors)
    logs: list[SessionLog] = []
    left_out: dict[str, int] = {}
    for index in sorted(read):
        why = selection.reason_to_leave_out(read[index])
        if why is None:
            logs.append(read[index])
        else:
            left_out[why] = left_out.get(why, 0) + 1
    if not logs:
        if left_out:
            raise LogError(
                "no session logs left to use ("
                + ", ".join(f"{n} {why}" for why, n in left_out.items())
                + ")"
            )
        raise LogError("no usable session logs given")
    return Collected(tuple(logs), tuple(warnings), left_out)


def fmt_number(value: float | int | None) -> str:
    """A number for text output: Python's shortest round-trip form; empty for missing."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"  # what R, pandas and spreadsheets read as logical
    return repr(value) if isinstance(value, float) else str(value)
