"""Screens drawn from hand-built views: plain output is linear and labelled, rich output has the
same words, and no information is carried by colour alone."""

import io
import re

import pytest

from simcity_council.engine.views import Choices, Scores, TurnResult, TurnView
from simcity_council.ui_terminal.screens import (
    show_actions,
    show_beliefs,
    show_choices,
    show_city,
    show_decision,
    show_turn,
)
from simcity_council.ui_terminal.summary import show_debrief, show_details, show_result
from simcity_council.ui_terminal.writer import PlainWriter, RichWriter, wants_plain

ANSI = re.compile(r"\x1b\[")
BOX_DRAWING = re.compile(r"[\u2500-\u257f]")


def _plain() -> tuple[PlainWriter, io.StringIO]:
    out = io.StringIO()
    return PlainWriter(out), out


def _rich() -> tuple[RichWriter, io.StringIO]:
    out = io.StringIO()
    return RichWriter(out, width=110, force=True), out


def _strip_ansi(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def test_plain_turn_shows_each_group_in_one_labelled_line(turn_view: TurnView) -> None:
    w, out = _plain()
    show_turn(w, turn_view)
    text = out.getvalue()
    assert "Homeowners: trust 62 (up 3), wellbeing 60 (no change), engagement 40 (down 2)." in text
    assert "Renters: trust 38 (down 5)" in text


def test_a_turn_starts_brief_and_the_rest_is_a_command_away(turn_view: TurnView) -> None:
    w, out = _plain()
    show_turn(w, turn_view)
    text = out.getvalue()
    assert (
        "Reserve $1,000,000 (the floor is $0); revenue next turn $400,000; resilience 40; "
        "2 staff points this turn." in text
    )
    assert "Promises you must keep: Fund the winning projects" in text
    assert "What the city believes" not in text  # the people command shows it
    assert len(text.strip().splitlines()) <= 12, "fits a 80x24 terminal with room for the prompt"


def test_plain_city_and_beliefs_on_request(turn_view: TurnView) -> None:
    w, out = _plain()
    show_city(w, turn_view)
    show_beliefs(w, turn_view)
    text = out.getvalue()
    assert "Reserve: $1,000,000" in text
    assert "Economic resilience: 40 of 100" in text
    assert "Staff capacity: 2 staff points this turn" in text
    assert "Street condition: 50 of 100" in text
    assert "So far:" not in text  # no flag set yet: nothing to say
    assert (
        "Renters (50% of residents): the city is unsure; believed to want most: Streets 50%, "
        "Parks 30%, Housing 20%." in text
    )
    assert "Homeowners (50% of residents): the city is sure" in text


def test_plain_output_has_no_escapes_and_no_box_drawing(
    turn_view: TurnView, turn_result: TurnResult, scores: Scores
) -> None:
    w, out = _plain()
    show_turn(w, turn_view)
    show_decision(w, 1, 1, turn_view.agenda[0], turn_view)
    show_actions(w, turn_view)
    show_result(w, turn_result, "USD")
    show_debrief(w, scores, [turn_result], "USD")
    text = out.getvalue()
    assert not ANSI.search(text)
    assert not BOX_DRAWING.search(text)
    assert "▲" not in text and "✓" not in text  # words instead of symbols a reader may skip


def test_options_show_cost_consultation_promise_and_unavailability_never_the_stance(
    turn_view: TurnView,
) -> None:
    w, out = _plain()
    show_decision(w, 1, 1, turn_view.agenda[0], turn_view)
    text = out.getvalue()
    assert "Agenda item 1 of 1: How will we set the budget?" in text
    assert "1. Participatory budgeting (id: pb)" in text
    assert "Costs $50,000 once." in text
    assert "Consults fully: Renters; in part: Homeowners." in text
    assert "Promise: Fund the winning projects." in text
    assert "Spends on: Streets $250,000." in text
    assert "Consults no one outside city hall." in text
    assert "3. Fund the winners (id: fund) (unavailable: needs participatory" in text
    assert "Costs $10,000 more every turn, from this one on; uses 1 staff point." in text
    for stance in ("inclusive", "narrow", "mixed"):
        assert stance not in text  # students never see an option's stance while they play


def test_actions_show_cost_capacity_and_targets(turn_view: TurnView) -> None:
    w, out = _plain()
    show_actions(w, turn_view, {"budget_process": "pb"})
    text = out.getvalue()
    assert "Listening and engagement actions (2 staff points this turn)" in text
    assert "After your decisions: 2 staff points and $950,000 to spend now." in text
    assert (
        "Costs $20,000; uses 1 staff point; reaches Renters; listens closely (the city learns "
        "what they want); raises their engagement by 10." in text
    )


def test_choice_summary_totals_cost_and_points(turn_view: TurnView) -> None:
    w, out = _plain()
    show_choices(w, turn_view, Choices({"budget_process": "pb"}, ("tour",)))
    text = out.getvalue()
    assert "How will we set the budget?: Participatory budgeting ($50,000)" in text
    assert "Actions: Listening tour ($20,000, 1 staff point)" in text
    assert "Total this turn: $70,000 from a reserve of $1,000,000; 1 of 2 staff points" in text
    assert "reserve ends the turn" not in text  # said only when the engine's figure is given
    w, out = _plain()
    show_choices(w, turn_view, Choices({"budget_process": "pb"}), reserve_after=760_000)
    assert (
        "After running the city, the reserve ends at $760,000 (-$240,000), before any news."
        in out.getvalue()
    )
    # after the first turn (brief), only when it matters: here the choices cost money and the
    # reserve stays above its floor, so it is not said
    w, out = _plain()
    show_choices(w, turn_view, Choices({"budget_process": "pb"}), brief=True, reserve_after=9e5)
    assert "reserve ends at" not in out.getvalue()
    w, out = _plain()
    floor = turn_view.city.reserve_floor
    show_choices(
        w, turn_view, Choices({"budget_process": "pb"}), brief=True, reserve_after=floor - 1
    )
    assert "below its floor" in out.getvalue() and "the state takes over" in out.getvalue()


def test_turn_result_summary_first_then_details(turn_result: TurnResult) -> None:
    w, out = _plain()
    show_result(w, turn_result, "USD")
    summary = out.getvalue()
    assert "Winter storm. A storm floods the low blocks." in summary
    assert (
        "Homeowners: trust 62 (+2), wellbeing 50, engagement 50."
        in summary  # no change: no bracket
    )
    assert "Reserve $1,000,000 to $1,330,000 (+$330,000)." in summary
    assert "Promise kept: Fund the winning projects." in summary
    assert "your decision" not in summary  # the causes are in the details
    w, out = _plain()
    show_details(w, turn_result, "USD")
    details = out.getvalue()
    assert "Trust 60 to 62 (+2)." in details
    assert "+2 your decision: Participatory budgeting" in details
    assert "-6 event: Winter storm" in details
    assert "+1 your action: Listening tour" in details
    assert "Now the city is fairly sure what they want (it was unsure)." in details
    assert "+$400,000 Revenue" in details
    assert "-$50,000 your decision: Participatory budgeting" in details
    # next turn's revenue, and why it moved (an event's loss of revenue is named here)
    assert "Revenue next turn $400,000 to $405,000 (+$5,000)." in details
    assert "+$5,000 The local economy (resilience and wellbeing)" in details


def test_debrief_lists_scores_objectives_causes_and_texts(
    turn_result: TurnResult, scores: Scores
) -> None:
    w, out = _plain()
    show_debrief(w, scores, [turn_result, turn_result], "USD")
    text = out.getvalue()
    assert "You served the full term." in text
    assert "Lowest resident group's trust: 38" in text
    assert "Objectives: 1 of 2 met" in text
    assert "not met: Every group's trust at least 40" in text
    assert "met: Reserve above 500,000" in text
    # causes summed over both turns: 2 x 2.5 points
    assert "1. your decision: Participatory budgeting +5.0" in text
    assert "Reserve above 500,000" in text
    assert "Renters: trust 43 to 38 (down 5)" in text
    assert "Turn by turn: 43, 38, 38" in text
    assert "- You opened the budget to residents." in text


def test_rich_output_has_the_same_words_with_arrows_and_signs(
    turn_view: TurnView, scores: Scores, turn_result: TurnResult
) -> None:
    w, out = _rich()
    show_turn(w, turn_view)
    show_debrief(w, scores, [turn_result], "USD")
    text = out.getvalue()
    assert ANSI.search(text)  # colour is there...
    plain = _strip_ansi(text)
    assert "62 ▲+3" in plain  # ...but the arrow and the sign say the same thing
    assert "38 ▼-5" in plain
    assert "✗ not met: Every group's trust at least 40" in plain
    assert "✓ met: Reserve above 500,000" in plain


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("env", "stream", "plain", "expected"),
    [
        ({}, _Tty(), False, False),
        ({}, io.StringIO(), False, True),
        ({"NO_COLOR": "1"}, _Tty(), False, True),
        ({"TERM": "dumb"}, _Tty(), False, True),
        ({"NO_COLOR": ""}, _Tty(), False, False),
        ({}, _Tty(), True, True),
    ],
    ids=["tty", "pipe", "no-color", "dumb-term", "empty-no-color", "asked"],
)
def test_wants_plain(env: dict[str, str], stream: io.StringIO, plain: bool, expected: bool) -> None:
    assert wants_plain(stream, env, plain) is expected


def test_choice_summary_names_an_unanswered_decision(turn_view: TurnView) -> None:
    w, out = _plain()
    show_choices(w, turn_view, Choices({}, ()))
    assert "How will we set the budget?: no answer yet" in out.getvalue()


def test_event_title_ending_in_a_question_is_not_followed_by_a_colon(
    turn_result: TurnResult,
) -> None:
    from dataclasses import replace

    from simcity_council.engine.views import EventView

    asked = EventView("tv", "A TV station asks: what did it buy?", "KATU asks.")
    w, out = _plain()
    show_result(w, replace(turn_result, events=(asked,)), "USD")
    assert "A TV station asks: what did it buy? KATU asks." in out.getvalue()
    assert "buy?:" not in out.getvalue()


def test_debrief_adds_up_every_cause_by_kind(scores: Scores, turn_result: TurnResult) -> None:
    w, out = _plain()
    show_debrief(w, scores, [turn_result, turn_result], "USD")
    text = out.getvalue()
    assert "Every change of trust has a cause" in text
    assert "All causes added up: your decisions +5.0; everything else -1.0." in text
    assert "All causes added up: your actions +2.0; events -12.0." in text


def test_decisions_say_how_many_staff_points_are_left(turn_view: TurnView) -> None:
    w, out = _plain()
    show_decision(w, 1, 1, turn_view.agenda[0], turn_view, points_left=0)
    text = out.getvalue()
    assert "Staff points left this turn: 0 of 2." in text
    # the unavailable option says why, in a sentence, not "needs: ..."
    assert "(unavailable: needs participatory budgeting first)" in text


def test_an_option_needing_more_points_than_are_left_is_marked(turn_view: TurnView) -> None:
    from dataclasses import replace

    decision = turn_view.agenda[0]
    options = (replace(decision.options[0], capacity=2), *decision.options[1:])
    w, out = _plain()
    show_decision(w, 2, 2, replace(decision, options=options), turn_view, points_left=1)
    assert "(needs 2 staff points; 1 left after your other choices)" in out.getvalue()


def test_actions_after_decisions_that_used_every_point(turn_view: TurnView) -> None:
    from dataclasses import replace

    city = replace(turn_view.city, capacity=0)
    w, out = _plain()
    show_actions(w, replace(turn_view, city=city), {"budget_process": "staff"})
    text = out.getvalue()
    assert "After your decisions: 0 staff points" in text
    assert "Every action needs a staff point: press Enter to take none." in text
    assert "(needs 1 staff point" not in text  # said once above, not on every action
