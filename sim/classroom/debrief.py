"""The class debrief: three phases (reactions, analysis, summary), a plus/delta, and the
groups' runs side by side when several groups played the same scenario.

Built from the solo debrief (sim.scoring.debrief, via the run record), so the class hears
the same reasons a player would. Nothing here names a person; a hot seat volunteer's score
is left out, since it would be one person's score on the projector.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from sim.classroom.session import ClassSession
from sim.paths import read_data
from sim.scoring.debrief import what_if_words

PROMPTS_FILE = Path(__file__).resolve().parent / "debrief.yaml"
PHASES = ("reactions", "analysis", "summary")


@cache
def phase_prompts() -> dict[str, dict[str, Any]]:
    data = read_data(PROMPTS_FILE)
    return {
        name: {"title": data[name]["title"], "prompts": list(data[name]["prompts"])}
        for name in PHASES
    }


@dataclass
class PlusDelta:
    """What the room says worked (plus) and what to change (delta), as typed in."""

    plus: list[str] = field(default_factory=list)
    delta: list[str] = field(default_factory=list)

    def add(self, kind: str, text: str) -> None:
        text = " ".join(text.split())[:200]  # one line, and a sane length for a projector
        if text:
            (self.plus if kind == "plus" else self.delta).append(text)


def group_run(run: ClassSession) -> dict[str, Any]:
    """One group's run, for the side-by-side view: its path, its curves, its ending."""
    record = run.record()
    debrief = record["debrief"]
    view = {
        "group": run.group,
        "mode": run.mode,
        "path": [t["choice"] for t in record["turns"]],
        "ending": debrief["ending_words"],
        "anger_curve": debrief["anger_curve"],
        "trust_curve": debrief["trust_curve"],
    }
    if run.mode != "hot_seat":  # a room's or a team's score, never one person's
        view["score"] = record["score"]
    return view


def class_debrief(
    runs: list[ClassSession], goals: list[str], plus_delta: PlusDelta | None = None
) -> dict[str, Any]:
    """The three phases for a scenario played by one or more groups (the last run leads)."""
    if not runs or not all(r.done for r in runs):
        raise ValueError("every group's conversation must have ended before the debrief")
    lead = runs[-1]
    record = lead.record()
    d = record["debrief"]
    prompts = phase_prompts()
    decided = {x.turn: x for x in lead.decisions}
    turns = []
    for t in d["turns"]:
        how = decided.get(t["turn"])
        turns.append(
            {
                "turn": t["turn"],
                "said": t["said"],
                "anger_before": t["anger_before"],
                "anger_after": t["anger_after"],
                "verdict": t["verdict"],
                "why": [r["reason"] for r in t["reasons"][:2]],
                "tally": list(how.tally) if how else [],
                "team": how.team if how else None,
            }
        )
    worst = d.get("worst_moment")
    what_if = ""
    if worst and worst.get("what_if", {}).get("best"):
        what_if = what_if_words(worst, worst["what_if"]["best"])
    score = {} if lead.mode == "hot_seat" else {"score": d["score"], "grade": d["grade"]}
    reactions = {
        "phase": "reactions",
        **prompts["reactions"],
        "ending": d["ending_words"],
        "reason": d["ending_reason"],
        "last_words": lead.session.last_lines[-1:] or [""],
        "customer_wanted": d["customer_wanted"],
    }
    analysis = {
        "phase": "analysis",
        **prompts["analysis"],
        **score,
        "anger_curve": d["anger_curve"],
        "turns": turns,
        "seven_steps": [{"step": s["step"], "status": s["status"]} for s in d["seven_steps"]],
        "best_moment": (d.get("best_moment") or {}).get("said", ""),
        "worst_moment": (worst or {}).get("said", ""),
        "what_if": what_if,
        "bookmarks": [
            {"index": i, "label": b.label, "turn": b.turn + 1} for i, b in enumerate(lead.bookmarks)
        ],
    }
    pd = plus_delta or PlusDelta()
    summary = {
        "phase": "summary",
        **prompts["summary"],
        "goals": list(goals),
        "tips": list(d["tips"]),
        "plus": list(pd.plus),
        "delta": list(pd.delta),
    }
    return {
        "scenario": lead.scenario.title,
        "phases": [reactions, analysis, summary],
        "groups": [group_run(r) for r in runs] if len(runs) > 1 else [],
    }
