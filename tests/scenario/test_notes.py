"""`notes:` fields hold what authors and fact-checkers need; students never see them: not in the
terminal game, not in the views the window draws, not in the session log."""

from __future__ import annotations

import io
from pathlib import Path

import yaml

from simcity_council.engine import Game
from simcity_council.play_options import PlayOptions
from simcity_council.scenario import load_scenario
from simcity_council.ui_terminal import run_terminal

DATA = Path(__file__).parent.parent / "data"
MARK = "FACT-CHECK-ME"


def _with_notes(tmp_path: Path) -> Path:
    data = yaml.safe_load((DATA / "good_minimal.yaml").read_text(encoding="utf-8"))
    n = 0

    def note(item: dict) -> None:
        nonlocal n
        n += 1
        item["notes"] = f"{MARK} {n}: check the 2019 budget book, p. {n}"

    note(data["meta"])
    note(data["city"])
    for section in (
        "domains",
        "groups",
        "indicators",
        "flags",
        "actions",
        "events",
        "objectives",
        "debrief",
        "decisions",
    ):
        for item in data.get(section, []):
            note(item)
    for decision in data["decisions"]:
        for option in decision["options"]:
            note(option)
    path = tmp_path / "noted.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_notes_validate_everywhere(tmp_path: Path) -> None:
    model = load_scenario(_with_notes(tmp_path)).model
    assert model.meta.notes.startswith(MARK)
    assert model.decisions[0].options[0].notes.startswith(MARK)


def test_students_never_see_notes(tmp_path: Path) -> None:
    path = _with_notes(tmp_path)
    out = io.StringIO()
    options = PlayOptions(scenario=str(path), seed=3, log_dir=tmp_path / "logs", auto="inclusive")
    assert run_terminal(options, input=io.StringIO(""), output=out, env={}) == 0
    assert "Questions to think about" in out.getvalue()  # the whole game was shown
    assert MARK not in out.getvalue()
    (log,) = (tmp_path / "logs").glob("*.jsonl")
    assert MARK not in log.read_text(encoding="utf-8")
    game = Game.start(load_scenario(path), seed=3)
    views = [repr(game.view())]
    while not game.done:
        result = game.submit(game.suggest("random"))
        views += [repr(result), repr(game.view())]
    views.append(repr(game.scores()))
    assert not any(MARK in v for v in views)
