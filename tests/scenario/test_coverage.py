"""Warnings about a valid scenario that probably does not play as meant (scenario/coverage.py):
an overlapping group left out of a service that reaches the group it is part of."""

from __future__ import annotations

from pathlib import Path

from simcity_council.errors import Problem
from simcity_council.scenario import inspect_source

GOOD_TEXT = (Path(__file__).parent.parent / "data" / "good_minimal.yaml").read_text(
    encoding="utf-8"
)
PARKS = "incidence: {owners: 1, renters: 0.8, unhoused: 0.5}"


def warnings(tmp_path: Path, text: str, under: str = "domains") -> list[Problem]:
    """The warnings about ``text`` (a valid scenario) at paths under ``under``."""
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    loaded, problems, found = inspect_source(path)
    assert loaded is not None and problems == []
    return [w for w in found if w.path.startswith(under)]


def test_an_overlapping_group_left_out_of_a_service_it_needs_is_warned_of(tmp_path: Path) -> None:
    """Unhoused residents are part of renters and need parks (0.1); left out of the parks'
    incidence, they would get none of them: cutting the parks would cost them nothing."""
    found = warnings(tmp_path, GOOD_TEXT.replace(PARKS, "incidence: {owners: 1, renters: 0.8}"))
    assert len(found) == 1
    w = found[0]
    assert (w.line, w.path) == (21, "domains[1].incidence")
    assert "is part of 'Renters', which Parks reaches" in w.message
    assert "gets none of it" in w.message
    assert "unhoused: 0.8, as renters" in w.hint and "unhoused: 0 if" in w.hint


def test_listed_at_zero_or_not_needing_the_service_is_meant(tmp_path: Path) -> None:
    listed = GOOD_TEXT.replace(PARKS, "incidence: {owners: 1, renters: 0.8, unhoused: 0}")
    assert warnings(tmp_path, listed) == []
    not_needed = GOOD_TEXT.replace(PARKS, "incidence: {owners: 1, renters: 0.8}").replace(
        "needs: {streets: 0.0, parks: 0.1, housing: 0.9}",
        "needs: {streets: 0.0, parks: 0.0, housing: 1.0}",
    )
    assert warnings(tmp_path, not_needed) == []
    assert warnings(tmp_path, GOOD_TEXT) == []  # a universal service reaches everyone


def test_the_builtins_have_no_such_gap() -> None:
    for name in ("vallejo", "portland", "minneapolis"):
        loaded, problems, found = inspect_source(name)
        assert loaded is not None and problems == [] and found == [], (name, found)


RENTERS = "    belief: {streets: 0.4, parks: 0.4, housing: 0.2}\n    uncertainty: 0.7\n"


def _groups_warnings(tmp_path: Path, text: str) -> list[Problem]:
    return warnings(tmp_path, text, under="groups")


def test_a_city_sure_of_a_wrong_belief_is_warned_of(tmp_path: Path) -> None:
    """Renters need housing (0.7); a belief of 0.2 on it is 50% away. At uncertainty 0.1 the
    game would say 'the city is sure' while it mis-aims their services every turn."""
    sure = RENTERS.replace("uncertainty: 0.7", "uncertainty: 0.1")
    (w,) = _groups_warnings(tmp_path, GOOD_TEXT.replace(RENTERS, sure))
    assert w.path == "groups[1].uncertainty"
    assert "the city is sure about 'Renters' (uncertainty 0.1)" in w.message
    assert "its belief is 50% away from their needs" in w.message
    assert "higher uncertainty" in w.hint
    fairly = RENTERS.replace("uncertainty: 0.7", "uncertainty: 0.3")
    (w,) = _groups_warnings(tmp_path, GOOD_TEXT.replace(RENTERS, fairly))
    assert "players would read 'the city is fairly sure'" in w.message
    unsure = RENTERS.replace("uncertainty: 0.7", "uncertainty: 0.6")
    assert _groups_warnings(tmp_path, GOOD_TEXT.replace(RENTERS, unsure)) == []
    right = sure.replace(
        "{streets: 0.4, parks: 0.4, housing: 0.2}", "{streets: 0.1, parks: 0.3, housing: 0.6}"
    )
    assert _groups_warnings(tmp_path, GOOD_TEXT.replace(RENTERS, right)) == []
