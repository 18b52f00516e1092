"""The JSON Schema of the scenario format, generated from the loader's own models.

Editors with the YAML language server use it to complete and check a scenario as it is
typed: shipped scenarios start with a modeline pointing at assets/scenario.schema.json.
"""

from __future__ import annotations

import json

from sim.paths import ASSETS_DIR
from sim.scenario.models import Scenario

SCHEMA_FILE = ASSETS_DIR / "scenario.schema.json"
MODELINE = "# yaml-language-server: $schema=../assets/scenario.schema.json"


def scenario_schema() -> dict:
    schema = Scenario.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Defuse scenario (format 1)"
    return schema


def schema_text() -> str:
    return json.dumps(scenario_schema(), indent=2, ensure_ascii=False) + "\n"
