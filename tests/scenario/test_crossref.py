"""Cross-reference checks beyond the fixtures: cascades are suppressed, positions inside text."""

from __future__ import annotations

from pathlib import Path

import pytest

from simcity_council.errors import Problem, ScenarioError
from simcity_council.scenario import check_source, load_scenario

GOOD_TEXT = (Path(__file__).parent.parent / "data" / "good_minimal.yaml").read_text(
    encoding="utf-8"
)


def problems(tmp_path: Path, text: str) -> list[Problem]:
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    loaded, found = check_source(path)
    assert loaded is None
    return found


def test_decision_scheduled_by_when_alone_is_valid(tmp_path: Path) -> None:
    text = GOOD_TEXT.replace("    after_event: storm\n", "    when: event.storm\n")
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    assert load_scenario(path).model.decisions[2].when == "event.storm"


def test_after_event_with_turn_is_refused(tmp_path: Path) -> None:
    text = GOOD_TEXT.replace("    after_event: storm\n", "    after_event: storm\n    turn: 3\n")
    found = problems(tmp_path, text)
    assert [p.path for p in found] == ["decisions[2].after_event"]
    assert "both turn and after_event" in found[0].message


def test_broken_section_does_not_cascade_into_unknown_ids(tmp_path: Path) -> None:
    text = GOOD_TEXT.replace("  - {id: streets, name: Streets, baseline: 150000}", "  - streets")
    assert [p.path for p in problems(tmp_path, text)] == ["domains[0]"]


def test_misnamed_section_does_not_cascade_into_conditions(tmp_path: Path) -> None:
    text = GOOD_TEXT.replace("decisions:\n", "decision:\n", 1)
    assert [p.path for p in problems(tmp_path, text)] == ["decisions", "decision"]


def test_bad_target_is_reported_once(tmp_path: Path) -> None:
    text = GOOD_TEXT.replace("{target: reserve,", "{target: Reserve!,")
    found = problems(tmp_path, text)
    assert len(found) == 1
    assert "is not a valid target" in found[0].message


def test_event_with_zero_chance_never_fires(tmp_path: Path) -> None:
    found = problems(tmp_path, GOOD_TEXT.replace("chance: 0.5", "chance: 0"))
    assert "event 'storm' can never fire" in found[0].message


def test_flag_set_by_an_event_is_reachable(tmp_path: Path) -> None:
    # the storm may fire on turn 2; what it sets is seen from turn 3
    text = (
        GOOD_TEXT.replace("        sets: [pb_adopted]\n", "")
        .replace("    shock: 0.3\n", "    shock: 0.3\n    sets: [pb_adopted]\n")
        .replace("    turn: 2\n", "    turn: 3\n")
    )
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    assert load_scenario(path).model.events[0].sets == ["pb_adopted"]


def test_initially_true_flag_is_reachable(tmp_path: Path) -> None:
    text = GOOD_TEXT.replace("        sets: [pb_adopted]\n", "").replace(
        "label: Participatory budgeting adopted}", "label: PB, initial: true}"
    )
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    assert load_scenario(path).model.flags[0].initial is True


def test_not_of_an_unreachable_flag_is_fine(tmp_path: Path) -> None:
    text = (
        GOOD_TEXT.replace("        sets: [pb_adopted]\n", "")
        .replace("requires: flag.pb_adopted", "requires: not flag.pb_adopted")
        .replace("  - when: flag.pb_adopted\n", "  - when: not flag.pb_adopted\n")
        .replace("applies: flag.pb_adopted", "applies: not flag.pb_adopted")
    )
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    load_scenario(path)


@pytest.mark.parametrize(
    ("condition_yaml", "line_offset", "column"),
    [
        ("trust_min >= 0.4 and flag.nope", 0, 32),
        ("'trust_min >= 0.4 and flag.nope'", 0, 33),
        ('"trust_min >= 0.4 and flag.nope"', 0, 33),
        ("|\n      trust_min >= 0.4\n      and flag.nope", 2, 11),
        (">\n      trust_min >= 0.4\n      and flag.nope", 2, 11),
        ("trust_min >= 0.4\n      and flag.nope", 1, 11),
    ],
    ids=["plain", "single-quoted", "double-quoted", "literal", "folded", "multi-line plain"],
)
def test_condition_errors_point_inside_the_text(
    tmp_path: Path, condition_yaml: str, line_offset: int, column: int
) -> None:
    text = GOOD_TEXT.replace("when: trust_min >= 0.4", f"when: {condition_yaml}")
    line = GOOD_TEXT.splitlines().index("    when: trust_min >= 0.4") + 1
    found = problems(tmp_path, text)
    assert [(p.line, p.column) for p in found] == [(line + line_offset, column)]
    assert found[0].message == "unknown name 'flag.nope'"


def test_scenario_error_lists_every_problem(tmp_path: Path) -> None:
    text = GOOD_TEXT.replace("owners: 0.6, renters: 0.8", "owners: 0.6, renterz: 0.8")
    text = text.replace("owners: 0.3}", "ownerz: 0.3}")
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert len(caught.value.problems) == 2
    assert str(caught.value).count("\n") == 1


def test_duplicate_decision_id_does_not_cascade_into_conditions(tmp_path: Path) -> None:
    # kept_when names chose.projects.fund_winners: an option of the first 'projects'.
    text = GOOD_TEXT.replace("  - id: storm_response\n", "  - id: projects\n")
    found = problems(tmp_path, text)
    assert [p.path for p in found] == ["decisions[2].id"]
    assert "duplicate decision id 'projects'" in found[0].message


@pytest.mark.parametrize(
    ("due", "ok"), [(3, True), (4, False)], ids=["due-on-last-turn", "due-after-end"]
)
def test_promise_may_fall_due_on_the_last_turn_but_not_after(
    tmp_path: Path, due: int, ok: bool
) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(GOOD_TEXT.replace("          due: 2\n", f"          due: {due}\n"), "utf-8")
    loaded, found = check_source(path)
    assert (loaded is not None) == ok
    assert [p.path for p in found] == ([] if ok else ["decisions[0].options[0].promise.due"])


def test_promise_after_an_event_counts_from_the_turn_after_it(tmp_path: Path) -> None:
    # storm_response follows the storm (window [2, 3]): on turn 3 at the earliest; 3 + 2 > 4.
    promise = (
        "        spend: {housing: 60000}\n"
        "        promise: {label: Rebuild, groups: [renters], due: 2, kept_when: flag.pb_adopted}\n"
    )
    text = GOOD_TEXT.replace("        spend: {housing: 60000}\n", promise)
    found = problems(tmp_path, text)
    assert [p.path for p in found] == ["decisions[2].options[0].promise.due"]
    assert "on turn 5 at the earliest" in found[0].message
    assert found[0].hint == "use 'due: 1' or less"


def test_delayed_option_effect_after_the_end_is_refused(tmp_path: Path) -> None:
    # 'projects' is on turn 2 of 4: after 2 lands on the last turn, after 3 after it.
    effect = "{target: indicator.street_condition, delta: 0.2"
    fine = GOOD_TEXT.replace(effect, effect + ", after: 2")
    path = tmp_path / "fine.yaml"
    path.write_text(fine, encoding="utf-8")
    assert load_scenario(path).model.decisions[1].options[1].effects[0].after == 2
    found = problems(tmp_path, GOOD_TEXT.replace(effect, effect + ", after: 3"))
    assert [p.path for p in found] == ["decisions[1].options[1].effects[0].after"]
    assert found[0].hint == "use 'after: 2' or less"


def test_conditions_of_applies_and_reflection_are_checked(tmp_path: Path) -> None:
    text = GOOD_TEXT.replace("applies: flag.pb_adopted", "applies: flag.pb_adoptd")
    found = problems(tmp_path, text)
    assert [p.path for p in found] == ["objectives[2].applies"]
    assert "did you mean 'flag.pb_adopted'?" in found[0].hint


def test_swapped_aggregate_name_is_suggested(tmp_path: Path) -> None:
    text = GOOD_TEXT.replace("when: trust_min >= 0.4", "when: min_trust >= 0.4", 1)
    (found,) = problems(tmp_path, text)
    assert found.hint == "did you mean 'trust_min'?"


@pytest.mark.parametrize(
    ("old", "new", "hint"),
    [
        ("    needs:", "    priorities:", "format 2 calls a group's true needs 'needs'"),
        ("        budget: {", "        recurring: 5\n        budget: {", "format 2 has no recurring"),
    ],
)
def test_format_1_fields_point_to_format_2(tmp_path: Path, old: str, new: str, hint: str) -> None:
    found = problems(tmp_path, GOOD_TEXT.replace(old, new, 1))
    assert any(hint in p.hint for p in found), found


def test_condition_of_a_reflection_question_is_checked(tmp_path: Path) -> None:
    text = GOOD_TEXT.replace("when: action.listening_tour >= 1", "when: action.listening_tuor >= 1")
    (found,) = problems(tmp_path, text)
    assert found.path == "reflection[1].when"
    assert "did you mean 'action.listening_tour'?" in found.hint
