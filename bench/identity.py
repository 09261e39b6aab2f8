"""Fingerprints of everything the engine computes, to check that a speed-up changed no result.

    python bench/identity.py OUT.json [--quick]      # record (about 30 s; --quick: 6 s)
    python bench/identity.py --compare BEFORE.json AFTER.json

Records, for the synthetic scenario and every built-in: ``run_batch`` with each policy at
several sizes and chunk sizes (every score array, every per-game digest), with attribution,
a salted random player stepping a :class:`Batch`, whole interactive games (every view, check,
turn result, digest and the scores, as ``repr``), and (without ``--quick``) the output of
``balance SCENARIO --runs 200 --json``. Record before a change and after it, then compare:
any difference names the run that changed.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from dataclasses import fields
from typing import Any

POLICIES = ("random", "inclusive", "narrow", "greedy")
BUILT_INS = ("vallejo", "portland", "minneapolis")


def _h(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:24]


def record(quick: bool) -> dict[str, Any]:
    """Every fingerprint, by the name of the run it comes from."""
    import numpy as np

    from simcity_council.engine import Game
    from simcity_council.engine.batch import Batch, run_batch
    from simcity_council.engine.policies import RandomPolicy
    from simcity_council.engine.rng import derive_seeds
    from simcity_council.engine.synthetic import synthetic_loaded
    from simcity_council.scenario import load_scenario

    out: dict[str, Any] = {}
    scenarios: dict[str, Any] = {"synthetic": synthetic_loaded(0)}
    scenarios.update({sid: load_scenario(sid) for sid in BUILT_INS})
    sizes = (
        ((3000, 8192), (3, 8192), (1, 8192))
        if quick
        else ((3000, 8192), (3000, 700), (3, 8192), (1, 8192))
    )
    for name, loaded in scenarios.items():
        for policy in POLICIES:
            for runs, chunk in sizes:
                r = run_batch(loaded, policy, runs, seed=11, chunk=chunk, per_game_digests=True)
                scores = {
                    f.name: _h(np.ascontiguousarray(getattr(r.scores, f.name)).tobytes())
                    for f in fields(r.scores)
                }
                out[f"batch/{name}/{policy}/{runs}/{chunk}"] = {
                    "digest": r.digest,
                    "games": _h("".join(r.digests).encode()),
                    "game_turns": r.game_turns,
                    "scores": scores,
                }
            r = run_batch(loaded, policy, 500, seed=3, attribution=True, per_game_digests=True)
            out[f"batch-attribution/{name}/{policy}"] = r.digest
        b = Batch.start(loaded, derive_seeds(5, 700))
        salted = RandomPolicy(salt=3)
        while b.turn <= b.compiled.turns and not b.done.all():
            b.play(salted)
        out[f"batch-play/{name}"] = _h("".join(b.digests()).encode())
        for seed in range(2 if quick else 4):
            for cycle in (("random",), ("greedy",), ("inclusive", "narrow", "random")):
                game = Game.start(loaded, seed=1000 + seed)
                lines = [repr(game.view())]
                while not game.done:
                    choices = game.suggest(cycle[(game.turn - 1) % len(cycle)])
                    lines.append(repr(game.check(choices)))
                    lines.append(repr(game.submit(choices)))
                    lines.append(repr(game.view()))
                    lines.append(game.digest())
                lines += [repr(game.scores()), repr(game.history)]
                out[f"game/{name}/{seed}/{'-'.join(cycle)}"] = _h("\n".join(lines).encode())
    if not quick:
        for sid in BUILT_INS:
            command = [sys.executable, "-m", "simcity_council", "balance", sid, "--runs", "200"]
            # exit status 1 when a criterion fails (at 200 runs some do): part of the record
            done = subprocess.run([*command, "--json"], capture_output=True, text=True)
            out[f"balance/{sid}"] = f"{_h(done.stdout.encode())} exit {done.returncode}"
    return out


def compare(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """The runs whose fingerprints differ or that only one of the records has."""
    return sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))


def main(argv: list[str]) -> int:
    if argv[:1] == ["--compare"] and len(argv) == 3:
        with open(argv[1]) as a, open(argv[2]) as b:
            differ = compare(json.load(a), json.load(b))
        for key in differ:
            print(f"differs: {key}")
        print(f"{len(differ)} runs differ")
        return 1 if differ else 0
    if not argv or argv[0].startswith("-"):
        print(__doc__)
        return 2
    with open(argv[0], "w") as f:
        json.dump(record("--quick" in argv[1:]), f, indent=1, sort_keys=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
