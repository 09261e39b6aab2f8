"""One exception hierarchy for everything a user can get wrong.

Every error a user may see is a :class:`CouncilError`. The CLI prints ``str(error)`` on stderr and
exits with ``error.exit_code`` (1: the data is wrong, 2: the command line is wrong); a traceback is
shown only with ``--debug``.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, located as precisely as we can.

    ``line`` and ``column`` are 1-based; 0 means "unknown" (e.g. the file could not be parsed
    at all).
    ``path`` is the dotted path inside the document (``decisions[3].options[1].consult.renterz``).
    """

    file: str
    line: int
    column: int
    path: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}:{self.column or 1}"
        text = f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"
        if self.hint:
            text += f"; {self.hint}"
        return text

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.path,
            "message": self.message,
            "hint": self.hint,
        }


class CouncilError(Exception):
    """Base of every user-facing error."""

    exit_code: int = 1


class UsageError(CouncilError):
    """The command line was wrong (unknown option, missing argument, bad policy name)."""

    exit_code = 2


@dataclass
class ScenarioError(CouncilError):
    """A scenario file failed to load or validate. Carries *every* problem found."""

    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class ConditionError(CouncilError):
    """A condition expression is invalid. ``column`` is 1-based inside the expression."""

    def __init__(self, message: str, column: int = 1, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.column = column
        self.hint = hint


class GameError(CouncilError):
    """The game was driven wrongly: out-of-order calls, unavailable options, over capacity.

    The game state is unchanged when this is raised.
    """


class LogError(CouncilError):
    """A session log is unreadable, corrupted, or does not replay."""

    def __init__(self, message: str, file: str = "", line: int = 0) -> None:
        self.message = message  # without the file:line prefix
        self.file = file
        self.line = line
        where = f"{file}:{line}: " if file and line else (f"{file}: " if file else "")
        super().__init__(where + message)


class ReplayDivergence(LogError):
    """Replaying a log produced a different state than the one recorded."""

    def __init__(self, message: str, file: str = "", line: int = 0, turn: int = 0) -> None:
        self.turn = turn
        super().__init__(message, file, line)


class DisplayError(CouncilError):
    """No usable display, or classic pygame shadows pygame-ce."""


class InputError(CouncilError):
    """A file from outside could not be read safely: not a regular file, too large, not UTF-8,
    JSON too deep, a number that is not finite, a control character (:mod:`..safeio`).

    ``line`` and ``column`` are 1-based; 0 when unknown. Printed as ``file:line:col: message;
    hint`` like a :class:`Problem`.
    """

    def __init__(
        self, file: str, message: str, hint: str = "", line: int = 0, column: int = 0
    ) -> None:
        self.file = file
        self.message = message
        self.hint = hint
        self.line = line
        self.column = column
        super().__init__(str(self.problem))

    @property
    def problem(self) -> Problem:
        return Problem(self.file, self.line, self.column, "", self.message, self.hint)


class OutputError(CouncilError):
    """A file could not be written (it exists and --force was not given, it is not a regular
    file, the disk is full, the folder is read-only). Nothing was half-written."""
