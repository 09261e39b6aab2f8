"""CSV rows read back as written, and no text cell starts a formula."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sessionkit import play_log, rechain  # noqa: E402

from simcity_council.cli import main  # noqa: E402
from simcity_council.session.csvsafe import CsvWriter  # noqa: E402


def test_a_carriage_return_or_line_feed_is_quoted_and_rows_end_with_a_line_feed() -> None:
    out = io.StringIO()
    writer = CsvWriter(out)
    writer.writerow(["a\rb", "c\nd", 1.5, None, "plain"])
    writer.writerow(["next", "row", -0.5, 2, ""])
    text = out.getvalue()
    assert text.endswith("\n") and not text.endswith("\r\n")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows == [["a\rb", "c\nd", "1.5", "", "plain"], ["next", "row", "-0.5", "2", ""]]


def test_exported_names_and_answers_cannot_run_as_formulas(tmp_path: Path) -> None:
    log = play_log(tmp_path / "logs", reflection=("Q?", "=1+1"), player="p-1")
    lines = [json.loads(x) for x in log.read_text("utf-8").splitlines()]
    lines[0]["player"] = '=HYPERLINK("http://evil.example","click")'
    log.write_bytes(b"".join(rechain([json.dumps(x).encode() for x in lines])))
    assert main(["export", str(log), "--format", "csv", "-o", str(tmp_path / "out")]) == 0
    with open(tmp_path / "out" / "sessions.csv", newline="", encoding="utf-8") as handle:
        session = next(csv.DictReader(handle))
    assert session["player"] == '\'=HYPERLINK("http://evil.example","click")'
    with open(tmp_path / "out" / "reflections.csv", newline="", encoding="utf-8") as handle:
        assert next(csv.DictReader(handle))["answer"] == "'=1+1"
    with open(tmp_path / "out" / "groups.csv", newline="", encoding="utf-8") as handle:
        assert all(not row["trust"].startswith("'") for row in csv.DictReader(handle))
