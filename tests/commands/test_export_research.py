"""What a study needs from the exports: Parquet equal to CSV, keyed pseudonyms consistent
across files and runs, owner-only files with no absolute paths, provenance columns, consent and
section selection, and the format version everywhere."""

from __future__ import annotations

import csv
import json
import shutil
import stat
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "session"))
from sessionkit import play_log  # noqa: E402

from simcity_council.cli import main  # noqa: E402
from simcity_council.session import read_log, resume_session  # noqa: E402

GOLDEN = Path(__file__).resolve().parents[1] / "data" / "golden"
KEY = "study-2026-key-kept-by-the-PI"


@pytest.fixture(scope="module")
def logs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A class: hand-played (as the kit records them), one resumed and finished by a policy, a
    demo run, an unfinished one, one without consent, two sections, and the golden logs."""
    folder = tmp_path_factory.mktemp("class")
    for seed in range(3):
        play_log(folder, seed=seed, section="a", reflection=("What did you learn?", "Listen."))
    play_log(folder, seed=5, policy="narrow", section="b", consent="yes")
    play_log(folder, seed=6, policy="narrow", auto=True)
    play_log(folder, seed=7, turns=1, finish=False, section="b")
    play_log(folder, seed=8, consent="no", section="b")
    stopped = play_log(folder, seed=9, turns=2, finish=False, section="b")
    game, recorder = resume_session(stopped, frontend="text", policy="greedy")
    while not game.done:
        recorder.record_turn(game.submit(game.suggest("greedy")))
    recorder.finish(game.scores())
    for path in GOLDEN.glob("*.jsonl"):
        shutil.copy(path, folder / path.name)
    return folder


def _export(capsys, *argv: str) -> tuple[int, str]:
    code = main(["export", *argv])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_parquet_has_the_same_tables_values_and_types_as_csv(
    logs: Path, tmp_path: Path, capsys
) -> None:
    pandas = pytest.importorskip("pandas")
    parquet = pytest.importorskip("pyarrow.parquet")

    assert _export(capsys, str(logs), "--format", "csv", "-o", str(tmp_path / "c"))[0] == 0
    assert _export(capsys, str(logs), "--format", "parquet", "-o", str(tmp_path / "p"))[0] == 0
    book = json.loads((tmp_path / "p" / "codebook.json").read_text("utf-8"))
    assert book["format"] == "parquet" and book["export_version"] == 2
    arrow = {"string": "string", "integer": "int64", "number": "double", "boolean": "bool"}
    for table, spec in book["tables"].items():
        table_data = parquet.read_table(tmp_path / "p" / f"{table}.parquet")
        meta = table_data.schema.metadata
        assert meta[b"simcity-council.export_version"] == b"2" and meta[b"simcity-council.table"]
        columns = [c["name"] for c in spec["columns"]]
        assert table_data.column_names == columns, table
        for column in spec["columns"]:
            assert str(table_data.schema.field(column["name"]).type) == arrow[column["type"]]
        a = pandas.read_csv(tmp_path / "c" / f"{table}.csv")
        b = pandas.read_parquet(tmp_path / "p" / f"{table}.parquet")
        assert len(a) == len(b) > 0, table
        for column in columns:
            left, right = a[column], b[column]
            if left.notna().any():  # an all-empty CSV column has no type to compare
                assert left.dtype.kind == right.dtype.kind or {
                    left.dtype.kind,
                    right.dtype.kind,
                } <= {
                    "O",
                    "T",
                }, (table, column, left.dtype, right.dtype)
            assert [None if pandas.isna(x) else x for x in left] == [
                None if pandas.isna(x) else x for x in right
            ], (table, column)


def test_provenance_columns_and_tables_say_who_played(logs: Path, tmp_path: Path, capsys) -> None:
    assert _export(capsys, str(logs), "--format", "csv", "-o", str(tmp_path))[0] == 0
    sessions = {r["session_id"]: r for r in _rows(tmp_path / "sessions.csv")}
    parsed = {log.header.session_id: log for log in map(read_log, logs.glob("*.jsonl"))}
    kinds = {}
    for sid, row in sessions.items():
        log = parsed[sid]
        kinds[(row["played_by"], row["auto"], row["resumed"])] = row["policy"]
        assert row["format_version"] == "2"
        if log.header.consent == "no":
            raise AssertionError("a session without consent was exported by default")
    assert kinds[("person", "FALSE", "0")] == ""
    assert kinds[("policy", "TRUE", "0")] in {"narrow", "inclusive;narrow;random"}
    assert kinds[("mixed", "TRUE", "1")] == "greedy"
    provenance = _rows(tmp_path / "provenance.csv")
    resumes = [r for r in provenance if r["kind"] == "resume"]
    assert [(r["after_turn"], r["played_by"], r["policy"]) for r in resumes] == [
        ("2", "policy", "greedy")
    ]
    turns = [
        r for r in _rows(tmp_path / "turns.csv") if r["session_id"] == resumes[0]["session_id"]
    ]
    assert [t["played_by"] for t in turns] == ["", "person", "person", "policy", "policy"]


def test_consent_no_is_left_out_unless_asked_and_sections_select(
    logs: Path, tmp_path: Path, capsys
) -> None:
    code, text = _export(capsys, str(logs), "--format", "csv", "-o", str(tmp_path / "a"))
    assert code == 0 and "left out: 1 without consent (--consent no)" in text
    code, _ = _export(
        capsys, str(logs), "--format", "csv", "-o", str(tmp_path / "b"), "--include-no-consent"
    )
    assert (
        len(_rows(tmp_path / "b" / "sessions.csv"))
        == len(_rows(tmp_path / "a" / "sessions.csv")) + 1
    )
    code, _ = _export(
        capsys, str(logs), "--format", "csv", "-o", str(tmp_path / "s"), "--section", "b",
        "--exclude-auto",
    )  # fmt: skip
    rows = _rows(tmp_path / "s" / "sessions.csv")
    assert {r["section"] for r in rows} == {"b"} and {r["auto"] for r in rows} == {"FALSE"}


def test_pseudonymise_is_keyed_consistent_across_files_and_runs(
    logs: Path, tmp_path: Path, capsys
) -> None:
    parsed = [read_log(p) for p in logs.glob("*.jsonl")]
    for name in ("one", "two"):
        code, _ = _export(
            capsys, str(logs), "--format", "csv", "-o", str(tmp_path / name), "--pseudonymise", KEY
        )
        assert code == 0
    key_file = tmp_path / "key.txt"
    key_file.write_text(KEY + "\n")
    code, _ = _export(
        capsys, str(logs), "--format", "xapi", "-o", str(tmp_path / "x.json"),
        "--pseudonymise", f"@{key_file}",
    )  # fmt: skip
    assert code == 0
    one, two = tmp_path / "one", tmp_path / "two"
    for table in ("sessions", "turns", "groups", "choices", "reflections", "provenance"):
        assert (one / f"{table}.csv").read_bytes() == (two / f"{table}.csv").read_bytes()
    sessions = _rows(one / "sessions.csv")
    text = "".join(p.read_text("utf-8") for p in one.glob("*.csv"))
    assert not any(log.header.session_id in text for log in parsed), "a session id leaked"
    assert not {r["player"] for r in sessions} & {log.header.player for log in parsed}
    assert all(r["player"].startswith("p-") and r["file"] == "" for r in sessions)
    ids = {r["session_id"] for r in sessions}
    for table in ("turns", "groups", "choices", "reflections", "provenance"):
        assert {r["session_id"] for r in _rows(one / f"{table}.csv")} <= ids, table
    statements = json.loads((tmp_path / "x.json").read_text("utf-8"))
    assert {s["context"]["registration"] for s in statements} == ids
    assert {s["actor"]["account"]["name"] for s in statements} == {r["player"] for r in sessions}
    code, _ = _export(
        capsys, str(logs), "--format", "csv", "-o", str(tmp_path / "other"),
        "--pseudonymise", "another-key-entirely",
    )  # fmt: skip
    other = {r["session_id"] for r in _rows(tmp_path / "other" / "sessions.csv")}
    assert not other & ids
    assert main(["export", str(logs), "--format", "csv", "-o", str(tmp_path / "z"),
                 "--pseudonymise", "short"]) == 2  # fmt: skip


def test_exports_are_owner_only_and_name_no_absolute_path(
    logs: Path, tmp_path: Path, capsys
) -> None:
    out = tmp_path / "new" / "folder"
    for fmt, target in (("csv", out), ("parquet", out / "pq"), ("xapi", out / "s.json")):
        assert _export(capsys, str(logs), "--format", fmt, "-o", str(target))[0] == 0
    assert main(["report", str(logs), "-o", str(out / "debrief.html")]) == 0
    capsys.readouterr()
    files = [p for p in out.rglob("*") if p.is_file()]
    assert len(files) > 20
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    for path in logs.glob("*.jsonl"):
        if path.name not in {g.name for g in GOLDEN.glob("*.jsonl")}:  # copies keep their mode
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    home, here = str(Path.home()), str(tmp_path.parent)
    for path in files:
        if path.suffix in (".csv", ".json", ".html"):
            text = path.read_text("utf-8")
            assert here not in text and str(logs) not in text, path
            assert home == "/" or f"{home}/" not in text, path


def test_the_report_has_reflections_and_leaves_out_automatic_runs(
    logs: Path, tmp_path: Path, capsys
) -> None:
    assert main(["report", str(logs), "-o", str(tmp_path / "r.html")]) == 0
    err = capsys.readouterr().err
    html = (tmp_path / "r.html").read_text("utf-8")
    assert "<h3>Reflections</h3>" in html and "What did you learn?" in html and "Listen." in html
    parsed = [read_log(p) for p in logs.glob("*.jsonl")]
    auto = sum(1 for log in parsed if log.auto)
    assert f"left out: {auto} played by a policy (automatic)" in err
    assert f"Not counted: {auto} played by a policy (automatic)" in html
    assert "sections: a 3" in html and "resumed after a stop" in html
    assert main(["report", str(logs), "-o", str(tmp_path / "all.html"), "--include-auto"]) == 0
    everything = (tmp_path / "all.html").read_text("utf-8")
    assert "Not counted" not in everything and "with turns played by a policy" in everything
    assert "(log format 2)" in everything
