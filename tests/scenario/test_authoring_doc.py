"""docs/authoring.md stays true: its example validates and its sample output is what we print."""

from __future__ import annotations

import inspect
import os
import re
from pathlib import Path

import pytest
from pydantic import BaseModel

from simcity_council.cli import main
from simcity_council.scenario import models

GUIDE = (Path(__file__).parent.parent.parent / "docs" / "authoring.md").read_text(encoding="utf-8")


def _example() -> str:
    return GUIDE.split("Save it as `tiny.yaml`:\n\n```yaml\n", 1)[1].split("```", 1)[0]


def _sample_output(marker: str) -> list[str]:
    block = GUIDE.split(marker, 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    return [line for line in block.splitlines() if not line.startswith("$")]


def _run_in(folder: Path, text: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    (folder / "tiny.yaml").write_text(text, encoding="utf-8")
    here = os.getcwd()
    os.chdir(folder)
    try:
        code = main(["validate", "tiny.yaml"])
    finally:
        os.chdir(here)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_worked_example_validates_as_shown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, output = _run_in(tmp_path, _example(), capsys)
    assert code == 0
    assert output.splitlines() == _sample_output("Save it as `tiny.yaml`:")


def test_worked_example_errors_are_as_shown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = _example().replace("flats: 0.8}", "flat: 0.8}").replace(">= 0.45", ">= 45")
    code, output = _run_in(tmp_path, broken, capsys)
    assert code == 1
    assert output.splitlines() == _sample_output("Now misspell a group")


def test_every_field_is_documented() -> None:
    skipped = {"ModelWeights", "Scenario"}  # weights: documented in docs/model.md and the schema
    for name, cls in vars(models).items():
        if not (inspect.isclass(cls) and issubclass(cls, BaseModel)) or name.startswith("_"):
            continue
        if name in skipped or cls.__module__ != models.__name__:
            continue
        for field in cls.model_fields:
            assert f"`{field}`" in GUIDE or f"[].{field}`" in GUIDE, f"{name}.{field}"
    for section in models.Scenario.model_fields:
        assert f"| `{section}` |" in GUIDE, section


def test_model_weights_table_matches_the_model() -> None:
    """§3 `model` lists every weight with the default and range the model has."""
    section = GUIDE.split("### `model`", 1)[1].split("\n### ", 1)[0]
    rows = {}
    for line in section.splitlines():
        if line.startswith("| `"):
            cells = [cell.strip() for cell in line.strip("|").split("|")]
            rows[cells[0].strip("`")] = cells[1:3]
    assert set(rows) == set(models.ModelWeights.model_fields)
    for name, field in models.ModelWeights.model_fields.items():
        default, span = rows[name]
        assert float(default) == field.default, name
        bounds = {
            key: getattr(m, key)
            for m in field.metadata
            for key in ("ge", "gt", "le")
            if getattr(m, key, None) is not None
        }
        low = bounds.get("ge", bounds.get("gt"))
        numbers = [float(x) for x in re.findall(r"\d+(?:\.\d+)?", span)]
        assert numbers == [low, bounds["le"]], name
        assert ("above" in span) == (bounds.get("gt") is not None), name


# -- §6: every message in the table is one `validate` really prints --------------------------------

DATA = Path(__file__).parent.parent / "data"
GOOD_TEXT = (DATA / "good_minimal.yaml").read_text(encoding="utf-8")
# Messages of §6 that no bad_*.yaml fixture produces: made here from good_minimal.yaml.
EDITS = {
    "colon_in_value": ("title: Minimal Town", "title: Town: Minimal"),
    "effect_target": ("{target: indicator.street_condition,", "{target: trustt,"),
    "window_past_end": ("window: [2, 3]", "window: [2, 9]"),
    "window_before_start": ("    turn: 2\n", "    window: [0, 2]\n"),
    "flag_compared": ("when: trust_min >= 0.4", "when: flag.pb_adopted == 1"),
    "bare_number": ("when: trust_min >= 0.4", "when: trust.renters"),
    "misspelt_name": ("when: trust_min >= 0.4", "when: trst.renters > 0.1"),
    "score_name_reversed": ("when: trust_min >= 0.4", "when: min_trust >= 0.4"),
    "huge_number": ("reserve: 1000000", "reserve: 1" + "0" * 5000),
    "not_a_number": ("reserve: 1000000", "reserve: .nan"),
    "escape_in_text": ("title: Minimal Town", 'title: "Minimal\\e[2J Town"'),
    "long_name": ("name: Renters", "name: " + "R" * 201),
    "text_as_number": ("share: 0.5", "share: '0.5'"),
    "bool_as_number": ("capacity: 2", "capacity: true"),
    "hash_in_condition": ("when: trust_min >= 0.4", "when: 'min(trust) >= 0.4 # later'"),
    "deep_brackets": ("when: trust_min >= 0.4", "when: " + "(" * 65 + "turn > 1" + ")" * 65),
    "full_width": ("when: trust_min >= 0.4", "when: ｍｉｎ(trust) >= 0.4"),
    "sure_but_wrong": (
        "    belief: {streets: 0.4, parks: 0.4, housing: 0.2}\n    uncertainty: 0.7\n",
        "    belief: {streets: 0.4, parks: 0.4, housing: 0.2}\n    uncertainty: 0.1\n",
    ),
    "void_too_late": (
        "          kept_when: chose.projects.fund_winners\n",
        "          kept_when: chose.projects.fund_winners\n          void_when: turn >= 4\n",
    ),
    # format 1 leftovers (§12)
    "format_1": ("schema_version: 2", "schema_version: 1"),
    "priorities": ("    needs: {streets: 0.6,", "    priorities: {streets: 0.6,"),
    "recurring": ("        for_turns: 2\n", "        recurring: 10000\n"),
    "no_baseline": (
        "{id: streets, name: Streets, baseline: 150000}",
        "{id: streets, name: Streets}",
    ),
    # format 2: domains, groups, budgets
    "no_scale": (", baseline: 0, scale: 100000}", ", baseline: 0}"),
    "organisation_share": ("    kind: organisation\n", "    kind: organisation\n    share: 0.1\n"),
    "resident_no_share": (
        "    share: 0.05\n    overlaps: [renters]\n",
        "    overlaps: [renters]\n",
    ),
    "overlaps_itself": ("overlaps: [renters]", "overlaps: [unhoused]"),
    "indented_too_little": (
        "    cost: 20000\n    capacity: 1\n    targets: [renters, unhoused]",
        "    cost: 20000\n   capacity: 1\n    targets: [renters, unhoused]",
    ),
    "overlap_left_out": (  # a warning: unhoused residents need parks, and get none
        "incidence: {owners: 1, renters: 0.8, unhoused: 0.5}",
        "incidence: {owners: 1, renters: 0.8}",
    ),
    "overlap_larger": ("    share: 0.05\n    overlaps", "    share: 0.6\n    overlaps"),
    "kind_spelling": ("kind: organisation", "kind: organization"),
    "belief_percent": (
        "belief: {streets: 0.5, parks: 0.3, housing: 0.2}",
        "belief: {streets: 50, parks: 30, housing: 20}",
    ),
    "cut_too_big": ("streets: -40000}", "streets: -200000}"),
    "for_turns_alone": ("        budget: {housing: 30000}\n", ""),
}


def _documented_messages() -> list[str]:
    table = GUIDE.split("## 6. Error messages", 1)[1].split("\n## ", 1)[0]
    rows = [line.split(" | ", 1)[0] for line in table.splitlines() if line.startswith("| `")]
    return [message for row in rows for message in re.findall(r"`([^`]+)`", row)]


def _printed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    files = sorted(str(p) for p in DATA.glob("bad_*.yaml"))
    files += sorted(str(p) for p in (DATA / "mistakes").glob("*.yaml"))  # §7: dead content
    for name, (old, new) in EDITS.items():
        assert old in GOOD_TEXT, name
        (tmp_path / f"{name}.yaml").write_text(GOOD_TEXT.replace(old, new, 1), encoding="utf-8")
        files.append(str(tmp_path / f"{name}.yaml"))
    (tmp_path / "huge.yaml").write_bytes(b"#" * 3_000_000)
    (tmp_path / "empty.yaml").write_bytes(b"")
    files.append(str(tmp_path / "empty.yaml"))
    (tmp_path / "long_list.yaml").write_text("x: [" + "1, " * 100_001 + "]\n", encoding="utf-8")
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.yaml")
        files.append(str(tmp_path / "pipe.yaml"))
    files += [str(tmp_path / "huge.yaml"), str(tmp_path / "long_list.yaml"), "valejo"]
    assert main(["validate", *files]) == 1
    return capsys.readouterr().err


def test_every_documented_message_is_printed_as_shown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    printed = _printed(tmp_path, capsys)
    documented = _documented_messages()
    assert len(documented) > 40
    missing = [message for message in documented if message not in printed]
    assert missing == [], "docs/authoring.md §6 shows messages validate does not print"
