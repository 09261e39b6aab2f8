"""One game writes a log at a time: the lock, who holds it, and stale locks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from simcity_council.errors import LogError
from simcity_council.session.lock import LogLock, lock_path_of

pytestmark = pytest.mark.skipif(os.name != "posix", reason="flock in another process")

HOLD = """
import sys, time
from simcity_council.session.lock import LogLock
lock = LogLock.acquire(sys.argv[1], "text")
print("held", flush=True)
sys.stdin.read()
"""


def test_a_lock_held_by_another_process_names_it(tmp_path: Path) -> None:
    log = tmp_path / "x.jsonl"
    log.write_text("{}\n", encoding="utf-8")
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(log)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        with pytest.raises(LogError, match=rf"already open \(process {holder.pid} on host"):
            LogLock.acquire(log, "gui")
    finally:
        holder.communicate("")
    lock = LogLock.acquire(log, "gui")  # released when the holder ended
    assert lock.held
    lock.release()
    assert not lock_path_of(log).exists()


def test_a_stale_lock_file_is_taken_over_and_its_owner_named(tmp_path: Path) -> None:
    log = tmp_path / "x.jsonl"
    log.write_text("{}\n", encoding="utf-8")
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()  # fmt: skip
    info = {"pid": int(dead), "host": os.uname().nodename, "since": "then", "frontend": "text"}
    lock_path_of(log).write_text(json.dumps(info), encoding="utf-8")
    lock = LogLock.acquire(log, "text")
    assert f"took over the lock left by process {dead}" in lock.note()
    assert "no longer running" in lock.note()
    assert json.loads(lock_path_of(log).read_text(encoding="utf-8"))["pid"] == os.getpid()
    lock.release()


def test_two_names_of_one_log_share_one_lock(tmp_path: Path) -> None:
    log = tmp_path / "x.jsonl"
    log.write_text("{}\n", encoding="utf-8")
    (tmp_path / "alias.jsonl").symlink_to(log)
    assert lock_path_of(tmp_path / "alias.jsonl") == lock_path_of(log)


def test_a_lock_file_that_is_a_link_is_refused(tmp_path: Path) -> None:
    log = tmp_path / "x.jsonl"
    log.write_text("{}\n", encoding="utf-8")
    lock_path_of(log).symlink_to(tmp_path / "elsewhere")
    with pytest.raises(LogError, match="is a link"):
        LogLock.acquire(log)
