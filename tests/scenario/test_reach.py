"""Dead content: every mistake fixture gives exactly the problems it declares, in that order.

Each file in ``tests/data/mistakes/`` is ``good_riverside.yaml`` with one mistake an instructor
makes, and declares what ``validate`` must say, one line per problem, in the order listed::

    # expect error decisions[1].options[2].requires: decision 'late' comes up on turn 10
    # expect warning objectives[1].when: is met in every game

(``-`` for a problem with no path, such as a YAML syntax error). Nothing else may be reported:
so the items of the scenario that can come up are not flagged. The files in ``tests/data/live/``
look like mistakes but every item in them can come up: they validate with no warning.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from simcity_council.cli import main
from simcity_council.scenario import builtin_ids, inspect_source

DATA = Path(__file__).parent.parent / "data"
MISTAKES = sorted((DATA / "mistakes").glob("*.yaml"))
LIVE = sorted((DATA / "live").glob("*.yaml"))
LINE = re.compile(r"^(?P<file>\S+?):(?P<line>\d+):(?P<col>\d+): (?:(?P<path>\S+): )?(?P<rest>.*)$")


def _expected(path: Path) -> list[tuple[str, str, str]]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# expect "):
            kind, rest = line[len("# expect ") :].split(" ", 1)
            where, phrase = rest.split(": ", 1)
            out.append((kind, "" if where == "-" else where, phrase))
    return out


def _reported(err: str) -> list[tuple[str, str, str]]:
    out = []
    for line in err.splitlines():
        match = LINE.match(line)
        if match is None:
            continue
        rest = match["rest"]
        kind = "warning" if rest.startswith("warning: ") else "error"
        path = match["path"] or ""
        if path.endswith(":"):  # "YAML syntax error: ..." has no path
            path, rest = "", f"{path} {rest}"
        out.append((kind, path, rest.removeprefix("warning: ")))
    return out


def test_there_are_mistakes_and_live_fixtures() -> None:
    assert len(MISTAKES) >= 40
    assert len(LIVE) >= 5
    assert all(_expected(p) for p in MISTAKES)


@pytest.mark.parametrize("path", MISTAKES, ids=[p.stem for p in MISTAKES])
def test_mistake_is_reported_as_declared(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    expected = _expected(path)
    code = main(["validate", str(path)])
    err = capsys.readouterr().err
    reported = _reported(err)
    assert "Traceback" not in err
    assert code == (1 if any(kind == "error" for kind, _, _ in expected) else 0)
    assert len(reported) == len(expected), err
    for (kind, where, phrase), (got_kind, got_where, message) in zip(
        expected, reported, strict=True
    ):
        assert (got_kind, got_where) == (kind, where), err
        assert phrase in message, err


@pytest.mark.parametrize("path", LIVE, ids=[p.stem for p in LIVE])
def test_live_fixture_has_nothing_dead(path: Path) -> None:
    loaded, problems, warnings = inspect_source(path)
    assert loaded is not None, problems
    assert warnings == []


@pytest.mark.parametrize("source", [*builtin_ids(), str(DATA / "good_riverside.yaml")])
def test_builtins_have_no_dead_content(source: str) -> None:
    loaded, problems, warnings = inspect_source(source)
    assert loaded is not None and problems == []
    assert warnings == []


def test_knock_on_comes_after_its_cause(capsys: pytest.CaptureFixture[str]) -> None:
    """The follow-up decision (line 65) is listed after the event it follows (line 79)."""
    main(["validate", str(DATA / "mistakes" / "after_event_chance_zero.yaml")])
    lines = [m for m in map(LINE.match, capsys.readouterr().err.splitlines()) if m]
    assert [m["path"] for m in lines] == ["events[0].chance", "decisions[2].after_event"]
    assert int(lines[0]["line"]) > int(lines[1]["line"])


def test_warnings_do_not_fail_validation_and_are_in_json(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import json

    path = DATA / "mistakes" / "objective_always_met.yaml"
    assert main(["validate", "--json", str(path)]) == 0
    (entry,) = json.loads(capsys.readouterr().out)["files"]
    assert entry["ok"] is True and entry["problems"] == []
    (warning,) = entry["warnings"]
    assert warning["path"] == "objectives[1].when"
    assert "is met in every game" in warning["message"]
