"""`simcity-council validate`: every bad fixture fails with a located message, never a traceback."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from simcity_council.cli import main

DATA = Path(__file__).parent.parent / "data"
GOOD = DATA / "good_minimal.yaml"

# fixture stem -> (line:col, what follows "file:line:col: ", a phrase of the message)
BAD = {
    "yaml_syntax": ("18:8", "YAML syntax error", "close the bracket"),
    "tab_indent": ("16:1", "YAML syntax error", "not tabs"),
    "duplicate_key": ("38:5", "groups[1].trust", "duplicate key 'trust' (first at line 37)"),
    "recursive_alias": ("181:18", "recursive alias '*loop'", "remove the alias"),
    "top_level_list": ("2:1", "the top level must be a mapping", "found a list"),
    "empty": ("1:1", "the file holds no YAML document", "simcity-council new"),
    "multiple_documents": ("160:1", "the file holds more than one YAML document", "'---'"),
    "unknown_field": ("104:9", "decisions[0].options[0].costt", "did you mean 'cost'?"),
    "missing_field": ("4:3", "meta.title", "missing field 'title'"),
    "wrong_type": ("16:10", "turns.count", "expected a whole number, found 'four'"),
    "out_of_range": ("26:12", "groups[0].trust", "write 0.6"),
    "schema_version": ("2:17", "schema_version", "unsupported schema_version 3"),
    "stance_literal": ("103:17", "decisions[0].options[0].stance", "did you mean 'inclusive'?"),
    "invalid_id": ("20:10", "domains[1].id", "e.g. 'city_parks'"),
    "yes_as_text": ("24:11", "groups[0].name", "put the text in quotes"),
    "unknown_group": (
        "105:32",
        "decisions[0].options[0].consult.renterz",
        "unknown group 'renterz'; did you mean 'renters'?",
    ),
    "unknown_domain_priority": ("31:27", "groups[0].needs.park", "did you mean 'parks'?"),
    "unknown_domain_spend": ("125:34", "decisions[1].options[0].spend.parkz", "'parks'"),
    "unknown_flag": ("107:16", "decisions[0].options[0].sets[0]", "unknown flag 'pb_adopt'"),
    "unknown_action_target": ("85:24", "actions[0].targets[1]", "unknown group 'homeless'"),
    "unknown_after_event": ("142:18", "decisions[2].after_event", "did you mean 'storm'?"),
    "unknown_effect_target": (
        "132:22",
        "decisions[1].options[1].effects[0].target",
        "unknown group 'renterz'",
    ),
    "unknown_indicator": (
        "132:22",
        "decisions[1].options[1].effects[0].target",
        "unknown indicator 'potholes'",
    ),
    "unknown_promise_group": (
        "110:29",
        "decisions[0].options[0].promise.groups[1]",
        "unknown group 'tenants'",
    ),
    "unknown_event_group": ("161:33", "events[0].groups[2]", "did you mean 'owners'?"),
    "condition_syntax": ("168:29", "objectives[0].when", "write 'and' instead of '&&'"),
    "condition_unknown_name": ("177:11", "debrief[0].when", "did you mean 'trust.unhoused'?"),
    "condition_vector": ("168:11", "objectives[0].when", "use min(trust), max(trust)"),
    "condition_quoted": ("171:34", "objectives[1].when", "unknown name 'flag.pb_adoptd'"),
    "condition_block": ("173:11", "objectives[1].when", "unknown name 'flag.pb_adoptd'"),
    "priorities_sum": ("42:12", "groups[1].needs", "needs sum to 0.8, not 1"),
    "shares_sum": ("23:3", "groups", "overlap no other group sum to 1.1, not 1"),
    "labels_count": ("17:11", "turns.labels", "3 labels for 4 turns"),
    "decision_turn_range": ("119:11", "decisions[1].turn", "turn 6 is after the last turn (4)"),
    "decision_unscheduled": ("117:5", "decisions[1]", "never put on the agenda"),
    "decision_turn_and_window": ("120:13", "decisions[1].window", "both turn and window"),
    "window_reversed": ("158:13", "events[0].window", "ends before it starts"),
    "event_outside_game": ("158:13", "events[0].window", "starts after the last turn (4)"),
    "after_event_last_turn": ("142:18", "decisions[2].after_event", "only fire on the last turn"),
    "duplicate_id": ("21:10", "domains[2].id", "duplicate domain id 'parks'"),
    "option_never_available": (
        "123:19",
        "decisions[1].options[0].requires",
        "flag 'pb_adopted' starts false and nothing sets it",
    ),
    "no_available_option": ("120:7", "decisions[1].options", "no option of decision 'projects'"),
    "effect_delta": ("132:43", "decisions[1].options[1].effects[0].delta", "write 0.2"),
    "many_problems": ("177:27", "debrief[0].when", "ends too early"),
    "promise_after_end": ("112:16", "decisions[0].options[0].promise.due", "use 'due: 3' or less"),
    "effect_after_end": ("164:49", "events[0].effects[0].after", "so this effect never happens"),
    "unknown_chosen_option": (
        "113:22",
        "decisions[0].options[0].promise.kept_when",
        "did you mean 'chose.projects.fund_winners'?",
    ),
    "unknown_chosen_decision": ("172:37", "objectives[1].when", "'chose.projects.repave'?"),
    "unsupported_tag": ("6:10", "meta.title", "the YAML tag 'tag:yaml.org,2002:python/object"),
    "unknown_alias": ("21:5", "unknown alias '*housing'", "define it first with '&housing'"),
    "alias_bomb": ("9:14", "the document expands to more than 100,000 values", "fewer"),
    "not_utf8": ("7:12", "the file is not UTF-8 text: byte 0xe9", "save the file as UTF-8"),
    "binary_junk": ("1:1", "the file is not UTF-8 text: byte 0x89", "is this a binary file?"),
    "control_character": ("9:9", "the file contains the control character U+0007", "delete it"),
    "deep_nesting": ("3:70", "the document is nested more than 64 levels deep", "brackets"),
}


def test_every_bad_fixture_is_in_the_table() -> None:
    on_disk = {p.stem.removeprefix("bad_") for p in DATA.glob("bad_*.yaml")}
    assert on_disk == set(BAD)


@pytest.mark.parametrize("stem", sorted(BAD), ids=sorted(BAD))
def test_bad_fixture_fails_with_located_problem(
    stem: str, capsys: pytest.CaptureFixture[str]
) -> None:
    where, path, phrase = BAD[stem]
    file = DATA / f"bad_{stem}.yaml"
    assert main(["validate", str(file)]) == 1
    err = capsys.readouterr().err
    assert f"{file}:{where}: {path}" in err
    assert phrase in err
    assert "Traceback" not in err


def test_many_problems_are_all_reported(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(DATA / "bad_many_problems.yaml")]) == 1
    err = capsys.readouterr().err
    assert ":16:10: turns.count: expected a whole number" in err
    assert ":116:19: decisions[0].options[1].consult.ownerz: unknown group 'ownerz'" in err
    assert ":177:27: debrief[0].when:" in err
    assert "3 problems" in err


def test_problems_are_one_per_line_in_file_order(capsys: pytest.CaptureFixture[str]) -> None:
    main(["validate", str(DATA / "bad_no_available_option.yaml")])
    lines = [line for line in capsys.readouterr().err.splitlines() if "problems" not in line]
    numbers = [int(line.split(":")[1]) for line in lines]
    assert len(numbers) == 7
    assert numbers == sorted(numbers)


def test_good_file_prints_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(GOOD)]) == 0
    out = capsys.readouterr().out
    assert f"{GOOD}: ok — Minimal Town: 4 turns, 4 groups, 3 decisions" in out


def test_builtin_ids_and_folders_validate(capsys: pytest.CaptureFixture[str]) -> None:
    from simcity_council.scenario import builtin_ids

    ids = builtin_ids()
    assert main(["validate", *ids]) == 0
    out = capsys.readouterr().out
    assert out.count(": ok — ") == len(ids)


def test_folder_validates_every_yaml_inside(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.yaml").write_bytes(GOOD.read_bytes())
    (tmp_path / "b.yaml").write_bytes((DATA / "bad_unknown_group.yaml").read_bytes())
    assert main(["validate", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    assert f"{tmp_path / 'a.yaml'}: ok" in captured.out
    assert f"{tmp_path / 'b.yaml'}:105:32:" in captured.err
    assert "1 of 2 files valid" in captured.err


def test_unknown_builtin_id_suggests_and_lists(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "vallejoo"]) == 1
    err = capsys.readouterr().err
    assert "did you mean 'vallejo'?" in err
    assert "built-ins: " in err


def test_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["validate", str(tmp_path / "nope.yaml")]) == 1
    assert "no such file" in capsys.readouterr().err


def test_json_output(capsys: pytest.CaptureFixture[str]) -> None:
    bad = DATA / "bad_unknown_group.yaml"
    assert main(["validate", "--json", str(GOOD), str(bad)]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is False
    assert [f["ok"] for f in report["files"]] == [True, False]
    problem = report["files"][1]["problems"][0]
    assert (problem["line"], problem["column"]) == (105, 32)
    assert problem["path"] == "decisions[0].options[0].consult.renterz"
    assert problem["hint"] == "did you mean 'renters'?"


def test_json_all_good(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--json", str(GOOD)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report == {
        "files": [
            {
                "file": str(GOOD),
                "ok": True,
                "problems": [],
                "warnings": [],
                "summary": "Minimal Town: 4 turns, 4 groups, 3 decisions",
            }
        ],
        "ok": True,
    }


def test_validate_needs_a_path(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["validate"])
    assert exit_info.value.code == 2


@pytest.mark.parametrize("stem", sorted(BAD), ids=sorted(BAD))
def test_bad_fixture_json_is_machine_readable(
    stem: str, capsys: pytest.CaptureFixture[str]
) -> None:
    where, _, _ = BAD[stem]
    file = DATA / f"bad_{stem}.yaml"
    assert main(["validate", "--json", str(file)]) == 1
    captured = capsys.readouterr()
    report = json.loads(captured.out)
    assert captured.err == ""
    assert report["ok"] is False
    (entry,) = report["files"]
    assert entry["file"] == str(file) and entry["ok"] is False
    assert entry["problems"]
    for problem in entry["problems"]:
        assert set(problem) == {"file", "line", "column", "path", "message", "hint"}
        assert problem["line"] >= 1 and problem["column"] >= 1 and problem["message"]
    assert isinstance(entry["warnings"], list)
    lines = [f"{p['line']}:{p['column']}" for p in entry["problems"]]
    assert where in lines


def test_huge_file_is_refused_by_size(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from simcity_council.scenario.loader import MAX_BYTES

    huge = tmp_path / "huge.yaml"
    huge.write_bytes(GOOD.read_bytes() + b"# " + b"x" * MAX_BYTES + b"\n")
    assert main(["validate", str(huge)]) == 1
    err = capsys.readouterr().err
    assert f"{huge}: the file is {huge.stat().st_size:,} bytes;" in err
    assert "scenario files may be at most 2,000,000" in err


def test_whole_corpus_in_one_process_exits_1_without_traceback() -> None:
    """The installed entry point, as an instructor runs it: every bad fixture at once."""
    bad = sorted(str(p) for p in DATA.glob("bad_*.yaml"))
    result = subprocess.run(
        [sys.executable, "-m", "simcity_council", "validate", *bad, str(GOOD)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"1 of {len(bad) + 1} files valid" in result.stderr
    located = re.compile(r"^\S+\.yaml:\d+:\d+: ")
    summaries = [line for line in result.stderr.splitlines() if not located.match(line)]
    assert len(summaries) == len(bad) + 1  # "<file>: N problems" per file, and the total


def test_builtin_id_wins_over_a_folder_of_that_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "vallejo").mkdir()
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "vallejo"]) == 0
    assert ": ok — Vallejo" in capsys.readouterr().out
    assert main(["validate", "./vallejo"]) == 1  # a path needs ./
    assert "no .yaml or .yml files in this folder" in capsys.readouterr().err
