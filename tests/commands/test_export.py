"""`simcity-council export`: tidy CSV that equals the logs, and structurally valid xAPI."""

from __future__ import annotations

import csv
import json
import re
import sys
import uuid
from datetime import datetime
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "session"))
from sessionkit import play_log  # noqa: E402

from simcity_council.cli import main  # noqa: E402
from simcity_council.session import read_log  # noqa: E402
from simcity_council.session.export_csv import COLUMNS  # noqa: E402


@pytest.fixture
def logs(tmp_path: Path) -> Path:
    folder = tmp_path / "logs"
    for seed, policy in ((1, "inclusive"), (2, "narrow"), (3, "random")):
        play_log(folder, seed=seed, policy=policy, reflection=("Q?", "An answer, with a comma."))
    play_log(folder, seed=4, turns=2, finish=False)
    return folder


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_csv_numbers_equal_the_logs(logs: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "csv"
    assert main(["export", str(logs), "--format", "csv", "-o", str(out)]) == 0
    parsed = {log.header.session_id: log for log in map(read_log, sorted(logs.glob("*.jsonl")))}
    groups = _read(out / "groups.csv")
    turns = _read(out / "turns.csv")
    sessions = _read(out / "sessions.csv")
    choices = _read(out / "choices.csv")
    assert {row["session_id"] for row in sessions} == set(parsed)
    checked = 0
    for row in groups:
        log = parsed[row["session_id"]]
        turn = int(row["turn"])
        source = log.header.initial if turn == 0 else vars(log.turns[turn - 1])
        for field in ("trust", "wellbeing", "engagement"):
            assert float(row[field]) == source[field][row["group"]]
            checked += 1
    assert checked == 3 * sum(3 * (len(log.turns) + 1) for log in parsed.values())
    for row in turns:
        if row["turn"] == "0":
            continue
        record = parsed[row["session_id"]].turns[int(row["turn"]) - 1]
        assert float(row["reserve"]) == record.reserve
        assert float(row["resilience"]) == record.resilience
        assert float(row["revenue"]) == record.revenue
        assert row["digest"] == record.digest
    for row in sessions:
        log = parsed[row["session_id"]]
        assert int(row["seed"]) == log.header.seed
        if log.end is None:
            assert row["finished"] == "false" and row["trust_min"] == ""
        else:
            assert float(row["trust_min"]) == log.end.scores["trust_min"]
    assert len(choices) == sum(len(t.choices) for log in parsed.values() for t in log.turns)
    assert {row["stance"] for row in choices} <= {"inclusive", "narrow", "mixed"}


def test_csv_headers_are_the_documented_columns(logs: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "csv"
    main(["export", str(logs), "--format", "csv", "-o", str(out)])
    docs = (Path(__file__).resolve().parents[2] / "docs" / "research.md").read_text("utf-8")
    for kind, columns in COLUMNS.items():
        with (out / f"{kind}.csv").open(newline="") as handle:
            assert tuple(next(csv.reader(handle))) == columns
        for column in columns:
            assert f"`{column}`" in docs, (kind, column)
    assert not list(out.glob(".*tmp")), "temporary files left behind"


def test_export_refuses_a_corrupted_log_and_writes_nothing(
    logs: Path, tmp_path: Path, capsys
) -> None:
    (logs / "zz-bad.jsonl").write_text("not json\n")
    out = tmp_path / "csv"
    code = main(["export", str(logs), "--format", "csv", "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 1
    assert "zz-bad.jsonl:1: not valid JSON" in err and "Traceback" not in err
    assert not out.exists() or not list(out.iterdir())
    assert main(["export", str(logs), "--format", "csv", "-o", str(out), "--skip-bad"]) == 0
    assert len(_read(out / "sessions.csv")) == 4


IRI = re.compile(r"^https?://[^\s/$.?#][^\s]*$")


def _check_statement(s: dict) -> None:
    """The required structure of an xAPI 1.0.3 statement (the parts we emit)."""
    assert uuid.UUID(s["id"])
    actor = s["actor"]
    assert actor["objectType"] == "Agent"
    assert set(actor) == {"objectType", "account"}, "a pseudonymous account only: no name, mbox"
    assert IRI.match(actor["account"]["homePage"]) and isinstance(actor["account"]["name"], str)
    assert IRI.match(s["verb"]["id"]) and s["verb"]["id"].startswith(
        "http://adlnet.gov/expapi/verbs/"
    )
    assert all(isinstance(v, str) for v in s["verb"]["display"].values())
    obj = s["object"]
    assert obj["objectType"] == "Activity" and IRI.match(obj["id"])
    assert IRI.match(obj["definition"]["type"])
    assert isinstance(obj["definition"]["name"]["en-US"], str)
    context = s["context"]
    assert uuid.UUID(context["registration"])
    for key in context["extensions"]:
        assert IRI.match(key)
    for key in s["result"].get("extensions", {}):
        assert IRI.match(key)
    datetime.fromisoformat(s["timestamp"].replace("Z", "+00:00"))
    assert s["version"] == "1.0.3"
    score = s["result"].get("score")
    if score is not None:
        assert -1 <= score["scaled"] <= 1 and score["min"] <= score["raw"] <= score["max"]


def test_xapi_statements_are_valid_and_complete(logs: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "statements.json"
    assert main(["export", str(logs), "--format", "xapi", "-o", str(out)]) == 0
    statements = json.loads(out.read_text("utf-8"))
    assert isinstance(statements, list)
    for statement in statements:
        _check_statement(statement)
    parsed = [read_log(p) for p in sorted(logs.glob("*.jsonl"))]
    chose = [s for s in statements if s["verb"]["display"]["en-US"] == "chose"]
    completed = [s for s in statements if s["verb"]["id"].endswith("/completed")]
    assert len(chose) == sum(len(t.choices) for log in parsed for t in log.turns)
    assert len(completed) == sum(1 for log in parsed if log.end is not None)
    assert len({s["id"] for s in statements}) == len(statements)
    first = parsed[0]
    mine = [s for s in statements if s["context"]["registration"] == first.header.session_id]
    assert mine[0]["actor"]["account"]["name"] == first.header.player
    ext = mine[0]["context"]["extensions"]
    assert first.header.scenario_sha256 in ext.values() and first.header.seed in ext.values()
    assert mine[0]["result"]["response"] == next(iter(first.turns[0].choices.values()))


def test_xapi_export_is_reproducible(logs: Path, tmp_path: Path, capsys) -> None:
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    main(["export", str(logs), "--format", "xapi", "-o", str(a)])
    main(["export", str(logs), "--format", "xapi", "-o", str(b)])
    assert a.read_bytes() == b.read_bytes()


def test_pandas_reads_the_csv_without_cleaning(logs: Path, tmp_path: Path, capsys) -> None:
    pandas = pytest.importorskip("pandas")
    out = tmp_path / "csv"
    main(["export", str(logs), "--format", "csv", "-o", str(out)])
    groups = pandas.read_csv(out / "groups.csv")
    assert groups["trust"].dtype.kind == "f"
    sessions = pandas.read_csv(out / "sessions.csv")
    assert sessions["finished"].dtype.kind == "b"


def test_ids_that_need_quoting_are_quoted(logs: Path, tmp_path: Path, capsys) -> None:
    path = sorted(logs.glob("*.jsonl"))[0]
    text = path.read_text("utf-8").replace('"owners"', '"own,ers"')
    odd = tmp_path / "odd" / "odd.jsonl"
    odd.parent.mkdir()
    odd.write_text(text, "utf-8")
    out = tmp_path / "csv"
    assert main(["export", str(odd), "--format", "csv", "-o", str(out)]) == 0
    rows = _read(out / "groups.csv")
    assert {row["group"] for row in rows} == {"own,ers", "renters", "unhoused"}
    assert all(float(row["trust"]) >= 0 for row in rows)
