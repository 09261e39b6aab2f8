"""Scripts answer by decision id wherever the decision comes up, and say what they skip."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from simcity_council.engine import Game, make_policy, run_batch
from simcity_council.errors import UsageError

DATA = Path(__file__).parent.parent / "data"


def _script(tmp_path: Path, text: str) -> str:
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    return f"script:{path}"


def test_answers_by_decision_id_whatever_the_turn(tmp_path: Path, minimal) -> None:
    name = _script(
        tmp_path,
        "decisions: {budget_process: pb, projects: split, storm_response: shelter}\n"
        "actions: [open_data]\n",
    )
    policy = make_policy(name)
    game = Game.start(minimal, seed=3)
    turns = []
    while not game.done:
        choice, act = policy.choose(game.compiled, game.state)
        choices = game.choices_from_arrays(choice[0], act[0])
        turns.append(choices)
        game.submit(choices)
    assert turns[0].decisions == {"budget_process": "pb"}
    assert turns[1].decisions == {"projects": "split"}
    assert all(c.actions == ("open_data",) for c in turns)
    assert policy.notes == []


def test_event_branches_play_on_every_seed(tmp_path: Path) -> None:
    """Vallejo's follow-up decisions come only after events that fire on some seeds: a script
    that answers them by id plays every seed, and one that leaves them out falls back."""
    answers = (
        "decisions:\n  study_session: public_hearings\n  pb_adoption: half\n"
        "  labour_deal: hardship_and_staffing\n  downturn_response: hold_and_explain\n"
        "  violence_response: community_response\n"
    )
    result = run_batch("vallejo", make_policy(_script(tmp_path, answers)), 200, seed=5)
    assert result.runs == 200
    policy = make_policy(_script(tmp_path, "decisions: {study_session: public_hearings}\n"))
    run_batch("vallejo", policy, 50, seed=5)
    assert any(
        "decision 'pb_adoption' is on the agenda but not in the script" in n for n in policy.notes
    )
    assert any("(in " in n and " of 50 games)" in n for n in policy.notes)


def test_unanswered_decision_takes_the_first_available_option_and_says_so(
    tmp_path: Path, minimal
) -> None:
    policy = make_policy(_script(tmp_path, "decisions: {projects: repave}\n"))
    game = Game.start(minimal, seed=1)
    choice, _ = policy.choose(game.compiled, game.state)
    assert game.choices_from_arrays(choice[0], np.zeros(0, bool)).decisions == {
        "budget_process": "pb"
    }
    (note,) = policy.notes
    assert "turn 1: decision 'budget_process' is on the agenda but not in the script" in note
    assert "took the first available option ('pb')" in note


def test_unavailable_option_falls_back_and_says_so(tmp_path: Path, minimal) -> None:
    # fund_winners needs flag.pb_adopted, which 'staff' does not set
    text = "decisions: {budget_process: staff, projects: fund_winners}\n"
    policy = make_policy(_script(tmp_path, text))
    game = Game.start(minimal, seed=1)
    for _ in range(2):
        choice, act = policy.choose(game.compiled, game.state)
        picked = game.choices_from_arrays(choice[0], act[0])
        game.submit(picked)
    assert picked.decisions == {"projects": "repave"}
    assert any("option 'fund_winners' of 'projects' is not available" in n for n in policy.notes)


def test_a_turn_can_differ(tmp_path: Path, minimal) -> None:
    text = "decisions: {budget_process: pb}\nactions: [open_data]\nturns: {1: {actions: []}}\n"
    policy = make_policy(_script(tmp_path, text))
    game = Game.start(minimal, seed=1)
    _, act = policy.choose(game.compiled, game.state)
    assert not act.any()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("decisions: {budget_proces: pb}\n", "unknown decision 'budget_proces'; did you mean"),
        ("decisions: {budget_process: pbb}\n", "unknown option of 'budget_process' 'pbb'"),
        ("actions: [open_dat]\n", "unknown action 'open_dat'; did you mean 'open_data'?"),
        ("turns: {2: {decisions: {projectz: split}}}\n", "turn 2: unknown decision 'projectz'"),
    ],
    ids=["decision", "option", "action", "per-turn"],
)
def test_ids_the_scenario_lacks_are_usage_errors(
    tmp_path: Path, minimal, text: str, message: str
) -> None:
    policy = make_policy(_script(tmp_path, text))
    game = Game.start(minimal, seed=1)
    with pytest.raises(UsageError, match=message):
        policy.choose(game.compiled, game.state)
