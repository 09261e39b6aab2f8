"""`simcity-council report`: one self-contained HTML file for the class debrief."""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from html import escape
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "session"))
from sessionkit import play_log, rechain  # noqa: E402

from simcity_council.cli import main  # noqa: E402
from simcity_council.session import read_log  # noqa: E402


@pytest.fixture
def logs(tmp_path: Path) -> Path:
    folder = tmp_path / "logs"
    for seed in range(4):
        play_log(folder, seed=seed, policy="inclusive", player=f"player-<b>{seed}")
    for seed in range(4, 7):
        play_log(folder, seed=seed, policy="narrow")
    play_log(folder, seed=9, turns=1, finish=False)
    return folder


def _report(logs: Path, tmp_path: Path) -> str:
    out = tmp_path / "debrief.html"
    assert main(["report", str(logs), "-o", str(out)]) == 0
    return out.read_text("utf-8")


def test_report_is_self_contained(logs: Path, tmp_path: Path, capsys) -> None:
    html = _report(logs, tmp_path)
    assert html.startswith("<!DOCTYPE html>")
    for fetch in ("<script", "src=", "href=", "@import", "url("):
        assert fetch not in html
    for chart in re.findall(r"<svg.*?</svg>", html, flags=re.S):
        ET.fromstring(chart)  # every chart is well-formed SVG


def test_report_counts_and_shares(logs: Path, tmp_path: Path, capsys) -> None:
    html = _report(logs, tmp_path)
    title = read_log(next(logs.glob("*.jsonl"))).header.scenario_title
    assert f"<title>Class debrief: {escape(title)}</title>" in html  # the tab says what it is
    assert "8 session(s): 7 finished, 1 unfinished" in html
    # budget_process: 4 + 1 chose pb (inclusive), 3 chose staff (narrow).
    assert re.search(
        r"Participatory budgeting .*?</td><td class='num'>5</td>"
        r"<td class='num'>62%</td>",
        html,
    )
    assert re.search(r"Staff draft, council adopts .*?<td class='num'>3</td>", html)


def test_report_names_best_and_worst_paths_and_pass_rates(
    logs: Path, tmp_path: Path, capsys
) -> None:
    html = _report(logs, tmp_path)
    parsed = [read_log(p) for p in logs.glob("*.jsonl")]
    finished = [log for log in parsed if log.end is not None]
    top = max(log.end.scores["trust_min"] for log in finished)
    best_seeds = {log.header.seed for log in finished if log.end.scores["trust_min"] == top}
    assert "<strong>Best:</strong>" in html and "<strong>Worst:</strong>" in html
    card = html.split("<strong>Best:</strong>")[1].split("</th>")[0]
    assert int(re.search(r"seed (\d+)", card).group(1)) in best_seeds
    assert f"lowest group's trust {top * 100:.0f}" in card
    met = sum(o.met for log in finished for o in log.end.objectives if o.id == "solvent")
    assert f"{met} / 7" in html


def test_player_names_are_escaped(logs: Path, tmp_path: Path, capsys) -> None:
    html = _report(logs, tmp_path)
    assert "player-<b>" not in html


def test_every_option_is_listed_even_when_nobody_chose_it(
    logs: Path, tmp_path: Path, capsys
) -> None:
    from sessionkit import MINIMAL

    from simcity_council.scenario import load_scenario

    html = _report(logs, tmp_path)
    model = load_scenario(str(MINIMAL)).model
    for decision in model.decisions:
        card = html.split(f"<strong>{escape(decision.title)}</strong>")[1].split("</table>")[0]
        for option in decision.options:
            assert escape(option.label) in card, (decision.id, option.id)
    # No session chose "split" for the projects (both policies avoid it): listed with 0.
    assert re.search(r"<tr class=\"none\"><td>[^<]*Split[^<]*.*?<td class='num'>0</td>", html)


def test_paths_are_side_by_side_one_row_per_turn(logs: Path, tmp_path: Path, capsys) -> None:
    html = _report(logs, tmp_path)
    table = html.split('<table class="paths">')[1].split("</table>")[0]
    turns = max(len(read_log(p).turns) for p in logs.glob("*.jsonl"))
    assert table.count("<tr>") == 1 + turns + 1  # heading, each turn, the final trust
    assert "<strong>Best:</strong>" in table and "<strong>Worst:</strong>" in table
    assert table.count("Final trust:") == 2


def test_each_objective_has_its_pass_rate(logs: Path, tmp_path: Path, capsys) -> None:
    html = _report(logs, tmp_path)
    finished = [log for log in map(read_log, logs.glob("*.jsonl")) if log.end is not None]
    section = html.split("<h3>Objectives</h3>")[1]
    for objective in finished[0].end.objectives:
        counted = [o for log in finished for o in log.end.objectives
                   if o.id == objective.id and o.applies]  # fmt: skip
        met = sum(o.met for o in counted)
        row = section.split(escape(objective.label))[1].split("</tr>")[0]
        assert f"{met} / {len(counted)}" in row
        assert f"{met / len(counted):.0%}" in row


def test_a_scenario_that_cannot_be_loaded_is_named_and_ids_are_shown(
    logs: Path, tmp_path: Path, capsys
) -> None:
    path = sorted(logs.glob("*.jsonl"))[0]
    text = path.read_text("utf-8").replace('"source":"', '"source":"gone-', 1)
    lost = tmp_path / "lost"
    lost.mkdir()
    (lost / path.name).write_bytes(b"".join(rechain(text.encode().splitlines(keepends=True))))
    html = _report(lost, tmp_path)
    assert "could not be loaded" in html and "gone-" in html
    assert "budget_process" in html  # the decision id stands in for its title
