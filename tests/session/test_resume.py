"""Kill the process at any moment: the log stays valid up to its last whole line and resumes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sessionkit import lines_of, play_log

from simcity_council.errors import LogError
from simcity_council.session import read_log, resume_session
from simcity_council.session.verify import verify_paths


def _prefixes(data: bytes) -> list[tuple[str, bytes]]:
    """Every prefix at a line end, and cut in the middle of every line."""
    out, start = [], 0
    for line in data.splitlines(keepends=True):
        out.append((f"mid-line-{len(out)}", data[: start + len(line) // 2]))
        out.append((f"before-newline-{len(out)}", data[: start + len(line) - 1]))
        start += len(line)
        out.append((f"whole-{len(out)}", data[:start]))
    return out


GOLDEN = Path(__file__).resolve().parents[1] / "data" / "golden"


@pytest.fixture(scope="module")
def full_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return play_log(tmp_path_factory.mktemp("full"), seed=21, policy="inclusive")


@pytest.fixture(scope="module", params=["minimal", "vallejo", "portland", "minneapolis"])
def any_log(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture scenario's log, and each built-in scenario's golden log."""
    if request.param == "minimal":
        return play_log(tmp_path_factory.mktemp("full"), seed=21, policy="inclusive")
    return GOLDEN / f"{request.param}.jsonl"


def _classify(prefix: bytes) -> tuple[int, bool]:
    """(whole lines, has a partial last line). A cut right before a newline leaves a whole line."""
    *whole, tail = prefix.split(b"\n")
    if not tail:
        return len(whole), False
    try:
        json.loads(tail)
    except ValueError:
        return len(whole), True
    return len(whole) + 1, False


def test_every_prefix_resumes_or_fails_clearly(any_log: Path, tmp_path: Path) -> None:
    data = any_log.read_bytes()
    full = read_log(any_log)
    for name, prefix in _prefixes(data):
        path = tmp_path / f"{name}.jsonl"
        path.write_bytes(prefix)
        whole, partial = _classify(prefix)
        if whole == 0:
            with pytest.raises(LogError):
                resume_session(path)
            continue
        game, rec = resume_session(path)
        turns = min(whole - 1, len(full.turns))
        assert len(game.results) == turns, name
        expected = full.turns[turns - 1].digest if turns else full.header.initial.digest
        assert game.digest() == expected, name
        # The file now ends with a whole line, and says so if it cut a partial one.
        assert path.read_bytes().endswith(b"\n"), name
        assert bool(rec.notes) == partial, name
        resumed = read_log(path)
        assert resumed.truncated is None, name
        # ... and records the resume as a line of its own, after the turns it replayed
        assert resumed.resumes[-1].after_turn == turns, name
        assert resumed.resumes[-1].partial_line_removed == partial, name
        assert resumed.records[-1] == resumed.resumes[-1], name


def test_resumed_session_continues_the_same_file_identically(
    full_log: Path, tmp_path: Path
) -> None:
    data = full_log.read_bytes()
    full = read_log(full_log)
    lines = lines_of(full_log)
    for cut in range(1, len(full.turns) + 1):
        path = tmp_path / f"cut{cut}.jsonl"
        half = lines[cut][: len(lines[cut]) // 2]
        path.write_bytes(b"".join(lines[:cut]) + half)
        game, rec = resume_session(path)
        assert rec.path == path
        while not game.done:
            rec.record_turn(game.submit(game.suggest("inclusive")), seconds=1.0)
        rec.finish(game.scores())
        resumed = read_log(path)
        assert [t.digest for t in resumed.turns] == [t.digest for t in full.turns]
        assert resumed.end is not None and resumed.end.scores == full.end.scores
        assert resumed.header.session_id == full.header.session_id
        assert [v.ok for v in verify_paths([path])] == [True]
    assert data == full_log.read_bytes()


def test_every_prefix_verifies_its_whole_lines(any_log: Path, tmp_path: Path) -> None:
    data = any_log.read_bytes()
    for name, prefix in _prefixes(data):
        path = tmp_path / f"{name}.jsonl"
        path.write_bytes(prefix)
        (verdict,) = verify_paths([path])
        whole, partial = _classify(prefix)
        if whole == 0:
            assert verdict.error is not None, name
            continue
        full = read_log(any_log)
        turns = min(whole - 1, len(full.turns))
        if whole - 1 == len(full.turns):  # the game-over turn, without the end line after it
            assert verdict.error is not None and "has no end line" in str(verdict.error), name
            assert verdict.error.line == whole, name
            continue
        assert verdict.error is None, (name, verdict.error)
        assert verdict.turns == turns, name
        assert verdict.ok == (not partial), name
        if partial:
            assert f":{whole + 1}: partial last line" in verdict.note, name


def test_resuming_a_finished_log_gives_a_finished_game(full_log: Path, tmp_path: Path) -> None:
    path = tmp_path / "done.jsonl"
    path.write_bytes(full_log.read_bytes())
    game, rec = resume_session(path)
    assert game.done
    assert rec.finished
    before = full_log.read_bytes()
    assert path.read_bytes().startswith(before)
    added = path.read_bytes()[len(before) :].splitlines()
    assert [json.loads(line)["type"] for line in added] == ["resume"]
    assert [v.ok for v in verify_paths([path])] == [True]


def test_resume_refuses_a_corrupted_middle_line(full_log: Path, tmp_path: Path) -> None:
    lines = lines_of(full_log)
    lines[2] = b'{"type": "turn", oops\n'
    path = tmp_path / "bad.jsonl"
    path.write_bytes(b"".join(lines))
    with pytest.raises(LogError, match=r"bad\.jsonl:3: not valid JSON"):
        resume_session(path)
