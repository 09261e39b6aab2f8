"""Run many ``simcity-council`` command lines in one process, each as a user would, and record
what happened: ``python runner.py CASES.json RESULTS.json``.

Each case runs :func:`simcity_council.cli.main` with its argv, an empty stdin and captured
stdout/stderr, under an alarm (a command that blocks, e.g. on a FIFO, is stopped and reported
as a timeout) and optionally a file size limit (``RLIMIT_FSIZE`` with SIGXFSZ ignored: a write
past it fails with EFBIG, as on a full disk). Any exception other than ``SystemExit`` escaping
``main`` is a traceback the user would have seen. The process's peak memory after each case is
recorded (``ru_maxrss``, monotonic: a jump belongs to the case that made it).

The test module starts this script with a memory limit (``RLIMIT_AS``), so a case that tries to
allocate gigabytes fails here instead of taking the machine down.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import resource
import signal
import sys
import time
import traceback


class _Timeout(BaseException):
    """Raised by the alarm; a BaseException so that no ``except Exception`` swallows it."""


def _alarm(signum: int, frame: object) -> None:
    raise _Timeout


def _run(case: dict) -> dict:
    from simcity_council.cli import main

    out, err = io.StringIO(), io.StringIO()
    crash = ""
    code: object = None
    fsize = case.get("fsize")
    old_fsize = resource.getrlimit(resource.RLIMIT_FSIZE)
    old_stdin = sys.stdin
    sys.stdin = io.StringIO(case.get("stdin", ""))
    started = time.perf_counter()
    signal.setitimer(signal.ITIMER_REAL, float(case.get("timeout", 10)))
    try:
        if fsize is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (int(fsize), old_fsize[1]))
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(case["argv"])
            except SystemExit as stop:
                code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 2)
    except _Timeout:
        code = "timeout"
    except BaseException:  # noqa: BLE001 - what a user would have seen as a traceback
        crash = traceback.format_exc()
        code = "crash"
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        seconds = time.perf_counter() - started
        resource.setrlimit(resource.RLIMIT_FSIZE, old_fsize)
        sys.stdin = old_stdin
    return {
        "id": case["id"],
        "exit": code,
        "stdout": out.getvalue()[-20000:],
        "stderr": err.getvalue()[-20000:],
        "traceback": crash[-20000:],
        "seconds": round(seconds, 3),
        "maxrss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main() -> None:
    cases_file, results_file = sys.argv[1], sys.argv[2]
    signal.signal(signal.SIGALRM, _alarm)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    with open(cases_file, encoding="utf-8") as handle:
        cases = json.load(handle)
    results = []
    for case in cases:
        if case.get("chdir"):
            os.chdir(case["chdir"])
        results.append(_run(case))
        with open(results_file, "w", encoding="utf-8") as handle:  # what is done so far
            json.dump(results, handle)


if __name__ == "__main__":
    main()
