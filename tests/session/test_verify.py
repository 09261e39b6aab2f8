"""replay --verify: recorded logs replay to their digests; tampering is caught at the right turn."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sessionkit import MINIMAL, edit_line, lines_of, play_log

from simcity_council.engine import Choices
from simcity_council.errors import ReplayDivergence
from simcity_council.session import read_log
from simcity_council.session.replay import ScenarioCache, replay_game
from simcity_council.session.verify import verify_paths

OTHER = {
    "pb": "staff",
    "staff": "pb",
    "fund_winners": "repave",
    "repave": "split",
    "split": "repave",
    "shelter": "cleanup",
    "cleanup": "shelter",
}


def _edit(path: Path, line_no: int, change) -> Path:  # noqa: ANN001 - a dict -> None function
    """An edit whose chain of line hashes is recomputed, so that the replay must catch it."""
    return edit_line(path, line_no, change, to=path.with_name("edited-" + path.name))


@pytest.fixture
def log(tmp_path: Path) -> Path:
    return play_log(tmp_path, seed=4, policy="inclusive")


def test_a_recorded_log_verifies(log: Path) -> None:
    (verdict,) = verify_paths([log])
    assert verdict.ok
    assert verdict.turns == len(read_log(log).turns)
    assert verdict.lines() == [f"{log}: verified: {verdict.turns} turns"]


def test_replay_rebuilds_the_same_game(log: Path) -> None:
    parsed = read_log(log)
    game = replay_game(parsed, ScenarioCache().get(parsed))
    assert [r.digest for r in game.results] == [t.digest for t in parsed.turns]


@pytest.mark.parametrize("turn", [2, 3])
def test_tampered_choice_is_caught_at_its_turn(log: Path, turn: int) -> None:
    def swap(obj: dict) -> None:
        decision = next(iter(obj["choices"]))
        obj["choices"][decision] = OTHER[obj["choices"][decision]]

    parsed = read_log(log)
    if not parsed.turns[turn - 1].choices:
        pytest.skip("no decision on this turn in this seed")
    edited = _edit(log, turn + 1, swap)
    (verdict,) = verify_paths([edited])
    assert isinstance(verdict.error, ReplayDivergence)
    assert verdict.error.turn == turn
    assert verdict.error.line == turn + 1
    assert f"{edited}:{turn + 1}: turn {turn}" in str(verdict.error)
    assert verdict.turns == turn - 1


@pytest.mark.parametrize("field", ["trust", "wellbeing", "engagement"])
def test_tampered_group_indicator_is_caught_at_its_turn(log: Path, field: str) -> None:
    def bump(obj: dict) -> None:
        obj["by_group"][field]["renters"] = round(obj["by_group"][field]["renters"] + 0.05, 6)

    edited = _edit(log, 3, bump)
    (verdict,) = verify_paths([edited])
    assert isinstance(verdict.error, ReplayDivergence)
    assert verdict.error.turn == 2
    assert f"{field}.renters" in str(verdict.error)


@pytest.mark.parametrize("field", ["reserve", "resilience", "revenue"])
def test_tampered_city_indicator_is_caught(log: Path, field: str) -> None:
    def bump(obj: dict) -> None:
        obj["city"][field] = obj["city"][field] * 1.01 + 1

    edited = _edit(log, 4, bump)
    (verdict,) = verify_paths([edited])
    assert isinstance(verdict.error, ReplayDivergence)
    assert verdict.error.turn == 3
    assert field in str(verdict.error)


def test_tampered_digest_is_caught(log: Path) -> None:
    edited = _edit(log, 2, lambda obj: obj.update(digest="0" * 32))
    (verdict,) = verify_paths([edited])
    assert isinstance(verdict.error, ReplayDivergence) and verdict.error.turn == 1


def test_positions_are_where_the_game_listed_each_option_and_an_edit_is_caught(
    log: Path, tmp_path: Path
) -> None:
    from simcity_council.engine import Game
    from simcity_council.scenario import load_scenario

    parsed = read_log(log)
    game = Game.start(load_scenario(str(MINIMAL)), seed=parsed.header.seed)
    for record in parsed.turns:
        listed = {d.id: [o.id for o in d.options] for d in game.view().agenda}
        assert record.positions == {d: listed[d].index(o) + 1 for d, o in record.choices.items()}
        game.submit(Choices(record.choices, tuple(record.actions)))
    first = parsed.turns[0]
    (decision,) = first.choices
    wrong = 1 if first.positions[decision] != 1 else 2
    edited = _edit(log, 2, lambda obj: obj["positions"].update({decision: wrong}))
    (verdict,) = verify_paths([edited])
    assert isinstance(verdict.error, ReplayDivergence) and verdict.error.turn == 1
    assert f"position of '{decision}' = {wrong}" in str(verdict.error)
    dropped = _edit(log, 2, lambda obj: obj.update(positions={}))  # read as a log before 0.3.1
    assert verify_paths([dropped])[0].ok
    extra = _edit(log, 2, lambda obj: obj["positions"].update(not_answered=1))
    (verdict,) = verify_paths([extra])
    assert isinstance(verdict.error, ReplayDivergence) and "positions of" in str(verdict.error)
    other = play_log(tmp_path / "other", seed=5, policy="narrow")
    together = verify_paths([edited, other])  # one engine batch
    assert [v.ok for v in together] == [False, True]
    assert isinstance(together[0].error, ReplayDivergence) and together[0].error.turn == 1


def test_tampered_seed_is_caught_where_the_luck_differs(log: Path) -> None:
    # The seed is not part of the state: a changed seed shows at the first turn it changes.
    edited = _edit(log, 1, lambda obj: obj.update(seed=obj["seed"] + 1))
    (verdict,) = verify_paths([edited])
    assert isinstance(verdict.error, ReplayDivergence)
    assert verdict.error.line == verdict.error.turn + 1


def test_a_changed_scenario_file_is_reported(tmp_path: Path) -> None:
    scenario = tmp_path / "town.yaml"
    shutil.copy(MINIMAL, scenario)
    log = play_log(tmp_path / "logs", scenario=scenario)
    scenario.write_text(scenario.read_text() + "\n# edited after class\n")
    (verdict,) = verify_paths([log])
    assert verdict.error is not None
    assert "scenario file changed" in str(verdict.error)
    assert "put a copy of it next to the log, named town.yaml" in str(verdict.error)
    assert f"{log}:1:" in str(verdict.error)


def test_a_copy_next_to_the_log_replays_a_changed_scenario(tmp_path: Path) -> None:
    scenario = tmp_path / "town.yaml"
    shutil.copy(MINIMAL, scenario)
    log = play_log(tmp_path / "logs", scenario=scenario)
    shutil.copy(scenario, log.parent / "town.yaml")  # the file as the student played it
    scenario.write_text(scenario.read_text() + "\n# edited after class\n")
    (verdict,) = verify_paths([log])
    assert verdict.error is None


def test_a_copy_next_to_the_log_stands_in_for_a_changed_built_in(tmp_path: Path) -> None:
    # A newer release may change a built-in; the scenario as played, saved beside the log as
    # <id>.yaml, still replays it.
    import hashlib

    from simcity_council.scenario import load_scenario

    log = play_log(tmp_path, scenario="vallejo", turns=3, finish=False)
    as_played = log.parent / "vallejo.yaml"
    as_played.write_bytes(load_scenario("vallejo").path.read_bytes() + b"\n# an older release\n")
    digest = hashlib.sha256(as_played.read_bytes()).hexdigest()

    def older(header: dict) -> None:
        header["scenario"]["sha256"] = digest

    edited = _edit(log, 1, older)
    (verdict,) = verify_paths([edited])
    assert verdict.error is None
    as_played.unlink()
    (verdict,) = verify_paths([edited])
    assert "named vallejo.yaml" in str(verdict.error)


def test_scenario_next_to_the_log_is_found_when_the_path_moved(tmp_path: Path) -> None:
    scenario = tmp_path / "town.yaml"
    shutil.copy(MINIMAL, scenario)
    log = play_log(tmp_path / "logs", scenario=scenario)
    moved = tmp_path / "elsewhere"
    moved.mkdir()
    shutil.move(log, moved / log.name)
    shutil.move(scenario, moved / "town.yaml")
    assert [v.ok for v in verify_paths([moved / log.name])] == [True]


def test_many_logs_verify_together_and_each_gets_its_verdict(tmp_path: Path) -> None:
    logs = [play_log(tmp_path, seed=s, policy=p) for s in range(6) for p in ("inclusive", "narrow")]
    bad = _edit(logs.pop(3), 3, lambda obj: obj["by_group"]["trust"].update(owners=0.0))
    unfinished = play_log(tmp_path, seed=99, turns=2, finish=False)
    verdicts = verify_paths([*logs, bad, unfinished])
    assert [v.ok for v in verdicts] == [True] * len(logs) + [False, True]
    assert verdicts[-2].error.turn == 2
    assert verdicts[-1].turns == 2 and not verdicts[-1].finished


def test_batch_verification_agrees_with_one_by_one_replay(tmp_path: Path) -> None:
    from simcity_council.session.verify import verify_batch, verify_each

    paths = [play_log(tmp_path, seed=s, policy=p) for s in range(5) for p in ("random", "narrow")]
    paths.append(_edit(paths[0], 3, lambda obj: obj["by_group"]["wellbeing"].update(unhoused=1.0)))
    paths.append(_edit(paths[1], 2, lambda obj: obj["choices"].update(budget_process="pb")))
    paths.append(_edit(paths[2], 1, lambda obj: obj.update(seed=123456)))
    paths.append(play_log(tmp_path / "short", seed=3, turns=2, finish=False))
    logs = [read_log(p) for p in paths]
    cache = ScenarioCache()

    def summary(verdicts: list) -> list:
        return [
            (
                v.turns,
                type(v.error).__name__,
                getattr(v.error, "turn", None),
                getattr(v.error, "line", None),
            )
            for v in verdicts
        ]

    assert summary(verify_batch(logs, cache)) == summary(verify_each(logs, cache))


@pytest.mark.parametrize(
    "change",
    [
        lambda obj: obj["scores"].update(trust_min=obj["scores"]["trust_min"] + 0.1),
        lambda obj: obj["objectives"][0].update(met=not obj["objectives"][0]["met"]),
        lambda obj: obj.update(end_reason="recall"),
    ],
    ids=["score", "objective", "end-reason"],
)
def test_tampered_end_line_is_caught(log: Path, change) -> None:
    from simcity_council.session.verify import verify_batch, verify_each

    lines = lines_of(log)
    edited = _edit(log, len(lines), change)
    for check in (verify_batch, verify_each):
        (verdict,) = check([read_log(edited)], ScenarioCache())
        assert isinstance(verdict.error, ReplayDivergence), check.__name__
        assert verdict.error.line == len(lines)
        assert "end line" in str(verdict.error)
        assert verdict.turns == len(lines) - 2


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda obj: obj["choices"].update(projects="fund_winners"),
            "option 'fund_winners' of 'projects' is not available",
        ),
        (lambda obj: obj["choices"].update(projects="paint"), "unknown option 'paint'"),
        (lambda obj: obj["choices"].update(nonsense="x"), "unknown decision 'nonsense'"),
        (lambda obj: obj["choices"].clear(), "decision 'projects' is on the agenda"),
        (lambda obj: obj.update(actions=["bogus"]), "unknown action 'bogus'"),
    ],
    ids=["unavailable", "unknown-option", "unknown-decision", "missing", "unknown-action"],
)
def test_unplayable_choices_are_named_by_id_in_a_batch(tmp_path: Path, change, message) -> None:
    # The batch engine reports refused choices by index; verification names them as the
    # interactive game does, by id and with the reason, at the right turn and line.
    from simcity_council.session.verify import verify_batch, verify_each

    log = play_log(tmp_path, seed=12, policy="narrow")  # staff: fund_winners is unavailable
    assert "projects" in read_log(log).turns[1].choices
    edited = _edit(log, 3, change)
    others = [read_log(play_log(tmp_path / "more", seed=s)) for s in range(3)]
    batch = verify_batch([*others, read_log(edited)], ScenarioCache())
    (single,) = verify_each([read_log(edited)], ScenarioCache())
    assert [v.ok for v in batch] == [True, True, True, False]
    assert str(batch[-1].error) == str(single.error)
    assert message in str(batch[-1].error)
    assert f"{edited}:3: turn 2: the recorded choices cannot be played" in str(batch[-1].error)
    assert "option 0" not in str(batch[-1].error) and batch[-1].turns == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda obj: obj["stances"].update(budget_process="narrow"),
            "recorded stance of 'budget_process' = 'narrow' but the scenario gives 'inclusive'",
        ),
        (lambda obj: obj["stances"].clear(), "stance of 'budget_process' = None"),
        (lambda obj: obj.update(label="Q9"), "recorded label 'Q9' but the scenario gives 'Q1'"),
    ],
    ids=["stance", "stances-missing", "label"],
)
def test_tampered_scenario_words_are_caught(log: Path, change, message) -> None:
    # Stances and labels are copied from the scenario, not from the state: the digest does not
    # cover them, but exports and the class report use them.
    from simcity_council.session.verify import verify_batch, verify_each

    assert read_log(log).turns[0].choices == {"budget_process": "pb"}
    edited = _edit(log, 2, change)
    for check in (verify_batch, verify_each):
        (verdict,) = check([read_log(edited)], ScenarioCache())
        assert isinstance(verdict.error, ReplayDivergence), check.__name__
        assert (verdict.error.turn, verdict.error.line, verdict.turns) == (1, 2, 0)
        assert message in str(verdict.error)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda obj: obj["groups"][1].update(share=0.9),
            "header: recorded groups[1] = ('renters', 'Renters', 0.9)",
        ),
        (
            lambda obj: obj["initial"]["by_group"]["trust"].update(owners=0.01),
            "header: recorded initial.trust.owners = 0.01",
        ),
        (
            lambda obj: obj["initial"]["city"].update(reserve=1.0),
            "header: recorded initial.reserve = 1.0",
        ),
        (
            lambda obj: obj["scenario"].update(title="Another town"),
            "header: recorded scenario = ('minimal', 'Another town')",
        ),
    ],
    ids=["share", "initial-trust", "initial-reserve", "title"],
)
def test_tampered_header_is_caught_before_turn_1(log: Path, change, message) -> None:
    from simcity_council.session.verify import verify_batch, verify_each

    edited = _edit(log, 1, change)
    for check in (verify_batch, verify_each):
        (verdict,) = check([read_log(edited)], ScenarioCache())
        assert isinstance(verdict.error, ReplayDivergence), check.__name__
        assert (verdict.error.turn, verdict.error.line, verdict.turns) == (0, 1, 0)
        assert message in str(verdict.error), str(verdict.error)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda obj: obj["objectives"][0].update(weight=5.0), "end line: recorded objectives"),
        (lambda obj: obj["objectives"][1].update(label="Rich"), "end line: recorded objectives"),
        (lambda obj: obj["objectives"].reverse(), "end line: recorded objectives"),
        (lambda obj: obj["scores"].pop("engagement"), "recorded score engagement = None"),
    ],
    ids=["weight", "label", "order", "score-removed"],
)
def test_tampered_objective_words_and_missing_scores_are_caught(log: Path, change, message) -> None:
    from simcity_council.session.verify import verify_batch, verify_each

    lines = lines_of(log)
    edited = _edit(log, len(lines), change)
    for check in (verify_batch, verify_each):
        (verdict,) = check([read_log(edited)], ScenarioCache())
        assert isinstance(verdict.error, ReplayDivergence), check.__name__
        assert verdict.error.line == len(lines)
        assert message in str(verdict.error), str(verdict.error)


GOLDEN = sorted((Path(__file__).resolve().parents[1] / "data" / "golden").glob("*.jsonl"))


@pytest.mark.parametrize("golden", GOLDEN, ids=[p.stem for p in GOLDEN])
def test_tampering_at_any_turn_of_a_golden_log_is_caught_at_that_turn(
    golden: Path, tmp_path: Path
) -> None:
    from simcity_council.session.verify import verify_batch, verify_each

    path = tmp_path / golden.name
    shutil.copy(golden, path)
    parsed = read_log(path)
    loaded = ScenarioCache().get(parsed)
    edits = []
    for record in parsed.turns:
        first = next(iter(record.trust))

        def halve(o: dict, g: str = first) -> None:  # (or give it some, where it fell to 0)
            trust = o["by_group"]["trust"]
            trust[g] = trust[g] / 2 or 0.5

        edits.append((record.turn, halve))
        agenda = replay_game(parsed, loaded, upto=record.turn - 1).view().agenda
        for decision in agenda:
            other = next(
                (
                    o.id
                    for o in decision.options
                    if o.available and o.id != record.choices[decision.id]
                ),
                None,
            )
            if other is not None:
                edits.append(
                    (record.turn, lambda o, d=decision.id, x=other: o["choices"].update({d: x}))
                )
                break
    assert len(edits) > len(parsed.turns)  # every turn's indicator, and the choices
    logs = []
    for k, (turn, change) in enumerate(edits):
        edited = _edit(path, turn + 1, change)
        logs.append(read_log(edited.rename(tmp_path / f"edit{k}.jsonl")))
    cache = ScenarioCache()
    for verdicts in (verify_batch(logs, cache), verify_each(logs, cache)):
        for (turn, _), verdict in zip(edits, verdicts, strict=True):
            assert isinstance(verdict.error, ReplayDivergence), verdict.path
            assert (verdict.error.turn, verdict.error.line, verdict.turns) == (
                turn,
                turn + 1,
                turn - 1,
            ), str(verdict.error)


def test_a_log_from_another_release_is_not_called_edited(log: Path) -> None:
    """A value another release wrote differently (an older log) is explained as a version
    difference with the command to replay it, not as an edited line; the same change in a log
    of this release is an edit."""

    def older_and_different(obj: dict) -> None:
        obj["by_group"]["trust"]["renters"] = round(obj["by_group"]["trust"]["renters"] + 0.05, 6)

    edited = _edit(log, 3, older_and_different)
    (same_release,) = verify_paths([edited])
    assert "the line was edited after it was written" in str(same_release.error)
    older = _edit(edited, 1, lambda header: header.update(package_version="0.0.9"))
    (verdict,) = verify_paths([older])
    text = str(verdict.error)
    assert verdict.error.turn == 2
    assert "after it was written" not in text  # not said for sure: another release may differ
    assert "may compute or write values differently, or the line was edited" in text
    assert "written by simcity-council 0.0.9" in text
    assert "pip install 'simcity-council==0.0.9'" in text
