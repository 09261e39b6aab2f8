"""Whole games in the window, from the scenario picker to the debrief, by mouse alone and by
keyboard alone, with the session log checked and verified by replay at the end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from simcity_council import cli
from simcity_council.play_options import PlayOptions
from simcity_council.scenario import builtin_ids
from simcity_council.wording import STANCE_WORDS

from .pilot import Pilot

ANSWER = "Listening first changed who trusted us."


def log_lines(log_dir: Path) -> tuple[Path, list[dict]]:
    (path,) = sorted(log_dir.glob("*.jsonl"))
    return path, [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def lightest(decision) -> int:
    """1-based number of the available option that needs the least staff (keeps within capacity)."""
    options = [(o.capacity, k) for k, o in enumerate(decision.options, start=1) if o.available]
    return min(options)[1]


def picker_index(pilot: Pilot, scenario: str) -> int:
    refs = [entry.ref for entry in pilot.top.entries]
    return refs.index(scenario)


# ---- mouse ------------------------------------------------------------------------------------
def play_turn_by_mouse(pilot: Pilot, listen: bool = True) -> None:
    view = pilot.top.view
    for decision in view.agenda:
        option = decision.options[lightest(decision) - 1]
        pilot.click(f"#opt-{decision.id}-{option.id}")
    listening = [a for a in view.actions if pilot.element(f"#action-{a.id}").is_enabled]
    if listening and listen:
        pilot.click(f"#action-{listening[0].id}")
        assert listening[0].id in pilot.top.picked
    pilot.click("#end_turn")
    assert pilot.screen_name() == "result"
    pilot.click("#continue")


def test_vallejo_by_mouse_from_picker_to_debrief(pilot: Pilot, log_dir: Path) -> None:
    pilot.launch(PlayOptions(log_dir=log_dir, player="student-m"))
    assert pilot.screen_name() == "title"
    pilot.click(f"#scenario_{picker_index(pilot, 'vallejo')}")
    pilot.click("#start")
    assert pilot.screen_name() == "briefing"
    pilot.click("#begin")
    turns = 0
    while pilot.screen_name() == "turn":
        play_turn_by_mouse(pilot)
        turns += 1
    assert pilot.screen_name() == "debrief"
    # the stances hidden during play are revealed here, one per decision taken
    stances = pilot.element("#stances").html_text
    taken = [json.loads(x) for x in log_lines(log_dir)[0].read_text(encoding="utf-8").splitlines()]
    chosen = [s for t in taken if t["type"] == "turn" for s in t["stances"].values()]
    assert chosen and all(f"({s})" in stances for s in set(chosen))
    assert all(words.split(",")[0] in stances for words in STANCE_WORDS.values())  # the key
    pilot.click("#answer_0", expect_press=False)
    pilot.type_text(ANSWER)
    pilot.click("#save_0")
    pilot.click("#quit")
    assert not pilot.app.running

    path, lines = log_lines(log_dir)
    kinds = [line["type"] for line in lines]
    assert kinds[0] == "header"
    assert lines[0]["player"] == "student-m"
    assert kinds.count("turn") == turns
    assert "end" in kinds
    reflections = [line for line in lines if line["type"] == "reflection"]
    assert [r["answer"] for r in reflections] == [ANSWER]
    assert cli.main(["replay", str(path), "--verify"]) == 0


# ---- keyboard ---------------------------------------------------------------------------------
def tab_to(pilot: Pilot, oid: str, key: str = "tab") -> None:
    """Move the keyboard focus to ``oid``; the focus ring is drawn at every step."""
    for _ in range(len(pilot.top.focusables) + 1):
        if pilot.focused_id() == oid:
            return
        pilot.press(key)
        assert pilot.top.focus_rect() is not None, f"no focus ring after {key}"
    raise AssertionError(f"{key} never reached {oid} on the {pilot.screen_name()} screen")


def play_turn_by_keyboard(pilot: Pilot) -> None:
    view = pilot.top.view
    for decision in view.agenda:
        first = f"#opt-{decision.id}-{decision.options[0].id}"
        ids = [f"#opt-{decision.id}-{o.id}" for o in decision.options]
        if pilot.focused_id() not in ids:
            for _ in range(len(pilot.top.focusables)):
                if pilot.focused_id() in ids:
                    break
                pilot.press("down")
                assert pilot.top.focus_rect() is not None
        assert pilot.focused_id() in ids, f"arrows never reached {first}"
        pilot.press(str(lightest(decision)))
        assert decision.id in pilot.top.chosen
    actions = [a for a in view.actions if pilot.element(f"#action-{a.id}").is_enabled]
    if actions:
        tab_to(pilot, f"#action-{actions[0].id}")
        pilot.press("space")
        assert actions[0].id in pilot.top.picked
    tab_to(pilot, "#end_turn")
    pilot.press("return")
    assert pilot.screen_name() == "result"
    assert pilot.focused_id() == "#continue"
    assert pilot.top.focus_rect() is not None
    pilot.press("return")


def test_portland_by_keyboard_from_picker_to_debrief(pilot: Pilot, log_dir: Path) -> None:
    pilot.launch(PlayOptions(log_dir=log_dir))
    pilot.press(str(picker_index(pilot, "portland") + 1))
    assert pilot.top.entries[pilot.top.selected].ref == "portland"
    assert pilot.focused_id() == f"#scenario_{picker_index(pilot, 'portland')}"
    tab_to(pilot, "#player")
    pilot.type_text("student-k")
    tab_to(pilot, "#start")
    pilot.press("return")
    assert pilot.screen_name() == "briefing"
    assert pilot.focused_id() == "#begin"
    pilot.press("return")
    turns = 0
    while pilot.screen_name() == "turn":
        play_turn_by_keyboard(pilot)
        turns += 1
    assert pilot.screen_name() == "debrief"
    tab_to(pilot, "#answer_0")
    pilot.type_text(ANSWER)
    tab_to(pilot, "#save_0")
    pilot.press("return")
    assert pilot.top.saved == {0}
    pilot.press("escape")  # Esc on the debrief quits
    assert not pilot.app.running

    path, lines = log_lines(log_dir)
    assert lines[0]["type"] == "header"
    assert lines[0]["player"] == "student-k"
    assert lines[0]["scenario"]["id"] == "portland"
    assert [line["type"] for line in lines].count("turn") == turns
    assert any(line["type"] == "end" for line in lines)
    assert [x["answer"] for x in lines if x["type"] == "reflection"] == [ANSWER]
    assert cli.main(["replay", str(path), "--verify"]) == 0


# ---- End turn ---------------------------------------------------------------------------------
def test_end_turn_waits_for_every_decision(pilot: Pilot, log_dir: Path) -> None:
    pilot.start(PlayOptions(scenario="vallejo", log_dir=log_dir, seed=3))
    pilot.click("#begin")
    # Find a turn with two or more decisions, answering as we go.
    while len(pilot.top.view.agenda) < 2:
        play_turn_by_mouse(pilot)
    agenda = pilot.top.view.agenda
    end = pilot.element("#end_turn")
    assert not end.is_enabled
    pilot.click("#end_turn", expect_press=False)
    assert pilot.screen_name() == "turn"
    for decision in agenda[:-1]:
        pilot.click(f"#opt-{decision.id}-{decision.options[lightest(decision) - 1].id}")
        assert not pilot.element("#end_turn").is_enabled
    last = agenda[-1]
    pilot.click(f"#opt-{last.id}-{last.options[lightest(last) - 1].id}")
    assert pilot.element("#end_turn").is_enabled
    pilot.click("#end_turn")
    assert pilot.screen_name() == "result"


@pytest.mark.parametrize("scenario", builtin_ids())
def test_every_builtin_is_in_the_picker(pilot: Pilot, scenario: str) -> None:
    pilot.launch(PlayOptions())
    pilot.click(f"#scenario_{picker_index(pilot, scenario)}")
    assert pilot.top.entries[pilot.top.selected].ref == scenario
    assert pilot.element("#start").is_enabled
