"""`play --gui --auto POLICY`: a whole game in the window, logged like any other."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
MINIMAL = REPO / "tests" / "data" / "good_minimal.yaml"


def test_an_automatic_window_game_logs_its_policy_and_ends(tmp_path: Path) -> None:
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
    env["PYTHONPATH"] = str(REPO)
    run = subprocess.run(
        [sys.executable, "-m", "simcity_council", "play", str(MINIMAL), "--gui"]
        + ["--auto", "inclusive", "--seed", "2", "--log-dir", str(tmp_path)]
        + ["--section", "econ101-a", "--consent", "no"]
        + ["--screenshots", str(tmp_path / "shots")],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    (log,) = tmp_path.glob("*.jsonl")
    lines = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert lines[0]["frontend"] == "gui"
    assert (lines[0]["played_by"], lines[0]["policy"]) == ("policy", "inclusive")
    assert (lines[0]["section"], lines[0]["consent"]) == ("econ101-a", "no")
    turns = [line for line in lines if line["type"] == "turn"]
    assert {(t["played_by"], t["policy"]) for t in turns} == {("policy", "inclusive")}
    assert lines[-1]["type"] == "end"
    assert (tmp_path / "shots" / "001-briefing.png").is_file()
