"""`simcity-council import-csv`: groups x needs from a spreadsheet, into the scenario file, with its
comments and layout kept."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from simcity_council.cli import main
from simcity_council.scenario import load_scenario

DATA = Path(__file__).parent.parent / "data"


@pytest.fixture
def scenario(tmp_path: Path) -> Path:
    path = tmp_path / "minimal.yaml"
    path.write_text((DATA / "good_minimal.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    return path


def _csv(tmp_path: Path, text: str, name: str = "needs.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_needs_from_a_european_spreadsheet(
    tmp_path: Path, scenario: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = _csv(
        tmp_path,
        "Group;Streets;Parks;Housing\n"
        "Homeowners;55%;35%;10%\n"  # names, percentages
        "renters;10;20;70\n"  # ids, points out of 100
        "Unhoused residents;0;0,333;0,667\n",  # decimal commas that sum to 1
    )
    before = scenario.read_text(encoding="utf-8")
    assert main(["import-csv", str(table), "--into", str(scenario)]) == 0
    assert "needs of 3 groups" in capsys.readouterr().err
    groups = load_scenario(scenario).model.groups
    assert groups[0].needs == {"streets": 0.55, "parks": 0.35, "housing": 0.1}
    assert groups[1].needs == {"streets": 0.1, "parks": 0.2, "housing": 0.7}
    assert groups[2].needs == {"parks": 0.333, "housing": 0.667}
    after = scenario.read_text(encoding="utf-8")
    assert after.splitlines()[:3] == before.splitlines()[:3]  # comments kept
    assert len(after.splitlines()) == len(before.splitlines())


def test_groups_as_columns_and_belief_added(tmp_path: Path, scenario: Path) -> None:
    table = _csv(
        tmp_path,
        "domain,owners,renters,unhoused\nstreets,0.2,0.3,0.1\n"
        "parks,0.3,0.3,0.1\nhousing,0.5,0.4,0.8\n",
    )
    assert main(["import-csv", str(table), "--into", str(scenario), "--field", "belief"]) == 0
    groups = load_scenario(scenario).model.groups
    assert groups[2].belief == {"streets": 0.1, "parks": 0.1, "housing": 0.8}  # was absent
    assert groups[0].belief == {"streets": 0.2, "parks": 0.3, "housing": 0.5}


def test_rounding_is_evened_out_to_one(tmp_path: Path, scenario: Path) -> None:
    table = _csv(tmp_path, ",streets,parks,housing\nowners,0.333,0.333,0.333\n")
    assert main(["import-csv", str(table), "--into", str(scenario)]) == 0
    needs = load_scenario(scenario).model.groups[0].needs
    assert sum(needs.values()) == pytest.approx(1.0, abs=1e-9)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (",streets,parks,housing\nrenterz,0.1,0.2,0.7\n", "did you mean 'renters'?"),
        (",streets,parks,housing\nrenters,0.1,0.2,0.5\n", "the needs sum to 0.8, not 1"),
        (
            ",streets,parks,housing\nrenters,0.1,lots,0.7\n",
            "column 'parks': 'lots' is not a number",
        ),
        ("renters\n", "the table needs a header row"),
    ],
    ids=["unknown-name", "bad-sum", "not-a-number", "no-table"],
)
def test_mistakes_in_the_table_change_nothing(
    tmp_path: Path, scenario: Path, capsys: pytest.CaptureFixture[str], text: str, message: str
) -> None:
    before = scenario.read_bytes()
    assert main(["import-csv", str(_csv(tmp_path, text)), "--into", str(scenario)]) == 1
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err
    assert scenario.read_bytes() == before


def test_incidence_of_each_domain(
    tmp_path: Path, scenario: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = _csv(tmp_path, ",owners,renters,unhoused\nparks,1,0.5,0.2\n")
    code = main(["import-csv", str(table), "--into", str(scenario), "--field", "incidence"])
    assert code == 0, capsys.readouterr().err
    parks = load_scenario(scenario).model.domains[1]
    assert parks.incidence == {"owners": 1, "renters": 0.5, "unhoused": 0.2}


def test_output_elsewhere_with_the_umask(tmp_path: Path, scenario: Path) -> None:
    table = _csv(tmp_path, ",streets,parks,housing\nowners,0.2,0.3,0.5\n")
    out = tmp_path / "filled.yaml"
    before = scenario.read_bytes()
    old = os.umask(0o022)
    try:
        assert main(["import-csv", str(table), "--into", str(scenario), "-o", str(out)]) == 0
    finally:
        os.umask(old)
    assert scenario.read_bytes() == before
    assert load_scenario(out).model.groups[0].needs["housing"] == 0.5
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
@pytest.mark.parametrize("kind", ["fifo", "escape", "too-large", "not-text"])
def test_the_table_is_read_by_the_input_rules(
    tmp_path: Path, scenario: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    """The table comes from outside: a named pipe is refused without waiting for a writer, and
    so are control characters, a file over the cap and bytes that are no text."""
    table = tmp_path / "needs.csv"
    if kind == "fifo":
        os.mkfifo(table)
    elif kind == "escape":
        table.write_text(",streets,parks,housing\nowners\x1b[2J,0.2,0.3,0.5\n", encoding="utf-8")
    elif kind == "too-large":
        table.write_text(",streets,parks,housing\n" + "#" * 1_000_001 + "\n", encoding="utf-8")
    else:
        table.write_bytes(b",streets\nowners,\x81\x8d\x8f\n")  # neither UTF-8 nor Windows-1252
    before = scenario.read_bytes()
    assert main(["import-csv", str(table), "--into", str(scenario)]) == 1
    err = capsys.readouterr().err
    assert str(table) in err and "\x1b" not in err and "Traceback" not in err
    assert scenario.read_bytes() == before


def test_a_windows_spreadsheet_table_is_read(tmp_path: Path, scenario: Path) -> None:
    """Excel on Windows saves CSV as Windows-1252: read as such when it is not UTF-8."""
    table = tmp_path / "needs.csv"
    table.write_bytes("Group\xe9,streets,parks,housing\r\nowners,0.2,0.3,0.5\r\n".encode("latin-1"))
    assert main(["import-csv", str(table), "--into", str(scenario)]) == 0
    assert load_scenario(scenario).model.groups[0].needs["housing"] == 0.5
