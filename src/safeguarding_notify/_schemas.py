"""JSON Schemas of the public models, for integrators who do not write Python.

The schemas are generated from the Pydantic models, so they cannot drift from what the library
accepts and returns; committed copies live in `docs/schemas/` and a test keeps them current.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from pydantic import BaseModel

from .decision import Decision
from .group import IncidentGroup
from .incident import Incident
from .plan import NotificationPlan

__all__ = ["SCHEMA_MODELS", "schema_text"]

# Name on the command line and file name in docs/schemas/ -> the model it describes.
SCHEMA_MODELS: Mapping[str, type[BaseModel]] = {
    "incident": Incident,
    "decision": Decision,
    "group": IncidentGroup,
    "plan": NotificationPlan,
}

# Outputs are described as the library writes them; everything else as the library accepts it.
_OUTPUTS = frozenset({"decision", "plan"})


def schema_text(name: str) -> str:
    """The JSON Schema of one model as stable, indented JSON text (with a final newline)."""
    model = SCHEMA_MODELS[name]
    schema = model.model_json_schema(mode="serialization" if name in _OUTPUTS else "validation")
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
