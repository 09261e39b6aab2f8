"""`simcity-council schema`: the JSON Schema, and the committed copy in docs/."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from simcity_council.cli import main
from simcity_council.scenario.jsonschema import SCHEMA_ID, json_schema, schema_text

COMMITTED = Path(__file__).parent.parent.parent / "docs" / "scenario.schema.json"


def test_committed_schema_is_current() -> None:
    assert COMMITTED.read_text(encoding="utf-8") == schema_text(), (
        "docs/scenario.schema.json is out of date with scenario/models.py; regenerate it with:\n"
        "    simcity-council schema -o docs/scenario.schema.json --force"
    )


def test_schema_is_draft_2020_12_with_id_and_title() -> None:
    schema = json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == SCHEMA_ID
    assert "scenario" in schema["title"]
    assert schema["additionalProperties"] is False
    assert "schema_version" in schema["required"]


def _properties(node: Any, where: str = "") -> list[tuple[str, dict[str, Any]]]:
    found = []
    if isinstance(node, dict):
        for name, prop in node.get("properties", {}).items():
            found.append((f"{where}.{name}", prop))
        for key, value in node.items():
            found += _properties(value, f"{where}/{key}")
    elif isinstance(node, list):
        for item in node:
            found += _properties(item, where)
    return found


def test_every_field_has_a_description() -> None:
    props = _properties(json_schema())
    assert len(props) > 100
    missing = [where for where, prop in props if not prop.get("description")]
    assert missing == []


def test_schema_prints_json_on_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == json_schema()


def test_schema_writes_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "scenario.schema.json"
    out.write_text("old", encoding="utf-8")
    assert main(["schema", "-o", str(out)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "old"
    assert main(["schema", "-o", str(out), "--force"]) == 0
    assert out.read_text(encoding="utf-8") == schema_text()
    assert list(tmp_path.iterdir()) == [out]


def test_schema_to_missing_folder_fails_cleanly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["schema", "-o", str(tmp_path / "no" / "s.json")]) == 1
    err = capsys.readouterr().err
    assert "does not exist" in err
    assert "Traceback" not in err


def _yaml(path: Path) -> Any:
    import yaml

    return yaml.safe_load(path.read_text(encoding="utf-8"))


SCENARIOS = Path(__file__).parent.parent.parent / "scenarios"
DATA = Path(__file__).parent.parent / "data"


def test_schema_is_a_valid_json_schema() -> None:
    from jsonschema import Draft202012Validator

    Draft202012Validator.check_schema(json_schema())


@pytest.mark.parametrize(
    "path",
    [*sorted(SCENARIOS.glob("*.yaml")), *sorted(DATA.glob("good_*.yaml"))],
    ids=lambda p: p.name,
)
def test_an_editor_accepts_every_good_scenario(path: Path) -> None:
    """What yaml-language-server checks as an instructor types: the schema accepts the built-in
    scenarios, the template and the good fixtures."""
    from jsonschema import Draft202012Validator

    errors = list(Draft202012Validator(json_schema()).iter_errors(_yaml(path)))
    assert not errors, [f"{'.'.join(map(str, e.absolute_path))}: {e.message}" for e in errors]


@pytest.mark.parametrize(
    ("fixture", "where"),
    [
        ("bad_unknown_field.yaml", ""),
        ("bad_missing_field.yaml", ""),
        ("bad_wrong_type.yaml", ""),
        ("bad_stance_literal.yaml", "stance"),
    ],
    ids=["unknown-field", "missing-field", "wrong-type", "stance-literal"],
)
def test_an_editor_flags_schema_level_mistakes(fixture: str, where: str) -> None:
    from jsonschema import Draft202012Validator

    errors = list(Draft202012Validator(json_schema()).iter_errors(_yaml(DATA / fixture)))
    assert errors, f"the schema accepts {fixture}"
    assert any(where in ".".join(map(str, e.absolute_path)) for e in errors)


LOG_SCHEMA = COMMITTED.parent / "session-log.schema.json"
CODEBOOK = COMMITTED.parent / "codebook.json"
GOLDEN = Path(__file__).resolve().parents[1] / "data" / "golden"


def test_committed_log_schema_and_codebook_are_current(capsys) -> None:
    for flag, path in (("--log", LOG_SCHEMA), ("--codebook", CODEBOOK)):
        assert main(["schema", flag]) == 0
        assert capsys.readouterr().out == path.read_text(encoding="utf-8"), (
            f"docs/{path.name} is out of date with session/logmodels.py or session/tables.py; "
            f"regenerate it with:\n    simcity-council schema {flag} -o docs/{path.name} --force"
        )


def test_the_log_schema_accepts_every_line_of_real_logs_and_refuses_wrong_types() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(LOG_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    lines = [json.loads(line) for log in GOLDEN.glob("*.jsonl") for line in log.open()]
    assert {line["type"] for line in lines} >= {"header", "turn", "end"}
    for line in lines:
        assert not list(validator.iter_errors(line)), line["type"]
    header = dict(lines[0], seed="42")  # a number written as text
    assert list(validator.iter_errors(header))
    assert list(validator.iter_errors({"type": "cheat"}))


def test_the_codebook_describes_every_log_field_and_export_column() -> None:
    book = json.loads(CODEBOOK.read_text(encoding="utf-8"))
    for kind, line in book["log"]["line_types"].items():
        for field in line["fields"]:
            assert field["description"], (kind, field["name"])
            assert field["type"], (kind, field["name"])
    assert set(book["tables"]) >= {"sessions", "turns", "groups", "choices", "reflections"}
    for table in book["tables"].values():
        for column in table["columns"]:
            assert column["description"] and column["type"], column["name"]
    sessions = {c["name"]: c for c in book["tables"]["sessions"]["columns"]}
    assert sessions["auto"]["type"] == "boolean" and sessions["section"]["nullable"]
    assert {"policy", "resumed", "format_version", "consent"} <= set(sessions)
