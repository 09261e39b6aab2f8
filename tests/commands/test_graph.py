"""`simcity-council graph`: a story map of every built-in with every decision, option, flag and
event in it, dead content marked, in SVG, HTML and DOT."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from simcity_council.cli import main
from simcity_council.scenario import builtin_ids, load_scenario

DATA = Path(__file__).parent.parent / "data"
SVG = "{http://www.w3.org/2000/svg}"


def _ids(svg_text: str) -> dict[str, ET.Element]:
    root = ET.fromstring(svg_text)
    return {el.get("data-id"): el for el in root.iter() if el.get("data-id")}


@pytest.mark.parametrize("scenario", builtin_ids())
def test_builtin_map_shows_every_decision_option_flag_and_event(
    scenario: str, tmp_path: Path
) -> None:
    out = tmp_path / "story.svg"
    assert main(["graph", scenario, "-o", str(out)]) == 0
    drawn = _ids(out.read_text(encoding="utf-8"))
    model = load_scenario(scenario).model
    for d in model.decisions:
        assert f"decision:{d.id}" in drawn
        for o in d.options:
            assert f"option:{d.id}.{o.id}" in drawn
    for f in model.flags:
        assert f"flag:{f.id}" in drawn
    for e in model.events:
        assert f"event:{e.id}" in drawn
    dead = [i for i, el in drawn.items() if "dead" in (el.get("class") or "").split()]
    assert dead == []  # the built-ins have no dead content


def test_flag_edges_follow_sets_and_requires(tmp_path: Path) -> None:
    out = tmp_path / "story.svg"
    main(["graph", str(DATA / "good_riverside.yaml"), "-o", str(out)])
    root = ET.fromstring(out.read_text(encoding="utf-8"))
    edges = {
        (p.get("data-from"), p.get("data-to"), p.get("class"))
        for p in root.iter(f"{SVG}path")
        if p.get("data-from")
    }
    assert ("option:plan.adopt", "flag:plan_adopted", "edge sets") in edges
    assert ("flag:plan_adopted", "option:budget.plan_projects", "edge needs") in edges
    assert ("event:flood", "decision:flood_response", "edge unlocks") in edges
    assert ("event:audit", "flag:audit_done", "edge sets") in edges


def test_dead_items_are_marked_and_listed_in_html(tmp_path: Path) -> None:
    out = tmp_path / "story.html"
    source = DATA / "mistakes" / "chain_of_three.yaml"
    assert main(["graph", str(source), "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    svg = page[page.index("<svg") : page.index("</svg>") + len("</svg>")]
    drawn = _ids(svg)
    assert "dead" in drawn["event:audit"].get("class", "").split()
    assert "dead" in drawn["option:plan.adopt"].get("class", "").split()
    assert "dead" not in drawn["option:plan.shelve"].get("class", "").split()
    assert "Can never happen (4)" in page
    assert "event &#x27;audit&#x27; can never fire" in page


def test_dot_output_names_every_decision_and_flag(tmp_path: Path) -> None:
    out = tmp_path / "story.dot"
    assert main(["graph", "vallejo", "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("digraph story {")
    model = load_scenario("vallejo").model
    for d in model.decisions:
        assert f"decision {d.id}:" in text
    for f in model.flags:
        assert f"⚑ {f.id}" in text
    if shutil.which("dot"):
        done = subprocess.run(
            ["dot", "-Tsvg", str(out)], capture_output=True, text=True, check=False, timeout=60
        )
        assert done.returncode == 0, done.stderr


def test_printed_without_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["graph", "portland"]) == 0
    assert capsys.readouterr().out.startswith("<svg")


def test_unknown_extension_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["graph", "vallejo", "-o", str(tmp_path / "story.png")]) == 2
    assert "name it .html, .svg or .dot" in capsys.readouterr().err


def test_dot_layout_without_graphviz_says_so(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert main(["graph", "vallejo", "--layout", "dot", "-o", str(tmp_path / "s.svg")]) == 2
    assert "needs Graphviz" in capsys.readouterr().err


def test_a_file_that_does_not_fit_the_format_is_refused(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["graph", str(DATA / "bad_wrong_type.yaml")]) == 1
    err = capsys.readouterr().err
    assert "turns.count: expected a whole number" in err
    assert "Traceback" not in err


def test_map_is_written_with_the_users_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        main(["graph", "vallejo", "-o", str(tmp_path / "story.html")])
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "story.html").stat().st_mode) == 0o644


def test_an_option_s_tooltip_tells_its_promise(tmp_path: Path) -> None:
    out = tmp_path / "story.svg"
    assert main(["graph", "vallejo", "-o", str(out)]) == 0
    option = _ids(out.read_text(encoding="utf-8"))["option:pb_adoption.thirty"]
    tip = " ".join(t.text or "" for t in option.iter(f"{SVG}title"))
    assert "promise: If PB passes" in tip and "due 5 turns later" in tip
    assert "kept when flag.projects_approved, lapses when flag.pb_voted_down" in tip
