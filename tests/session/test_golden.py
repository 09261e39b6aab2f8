"""Golden logs: one recorded session per built-in scenario still replays to its digests.

If this fails after a deliberate change to the model or a built-in scenario, regenerate the logs
with ``python tools/regen_golden.py`` and commit them with the change (docs/research.md).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from simcity_council.session import read_log
from simcity_council.session.verify import verify_paths

GOLDEN = Path(__file__).resolve().parents[1] / "data" / "golden"
LOGS = sorted(GOLDEN.glob("*.jsonl"))


def test_every_builtin_scenario_has_a_golden_log() -> None:
    from simcity_council.scenario import builtin_ids

    assert {p.stem for p in LOGS} == set(builtin_ids())


@pytest.mark.parametrize("path", LOGS, ids=[p.stem for p in LOGS])
def test_golden_log_replays_to_its_recorded_digests(path: Path) -> None:
    log = read_log(path)
    assert log.end is not None and log.truncated is None
    (verdict,) = verify_paths([path])
    assert verdict.error is None, str(verdict.error)
    assert verdict.turns == len(log.turns)


def test_golden_logs_replay_together_as_one_batch() -> None:
    verdicts = verify_paths(LOGS * 3)
    assert all(v.ok for v in verdicts), [str(v.error) for v in verdicts if not v.ok]
