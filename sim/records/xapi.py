"""Runs as xAPI 1.0.3 statements, for a learning record store.

Per run: `initialized`, one `answered` per turn (the moves as the response; anger and trust
before and after as result extensions), then `completed` (with score.scaled, success and
duration) or, for a call left midway, `terminated`. Statement ids are uuid5 of the run id and
the statement's place in it, so exporting or sending twice gives the same statements.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

from sim.records.results import Run

VERSION = "1.0.3"
# The organisation's own address should replace this (`--home-page`); `.invalid` is reserved,
# so it can never be mistaken for a real site.
DEFAULT_HOME = "https://defuse.invalid"
PASS_MARK = 65  # a grade of C or better counts as success
STATEMENT_NAMESPACE = uuid.UUID("0b7d0f6e-9d0c-5a51-8d47-4c1d2b3e6a90")

ADL = "http://adlnet.gov/expapi/verbs/"
VERBS = {
    name: {"id": ADL + name, "display": {"en-US": name}}
    for name in (
        "initialized",
        "answered",
        "completed",
        "terminated",
    )
}
SIMULATION = "http://adlnet.gov/expapi/activities/simulation"
INTERACTION = "http://adlnet.gov/expapi/activities/cmi.interaction"


def statements(run: Run, home: str = DEFAULT_HOME) -> Iterator[dict[str, Any]]:
    """The run's statements in the order they happened."""
    home = home.rstrip("/")
    record = run.record
    if record.get("best_only"):
        return  # an imported best score: no turns, no times, nothing to say in xAPI
    actor = _actor(run, home)
    scenario = _scenario_activity(run, record, home)
    context = _context(run, home)
    ext = f"{home}/xapi/extensions/"
    n = 0

    def statement(verb: str, obj: dict, **extra: Any) -> dict[str, Any]:
        nonlocal n
        n += 1
        body = {
            "id": str(uuid.uuid5(STATEMENT_NAMESPACE, f"{run.run_id}/{n}/{verb}")),
            "actor": actor,
            "verb": VERBS[verb],
            "object": obj,
            "context": context,
            "version": VERSION,
        }
        body.update({k: v for k, v in extra.items() if v is not None})
        return body

    yield statement("initialized", scenario, timestamp=run.started_at)
    gauges = _gauges(record)
    for turn, (before, after) in zip(record.get("turns") or [], gauges, strict=False):
        moves = [m for m in turn.get("moves") or [] if isinstance(m, str)]
        result: dict[str, Any] = {
            "response": "[,]".join(moves) or "silence",
            "extensions": {
                ext + "anger-before": before.get("anger"),
                ext + "anger-after": after.get("anger"),
                ext + "trust-before": before.get("trust"),
                ext + "trust-after": after.get("trust"),
            },
        }
        yield statement("answered", _turn_activity(turn, scenario), result=result)
    duration = _iso_duration(run.duration_s)
    if run.outcome == "abandoned":
        yield statement(
            "terminated",
            scenario,
            result=_drop_none({"completion": False, "duration": duration}),
            timestamp=run.completed_at,
        )
        return
    result = {"completion": True, "duration": duration}
    if run.score is not None:
        result["score"] = {"scaled": run.score_scaled, "raw": run.score, "min": 0, "max": 100}
        result["success"] = run.score >= PASS_MARK
    result["extensions"] = {ext + "ending": run.outcome, ext + "grade": run.grade}
    yield statement("completed", scenario, result=_drop_none(result), timestamp=run.completed_at)


def _actor(run: Run, home: str) -> dict[str, Any]:
    person = {
        "objectType": "Agent",
        "account": {"homePage": home, "name": run.learner or "anonymous"},
    }
    if run.learner:
        person["name"] = run.learner
    if not run.group:
        return person
    # A class run: the group that decided, identified within its session.
    group = {
        "objectType": "Group",
        "name": run.group,
        "account": {"homePage": home, "name": f"{run.session or 'class'}/{run.group}"},
    }
    if run.learner:
        group["member"] = [person]
    return group


def _scenario_activity(run: Run, record: dict[str, Any], home: str) -> dict[str, Any]:
    definition: dict[str, Any] = {"type": SIMULATION}
    if record.get("title"):
        definition["name"] = {"en-US": record["title"]}
    return {
        "objectType": "Activity",
        "id": f"{home}/scenarios/{run.scenario}",
        "definition": definition,
    }


def _turn_activity(turn: dict, scenario: dict) -> dict[str, Any]:
    beat = str(turn.get("beat") or turn.get("turn"))
    definition: dict[str, Any] = {"type": INTERACTION, "interactionType": "other"}
    if turn.get("text"):
        definition["description"] = {"en-US": str(turn["text"])}
    return {
        "objectType": "Activity",
        "id": f"{scenario['id']}/beats/{beat}",
        "definition": definition,
    }


def _context(run: Run, home: str) -> dict[str, Any]:
    context: dict[str, Any] = {
        "registration": run.run_id,
        "platform": "Defuse",
        "extensions": {
            f"{home}/xapi/extensions/scenario-version": run.scenario_version or "unknown",
            f"{home}/xapi/extensions/attempt": run.attempt,
        },
    }
    if run.facilitator:
        context["instructor"] = {
            "objectType": "Agent",
            "name": run.facilitator,
            "account": {"homePage": home, "name": run.facilitator},
        }
    return context


def _gauges(record: dict[str, Any]) -> list[tuple[dict, dict]]:
    """(before, after) anger and trust for each turn."""
    turns = record.get("turns") or []
    debrief = record.get("debrief") or {}
    anger, trust = debrief.get("anger_curve"), debrief.get("trust_curve")
    if isinstance(anger, list) and isinstance(trust, list) and len(anger) > len(turns):
        start = {"anger": anger[0], "trust": trust[0]}
    else:
        start = dict(record.get("start") or {})
    pairs = []
    before = start
    for turn in turns:
        after = turn.get("state") or {}
        pairs.append((before, after))
        before = after
    return pairs


def _iso_duration(seconds: float | None) -> str | None:
    if seconds is None:
        return None
    return f"PT{max(0.0, seconds):.1f}S".replace(".0S", "S")


def _drop_none(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v is not None}
