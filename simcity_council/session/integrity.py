"""What a log proves about itself and about its copies: the end that must be there, and two
logs of one session that go on differently (a copied log continued twice).

Each log's own chain of line hashes is checked as it is read (:mod:`.logformat`); these checks
need the whole log, or several logs, at once.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from ..errors import LogError
from .logformat import SessionLog


def find_forks(logs: dict[int, SessionLog], copies: dict[int, Path]) -> dict[int, LogError]:
    """Logs of one session (the same ``session_id``) compared line by line: a log whose lines
    are all in another is a copy (recorded in ``copies``); two that part somewhere are a fork,
    and both get an error at the line where they part."""
    by_session: dict[str, list[int]] = defaultdict(list)
    for index, log in logs.items():
        by_session[log.header.session_id].append(index)
    problems: dict[int, LogError] = {}
    for indices in by_session.values():
        if len(indices) < 2:
            continue
        indices.sort(key=lambda i: -len(logs[i].hashes))
        for k, i in enumerate(indices):
            for j in indices[:k]:  # the longer ones
                a, b = logs[i].hashes, logs[j].hashes
                if b[: len(a)] == a:
                    copies.setdefault(i, logs[j].path)
                    continue
                line = next(n for n, (x, y) in enumerate(zip(a, b, strict=False), 1) if x != y)
                for mine, other in ((i, j), (j, i)):
                    problems.setdefault(
                        mine,
                        LogError(
                            f"the same session ({logs[mine].header.session_id}) goes on "
                            f"differently in {logs[other].path} from line {line}: two copies of "
                            "one log were both continued (a forked resume), so at most one of "
                            "them is the game as it was played",
                            logs[mine].name,
                            line,
                        ),
                    )
    return problems


def cut_end(log: SessionLog) -> LogError | None:
    """A game that ended must have its end line: without it, the end was cut off."""
    if log.end is not None or not log.turns or log.turns[-1].end_reason is None:
        return None
    last = log.turns[-1]
    return LogError(
        f"the game ended with turn {last.turn} ({last.end_reason}), but the log has no end line "
        "after it: the end line was removed, or the session stopped just before writing it "
        "(play --resume LOG writes it)",
        log.name,
        last.line,
    )
