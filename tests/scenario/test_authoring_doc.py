"""docs/authoring.md stays true: its example validates and its sample output is what we print."""

from __future__ import annotations

import inspect
import os
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
