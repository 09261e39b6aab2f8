"""A real `play --text` process killed with SIGKILL mid-game: `play --resume` continues the log.

The student is played by answering whenever the process has been quiet for a moment (it is then
waiting for input): "1" (the first option), "" (no actions), "y" (end the turn), in turn; a
prompt that does not take an answer asks again, so the game always moves on.
"""

from __future__ import annotations

import itertools
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sessionkit import MINIMAL, lines_of

from simcity_council.session import read_log
from simcity_council.session.verify import verify_paths

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")

QUIET = 0.15  # seconds without output: the game is waiting for the student
TIMEOUT = 60.0


def _lines(log_dir: Path) -> int:
    logs = list(log_dir.glob("*.jsonl"))
    return logs[0].read_bytes().count(b"\n") if logs else 0


def _drive(args: list[str], log_dir: Path, kill_at: int | None) -> int:
    """Run ``play`` answering its prompts; SIGKILL it once the log has ``kill_at`` lines."""
    env = {**os.environ, "NO_COLOR": "1", "SDL_VIDEODRIVER": "dummy"}
    process = subprocess.Popen(
        [sys.executable, "-m", "simcity_council", "play", *args, "--text"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
    )
    assert process.stdin is not None and process.stdout is not None
    stdout = process.stdout
    last_output = [time.monotonic()]

    def pump() -> None:
        while stdout.read1(4096):
            last_output[0] = time.monotonic()

    threading.Thread(target=pump, daemon=True).start()
    answers = itertools.cycle(["1", "", "y"])
    deadline = time.monotonic() + TIMEOUT
    try:
        while process.poll() is None and time.monotonic() < deadline:
            if kill_at is not None and _lines(log_dir) >= kill_at:
                process.send_signal(signal.SIGKILL)
                break
            if time.monotonic() - last_output[0] > QUIET:
                try:
                    process.stdin.write((next(answers) + "\n").encode())
                    process.stdin.flush()
                except BrokenPipeError:
                    break
                last_output[0] = time.monotonic()
            time.sleep(0.01)
        else:
            if process.poll() is None:
                process.kill()
                pytest.fail("play did not finish in time")
        return process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


@pytest.mark.parametrize("kill_at", [1, 3], ids=["after-header", "after-two-turns"])
def test_a_killed_play_resumes_in_the_same_file(tmp_path: Path, kill_at: int) -> None:
    log_dir = tmp_path / "logs"
    code = _drive([str(MINIMAL), "--seed", "5", "--log-dir", str(log_dir)], log_dir, kill_at)
    assert code == -signal.SIGKILL
    (path,) = log_dir.glob("*.jsonl")
    before = path.read_bytes()
    killed = read_log(path)
    assert killed.end is None and killed.truncated is None, "killed between whole lines"
    assert [v.ok for v in verify_paths([path])] == [True]

    assert _drive(["--resume", str(path)], log_dir, None) == 0
    assert list(log_dir.glob("*.jsonl")) == [path], "the same file, no new log"
    after = path.read_bytes()
    assert after.startswith(before), "the lines written before the kill are kept as they were"
    resumed = read_log(path)
    assert resumed.header.session_id == killed.header.session_id
    assert resumed.end is not None and len(resumed.turns) == 4
    (verdict,) = verify_paths([path])
    assert verdict.ok and verdict.turns == 4
    assert len(lines_of(path)) >= 1 + 4 + 1
