"""The turn screen's promises, on a hand-built view (sample_views): unavailable options are greyed
with their reason, staff capacity is kept and said, and no state is shown by colour alone."""

from __future__ import annotations

from types import SimpleNamespace

from simcity_council.play_options import PlayOptions
from simcity_council.ui_pygame.turn_screen import TurnScreen

from .pilot import Pilot
from .sample_views import turn_view


class StubSession:
    """Just what a turn screen reads; records what it submits."""

    def __init__(self) -> None:
        self.model = SimpleNamespace(
            turns=SimpleNamespace(labels=["Q1", "Q2", "Q3", "Q4"]),
            groups=[],
            flags=[],
            indicators=[],
            events=[],
            decisions=[],
            actions=[],
            city=SimpleNamespace(currency="USD"),
        )
        self.results: tuple = ()
        self.submitted: list = []
        self.city_map = None
        self.class_code = "K7M-2QX"
        self.map_quantity = "trust"
        self.answered: list = []

    def view(self):
        return turn_view()

    def note_answer(self, decision: str) -> None:
        self.answered.append(decision)

    def reserve_after(self, choices) -> float:  # the engine's figure; the stub has none
        from simcity_council.errors import GameError

        raise GameError("the stub does not play")

    def submit(self, choices):
        self.submitted.append(choices)
        raise RuntimeError("the stub does not play")


def show_turn(pilot: Pilot) -> TurnScreen:
    pilot.launch(PlayOptions())
    screen = TurnScreen(pilot.app, StubSession())  # type: ignore[arg-type]
    pilot.app.replace(screen)
    pilot.pump()
    return screen


def test_an_unavailable_option_is_greyed_disabled_and_says_why(pilot: Pilot) -> None:
    show_turn(pilot)
    button = pilot.element("#opt-projects-fund_winners")
    facts = pilot.element("#opt-projects-fund_winners-facts")
    assert not button.is_enabled
    assert "Not available:</b> Needs participatory budgeting adopted first" in facts.html_text
    assert pilot.app.look.muted in facts.html_text, "its text is greyed"
    assert "Needs participatory budgeting" in button.tool_tip_text
    pilot.click("#opt-projects-fund_winners", expect_press=False)
    assert "projects" not in pilot.top.chosen
    pilot.top.focus_by_id("#opt-projects-repave")
    pilot.press("1")  # the unavailable option's number
    assert "projects" not in pilot.top.chosen


def test_a_chosen_option_and_an_answered_decision_say_so_in_words(pilot: Pilot) -> None:
    show_turn(pilot)
    pilot.click("#opt-budget_process-pb")
    assert pilot.element("#opt-budget_process-pb").text.endswith("Chosen")
    assert pilot.element("#opt-budget_process-staff").text.endswith("Choose")
    assert "(answered)" in pilot.element("#decision_budget_process_title").html_text
    assert "(needs an answer)" in pilot.element("#decision_projects_title").html_text
    assert not pilot.element("#end_turn").is_enabled
    assert "Answer every decision" in pilot.element("#status").html_text


def test_staff_capacity_disables_actions_and_says_what_it_took_off(pilot: Pilot) -> None:
    show_turn(pilot)  # capacity 2; every option and action needs 1
    pilot.click("#action-listening_tour")
    pilot.click("#action-open_data")
    assert pilot.top.capacity_left() == 0
    pilot.click("#opt-budget_process-pb")  # needs the staff of the last action added
    assert pilot.top.picked == ["listening_tour"]
    assert "Took 'Publish open budget data' off" in pilot.element("#status").html_text
    assert not pilot.element("#action-open_data").is_enabled
    assert "Not enough staff capacity left" in pilot.element("#action-open_data").tool_tip_text
    pilot.click("#opt-projects-repave")  # the other action goes too; all answered, within staff
    assert pilot.top.picked == []
    assert pilot.element("#end_turn").is_enabled


def test_choices_that_leave_the_reserve_below_its_floor_say_what_follows(pilot: Pilot) -> None:
    """The reserve tile gives the engine's end-of-turn figure; below the floor, the status line
    says the state takes over, once every decision is answered (instead of 'Ready')."""
    session = StubSession()
    session.reserve_after = lambda choices: -58_331.0  # type: ignore[method-assign]
    pilot.launch(PlayOptions())
    screen = TurnScreen(pilot.app, session)  # type: ignore[arg-type]
    pilot.app.replace(screen)
    pilot.pump()
    pilot.click("#opt-budget_process-pb")
    assert " to <b>-$58,331</b>" in pilot.element("#city_reserve").html_text
    assert "Answer every decision" in pilot.element("#status").html_text
    for decision in screen.view.agenda:
        if decision.id not in screen.chosen:
            option = next(o for o in decision.options if o.available)
            pilot.click(f"#opt-{decision.id}-{option.id}")
    status = pilot.element("#status").html_text
    assert "leave the reserve at -$58,331, below its floor of" in status
    assert "the state takes over and the game ends" in status
