"""The chain of line hashes and what verification can prove from it, tampered as a student or a
careless copy would: header swaps, removed lines, cut ends, forked resumes, copies; and edits an
editor makes without meaning to (a byte order mark, Windows line ends, a blank last line)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sessionkit import lines_of, play_log

from simcity_council.errors import LogError
from simcity_council.session import read_log, resume_session
from simcity_council.session.collect import collect_logs
from simcity_council.session.verify import verify_paths


@pytest.fixture
def two_students(tmp_path: Path) -> tuple[Path, Path]:
    """Two students of one class with the class seed: the same luck, their own choices."""
    a = play_log(tmp_path / "a", seed=42, policy="inclusive", player="heron-1")
    b = play_log(tmp_path / "b", seed=42, policy="narrow", player="otter-2")
    return a, b


def test_swapped_headers_are_caught_at_line_1(
    two_students: tuple[Path, Path], tmp_path: Path
) -> None:
    a, b = two_students
    la, lb = lines_of(a), lines_of(b)
    swapped_a, swapped_b = tmp_path / "swap-a.jsonl", tmp_path / "swap-b.jsonl"
    swapped_a.write_bytes(lb[0] + b"".join(la[1:]))
    swapped_b.write_bytes(la[0] + b"".join(lb[1:]))
    for path in (swapped_a, swapped_b):
        (verdict,) = verify_paths([path])
        assert verdict.status == "failed"
        assert str(verdict.error).startswith(f"{path}:1: the header is not the one this session")


@pytest.mark.parametrize("field", ["player", "session_id", "started", "frontend", "section"])
def test_header_metadata_is_covered_by_the_chain(tmp_path: Path, field: str) -> None:
    log = play_log(tmp_path, section="a")
    lines = lines_of(log)
    header = json.loads(lines[0])
    header[field] = "tampered" if field != "session_id" else "00000000-0000-4000-8000-000000000000"
    lines[0] = (json.dumps(header, separators=(",", ":")) + "\n").encode()
    log.write_bytes(b"".join(lines))
    with pytest.raises(LogError, match=rf"{log.name}:1: the header is not the one"):
        read_log(log)


def test_turn_metadata_is_covered_by_the_chain(tmp_path: Path) -> None:
    log = play_log(tmp_path)
    lines = lines_of(log)
    turn = json.loads(lines[2])
    turn["seconds"] = 9999.0  # time is not in the state digest, but it is in the chain
    lines[2] = (json.dumps(turn, separators=(",", ":")) + "\n").encode()
    log.write_bytes(b"".join(lines))
    with pytest.raises(LogError, match=rf"{log.name}:3: this line is not the one that line 4"):
        read_log(log)


def test_a_cut_end_is_caught_where_the_game_ended(tmp_path: Path) -> None:
    log = play_log(tmp_path, reflection=("Q?", "A."))
    lines = lines_of(log)
    ended_at = len(lines) - 2  # the last turn line (then the end line, then a reflection)
    no_tail = tmp_path / "no-tail.jsonl"
    no_tail.write_bytes(b"".join(lines[:-2]))  # the end line and the reflection removed
    (verdict,) = verify_paths([no_tail])
    assert verdict.status == "failed" and verdict.error.line == ended_at
    assert "the game ended with turn 4 (turn_limit), but the log has no end line" in str(
        verdict.error
    )
    no_end = tmp_path / "no-end.jsonl"
    no_end.write_bytes(b"".join(lines[:-2] + lines[-1:]))  # only the end line removed
    (verdict,) = verify_paths([no_end])
    assert verdict.status == "failed" and verdict.error.line == ended_at


def test_removed_last_turns_leave_a_prefix_reported_as_unfinished(tmp_path: Path) -> None:
    log = play_log(tmp_path)
    cut = tmp_path / "cut.jsonl"
    cut.write_bytes(b"".join(lines_of(log)[:3]))
    stopped = play_log(tmp_path / "stopped", turns=2, finish=False)
    game, recorder = resume_session(stopped)
    recorder.suspend()
    verdicts = verify_paths([log, cut, stopped])
    assert [v.status for v in verdicts] == ["finished", "unfinished", "unfinished"]
    assert (
        "no suspend line: a crash, a closed window, or lines cut from the end"
        in (verdicts[1].lines()[0])
    )
    assert "the player stopped it" in verdicts[2].lines()[0]


def test_forked_resumes_fail_both_at_the_line_where_they_part(tmp_path: Path) -> None:
    original = play_log(tmp_path, turns=2, finish=False)
    copies = []
    for name, policy in (("one", "inclusive"), ("two", "narrow")):
        copy = tmp_path / name / original.name
        copy.parent.mkdir()
        shutil.copy(original, copy)
        game, recorder = resume_session(copy)
        while not game.done:
            recorder.record_turn(game.submit(game.suggest(policy)))
        recorder.finish(game.scores())
        copies.append(copy)
    alone = [verify_paths([c])[0].status for c in copies]
    assert alone == ["finished", "finished"]  # each on its own is a consistent game...
    together = verify_paths(copies)
    part = len(lines_of(original)) + 1  # the resume lines differ (their times), or the turns
    for verdict, other in zip(together, reversed(copies), strict=True):
        assert verdict.status == "failed"
        assert verdict.error.line == part
        assert f"goes on differently in {other} from line {part}" in str(verdict.error)
    with pytest.raises(LogError, match="forked resume"):
        collect_logs([str(c) for c in copies])
    kept = play_log(tmp_path / "other", seed=3)
    collected = collect_logs([*map(str, copies), str(kept)], skip_bad=True)
    assert [log.path for log in collected.logs] == [kept]  # neither fork is used


def test_a_copy_and_an_earlier_copy_count_once(tmp_path: Path) -> None:
    log = play_log(tmp_path / "class")
    same = tmp_path / "usb" / log.name
    same.parent.mkdir()
    shutil.copy(log, same)
    earlier = tmp_path / "earlier.jsonl"
    earlier.write_bytes(b"".join(lines_of(log)[:3]))
    verdicts = verify_paths([log, same, earlier])
    assert [v.status for v in verdicts] == ["finished", "finished", "unfinished"]
    assert verdicts[2].copy_of is not None and "a copy of" in verdicts[2].lines()[0]
    collected = collect_logs([str(log), str(same), str(earlier)])
    assert len(collected.logs) == 1 and collected.logs[0].end is not None
    assert sum("a copy of" in w for w in collected.warnings) == 2


def test_what_an_editor_does_without_meaning_to_is_read(tmp_path: Path) -> None:
    log = play_log(tmp_path)
    data = log.read_bytes()
    variants = {
        "bom": b"\xef\xbb\xbf" + data,
        "crlf": data.replace(b"\n", b"\r\n"),
        "blank": data + b"\n\n",
    }
    for name, raw in variants.items():
        path = tmp_path / f"{name}.jsonl"
        path.write_bytes(raw)
        parsed = read_log(path)
        assert parsed.end is not None and parsed.notes, name
        (verdict,) = verify_paths([path])
        assert verdict.status == "finished", (name, verdict.error)


def test_a_resumed_editor_saved_log_stays_readable(tmp_path: Path) -> None:
    log = play_log(tmp_path, turns=2, finish=False)
    log.write_bytes(log.read_bytes() + b"\n\n")  # blank lines an editor added
    game, recorder = resume_session(log)
    recorder.record_turn(game.submit(game.suggest("inclusive")))
    parsed = read_log(log)
    assert len(parsed.turns) == 3 and not parsed.notes
    assert verify_paths([log])[0].status == "unfinished"


def test_a_resume_line_that_lies_about_its_turn_is_refused(tmp_path: Path) -> None:
    from sessionkit import edit_line

    log = play_log(tmp_path, turns=2, finish=False)
    resume_session(log)
    number = len(lines_of(log))
    bad = edit_line(log, number, lambda obj: obj.update(after_turn=1))
    with pytest.raises(LogError, match=rf":{number}: resume line says it comes after turn 1"):
        read_log(bad)
