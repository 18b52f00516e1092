"""`python main.py new ID`: a commented scenario that validates and plays as it is."""

from __future__ import annotations

import os
from pathlib import Path
from string import Template

from sim.engine import Session
from sim.model.vocabulary import PERSONAS
from sim.paths import SCENARIOS_DIR
from sim.players import search
from sim.scenario.loader import parse_scenario
from sim.scenario.models import CAUSE_LABELS
from sim.scenario.schema import SCHEMA_FILE
from sim.scoring.score import score_session

TEMPLATE = Path(__file__).resolve().parent / "scaffold.yaml"

# A sensible starting persona and setting for each cause; the trainer changes them freely.
DEFAULTS = {
    "billing": (
        "venter",
        "telecom",
        "A charge appeared on the bill that the customer never agreed to.",
    ),
    "not_as_expected": ("reasonable", "retail", "What arrived is not what the customer ordered."),
    "late_delivery": ("hurried", "retail", "The delivery promised for today has not come."),
    "misunderstood_procedure": (
        "confused",
        "utilities",
        "The customer misread how a procedure works.",
    ),
    "our_error": (
        "skeptic",
        "software support",
        "A mistake on our side has cost the customer time.",
    ),
    "imagined": (
        "irrational",
        "restaurant",
        "The customer complains about something that did not happen.",
    ),
}


def scaffold_text(
    scenario_id: str,
    cause: str = "our_error",
    persona: str | None = None,
    shown_path: str = "",
    folder: Path | None = None,
) -> str:
    default_persona, setting, summary = DEFAULTS[cause]
    legitimate = cause != "imagined"
    values = {
        "id": scenario_id,
        "title": scenario_id.replace("-", " ").capitalize(),
        "cause": cause,
        "causes": ", ".join(CAUSE_LABELS),
        "setting": setting,
        "summary": summary + " (Describe what happened, as the ticket would.)",
        "persona": persona or default_persona,
        "personas": ", ".join(PERSONAS),
        "wants": "To have it put right, and to be told the truth."
        if legitimate
        else "To be taken seriously; nothing reasonable will fully satisfy them.",
        "legitimate": "true" if legitimate else "false",
        "path": shown_path or f"scenarios/{scenario_id}.yaml",
        # The editor modeline points at the schema relative to where the file is written.
        "schema": Path(os.path.relpath(SCHEMA_FILE, folder or SCENARIOS_DIR)).as_posix(),
    }
    template = Template(TEMPLATE.read_text(encoding="utf-8"))
    # The self-tests are the model's own best and worst paths through this very file.
    draft = template.safe_substitute(
        values,
        good_path="[1]",
        good_ending="resolved",
        good_min=0,
        bad_path="[1]",
        bad_ending="resolved",
        bad_max=100,
    )
    scenario = parse_scenario(draft.encode("utf-8"), "scaffold.yaml")
    for prefix, maximize in (("good", True), ("bad", False)):
        session = Session(scenario)
        session.reset(0)
        for choice in search(session, maximize=maximize):
            session.step(choice)
        score = score_session(session).total
        values[f"{prefix}_path"] = "[" + ", ".join(map(str, session.choices())) + "]"
        values[f"{prefix}_ending"] = session.ending
        values["good_min" if maximize else "bad_max"] = (
            max(0, int(score) - 5) if maximize else min(100, int(score) + 5)
        )
    return template.substitute(values)
