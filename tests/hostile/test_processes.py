"""Real processes against one log and real faults under real commands.

* several ``play --resume`` of one log started at once: one plays, the others say who holds the
  log, and the log verifies afterwards (before the lock it was corrupted 5 times out of 5);
* a game left open in one terminal blocks a resume in another, which names its process;
* a game killed with SIGKILL leaves a stale lock: the next resume takes it over;
* games killed at random moments lose nothing: the log reads, resumes and verifies, and every
  line written before the kill is still there;
* a read-only folder, a folder the user may not write, and a full disk (tmpfs) make each writer
  say so in one line with exit 1 and leave nothing half-written (these need root for ``unshare``
  and ``setpriv``, else the permission case runs with ``chmod``).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import GOOD, SEED  # noqa: E402

from simcity_council.session import read_log  # noqa: E402
from simcity_council.session.lock import lock_path_of  # noqa: E402

pytestmark = pytest.mark.skipif(os.name != "posix", reason="signals and flock are POSIX")

CLI = [sys.executable, "-m", "simcity_council"]
ENV = {**os.environ, "NO_COLOR": "1", "SDL_VIDEODRIVER": "dummy", "OPENBLAS_NUM_THREADS": "1"}
IS_ROOT = os.geteuid() == 0 and shutil.which("unshare") is not None


def _run(args: list[str], **kw) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLI, *args], capture_output=True, text=True, env=ENV, timeout=120,
        stdin=subprocess.DEVNULL, **kw,
    )  # fmt: skip


def _start(args: list[str], **kw) -> subprocess.Popen[str]:
    kw.setdefault("stdin", subprocess.DEVNULL)
    return subprocess.Popen(
        [*CLI, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV, **kw
    )


def _finish(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=120)
    return process.returncode, out, err


def _unfinished_log(folder: Path, scenario: str = "vallejo", turns: int = 1) -> Path:
    from simcity_council.engine import Game
    from simcity_council.scenario import load_scenario
    from simcity_council.session import SessionRecorder

    game = Game.start(load_scenario(scenario), seed=11)
    recorder = SessionRecorder.create(game, log_dir=folder, player="p-2", frontend="text")
    for _ in range(turns):
        recorder.record_turn(game.submit(game.suggest("random")), seconds=1.0)
    recorder.close()
    return recorder.path


def _wait_for(predicate, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail("timed out waiting")
        time.sleep(0.02)


def _verifies(log: Path) -> subprocess.CompletedProcess[str]:
    return _run(["replay", "--verify", str(log)])


@pytest.mark.parametrize("round_", range(3))
def test_concurrent_resumes_leave_one_writer_and_a_log_that_verifies(
    tmp_path: Path, round_: int
) -> None:
    log = _unfinished_log(tmp_path)
    players = [
        _start(["play", "--resume", str(log), "--text", "--auto", "random"]) for _ in range(4)
    ]
    results = [_finish(p) for p in players]
    codes = sorted(code for code, _, _ in results)
    assert codes[0] == 0, results
    assert set(codes) <= {0, 1}, results
    for code, _, err in results:
        if code == 1:
            assert "this game is already open (process " in err, err
            assert "Traceback" not in err
    verified = _verifies(log)
    assert verified.returncode == 0, verified.stderr
    assert read_log(log).end is not None
    assert not lock_path_of(log).exists()


def test_a_game_open_in_one_terminal_blocks_a_resume_in_another(tmp_path: Path) -> None:
    folder = tmp_path / "logs"
    first = _start(["play", str(GOOD), "--text", "--log-dir", str(folder)], stdin=subprocess.PIPE)
    try:
        _wait_for(lambda: any(folder.glob("*.jsonl.lock")))
        log = next(folder.glob("*.jsonl"))
        second = _run(["play", "--resume", str(log), "--text", "--auto", "random"])
        assert second.returncode == 1
        assert f"already open (process {first.pid} " in second.stderr
        assert "Traceback" not in second.stderr
    finally:
        first.communicate(input="", timeout=60)  # the first game's input ends: it stops
    assert _run(["play", "--resume", str(log), "--text", "--auto", "random"]).returncode == 0
    assert _verifies(log).returncode == 0


def test_a_stale_lock_after_a_crash_is_taken_over(tmp_path: Path) -> None:
    log = _unfinished_log(tmp_path, "vallejo", turns=2)
    crashed = _start(["play", "--resume", str(log), "--text"], stdin=subprocess.PIPE)
    _wait_for(lambda: lock_path_of(log).exists() and lock_path_of(log).stat().st_size > 0)
    crashed.send_signal(signal.SIGKILL)
    crashed.wait(timeout=10)
    crashed.communicate()
    assert lock_path_of(log).exists()  # left behind by the crash
    resumed = _run(["play", "--resume", str(log), "--text", "--auto", "random"])
    assert resumed.returncode == 0, resumed.stderr
    assert f"took over the lock left by process {crashed.pid}" in resumed.stdout
    assert "no longer running" in resumed.stdout
    assert _verifies(log).returncode == 0
    assert not lock_path_of(log).exists()


def test_games_killed_at_random_moments_lose_nothing(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    for k in range(8):
        folder = tmp_path / f"run{k}"
        game = _start(["play", "vallejo", "--text", "--auto", "random", "--log-dir", str(folder)])
        time.sleep(rng.uniform(0.3, 2.5))
        game.send_signal(signal.SIGKILL)
        game.communicate()
        logs = list(folder.glob("*.jsonl"))
        if not logs:
            continue  # killed before the log existed
        log = logs[0]
        before = log.read_bytes()
        whole = before[: before.rfind(b"\n") + 1]
        resumed = _run(["play", "--resume", str(log), "--text", "--auto", "random"])
        if resumed.returncode != 0:  # only a log killed while its header was written
            assert "partial header line only" in resumed.stderr, resumed.stderr
            continue
        assert log.read_bytes().startswith(whole), f"run {k}: a saved line was lost"
        assert _verifies(log).returncode == 0


# ---- faults of the disk -----------------------------------------------------------------------
def _writers(work: Path) -> dict[str, list[str]]:
    logs = work / "in"
    log = _unfinished_log(logs, "vallejo", turns=3)
    out = work / "out"
    return {
        "schema": ["schema", "-o", str(out / "s.json")],
        "new": ["new", "riverside", "-o", str(out / "r.yaml")],
        "report": ["report", str(log), "-o", str(out / "r.html")],
        "export-xapi": ["export", str(log), "--format", "xapi", "-o", str(out / "x.json")],
        "export-csv": ["export", str(log), "--format", "csv", "-o", str(out / "csv")],
        "play": ["play", "vallejo", "--text", "--auto", "random", "--log-dir", str(out / "logs")],
    }


def _check_one_line_failure(name: str, result: subprocess.CompletedProcess[str], out: Path):
    assert result.returncode == 1, (name, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    message = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(message) == 1, (name, result.stderr)
    leftovers = [p for p in out.rglob("*") if p.is_file() and not p.name.endswith(".jsonl")]
    assert leftovers == [], (name, leftovers)
    for log in out.rglob("*.jsonl"):  # a game that stopped mid-way: its log is whole
        parsed = read_log(log)
        assert parsed.truncated is None and parsed.ends_with_newline, (name, log)


@pytest.mark.skipif(not IS_ROOT, reason="needs root for a private read-only mount")
def test_a_read_only_folder_gives_one_line_and_nothing_written(tmp_path: Path) -> None:
    work = tmp_path
    writers = _writers(work)
    out = work / "out"
    (out / "csv").mkdir(parents=True)
    (out / "logs").mkdir()
    for name, args in writers.items():
        script = f'mount --bind "{out}" "{out}" && mount -o remount,ro,bind "{out}" && exec "$@"'
        result = subprocess.run(
            ["unshare", "-m", "sh", "-c", script, "sh", *CLI, *args],
            capture_output=True, text=True, env=ENV, timeout=120, stdin=subprocess.DEVNULL,
        )  # fmt: skip
        assert "read-only" in result.stderr, (name, result.stderr)
        _check_one_line_failure(name, result, out)


def test_a_folder_without_write_permission_gives_one_line(tmp_path: Path) -> None:
    if os.geteuid() == 0 and shutil.which("setpriv") is None:
        pytest.skip("root ignores permissions and setpriv is missing")
    work = Path(os.environ.get("HOSTILE_TMP", "/tmp")) / f"perm-{os.getpid()}-{time.time_ns()}"
    work.mkdir(mode=0o755)
    try:
        writers = _writers(work)
        out = work / "out"
        (out / "csv").mkdir(parents=True)
        (out / "logs").mkdir()
        for folder in (work, work / "in", out, out / "csv", out / "logs"):
            os.chmod(folder, 0o755)
        for log in (work / "in").glob("*"):
            os.chmod(log, 0o644)
        prefix = []
        if os.geteuid() == 0:  # root that cannot override file modes (not another user: the
            # CI's venv may be private to root, and that user could not import the package)
            caps = "-dac_override,-dac_read_search"
            prefix = ["setpriv", f"--bounding-set={caps}", f"--inh-caps={caps}"]
        for folder in (out / "csv", out / "logs", out):  # take the rights away
            os.chmod(folder, 0o555)
        for name, args in writers.items():
            result = subprocess.run(
                [*prefix, *CLI, *args], capture_output=True, text=True, timeout=120,
                env={**ENV, "HOME": str(work), "XDG_DATA_HOME": str(work)},
                stdin=subprocess.DEVNULL,
            )  # fmt: skip
            assert "permission denied" in result.stderr, (name, result.stderr)
            _check_one_line_failure(name, result, out)
    finally:
        for folder in (work / "out", work / "out" / "csv", work / "out" / "logs"):
            if folder.exists():
                os.chmod(folder, 0o755)
        shutil.rmtree(work, ignore_errors=True)


_CHECK_LOGS = """
import sys
from pathlib import Path
from simcity_council.session import read_log
for path in Path(sys.argv[1]).glob("*.jsonl"):
    log = read_log(path)
    assert log.truncated is None and log.ends_with_newline
    print(f"whole log with 1 header and {len(log.turns)} turn(s)")
"""


@pytest.mark.skipif(not IS_ROOT, reason="needs root to mount a small tmpfs")
def test_a_full_disk_gives_one_line_and_a_log_valid_to_its_last_turn(tmp_path: Path) -> None:
    writers = _writers(tmp_path)
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    for name, args in writers.items():
        # 4 KB free: the header of a Vallejo log fits, its turns do not
        script = f'mount -t tmpfs -o size=12k tmpfs "{out}" && mkdir "{out}/csv" "{out}/logs" && '
        script += f'head -c 8192 /dev/zero > "{out}/filler" && {{ "$@"; rc=$?; '
        script += f'"{sys.executable}" -c "$CHECK" "{out}/logs"; exit $rc; }}'
        result = subprocess.run(
            ["unshare", "-m", "sh", "-c", script, "sh", *CLI, *args],
            capture_output=True, text=True, env={**ENV, "CHECK": _CHECK_LOGS}, timeout=120,
            stdin=subprocess.DEVNULL,
        )  # fmt: skip
        assert "the disk is full" in result.stderr, (name, result.stderr)
        assert result.returncode == 1, (name, result.stderr)
        assert "Traceback" not in result.stderr
        if name == "play":  # the log (checked before the tmpfs went away) is whole
            assert "play --resume" in result.stderr
            assert "whole log with 1 header and" in result.stdout, result.stdout
