"""`simcity-council replay`: verify, the readable account, and the bad-log corpus."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "session"))
from sessionkit import MINIMAL, lines_of, play_log, rechain  # noqa: E402

from simcity_council.cli import main  # noqa: E402
from simcity_council.session import read_log  # noqa: E402


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def log(tmp_path: Path) -> Path:
    return play_log(tmp_path / "logs", seed=8)


def test_verify_prints_one_line_per_log(tmp_path: Path, capsys) -> None:
    logs = [play_log(tmp_path, seed=s) for s in (1, 2, 3)]
    code, out, err = _run(capsys, "replay", *map(str, logs), "--verify")
    assert code == 0, err
    assert out.splitlines() == [f"{p}: verified: 4 turns" for p in logs] + [
        "3 logs: 3 finished and verified, 0 unfinished (verified as far as they go), 0 did not "
        "verify"
    ]


def test_unfinished_logs_are_counted_apart_and_can_be_refused(tmp_path: Path, capsys) -> None:
    done = play_log(tmp_path, seed=1)
    stopped = play_log(tmp_path, seed=2, turns=2, finish=False)
    code, out, err = _run(capsys, "replay", str(done), str(stopped), "--verify")
    assert code == 0, err
    assert f"{stopped}: verified: 2 turns (unfinished: no end line and no suspend line" in out
    assert "2 logs: 1 finished and verified, 1 unfinished" in out
    code, out, err = _run(
        capsys, "replay", str(done), str(stopped), "--verify", "--require-finished"
    )
    assert code == 1
    assert f"{stopped}: unfinished, and --require-finished was given" in err


def test_account_tells_each_turn(log: Path, capsys) -> None:
    code, out, _ = _run(capsys, "replay", str(log))
    assert code == 0
    assert "Turn 1: Q1" in out
    assert "How will we set this year's budget? -> Participatory budgeting [inclusive]" in out
    assert "End (turn_limit)" in out


def test_account_shows_the_numbers_the_student_saw(log: Path, capsys) -> None:
    from simcity_council.wording import gap_points, points, shown_change

    code, out, _ = _run(capsys, "replay", str(log))
    assert code == 0
    parsed = read_log(log)
    names = {g.id: g.name for g in parsed.header.groups}
    previous = parsed.header.initial.by_group["trust"]
    for t, line in zip(
        parsed.turns, (x for x in out.splitlines() if "  trust: " in x), strict=True
    ):
        for gid, value in t.trust.items():
            change = shown_change(previous.get(gid, value), value)
            assert f"{names[gid]} {points(value)} ({change:+d})" in line  # levels rounded down
        previous = t.trust
    assert parsed.end is not None
    assert f"gap {gap_points(parsed.end.scores['trust_gap'])}," in out  # gaps rounded up


def test_account_names_actions_and_events_by_their_titles(tmp_path: Path, capsys) -> None:
    log = next(
        path
        for seed in range(40)
        for path in [play_log(tmp_path / str(seed), seed=seed, policy="inclusive")]
        if any(t.events for t in read_log(path).turns)
    )
    code, out, _ = _run(capsys, "replay", str(log))
    assert code == 0
    assert "actions: Listening tour in renters' buildings" in out
    assert "events: Winter storm" in out


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _replace_line(log: Path, number: int, text: bytes) -> bytes:
    lines = lines_of(log)
    lines[number - 1] = text
    return b"".join(lines)


def _json_edit(log: Path, number: int, change, chain: bool = True) -> bytes:  # noqa: ANN001
    """Line ``number`` changed; with ``chain`` the line hashes are recomputed after it (so the
    replay must catch the edit), without it they are not (a naive edit: the chain breaks)."""
    lines = lines_of(log)
    obj = json.loads(lines[number - 1])
    change(obj)
    lines[number - 1] = (json.dumps(obj) + "\n").encode()
    return b"".join(rechain(lines) if chain else lines)


BAD = {
    "truncated_last_line": (lambda log: log.read_bytes()[:-40], "partial last line"),
    "corrupted_line": (
        lambda log: _replace_line(log, 3, b'{"type": "turn", "turn": 2,, }\n'),
        ":3: not valid JSON",
    ),
    "missing_header": (lambda log: b"".join(lines_of(log)[1:]), ":1: missing header"),
    "unknown_scenario": (
        lambda log: _json_edit(log, 1, lambda o: o["scenario"].update(source="atlantis")),
        ":1: unknown scenario 'atlantis'",
    ),
    "choice_unavailable": (
        lambda log: _json_edit(log, 2, lambda o: o["choices"].update(budget_process="bribe")),
        ":2: turn 1: the recorded choices cannot be played",
    ),
    "decision_not_on_agenda": (
        lambda log: _json_edit(log, 2, lambda o: o["choices"].update(projects="repave")),
        ":2: turn 1: the recorded choices cannot be played",
    ),
    "empty_file": (lambda log: b"", "empty file"),
    "latin1_text": (lambda log: "caf\u00e9 au lait\n".encode("latin-1"), ":1: not UTF-8 text"),
    "binary_junk": (lambda log: bytes(range(256)) * 4, ":1: binary data"),
    "format_version_3": (
        lambda log: _json_edit(log, 1, lambda o: o.update(format_version=3)),
        ":1: format version 3 is not supported",
    ),
    "turn_out_of_order": (
        lambda log: _json_edit(log, 3, lambda o: o.update(turn=5)),
        ":3: turn 5 where turn 2 was expected",
    ),
    "missing_field": (
        lambda log: _json_edit(log, 4, lambda o: o.pop("digest")),
        ":4: missing field 'digest'",
    ),
    "not_an_object": (lambda log: _replace_line(log, 2, b"[1, 2, 3]\n"), ":2: not a JSON object"),
    "unknown_line_type": (
        lambda log: _replace_line(log, 2, b'{"type": "cheat"}\n'),
        ":2: unknown line type 'cheat'",
    ),
    "tampered_choice": (
        lambda log: _json_edit(log, 2, lambda o: o["choices"].update(budget_process="staff")),
        ":2: turn 1: the replayed state differs from the recorded one",
    ),
    "tampered_indicator": (
        lambda log: _json_edit(log, 4, lambda o: o["by_group"]["trust"].update(renters=0.99)),
        ":4: turn 3: recorded trust.renters = 0.99 but the replay gives",
    ),
    "edited_without_the_chain": (
        lambda log: _json_edit(
            log, 4, lambda o: o["by_group"]["trust"].update(renters=0.99), chain=False
        ),
        ":4: this line is not the one that line 5 follows",
    ),
    "edited_player": (
        lambda log: _json_edit(log, 1, lambda o: o.update(player="someone-else"), chain=False),
        ":1: the header is not the one this session started with",
    ),
    "middle_line_removed": (
        lambda log: b"".join(lines_of(log)[:2] + lines_of(log)[3:]),
        ":2: this line is not the one that line 3 follows",
    ),
    "end_line_removed": (
        lambda log: b"".join(lines_of(log)[:-1]),
        "the game ended with turn 4 (turn_limit), but the log has no end line",
    ),
    "scenario_hash": (
        lambda log: _json_edit(log, 1, lambda o: o["scenario"].update(sha256="0" * 64)),
        ":1: the scenario file changed since the session was played",
    ),
}


@pytest.mark.parametrize("case", list(BAD), ids=list(BAD))
def test_bad_log_gives_exit_1_with_its_line_and_no_traceback(
    case: str, log: Path, tmp_path: Path, capsys
) -> None:
    make, expected = BAD[case]
    bad = _write(tmp_path, f"{case}.jsonl", make(log))
    code, _, err = _run(capsys, "replay", str(bad), "--verify")
    assert code == 1
    assert "Traceback" not in err
    assert expected in err
    assert str(bad) in err


def test_truncated_log_still_verifies_its_whole_lines(log: Path, tmp_path: Path, capsys) -> None:
    lines = lines_of(log)
    bad = _write(tmp_path, "cut.jsonl", b"".join(lines[:3]) + lines[3][:25])
    code, out, err = _run(capsys, "replay", str(bad), "--verify")
    assert code == 1
    assert out.strip() == (
        f"{bad}: verified: 2 turns (unfinished: no end line and no suspend line: a crash, a "
        "closed window, or lines cut from the end)"
    )
    assert f"{bad}:4: partial last line" in err


def test_an_empty_folder_is_refused_for_replay(tmp_path: Path, capsys) -> None:
    code, _, err = _run(capsys, "replay", str(tmp_path), "--verify")
    assert code == 1
    assert "folder has no session logs" in err and "Traceback" not in err


def test_a_folder_stands_for_its_logs(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "class"
    paths = sorted(play_log(folder, seed=s) for s in range(3))
    code, out, _ = _run(capsys, "replay", str(folder), "--verify")
    assert code == 0
    assert out.splitlines()[:-1] == [f"{p}: verified: 4 turns" for p in paths]
    assert out.splitlines()[-1].startswith("3 logs: 3 finished and verified")


def test_missing_file_is_a_clear_error(tmp_path: Path, capsys) -> None:
    code, _, err = _run(capsys, "replay", str(tmp_path / "nope.jsonl"), "--verify")
    assert code == 1
    assert "no such file" in err


def test_changed_scenario_gives_exit_1(tmp_path: Path, capsys) -> None:
    scenario = tmp_path / "town.yaml"
    shutil.copy(MINIMAL, scenario)
    log = play_log(tmp_path / "logs", scenario=scenario)
    scenario.write_text(scenario.read_text().replace("Minimal Town", "Maximal Town"))
    code, _, err = _run(capsys, "replay", str(log), "--verify")
    assert code == 1
    assert "the scenario file changed" in err


def test_good_and_bad_logs_together(log: Path, tmp_path: Path, capsys) -> None:
    bad = _write(tmp_path, "bad.jsonl", b"garbage\n")
    code, out, err = _run(capsys, "replay", str(log), str(bad), "--verify")
    assert code == 1
    assert out.strip() == f"{log}: verified: 4 turns"
    assert f"{bad}:1: not valid JSON" in err
    assert (
        "2 logs: 1 finished and verified, 0 unfinished (verified as far as they go), "
        "1 did not verify" in err
    )


def test_gui_hands_the_logs_to_the_viewer(log: Path, capsys, monkeypatch) -> None:
    import simcity_council.ui_pygame as ui

    seen: list[tuple[list[Path], tuple[int, int]]] = []
    monkeypatch.setattr(
        ui,
        "run_replay_viewer",
        lambda paths, size: seen.append((list(paths), size)) or 0,
        raising=False,
    )
    code, _, _ = _run(capsys, "replay", str(log), "--gui")
    assert code == 0
    assert seen == [([log], (1280, 720))]
    code, _, _ = _run(capsys, "replay", str(log), "--gui", "--window", "1024x640")
    assert seen[-1] == ([log], (1024, 640))


def test_gui_without_a_viewer_is_a_clear_error(log: Path, capsys, monkeypatch) -> None:
    import simcity_council.ui_pygame as ui

    monkeypatch.delattr(ui, "run_replay_viewer", raising=False)
    code, _, err = _run(capsys, "replay", str(log), "--gui")
    assert code == 1
    assert "replay viewer is not available" in err
    assert "Traceback" not in err


def test_account_of_an_unfinished_session_with_a_reflection(tmp_path: Path, capsys) -> None:
    log = play_log(tmp_path, seed=3, turns=2, finish=False, reflection=("Why?", "Because."))
    code, out, _ = _run(capsys, "replay", str(log))
    assert code == 0
    assert "Turn 2: Q2" in out and "Turn 3" not in out
    assert "(unfinished: 2 turn(s) recorded, no end line)" in out
    assert "Reflection: Why?\n  Because." in out
