"""tools/migrate_v1.py: a format-1 file becomes a valid format-2 one, every guess marked."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from simcity_council.scenario import inspect_source

ROOT = Path(__file__).resolve().parents[1]
OLD = ROOT / "tests" / "data" / "format1_minimal.yaml"


def _tool():  # noqa: ANN202 - the module, loaded from tools/ (not part of the package)
    spec = importlib.util.spec_from_file_location("migrate_v1", ROOT / "tools" / "migrate_v1.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["migrate_v1"] = module
    spec.loader.exec_module(module)
    return module


def test_format_1_becomes_a_valid_format_2_file_with_its_guesses_marked(tmp_path: Path) -> None:
    before = OLD.read_bytes()
    new = tmp_path / "new.yaml"
    assert _tool().main([str(OLD), "-o", str(new)]) == 0
    assert OLD.read_bytes() == before  # -o leaves the old file alone
    _, problems, _ = inspect_source(new)
    assert problems == []
    text = new.read_text(encoding="utf-8")
    assert "schema_version: 2" in text and "priorities:" not in text
    domains = [line for line in text.splitlines() if line.lstrip().startswith("- {id:")]
    assert domains and all("MIGRATED" in line for line in domains if "baseline" in line)


def test_old_weights_are_removed(tmp_path: Path) -> None:
    text = OLD.read_text(encoding="utf-8").replace(
        "model:\n", "model:\n  transparency_weight: 0.2\n  resilience_decay: 0.01\n  trust_rate: 0.2\n"
    )
    (tmp_path / "old.yaml").write_text(text, encoding="utf-8")
    assert _tool().main([str(tmp_path / "old.yaml")]) == 0  # in place
    _, problems, _ = inspect_source(tmp_path / "old.yaml")
    assert problems == []
    migrated = (tmp_path / "old.yaml").read_text(encoding="utf-8")
    assert "transparency_weight" not in migrated and "trust_rate: 0.2" in migrated


def test_a_file_that_is_not_format_1_is_left_alone(tmp_path: Path, capsys) -> None:
    new = ROOT / "tests" / "data" / "good_minimal.yaml"
    out = tmp_path / "out.yaml"
    assert _tool().main([str(new), "-o", str(out)]) == 1
    assert not out.exists()
    assert "not a format-1 scenario" in capsys.readouterr().err


def test_no_file_is_a_usage_error() -> None:
    with pytest.raises(SystemExit) as stop:
        _tool().main([])
    assert stop.value.code == 2
