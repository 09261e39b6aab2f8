"""Tidy CSV export of session logs (data dictionary: ``docs/research.md``).

One file per kind of row, each with a fixed set of columns named with the words of the YAML and the
code. Files are written to temporary names in the output folder and renamed into place only when
all of them are complete, so a reader never sees a half-written file.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from ..errors import LogError
from ..safeout import Outputs, check_folder, failed
from .collect import fmt_number
from .csvsafe import CsvWriter, plain_cell
from .logformat import SessionLog

SCORE_FIELDS = ("trust_mean", "trust_min", "trust_gap", "resilience", "reserve", "engagement")

COLUMNS: dict[str, tuple[str, ...]] = {
    "sessions": (
        "session_id",
        "player",
        "scenario_id",
        "scenario_title",
        "scenario_sha256",
        "scenario_source",
        "package_version",
        "seed",
        "frontend",
        "started",
        "ended",
        "turns",
        "finished",
        "end_reason",
        *SCORE_FIELDS,
        "objectives_met",
        "objectives_total",
        "seconds",
        "file",
    ),
    "turns": (
        "session_id",
        "turn",
        "label",
        "choices",
        "actions",
        "events",
        "reserve",
        "resilience",
        "revenue",
        "end_reason",
        "seconds",
        "time",
        "digest",
    ),
    "groups": ("session_id", "turn", "group", "share", "trust", "wellbeing", "engagement"),
    "choices": ("session_id", "turn", "decision", "option", "stance"),
    "indicators": ("session_id", "turn", "indicator", "value"),
    "objectives": ("session_id", "objective", "label", "met", "weight"),
    "reflections": ("session_id", "question", "answer", "time"),
}


def _sessions(log: SessionLog) -> Iterator[list[str]]:
    h, end = log.header, log.end
    scores = end.scores if end else {}
    seconds = [t.seconds for t in log.turns if t.seconds is not None]
    met = sum(1 for o in end.objectives if o.get("met")) if end else None
    yield [
        h.session_id,
        h.player,
        h.scenario_id,
        h.scenario_title,
        h.scenario_sha256,
        h.scenario_source,
        h.package_version,
        str(h.seed),
        h.frontend,
        h.started,
        end.ended if end else "",
        str(len(log.turns)),
        fmt_number(end is not None),
        (end.end_reason or "") if end else "",
        *(fmt_number(scores.get(k)) for k in SCORE_FIELDS),
        fmt_number(met),
        fmt_number(len(end.objectives) if end else None),
        fmt_number(float(sum(seconds))) if seconds else "",
        str(log.path),
    ]


def _turns(log: SessionLog) -> Iterator[Sequence[object]]:
    # Numbers go to the csv module as they are: it writes str(float), the shortest round-trip
    # form, exactly as in the log; None becomes an empty field.
    sid, initial = log.header.session_id, log.header.initial
    yield (
        sid, 0, "start", "", "", "", initial.get("reserve"), initial.get("resilience"),
        initial.get("revenue"), "", None, log.header.started, initial.get("digest", ""),
    )  # fmt: skip
    for t in log.turns:
        yield (
            sid, t.turn, t.label, ";".join(f"{d}={o}" for d, o in t.choices.items()),
            ";".join(t.actions), ";".join(t.events), t.reserve, t.resilience, t.revenue,
            t.end_reason or "", t.seconds, t.time, t.digest,
        )  # fmt: skip


def _groups(log: SessionLog) -> Iterator[Sequence[object]]:
    sid = log.header.session_id
    groups = [(g.id, repr(g.share)) for g in log.header.groups]  # formatted once per log
    initial = log.header.initial
    rows = [(0, initial["trust"], initial["wellbeing"], initial["engagement"])]
    rows += [(t.turn, t.trust, t.wellbeing, t.engagement) for t in log.turns]
    for turn, trust, wellbeing, engagement in rows:
        for gid, share in groups:
            yield (sid, turn, gid, share, trust[gid], wellbeing[gid], engagement[gid])


def _groups_text(log: SessionLog) -> str | None:
    """The rows of :func:`_groups` as CSV text, formatted directly (the largest file: about
    twice as fast as the csv writer). None when an id would need quoting: then the csv module
    writes the rows."""
    sid = log.header.session_id
    groups = [(g.id, repr(g.share)) for g in log.header.groups]
    if not (plain_cell(sid) and all(plain_cell(gid) for gid, _ in groups)):
        return None
    initial = log.header.initial
    rows = [(0, initial["trust"], initial["wellbeing"], initial["engagement"])]
    rows += [(t.turn, t.trust, t.wellbeing, t.engagement) for t in log.turns]
    return "".join(
        f"{sid},{turn},{gid},{share},{trust[gid]!r},{wellbeing[gid]!r},{engagement[gid]!r}\n"
        for turn, trust, wellbeing, engagement in rows
        for gid, share in groups
    )


def _choices(log: SessionLog) -> Iterator[Sequence[object]]:
    sid = log.header.session_id
    for t in log.turns:
        for decision, option in t.choices.items():
            yield (sid, t.turn, decision, option, t.stances.get(decision, ""))


def _indicators(log: SessionLog) -> Iterator[Sequence[object]]:
    sid = log.header.session_id
    for name, value in log.header.initial.get("indicators", {}).items():
        yield (sid, 0, name, value)
    for t in log.turns:
        for name, value in t.indicators.items():
            yield (sid, t.turn, name, value)


def _objectives(log: SessionLog) -> Iterator[Sequence[object]]:
    if log.end is None:
        return
    for o in log.end.objectives:
        yield [
            log.header.session_id,
            str(o["id"]),
            str(o.get("label", "")),
            fmt_number(bool(o["met"])),
            fmt_number(o.get("weight")),
        ]


def _reflections(log: SessionLog) -> Iterator[Sequence[object]]:
    for r in log.reflections:
        yield [log.header.session_id, r.question, r.answer, r.time]


_TEXT = {"groups": _groups_text}

_ROWS = {
    "sessions": _sessions,
    "turns": _turns,
    "groups": _groups,
    "choices": _choices,
    "indicators": _indicators,
    "objectives": _objectives,
    "reflections": _reflections,
}


def export_csv(logs: Sequence[SessionLog], out_dir: str | Path, force: bool = False) -> list[Path]:
    """Write ``<kind>.csv`` for every kind in :data:`COLUMNS` into ``out_dir``; their paths.

    All files are written to temporary names and renamed into place only when every one is
    complete (:class:`~simcity_council.safeout.Outputs`); existing files are replaced only with
    ``force``."""
    folder = Path(out_dir)
    if os.path.lexists(folder) and not os.path.isdir(folder):
        raise LogError("the output must be a folder for --format csv", str(folder))
    folder = check_folder(folder, create=True)
    written = [folder / f"{kind}.csv" for kind in COLUMNS]
    with Outputs(written, force=force) as out:
        for (kind, columns), path in zip(COLUMNS.items(), written, strict=True):
            handle = out.handle(path)
            try:
                writer = CsvWriter(handle)
                writer.writerow(columns)
                rows, text = _ROWS[kind], _TEXT.get(kind)
                for log in logs:
                    fast = text(log) if text is not None else None
                    if fast is None:
                        writer.writerows(rows(log))
                    else:
                        handle.write(fast)
            except OSError as error:
                raise failed(path, error) from None
    return written
