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
from sessionkit import play_log, rechain  # noqa: E402

from simcity_council.cli import main  # noqa: E402
from simcity_council.session import read_log  # noqa: E402
from simcity_council.session.recorder import quantities  # noqa: E402
from simcity_council.session.tables import make_tables  # noqa: E402

TABLES = make_tables(*quantities())
COLUMNS = {kind: TABLES.columns(kind) for kind in TABLES.models}


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
        source = log.header.initial if turn == 0 else log.turns[turn - 1]
        for field in ("trust", "wellbeing", "engagement"):
            assert float(row[field]) == source.by_group[field][row["group"]]
            checked += 1
    groups_n = len(next(iter(parsed.values())).header.groups)
    assert checked == 3 * sum(groups_n * (len(log.turns) + 1) for log in parsed.values())
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
            assert row["finished"] == "FALSE" and row["trust_min"] == ""
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
    assert "zz-bad.jsonl:1: not valid JSON (skipped)" in capsys.readouterr().err


IRI = re.compile(r"^https?://[^\s/$.?#][^\s]*$")
LANGUAGE = re.compile(r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$")  # RFC 5646, as xAPI uses it
DURATION = re.compile(r"^P(?!$)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$")
STATEMENT_KEYS = {"id", "actor", "verb", "object", "result", "context", "timestamp", "version"}
INTERACTIONS = {"true-false", "choice", "fill-in", "long-fill-in", "matching", "performance",
                "sequencing", "likert", "numeric", "other"}  # fmt: skip


def _language_map(value: object) -> None:
    assert isinstance(value, dict) and value
    for tag, text in value.items():
        assert LANGUAGE.match(tag) and isinstance(text, str) and text


def _activity(activity: dict) -> None:
    assert activity["objectType"] == "Activity" and IRI.match(activity["id"])
    definition = activity["definition"]
    _language_map(definition["name"])
    assert IRI.match(definition["type"])
    if "interactionType" in definition:
        assert definition["interactionType"] in INTERACTIONS
        ids = [c["id"] for c in definition.get("choices", [])]
        assert len(ids) == len(set(ids)) and all(isinstance(i, str) and i for i in ids)
        for component in definition.get("choices", []):
            _language_map(component["description"])


def _extensions(value: dict) -> None:
    for key, item in value.items():
        assert IRI.match(key)
        json.dumps(item, allow_nan=False)


def _check_statement(s: dict) -> None:
    """The xAPI 1.0.3 statement structure (section 2.4) for the properties we emit."""
    assert set(s) <= STATEMENT_KEYS and {"id", "actor", "verb", "object"} <= set(s)
    assert str(uuid.UUID(s["id"])) == s["id"]
    actor = s["actor"]
    assert actor["objectType"] == "Agent"
    assert set(actor) == {"objectType", "account"}, "a pseudonymous account only: no name, mbox"
    assert set(actor["account"]) == {"homePage", "name"}
    assert IRI.match(actor["account"]["homePage"]) and isinstance(actor["account"]["name"], str)
    assert IRI.match(s["verb"]["id"]) and s["verb"]["id"].startswith(
        "http://adlnet.gov/expapi/verbs/"
    )
    _language_map(s["verb"]["display"])
    _activity(s["object"])
    result = s.get("result", {})
    assert set(result) <= {"score", "success", "completion", "response", "duration", "extensions"}
    if "completion" in result:
        assert isinstance(result["completion"], bool)
    if "response" in result:
        assert isinstance(result["response"], str)
    if "duration" in result:
        assert DURATION.match(result["duration"]), result["duration"]
    score = result.get("score")
    if score is not None:
        assert set(score) <= {"scaled", "raw", "min", "max"}
        assert -1 <= score["scaled"] <= 1 and score["min"] <= score["raw"] <= score["max"]
        assert score["min"] < score["max"]
    _extensions(result.get("extensions", {}))
    context = s["context"]
    assert str(uuid.UUID(context["registration"])) == context["registration"]
    assert LANGUAGE.match(context["language"]) and isinstance(context["platform"], str)
    for kind, activities in context["contextActivities"].items():
        assert kind in {"parent", "grouping", "category", "other"}
        assert isinstance(activities, list)
        for activity in activities:
            _activity(activity)
    _extensions(context["extensions"])
    # research.md: every statement says who played, a person or policy:NAME
    played = [v for k, v in context["extensions"].items() if k.endswith("/played-by")]
    assert played and (played[0] == "person" or played[0].startswith("policy:")), s["verb"]
    stamp = datetime.fromisoformat(s["timestamp"].replace("Z", "+00:00"))
    assert stamp.tzinfo is not None, "timestamps carry their time zone"
    assert s["version"] == "1.0.3"


def test_xapi_statements_are_valid_and_complete(logs: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "statements.json"
    assert main(["export", str(logs), "--format", "xapi", "-o", str(out)]) == 0
    statements = json.loads(out.read_text("utf-8"))
    assert isinstance(statements, list)
    for statement in statements:
        _check_statement(statement)
    parsed = [read_log(p) for p in sorted(logs.glob("*.jsonl"))]

    def verb(name: str) -> list[dict]:
        return [s for s in statements if s["verb"]["id"].endswith("/" + name)]

    assert len(verb("preferred")) == sum(len(t.choices) for log in parsed for t in log.turns)
    assert len(verb("interacted")) == sum(len(t.actions) for log in parsed for t in log.turns)
    assert len(verb("completed")) == sum(1 for log in parsed if log.end is not None)
    assert len(verb("initialized")) == len(parsed)
    assert len(verb("answered")) == sum(len(log.reflections) for log in parsed)
    assert len({s["id"] for s in statements}) == len(statements)
    first = parsed[0]
    mine = [s for s in statements if s["context"]["registration"] == first.header.session_id]
    assert mine[0]["actor"]["account"]["name"] == first.header.player
    assert mine[0]["verb"]["id"].endswith("/initialized") and mine[0]["timestamp"] == (
        first.header.started
    )
    ext = mine[0]["context"]["extensions"]
    assert first.header.scenario_sha256 in ext.values()
    assert str(first.header.seed) in ext.values()  # a string: 63-bit seeds overflow JS numbers
    assert mine[1]["result"]["response"] == next(iter(first.turns[0].choices.values()))
    answered = [s for s in mine if s["verb"]["id"].endswith("/answered")]
    assert [s["result"]["response"] for s in answered] == [r.answer for r in first.reflections]


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
    odd.write_bytes(b"".join(rechain(text.encode().splitlines(keepends=True))))
    out = tmp_path / "csv"
    assert main(["export", str(odd), "--format", "csv", "-o", str(out)]) == 0
    rows = _read(out / "groups.csv")
    assert {row["group"] for row in rows} == {"own,ers", "renters", "unhoused", "works_crew"}
    assert all(float(row["trust"]) >= 0 for row in rows)


GOLDEN = Path(__file__).resolve().parents[1] / "data" / "golden"


def test_xapi_of_the_builtin_scenarios_is_valid(tmp_path: Path, capsys) -> None:
    out = tmp_path / "statements.json"
    base = "https://lms.example.edu/xapi/"
    assert (
        main(["export", str(GOLDEN), "--format", "xapi", "-o", str(out), "--base-iri", base]) == 0
    )
    statements = json.loads(out.read_text("utf-8"))
    for statement in statements:
        _check_statement(statement)
        assert statement["actor"]["account"]["homePage"] == base.rstrip("/")
    logs = [read_log(p) for p in sorted(GOLDEN.glob("*.jsonl"))]
    completed = [s for s in statements if s["verb"]["id"].endswith("/completed")]
    assert len(completed) == len(logs)
    for statement, log in zip(completed, logs, strict=True):
        met = [o for o in log.end.objectives if o.met]
        assert statement["result"]["score"]["raw"] == sum(o.weight for o in met)
        assert statement["result"]["extensions"][f"{base}extensions/scores"] == log.end.scores
        assert statement["context"]["extensions"][f"{base}extensions/seed"] == str(log.header.seed)
    chose = [s for s in statements if s["verb"]["id"].endswith("/preferred")]
    for statement in chose:
        ids = {c["id"] for c in statement["object"]["definition"]["choices"]}
        assert statement["result"]["response"] in ids  # the options come from the scenario


def _documented_columns() -> dict[str, tuple[str, ...]]:
    """The column tables of docs/research.md, by file: ``### `turns.csv` ...`` then its rows."""
    docs = (Path(__file__).resolve().parents[2] / "docs" / "research.md").read_text("utf-8")
    tables: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in docs.splitlines():
        heading = re.match(r"^### `(\w+)\.csv`", line)
        if heading:
            current = tables.setdefault(heading.group(1), [])
        elif line.startswith("#"):
            current = None
        elif current is not None:
            row = re.match(r"^\| `(\w+)` \|", line)
            if row:
                current.append(row.group(1))
    return {kind: tuple(columns) for kind, columns in tables.items()}


def test_docs_document_exactly_the_columns_written() -> None:
    assert _documented_columns() == COLUMNS


def _split(text: str) -> list[str]:
    return text.split(";") if text else []


def _number(text: str) -> float | None:
    return None if text == "" else float(text)


def test_every_csv_value_round_trips_to_the_logs(logs: Path, tmp_path: Path, capsys) -> None:
    import shutil

    for path in sorted(GOLDEN.glob("*.jsonl")):  # the built-in scenarios, besides the fixture
        shutil.copy(path, logs / path.name)
    out = tmp_path / "csv"
    assert main(["export", str(logs), "--format", "csv", "-o", str(out)]) == 0
    parsed = {log.header.session_id: log for log in map(read_log, sorted(logs.glob("*.jsonl")))}
    tables = {kind: _read(out / f"{kind}.csv") for kind in COLUMNS}

    for row in tables["sessions"]:
        log = parsed[row["session_id"]]
        h, end = log.header, log.end
        assert row["player"] == h.player and row["frontend"] == h.frontend
        assert (row["scenario_id"], row["scenario_title"]) == (h.scenario_id, h.scenario_title)
        assert row["scenario_sha256"] == h.scenario_sha256
        assert row["scenario_source"] == Path(h.scenario_source).name  # no folders
        assert int(row["format_version"]) == h.format_version == 2
        assert row["section"] == (h.section or "") and row["consent"] == h.consent
        assert row["played_by"] == log.played_by and row["policy"] == ";".join(log.policies)
        assert row["auto"] == ("TRUE" if log.auto else "FALSE")
        assert int(row["resumed"]) == len(log.resumes)
        assert row["package_version"] == h.package_version and int(row["seed"]) == h.seed
        assert row["started"] == h.started and int(row["turns"]) == len(log.turns)
        assert row["finished"] == ("TRUE" if end else "FALSE")
        assert row["ended"] == (end.ended if end else "")
        assert row["end_reason"] == ((end.end_reason or "") if end else "")
        for score in (
            "trust_mean",
            "trust_min",
            "trust_gap",
            "resilience",
            "reserve",
            "engagement",
        ):
            assert _number(row[score]) == (end.scores[score] if end else None), score
        met = sum(o.met and o.applies for o in end.objectives) if end else None
        total = sum(o.applies for o in end.objectives) if end else None
        assert (_number(row["objectives_met"]), _number(row["objectives_total"])) == (
            (met, total) if end else (None, None)
        )
        seconds = [t.seconds for t in log.turns if t.seconds is not None]
        assert _number(row["seconds"]) == (round(sum(seconds), 1) if seconds else None)
        assert row["file"] == log.path.name  # no absolute path

    seen: dict[str, list[int]] = {sid: [] for sid in parsed}
    for row in tables["turns"]:
        log = parsed[row["session_id"]]
        turn = int(row["turn"])
        seen[row["session_id"]].append(turn)
        if turn == 0:
            initial = log.header.initial
            assert row["digest"] == initial.digest and row["time"] == log.header.started
            assert [float(row[k]) for k in ("reserve", "resilience", "revenue")] == [
                initial.city["reserve"],
                initial.city["resilience"],
                initial.city["revenue"],
            ]
            continue
        t = log.turns[turn - 1]
        assert row["label"] == t.label and row["digest"] == t.digest and row["time"] == t.time
        assert dict(pair.split("=", 1) for pair in _split(row["choices"])) == t.choices
        assert _split(row["actions"]) == list(t.actions)
        assert _split(row["events"]) == list(t.events)
        assert [float(row[k]) for k in ("reserve", "resilience", "revenue")] == [
            t.reserve,
            t.resilience,
            t.revenue,
        ]
        assert row["end_reason"] == (t.end_reason or "") and _number(row["seconds"]) == t.seconds
        assert row["played_by"] == t.played_by and row["policy"] == (t.policy or "")
    assert seen == {sid: list(range(len(log.turns) + 1)) for sid, log in parsed.items()}

    groups = {(r["session_id"], int(r["turn"]), r["group"]): r for r in tables["groups"]}
    assert len(groups) == len(tables["groups"])
    expected_groups = 0
    for sid, log in parsed.items():
        states = [log.header.initial, *log.turns]
        for turn, state in enumerate(states):
            for g in log.header.groups:
                row = groups[(sid, turn, g.id)]
                assert float(row["share"]) == g.share
                for key in log.header.fields.group:
                    assert float(row[key]) == state.by_group[key][g.id]
                expected_groups += 1
    assert expected_groups == len(groups)

    choices = [
        (r["session_id"], int(r["turn"]), r["decision"], r["option"], r["stance"])
        for r in tables["choices"]
    ]
    assert choices == [
        (sid, t.turn, d, o, t.stances[d])
        for sid, log in parsed.items()
        for t in log.turns
        for d, o in t.choices.items()
    ]

    indicators = [
        (r["session_id"], int(r["turn"]), r["indicator"], float(r["value"]))
        for r in tables["indicators"]
    ]
    assert indicators == [
        (sid, turn, name, value)
        for sid, log in parsed.items()
        for turn, values in enumerate(
            [log.header.initial.indicators, *(t.indicators for t in log.turns)]
        )
        for name, value in values.items()
    ]

    objectives = [
        (r["session_id"], r["objective"], r["label"], r["met"] == "TRUE", float(r["weight"]))
        for r in tables["objectives"]
    ]
    assert objectives == [
        (sid, o.id, o.label, o.met, o.weight)
        for sid, log in parsed.items()
        if log.end
        for o in log.end.objectives
    ]
    reflections = [
        (r["session_id"], r["question"], r["answer"], r["time"]) for r in tables["reflections"]
    ]
    assert reflections == [
        (sid, r.question, r.answer, r.time) for sid, log in parsed.items() for r in log.reflections
    ]
    assert reflections, "the fixture has reflections"


def test_pandas_reads_every_table_with_numeric_columns_as_numbers(
    logs: Path, tmp_path: Path, capsys
) -> None:
    pandas = pytest.importorskip("pandas")
    out = tmp_path / "csv"
    main(["export", str(logs), str(GOLDEN), "--format", "csv", "-o", str(out)])
    numeric = {"turn", "seed", "turns", "share", "trust", "wellbeing", "engagement", "reserve",
               "resilience", "revenue", "trust_mean", "trust_min", "trust_gap", "value", "weight",
               "objectives_met", "objectives_total", "seconds", "uncertainty", "format_version",
               "resumed", "suspended", "reflections", "line", "after_turn", "order"}  # fmt: skip
    for kind, columns in COLUMNS.items():
        frame = pandas.read_csv(out / f"{kind}.csv")
        assert tuple(frame.columns) == columns
        assert len(frame) == len(_read(out / f"{kind}.csv"))
        for column in columns:
            if column in numeric:
                assert frame[column].dtype.kind in "if", (kind, column)
    sessions = pandas.read_csv(out / "sessions.csv")
    assert sessions["finished"].dtype.kind == "b"
    assert sessions["seed"].dtype == "int64"  # 63-bit seeds stay exact
    assert set(sessions["seed"]) == {read_log(p).header.seed for p in GOLDEN.glob("*.jsonl")} | {
        read_log(p).header.seed for p in logs.glob("*.jsonl")
    }


def test_r_reads_every_table_without_cleaning(logs: Path, tmp_path: Path, capsys) -> None:
    import shutil
    import subprocess

    rscript = shutil.which("Rscript")
    if rscript is None:
        pytest.skip("R is not installed")
    out = tmp_path / "csv"
    main(["export", str(logs), str(GOLDEN), "--format", "csv", "-o", str(out)])
    program = f"""
    for (kind in c({", ".join(f'"{k}"' for k in COLUMNS)})) {{
      d <- read.csv(file.path("{out}", paste0(kind, ".csv")), colClasses = c(seed = "character"))
      cat(kind, nrow(d), paste(names(d), sapply(d, class), sep = ":", collapse = ","), "\\n")
    }}
    """
    result = subprocess.run([rscript, "-e", program], capture_output=True, text=True, check=True)
    classes = {}
    for line in result.stdout.splitlines():
        kind, rows, columns = line.split(" ", 2)
        assert int(rows) == len(_read(out / f"{kind}.csv")), kind
        classes[kind] = dict(pair.split(":") for pair in columns.strip().split(","))
    for kind, columns in COLUMNS.items():
        assert tuple(classes[kind]) == columns
    assert classes["sessions"]["finished"] == "logical"
    assert classes["objectives"]["met"] == "logical"
    assert classes["sessions"]["seed"] == "character"
    for kind, column in [("groups", "trust"), ("turns", "reserve"), ("indicators", "value"),
                         ("sessions", "trust_min"), ("objectives", "weight")]:  # fmt: skip
        assert classes[kind][column] == "numeric", (kind, column)
    assert classes["groups"]["turn"] == "integer"
