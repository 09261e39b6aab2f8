"""docs/research.md: the worked notebook example runs as written, and its tables of log fields
and export columns are the codebook's."""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DOC = REPO / "docs" / "research.md"
sys.path.insert(0, str(REPO / "tests" / "session"))


def _notebook_blocks() -> list[str]:
    text = DOC.read_text("utf-8")
    section = text.split("## Notebook API", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, flags=re.S)


def test_the_worked_notebook_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("pandas")
    from sessionkit import play_log

    logs = tmp_path / "class-logs"
    for seed in range(4):
        play_log(logs, seed=seed, section="a" if seed % 2 else "b", scenario="vallejo")
    play_log(logs, seed=9, policy="narrow", auto=True, scenario="vallejo")
    for path in (REPO / "tests" / "data" / "golden").glob("*.jsonl"):
        shutil.copy(path, logs / path.name)
    monkeypatch.chdir(tmp_path)
    blocks = _notebook_blocks()
    assert len(blocks) >= 4
    namespace: dict = {"__name__": "__notebook__"}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        for block in blocks[1:]:  # the first block is the import line alone
            exec(compile(block, str(DOC), "exec"), namespace)  # noqa: S102 - the docs' own code
    text = out.getvalue()
    assert "<LoadedScenario 'vallejo'" in text
    assert "inclusive beats narrow on the lowest group's trust in" in text
    assert "<Logs: 8 sessions" in text
    assert namespace["students"].auto.sum() == 0
    assert len(namespace["students"]) == 4
    assert set(namespace["time_to_answer"].index) <= {"study_session", "pb_adoption"} | set(
        namespace["choices"].decision
    )


def test_the_documented_log_fields_are_the_codebook_s() -> None:
    from simcity_council.session.codebook import log_codebook

    text = DOC.read_text("utf-8")
    for kind, line in log_codebook()["line_types"].items():
        section = text.split(f"#### `{kind}` line", 1)[1].split("\n#", 1)[0]
        documented = re.findall(r"^\| `([\w.\[\]]+)` \|", section, flags=re.M)
        assert documented == [f["name"] for f in line["fields"]], kind
