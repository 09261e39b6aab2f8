"""The scenario catalog both pickers list: built-ins, the user folder, and paths given."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from simcity_council.scenario import builtin_ids
from simcity_council.scenario.catalog import find_scenarios, load_entry, user_scenario_dir
from simcity_council.ui_terminal.launch import picker_entries

DATA = Path(__file__).parent.parent / "data"


@pytest.fixture
def user_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    folder = user_scenario_dir()
    folder.mkdir(parents=True)
    shutil.copy(DATA / "good_minimal.yaml", folder / "mine.yaml")
    shutil.copy(DATA / "bad_priorities_sum.yaml", folder / "broken.yaml")
    return folder


def test_user_folder_is_under_the_data_folder(user_dir: Path, tmp_path: Path) -> None:
    assert user_dir == tmp_path / "simcity-council" / "scenarios"


def test_builtins_first_then_the_user_folder_then_extra_paths(user_dir: Path) -> None:
    extra = str(DATA / "good_minimal.yaml")
    entries = find_scenarios([extra])
    assert [e.ref for e in entries[: len(builtin_ids())]] == list(builtin_ids())
    assert [Path(e.ref).name for e in entries[len(builtin_ids()) :]] == [
        "broken.yaml",
        "mine.yaml",
        "good_minimal.yaml",
    ]
    assert [e.origin for e in entries[len(builtin_ids()) :]] == [
        "your scenarios",
        "your scenarios",
        "command line",
    ]


def test_a_broken_scenario_stays_listed_with_its_problems(user_dir: Path) -> None:
    entry = load_entry(str(user_dir / "broken.yaml"), "your scenarios")
    assert not entry.ok
    assert entry.title == "broken.yaml"
    assert any("broken.yaml:" in problem for problem in entry.problems)


def test_a_missing_file_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    entry = load_entry(str(tmp_path / "nowhere.yaml"), "command line")
    assert not entry.ok and entry.problems


def test_the_terminal_picker_lists_user_scenarios_and_notes_broken_ones(user_dir: Path) -> None:
    entries, notes = picker_entries()
    assert [e.id for e in entries[: len(builtin_ids())]] == list(builtin_ids())
    assert entries[-1].id == str(user_dir / "mine.yaml")
    assert any(note.startswith("broken.yaml cannot be loaded:") for note in notes)
    assert any(str(user_dir) in note for note in notes)
