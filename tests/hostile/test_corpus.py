"""Every command on every hostile input of the corpus (``corpus.py``), in one module.

Each test runs one class of inputs through every command that reads or writes such a file, in a
real process (``runner.py``) with a memory limit, and checks every command line:

* the exit code DESIGN §6 gives (1 for data that is wrong, 2 for a wrong command line, 0 for
  what must be accepted);
* the file named in the message; no traceback; no control character or escape sequence on
  stdout or stderr; strict JSON (no NaN) from ``--json``;
* a time bound (a generous guard: 10 s per command, 120 s for a game in the window) and a memory
  bound (the runner process stays under :data:`MAX_RSS_MB`);
* nothing lost: inputs unchanged, no half-written output, no temporary file left behind, special
  files (FIFOs, devices) still what they were, ``--skip-bad`` still exports the good log.

``HOSTILE_SEED=N pytest tests/hostile`` re-tries every class with new inputs.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import (  # noqa: E402
    LOG_CLASSES,
    SCENARIO_CLASSES,
    SEED,
    Case,
    Kit,
    argument_cases,
    fault_cases,
    log_cases,
    scenario_cases,
    script_cases,
    scripts,
    target_cases,
)

pytestmark = pytest.mark.skipif(os.name != "posix", reason="FIFOs, sockets and rlimits are POSIX")

RUNNER = Path(__file__).with_name("runner.py")
MAX_RSS_MB = 1024  # the whole runner process: Python, numpy, pygame and the worst input
ADDRESS_SPACE = 4 << 30  # RLIMIT_AS: a runaway allocation fails instead of swapping
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _scenarios(name: str) -> Callable[[Kit], list[Case]]:
    return lambda kit: scenario_cases(kit, SCENARIO_CLASSES[name](kit), f"scenarios/{name}")


def _logs(name: str) -> Callable[[Kit], list[Case]]:
    return lambda kit: log_cases(kit, LOG_CLASSES[name](kit), f"logs/{name}")


GROUPS: dict[str, Callable[[Kit], list[Case]]] = {
    **{f"scenarios/{name}": _scenarios(name) for name in SCENARIO_CLASSES},
    **{f"logs/{name}": _logs(name) for name in LOG_CLASSES},
    "scripts": lambda kit: script_cases(kit, scripts(kit), "scripts"),
    "targets": target_cases,
    "faults": fault_cases,
    "arguments": argument_cases,
}


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def run_cases(cases: list[Case], folder: Path) -> dict[str, dict]:
    """Run ``cases``: the ones that open the window each in a process of its own (a window's
    memory is not all given back when it closes), the others together; their results by id."""
    windows = [c for c in cases if "--gui" in c.argv]
    rest = [c for c in cases if "--gui" not in c.argv]
    results: dict[str, dict] = {}
    for k, batch in enumerate([rest, *([c] for c in windows)]):
        if batch:
            results.update(_run_batch(batch, folder, k))
    return results


def _run_batch(cases: list[Case], folder: Path, k: int) -> dict[str, dict]:
    """Run ``cases`` in one runner process; their results by id."""
    plan, results = folder / f"cases-{k}.json", folder / f"results-{k}.json"
    plan.write_text(json.dumps([c.as_dict() for c in cases]), encoding="utf-8")
    env = {
        **os.environ,
        "SDL_VIDEODRIVER": "dummy",
        "SDL_AUDIODRIVER": "dummy",
        "PYGAME_HIDE_SUPPORT_PROMPT": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "XDG_DATA_HOME": str(folder / "xdg"),
        "NO_COLOR": "1",
    }
    total = sum(c.timeout for c in cases) + 60
    subprocess.run(
        [sys.executable, str(RUNNER), str(plan), str(results)],
        cwd=folder, env=env, preexec_fn=_limits, timeout=total, check=False,
        stdin=subprocess.DEVNULL, capture_output=True,
    )  # fmt: skip
    done = json.loads(results.read_text(encoding="utf-8")) if results.exists() else []
    return {r["id"]: r for r in done}


def _digest(path: str) -> tuple | None:
    try:
        info = os.lstat(path)
    except OSError:
        return None
    if not os.path.isfile(path) or os.path.islink(path):
        return (info.st_mode, info.st_rdev)
    return (info.st_mode, hashlib.sha256(Path(path).read_bytes()).hexdigest())


def check(case: Case, result: dict | None, before: dict[str, tuple | None]) -> list[str]:
    """What is wrong with one case's result (nothing: [])."""
    if result is None:
        return ["the runner stopped before this case (killed? memory limit?)"]
    code, out, err = result["exit"], result["stdout"], result["stderr"]
    problems = []
    if code == "crash":
        return ["traceback:\n" + result["traceback"]]
    if code == "timeout":
        return [f"did not finish within {case.timeout} s (blocked?)"]
    if code not in case.expect:
        problems.append(f"exit {code}, expected {case.expect}")
    if "Traceback" in err or "Traceback" in out:
        problems.append("a traceback was printed")
    if code not in (0, None) and case.names and not _CONTROL.search(case.names):
        if case.names not in err and not (case.json_out and json.dumps(case.names) in out):
            problems.append(f"the message does not name {case.names[-60:]!r}")
    for stream, text in (("stdout", out), ("stderr", err)):
        found = _CONTROL.search(text)
        if found:
            problems.append(f"{stream} holds control character {found.group()!r}")
    if case.json_out and code == 0:
        try:
            json.loads(out, parse_constant=lambda c: (_ for _ in ()).throw(ValueError(c)))
        except ValueError as error:
            problems.append(f"--json printed no strict JSON ({error})")
    for path in case.keep:
        if _digest(path) != before.get(path):
            problems.append(f"{path} changed")
    if code != 0:
        problems += [f"{p} was written although the command failed" for p in case.absent
                     if os.path.lexists(p)]  # fmt: skip
    else:
        for path, text in case.produces:
            if not os.path.exists(path) or text not in Path(path).read_text("utf-8", "replace"):
                problems.append(f"{path} lacks {text!r}")
    if result["seconds"] > case.timeout:
        problems.append(f"took {result['seconds']} s")
    return [f"exit {code}: {p}\n    stderr: {err[-400:]!r}" for p in problems]


@pytest.mark.parametrize("group", list(GROUPS))
def test_every_command_handles_every_input(group: str, tmp_path: Path) -> None:
    kit = Kit(tmp_path / "corpus", SEED)
    cases = GROUPS[group](kit)
    before = {p: _digest(p) for c in cases for p in c.keep}
    results = run_cases(cases, tmp_path)
    failures = []
    for case in cases:
        for problem in check(case, results.get(case.id), before):
            failures.append(f"{case.id}: {problem}")
    failures += _leftovers(tmp_path)
    failures += _group_checks(group, cases, results)
    peak = max((r["maxrss_mb"] for r in results.values()), default=0)
    if peak > MAX_RSS_MB:
        worst = max(results.values(), key=lambda r: r["maxrss_mb"])
        failures.append(f"memory: the runner reached {peak} MB (first at {worst['id']})")
    _record(group, cases, results, peak, before)
    assert not failures, f"HOSTILE_SEED={kit.seed}: {len(failures)} problem(s)\n" + "\n".join(
        failures
    )


def _leftovers(root: Path) -> list[str]:
    """Temporary files of the output layer left behind: something half-written."""
    return [f"left behind: {p}" for p in root.rglob(".*.tmp")]


def _group_checks(group: str, cases: list[Case], results: dict[str, dict]) -> list[str]:
    problems = []
    if group == "faults":
        from simcity_council.errors import LogError
        from simcity_council.session import read_log

        for case in cases:
            if "log-stops-growing" not in case.id:
                continue
            folder = Path(case.argv[case.argv.index("--log-dir") + 1])
            for log in folder.glob("*.jsonl"):
                try:
                    parsed = read_log(log)
                except LogError as error:
                    problems.append(f"{case.id}: the log no longer reads: {error}")
                    continue
                if parsed.truncated is not None or not parsed.ends_with_newline:
                    problems.append(f"{case.id}: a half-written line was left in {log}")
    if group == "targets":
        for case in cases:
            if case.id.endswith("--force") and results.get(case.id, {}).get("exit") == 0:
                target = case.argv[case.argv.index("-o") + 1]
                if Path(target).read_text("utf-8", "replace") == "precious work\n":
                    problems.append(f"{case.id}: --force did not replace the file")
    return problems


def _record(
    group: str, cases: list[Case], results: dict[str, dict], peak: float, before: dict
) -> None:
    """Append the numbers of this group to HOSTILE_REPORT (a JSON-lines file), if set."""
    report = os.environ.get("HOSTILE_REPORT")
    if not report:
        return
    seconds = [r["seconds"] for r in results.values()]
    row = {
        "group": group,
        "cases": len(cases),
        "ran": len(results),
        "clean": sum(1 for c in cases if not check(c, results.get(c.id), before)),
        "seconds_total": round(sum(seconds), 2),
        "seconds_max": max(seconds, default=0),
        "slowest": max(results.values(), key=lambda r: r["seconds"])["id"] if results else "",
        "maxrss_mb": peak,
    }
    with open(report, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(row) + "\n")
