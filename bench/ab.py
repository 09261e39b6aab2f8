"""Same-process A/B of the engine's speed: a git revision against the working tree.

    python bench/ab.py [--rev main] [--scenarios synthetic,vallejo] [--repeat 3]

The revision's ``simcity_council`` is exported (``git archive``) to a temporary directory as
``simcity_rev`` and imported next to the working tree's, so both run in one process on the
same machine state. A busy or shared machine makes single timings noisy, so:

* interactive: both versions play the same games in lockstep (the same seeds and choices),
  alternating which goes first; each (game, turn) keeps its fastest of ``--repeat`` plays,
  and the medians of those are compared;
* batch: ``run_batch`` of 100,000 games (policy ``inclusive``) by CPU time, best of
  ``--repeat``, alternating.
"""

from __future__ import annotations

import argparse
import importlib
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent


def _export(rev: str, into: Path) -> None:
    """``simcity_council`` at ``rev`` as the package ``simcity_rev`` under ``into``."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", rev, "simcity_council"],
        check=True,
        capture_output=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    (into / "simcity_council").rename(into / "simcity_rev")


def _load(package: str, scenario: str) -> tuple[Any, Any, Any]:
    """(Game, run_batch, the loaded scenario) of ``package``."""
    engine = importlib.import_module(package + ".engine")
    batch = importlib.import_module(package + ".engine.batch")
    if scenario == "synthetic":
        loaded = importlib.import_module(package + ".engine.synthetic").synthetic_loaded(0)
    else:
        loaded = importlib.import_module(package + ".scenario").load_scenario(scenario)
    return engine.Game, batch.run_batch, loaded


def interactive(packages: list[str], scenario: str, repeat: int, games: int = 25) -> list[float]:
    """Median ms of ``Game.submit`` per package (fastest of ``repeat`` per game and turn)."""
    loaded = [_load(p, scenario) for p in packages]
    best: list[dict[tuple[int, int], float]] = [{} for _ in packages]
    for rep in range(repeat):
        for seed in range(games):
            played = [(i, game.start(scn, seed=seed)) for i, (game, _, scn) in enumerate(loaded)]
            turn = 0
            while not played[0][1].done:
                for i, g in played if (rep + turn) % 2 else played[::-1]:
                    choices = g.suggest("random")
                    t0 = time.perf_counter()
                    g.submit(choices)
                    dt = time.perf_counter() - t0
                    best[i][seed, turn] = min(best[i].get((seed, turn), dt), dt)
                turn += 1
    return [1000 * float(np.median(list(b.values()))) for b in best]


def batch(packages: list[str], scenario: str, repeat: int, games: int = 100_000) -> list[float]:
    """Game-turns per CPU second of ``run_batch`` per package (best of ``repeat``)."""
    loaded = [_load(p, scenario) for p in packages]
    best = [0.0 for _ in packages]
    for rep in range(repeat):
        order = list(enumerate(loaded)) if rep % 2 else list(enumerate(loaded))[::-1]
        for i, (_, run_batch, scn) in order:
            t0 = time.process_time()
            result = run_batch(scn, "inclusive", games, seed=1)
            best[i] = max(best[i], result.game_turns / (time.process_time() - t0))
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench/ab.py", description=__doc__.splitlines()[0])
    parser.add_argument("--rev", default="main", help="git revision to compare against")
    parser.add_argument("--scenarios", default="synthetic,vallejo,portland,minneapolis")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", choices=("batch", "interactive"), default=None)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        _export(args.rev, Path(tmp))
        sys.path.insert(0, tmp)
        sys.path.insert(0, str(ROOT))
        packages = ["simcity_rev", "simcity_council"]
        for scenario in args.scenarios.split(","):
            if args.only != "batch":
                old, new = interactive(packages, scenario, args.repeat)
                print(
                    f"{scenario} turn: {args.rev} {old:.3f} ms, now {new:.3f} ms ({new / old:.3f})"
                )
            if args.only != "interactive":
                old, new = batch(packages, scenario, args.repeat)
                print(f"{scenario} batch: {args.rev} {old:,.0f}, now {new:,.0f} ({new / old:.3f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
