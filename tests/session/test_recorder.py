"""Recording a session: the header, one line per turn, the end line, file names."""

from __future__ import annotations

import json
import os
import re
import shutil
import uuid
from pathlib import Path

import pytest
from sessionkit import MINIMAL, play_log

from simcity_council.errors import GameError
from simcity_council.session import SessionRecorder, default_log_dir, read_log
from simcity_council.session.logformat import FORMAT_NAME, FORMAT_VERSION
from simcity_council.session.verify import verify_paths


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def test_header_records_who_played_what_with_which_seed(tmp_path: Path) -> None:
    from simcity_council.scenario import load_scenario

    path = play_log(tmp_path, seed=11, player="player-ab12")
    header = _lines(path)[0]
    loaded = load_scenario(str(MINIMAL))
    assert header["type"] == "header"
    assert header["format"] == FORMAT_NAME
    assert header["format_version"] == FORMAT_VERSION
    assert uuid.UUID(header["session_id"]).version == 4
    scenario = header["scenario"]
    assert (scenario["id"], scenario["title"]) == ("minimal", "Minimal Town")
    assert scenario["sha256"] == loaded.sha256
    assert Path(os.path.expanduser(scenario["source"])).resolve() == MINIMAL
    assert header["seed"] == 11
    assert header["player"] == "player-ab12"
    assert header["frontend"] == "text"
    assert (header["played_by"], header["policy"]) == ("person", None)
    assert (header["section"], header["consent"]) == (None, "unknown")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", header["started"])
    assert [g["id"] for g in header["groups"]] == ["owners", "renters", "unhoused", "works_crew"]


def test_default_pseudonym_is_generated(tmp_path: Path) -> None:
    header = _lines(play_log(tmp_path))[0]
    assert re.fullmatch(r"player-[0-9a-f]{4}", header["player"])


def test_one_line_per_turn_with_the_results_digest(tmp_path: Path) -> None:
    from simcity_council.engine import Game
    from simcity_council.scenario import load_scenario

    game = Game.start(load_scenario(str(MINIMAL)), seed=3)
    rec = SessionRecorder.create(game, log_dir=tmp_path, frontend="gui", settings={"a": 1})
    digests = []
    while not game.done:
        result = game.submit(game.suggest("narrow"))
        rec.record_turn(result, seconds=2.0)
        digests.append(result.digest)
    rec.finish(game.scores())
    lines = _lines(rec.path)
    turns = [line for line in lines if line["type"] == "turn"]
    assert [t["digest"] for t in turns] == digests
    assert [t["turn"] for t in turns] == list(range(1, len(digests) + 1))
    assert turns[-1]["by_group"]["trust"] == {g.id: g.trust.after for g in game.results[-1].groups}
    assert turns[-1]["city"]["reserve"] == game.results[-1].reserve.after
    assert lines[-1]["type"] == "end"
    assert lines[-1]["scores"]["trust_min"] == game.scores().trust_min
    assert rec.finished


def test_stances_are_recorded_with_the_choices(tmp_path: Path) -> None:
    log = read_log(play_log(tmp_path, policy="inclusive"))
    first = log.turns[0]
    assert first.choices == {"budget_process": "pb"}
    assert first.stances == {"budget_process": "inclusive"}


def test_wall_clock_metadata_is_not_in_the_digest(tmp_path: Path) -> None:
    a = read_log(play_log(tmp_path / "a", seed=5))
    b = read_log(play_log(tmp_path / "b", seed=5))
    assert [t.digest for t in a.turns] == [t.digest for t in b.turns]
    assert a.header.session_id != b.header.session_id


def test_file_names_sort_by_time_and_never_collide(tmp_path: Path) -> None:
    paths = [play_log(tmp_path, turns=0, finish=False) for _ in range(5)]
    assert len(set(paths)) == 5
    assert sorted(paths) == paths
    assert all(re.fullmatch(r"\d{8}T\d{12}Z-minimal-[0-9a-f]{8}\.jsonl", p.name) for p in paths)


def test_recorder_must_be_created_before_the_first_turn(tmp_path: Path) -> None:
    from simcity_council.engine import Game
    from simcity_council.scenario import load_scenario

    game = Game.start(load_scenario(str(MINIMAL)), seed=1)
    game.submit(game.suggest("inclusive"))
    with pytest.raises(GameError, match="before the first turn"):
        SessionRecorder.create(game, log_dir=tmp_path)


def test_turns_must_be_recorded_in_order(tmp_path: Path) -> None:
    from simcity_council.engine import Game
    from simcity_council.scenario import load_scenario

    game = Game.start(load_scenario(str(MINIMAL)), seed=1)
    rec = SessionRecorder.create(game, log_dir=tmp_path)
    game.submit(game.suggest("inclusive"))
    second = game.submit(game.suggest("inclusive"))
    with pytest.raises(GameError, match="expected turn 1"):
        rec.record_turn(second)


def test_reflections_may_follow_the_end_line(tmp_path: Path) -> None:
    path = play_log(tmp_path, reflection=("Which group?", "The renters."))
    log = read_log(path)
    assert log.end is not None
    assert [(r.question, r.answer) for r in log.reflections] == [("Which group?", "The renters.")]


def test_default_log_dir_is_the_user_data_sessions_folder() -> None:
    assert default_log_dir().name == "sessions"
    assert "simcity-council" in str(default_log_dir())


def test_no_home_folder_path_is_recorded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home" / "jane.doe"
    (home / "class").mkdir(parents=True)
    shutil.copy(MINIMAL, home / "class" / "town.yaml")
    monkeypatch.setenv("HOME", str(home))
    path = play_log(tmp_path / "logs", scenario=home / "class" / "town.yaml")
    assert _lines(path)[0]["scenario"]["source"] == "~/class/town.yaml"
    assert b"jane.doe" not in path.read_bytes()
    assert [v.ok for v in verify_paths([path])] == [True]


def test_no_home_folder_path_is_recorded_in_the_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from simcity_council.engine import Game
    from simcity_council.scenario import load_scenario

    home = tmp_path / "home" / "jane.doe"
    home.mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    settings = {"auto": f"script:{home}/class/turns.yaml", "dirs": [str(home / "shots")], "n": 3}
    game = Game.start(load_scenario(str(MINIMAL)), seed=1)
    rec = SessionRecorder.create(game, log_dir=tmp_path / "logs", settings=settings)
    header = _lines(rec.path)[0]
    assert header["settings"] == {"auto": "script:~/class/turns.yaml", "dirs": ["~/shots"], "n": 3}
    assert b"jane.doe" not in rec.path.read_bytes()


def test_builtin_scenarios_are_recorded_by_id(tmp_path: Path) -> None:
    from simcity_council.scenario import builtin_ids

    scenario = builtin_ids()[0]
    path = play_log(tmp_path, scenario=scenario, turns=1, finish=False)
    assert _lines(path)[0]["scenario"]["source"] == scenario
