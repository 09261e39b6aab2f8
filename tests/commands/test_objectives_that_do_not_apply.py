"""An objective whose ``applies`` did not hold counts neither met nor missed, in every output a
researcher reads, as in the student's debrief: the log's end line, objectives.csv and
sessions.csv, the xAPI score and the class report.

The game: Vallejo, seed 0, recommending 30% for PB; this seed's council votes PB down, so no
projects are approved and 'Half of approved PB projects delivered' does not apply."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "session"))
from sessionkit import rechain  # noqa: E402

from simcity_council.cli import main  # noqa: E402
from simcity_council.session import read_log  # noqa: E402

LABEL = "Half of approved PB projects delivered"


def _play(tmp_path: Path, capsys) -> Path:
    script = tmp_path / "script.yaml"
    script.write_text(
        "decisions:\n  study_session: public_hearings\n  pb_adoption: thirty\n", "utf-8"
    )
    logs = tmp_path / "logs"
    args = ["play", "vallejo", "--auto", f"script:{script}", "--seed", "0"]
    assert main([*args, "--log-dir", str(logs), "--player", "p1"]) == 0
    capsys.readouterr()
    return logs


def test_an_objective_that_did_not_apply_counts_neither_way(tmp_path: Path, capsys) -> None:
    logs = _play(tmp_path, capsys)
    (path,) = logs.glob("*.jsonl")
    end = read_log(path).end
    assert end is not None
    lapsed = [o for o in end.objectives if not o.applies]
    assert [o.label for o in lapsed] == [LABEL]
    counted = [o for o in end.objectives if o.applies]
    assert main(["replay", "--verify", str(path)]) == 0

    out = tmp_path / "csv"
    assert main(["export", str(logs), "--format", "csv", "-o", str(out)]) == 0
    with (out / "sessions.csv").open(encoding="utf-8", newline="") as handle:
        (session,) = list(csv.DictReader(handle))
    assert int(session["objectives_total"]) == len(counted) == len(end.objectives) - 1
    assert int(session["objectives_met"]) == sum(o.met for o in counted)
    with (out / "objectives.csv").open(encoding="utf-8", newline="") as handle:
        rows = {r["label"]: r["applies"] for r in csv.DictReader(handle)}
    assert rows[LABEL] == "FALSE" and list(rows.values()).count("TRUE") == len(counted)

    statements = tmp_path / "statements.json"
    assert main(["export", str(logs), "--format", "xapi", "-o", str(statements)]) == 0
    sent = json.loads(statements.read_text("utf-8"))
    (done,) = [s for s in sent if s["verb"]["id"].endswith("/completed")]
    score = done["result"]["score"]
    assert score["max"] == sum(o.weight for o in counted)
    assert score["raw"] == sum(o.weight for o in counted if o.met)
    by_id = next(v for k, v in done["result"]["extensions"].items() if k.endswith("objectives"))
    assert [oid for oid, met in by_id.items() if met is None] == [lapsed[0].id]

    report = tmp_path / "debrief.html"
    assert main(["report", str(logs), "-o", str(report), "--include-auto"]) == 0
    row = report.read_text("utf-8").split(LABEL)[1].split("</tr>")[0]
    assert "0 / 0 (did not apply in 1)" in row and "applied in no game" in row


def test_a_log_that_says_an_objective_applied_when_it_did_not_is_caught(
    tmp_path: Path, capsys
) -> None:
    logs = _play(tmp_path, capsys)
    (path,) = logs.glob("*.jsonl")
    text = path.read_text("utf-8")
    assert text.count('"applies":false') == 1
    edited = tmp_path / "edited" / path.name
    edited.parent.mkdir()
    lines = text.replace('"applies":false', '"applies":true').encode().splitlines(keepends=True)
    edited.write_bytes(b"".join(rechain(lines)))
    assert main(["replay", "--verify", str(edited)]) == 1
    assert "objectives that apply" in capsys.readouterr().err
