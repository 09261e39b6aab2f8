"""Regenerate the golden session logs in tests/data/golden/ (see docs/research.md).

Run after a deliberate change to the model, the engine or a built-in scenario that alters
outcomes, and commit the new logs with the change::

    python tools/regen_golden.py [SCENARIO_ID...]
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

GOLDEN = Path(__file__).resolve().parents[1] / "tests" / "data" / "golden"
SEED = 20261122
POLICIES = ("inclusive", "narrow", "random")


def regenerate(scenario_id: str) -> Path:
    """Play ``scenario_id`` with :data:`SEED`, cycling :data:`POLICIES` turn by turn."""
    from simcity_council.engine import Game
    from simcity_council.scenario import load_scenario
    from simcity_council.session import SessionRecorder

    game = Game.start(load_scenario(scenario_id), seed=SEED)
    with tempfile.TemporaryDirectory() as folder:
        rec = SessionRecorder.create(
            game,
            log_dir=folder,
            player="golden",
            frontend="api",
            section="golden",
            policy=POLICIES[0],
            settings={"policies": list(POLICIES)},
        )
        while not game.done:
            rec.policy = POLICIES[(game.turn - 1) % len(POLICIES)]
            rec.record_turn(game.submit(game.suggest(rec.policy)))
        rec.finish(game.scores())
        GOLDEN.mkdir(parents=True, exist_ok=True)
        target = GOLDEN / f"{scenario_id}.jsonl"
        shutil.copyfile(rec.path, target)
    return target


def main(argv: list[str]) -> int:
    from simcity_council.scenario import builtin_ids

    ids = argv or list(builtin_ids())
    for scenario_id in ids:
        print(regenerate(scenario_id))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
