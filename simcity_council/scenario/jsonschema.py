"""The JSON Schema of the scenario format, generated from the pydantic models.

``simcity-council schema`` prints it; ``docs/scenario.schema.json`` is a committed copy that
editors (yaml-language-server) use for completion, tooltips and checks as authors type.
"""

from __future__ import annotations

import json
from typing import Any

SCHEMA_ID = "urn:simcity-council:scenario-schema:2"
DIALECT = "https://json-schema.org/draft/2020-12/schema"


def json_schema() -> dict[str, Any]:
    """The schema as a dict: draft 2020-12, with ``$id``, title and a description per field."""
    from .models import SCHEMA_VERSION, Scenario

    body = Scenario.model_json_schema(mode="validation")
    schema: dict[str, Any] = {
        "$schema": DIALECT,
        "$id": SCHEMA_ID,
        "title": f"simcity_council scenario (schema_version {SCHEMA_VERSION})",
    }
    schema.update((k, v) for k, v in body.items() if k != "title")
    return schema


def schema_text() -> str:
    """The schema as the text of ``docs/scenario.schema.json`` (stable, ends with a newline)."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
