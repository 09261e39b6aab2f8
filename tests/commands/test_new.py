"""`simcity-council new`: a commented template that validates, written safely."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from simcity_council.cli import main
from simcity_council.scenario import builtin_path, load_scenario


def test_new_prints_a_template_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "riverside"]) == 0
    out = capsys.readouterr().out
    assert "  id: riverside  #" in out
    assert "  title: Riverside  #" in out
    assert out.count("#") > 50  # explained with comments


def test_new_file_validates_as_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "river_city.yaml"
    assert main(["new", "river_city", "-o", str(target)]) == 0
    loaded = load_scenario(target)
    assert loaded.model.meta.id == "river_city"
    assert loaded.model.meta.title == "River City"
    assert main(["validate", str(target)]) == 0
    # No temp file left; the schema the file's first line names is written beside it.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["river_city.yaml", "scenario.schema.json"]
    assert target.read_text().startswith("# yaml-language-server: $schema=scenario.schema.json\n")
    schema = json.loads((tmp_path / "scenario.schema.json").read_text())
    assert "meta" in schema["properties"]


def test_new_keeps_an_existing_schema_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "scenario.schema.json").write_text("{}")
    assert main(["new", "river_city", "-o", str(tmp_path / "river_city.yaml")]) == 0
    assert (tmp_path / "scenario.schema.json").read_text() == "{}"
    err = capsys.readouterr().err  # kept, and said to be another version's
    assert "note: kept" in err and "is not this version's schema" in err and "--force" in err
    assert main(["new", "other_city", "-o", str(tmp_path / "other_city.yaml")]) == 0
    assert "note: kept" in capsys.readouterr().err
    (tmp_path / "scenario.schema.json").unlink()
    assert main(["new", "third_city", "-o", str(tmp_path / "third_city.yaml")]) == 0
    assert main(["new", "fourth_city", "-o", str(tmp_path / "fourth_city.yaml")]) == 0
    assert "note: kept" not in capsys.readouterr().err  # the same schema: nothing to say


def test_template_shows_every_section_of_the_format() -> None:
    model = load_scenario(builtin_path("template")).model
    assert model.indicators and model.flags and model.actions and model.events
    assert model.objectives and model.debrief and model.reflection
    assert model.model.model_fields_set  # overrides at least one weight
    decisions = {d.id: d for d in model.decisions}
    assert any(d.turn for d in decisions.values())
    assert any(d.window and d.when for d in decisions.values())
    assert any(d.after_event for d in decisions.values())
    options = [o for d in model.decisions for o in d.options]
    assert any(o.promise for o in options)
    assert any(o.requires for o in options)
    assert any(o.budget and o.for_turns for o in options)
    assert any(o.scars for o in options) and any(e.scars for e in model.events)
    assert any(d.stakes for d in model.decisions)
    assert any(g.kind == "organisation" for g in model.groups)
    assert any(g.overlaps for g in model.groups)
    assert any(d.incidence for d in model.domains) and any(d.scale for d in model.domains)
    assert any(o.applies for o in model.objectives)
    assert any(a.sets for a in model.actions)
    assert any(o.clears for o in options)
    assert any(e.after and e.chance < 1 for o in options for e in o.effects)
    assert any(g.belief is None for g in model.groups)
    assert any(f.initial for f in model.flags)


def test_new_refuses_to_overwrite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "mine.yaml"
    target.write_text("my work\n", encoding="utf-8")
    assert main(["new", "mine", "-o", str(target)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "my work\n"
    assert [p.name for p in tmp_path.iterdir()] == ["mine.yaml"]


def test_new_rejects_a_bad_id(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "River City"]) == 2
    assert "try 'river_city'" in capsys.readouterr().err


def test_new_into_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "x", "-o", str(tmp_path / "nope" / "x.yaml")]) == 1
    err = capsys.readouterr().err
    assert "does not exist" in err
    assert "Traceback" not in err


def test_template_sets_every_field_of_the_format_somewhere() -> None:
    """Each field of each model is written out in the template at least once (the simulation
    weights excepted: the template overrides two and points at docs/model.md for the rest)."""
    from pydantic import BaseModel

    from simcity_council.scenario import models

    used: dict[str, set[str]] = {}

    def walk(value: object) -> None:
        if isinstance(value, BaseModel):
            used.setdefault(type(value).__name__, set()).update(value.model_fields_set)
            for name in value.model_fields_set:
                walk(getattr(value, name))
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)

    walk(load_scenario(builtin_path("template")).model)
    classes = {
        name: cls
        for name, cls in vars(models).items()
        if isinstance(cls, type)
        and issubclass(cls, BaseModel)
        and cls.__module__ == models.__name__
        and not name.startswith("_")
        and name != "ModelWeights"
    }
    # `notes` is one feature on every item: the template shows it once
    shown_once = {"notes"} & {field for fields in used.values() for field in fields}
    unused = sorted(
        f"{name}.{field}"
        for name, cls in classes.items()
        for field in cls.model_fields
        if field not in used.get(name, set()) and field not in shown_once
    )
    assert unused == [], "scenarios/template.yaml should show these fields"


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o027, 0o640)])
def test_new_and_schema_files_follow_the_umask(tmp_path: Path, umask: int, mode: int) -> None:
    """Files written by `new -o` and `schema -o` are readable as the user's umask says (they were
    owner-only, as mkstemp makes them)."""
    import os
    import stat

    old = os.umask(umask)
    try:
        assert main(["new", "riverside", "-o", str(tmp_path / "riverside.yaml")]) == 0
        assert main(["schema", "-o", str(tmp_path / "other.schema.json")]) == 0
    finally:
        os.umask(old)
    for name in ("riverside.yaml", "scenario.schema.json", "other.schema.json"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == mode, name
