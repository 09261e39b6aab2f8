"""Benchmark: replay + verify, and CSV export, of many session logs (DESIGN.md §7).

    python bench/session.py [--logs 1000] [--scenario vallejo] [--json]

Writes the logs to a temporary folder first (by playing real games with the inclusive, narrow and
random policies), then times each operation in-process, best of ``--repeat`` runs: reading (and
checking, chain included) every log, replay + verify, the whole command, and the CSV export.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def make_logs(folder: Path, scenario: str, count: int) -> list[Path]:
    from simcity_council.engine import Game
    from simcity_council.scenario import load_scenario
    from simcity_council.session import SessionRecorder

    loaded = load_scenario(scenario)
    policies = ("inclusive", "narrow", "random")
    paths = []
    for i in range(count):
        game = Game.start(loaded, seed=1000 + i)
        rec = SessionRecorder.create(game, log_dir=folder, player=f"player-{i:04x}")
        while not game.done:
            rec.record_turn(game.submit(game.suggest(policies[i % 3])), seconds=10.0)
        rec.finish(game.scores())
        paths.append(rec.path)
    return paths


def _best(repeat: int, fn) -> float:  # noqa: ANN001
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--logs", type=int, default=1000)
    parser.add_argument("--scenario", default="vallejo")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--dir", type=Path, default=None, help="keep the logs here and reuse them on the next run"
    )
    args = parser.parse_args(argv)

    from simcity_council.session import read_log
    from simcity_council.session.collect import collect_logs
    from simcity_council.session.export_csv import export_csv
    from simcity_council.session.verify import verify_paths

    with tempfile.TemporaryDirectory() as tmp:
        folder = args.dir or Path(tmp) / "logs"
        paths = sorted(folder.glob("*.jsonl")) if folder.is_dir() else []
        if len(paths) != args.logs:
            if paths:
                raise SystemExit(f"{folder} has {len(paths)} logs, not {args.logs}; empty it")
            paths = make_logs(folder, args.scenario, args.logs)
        turns = 0

        def verify() -> None:
            nonlocal turns
            verdicts = verify_paths(paths)
            if not all(v.ok for v in verdicts):
                raise SystemExit("a benchmark log did not verify")
            turns = sum(v.turns for v in verdicts)

        def export() -> None:
            export_csv(collect_logs([str(folder)]).logs, Path(tmp) / "csv", force=True)

        def read() -> None:
            for path in paths:
                read_log(path)

        read_s = _best(args.repeat, read)
        verify_s = _best(args.repeat, verify)
        export_s = _best(args.repeat, export)
        command = [sys.executable, "-m", "simcity_council", "replay", "--verify", *map(str, paths)]
        process_s = _best(
            args.repeat, lambda: subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        )
    result = {
        "scenario": args.scenario,
        "logs": args.logs,
        "turns": turns,
        "read_seconds": round(read_s, 4),
        "replay_verify_seconds": round(verify_s, 4),
        "export_csv_seconds": round(export_s, 4),
        "replay_verify_process_seconds": round(process_s, 4),
        "target_seconds_per_1000": 2.0,
        "load_average_1min": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None,
        "cpus": os.cpu_count(),
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(
            f"{args.logs} logs of {args.scenario} ({turns} turns): read {read_s:.3f} s, "
            "replay+verify "
            f"{verify_s:.3f} s (whole command {process_s:.3f} s), export csv {export_s:.3f} s "
            f"(target <= 2 s per 1,000); load average {result['load_average_1min']} on "
            f"{result['cpus']} CPU(s)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
