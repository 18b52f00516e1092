"""The debrief: what happened, turn by turn, and why the score is what it is.

Explanations are the ``Effect`` reasons written by the model's own rules; the "what if"
at the worst moment is computed by replaying the session and trying the other options.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sim.model.vocabulary import MOVES
from sim.scoring.score import Score

if TYPE_CHECKING:
    from sim.engine import Session

# The seven steps of resolving a complaint, in their order, and the move that marks each.
SEVEN_STEPS = (
    ("listen", "Listen without interrupting"),
    ("thank", "Thank them for raising it"),
    ("apologize", "Apologize, no excuses"),
    ("ask_wish", "Ask what would put it right"),
    ("agree", "Reach agreement"),
    ("act", "Take quick action"),
    ("follow_up", "Follow up"),
)

ENDING_WORDS = {
    "resolved": "Resolved",
    "unresolved": "Not resolved",
    "handed_off": "Handed off",
    "walked_out": "Walked out",
    "hung_up": "Hung up",
    "parted_ways": "Parted ways",
}


def impact(turn: dict[str, Any]) -> float:
    """How much a turn helped: calmer, more trusting, more heard."""
    before, after = turn["before"], turn["after"]
    return (
        -(after["anger"] - before["anger"])
        + 0.5 * (after["trust"] - before["trust"])
        + 0.25 * (after["heard"] - before["heard"])
    )


def describe_turn(turn: dict[str, Any]) -> dict[str, Any]:
    delta = turn["after"]["anger"] - turn["before"]["anger"]
    effects = [e for e in turn["effects"] if e["reason"]]
    anger_effects = sorted(
        (e for e in effects if e["quantity"] == "anger"), key=lambda e: -abs(e["delta"])
    )
    notes = [e["reason"] for e in effects if e["quantity"] in ("progress", "story")]
    principles = []
    for move in turn["counted"]:
        info = MOVES[move]
        principles.append({"move": move, "principle": info.principle, "kind": info.kind})
    value = impact(turn)
    return {
        "turn": turn["turn"],
        "said": turn["text"],
        "moves": turn["counted"],
        "customer": turn["customer"],
        "anger_before": round(turn["before"]["anger"]),
        "anger_after": round(turn["after"]["anger"]),
        "anger_change": round(delta, 1),
        "trust_after": round(turn["after"]["trust"]),
        "why": [
            f"anger {e['delta']:+.0f}: {e['reason']}"
            for e in anger_effects
            if abs(e["delta"]) >= 0.5
        ],
        "notes": notes,
        "principles": principles,
        "impact": round(value, 1),
        "verdict": "helped" if value >= 2 else "hurt" if value <= -2 else "neutral",
    }


def seven_steps(session: Session) -> list[dict[str, Any]]:
    first: dict[str, int] = {}
    for turn in session.turns:
        for move in turn["counted"]:
            first.setdefault(move, turn["turn"])
    result = []
    latest = 0
    for move, label in SEVEN_STEPS:
        when = first.get(move)
        if move == "agree" and when is None and session.state.agreed:
            when = next((t["turn"] for t in session.turns if "propose" in t["counted"]), None)
        if when is None:
            status = "missed"
        elif when < latest:
            status = "out of order"
        else:
            status = "done"
            latest = when
        result.append({"step": label, "move": move, "status": status, "turn": when})
    return result


def replay(session: Session, turns: int) -> Session:
    """A fresh session with the same seed and the first ``turns`` choices replayed."""
    from sim.engine import Session as SessionClass

    twin = SessionClass(session.scenario)
    twin.reset(session.seed)
    for choice, timing in zip(session.choices()[:turns], session.timings()[:turns], strict=True):
        twin.step(choice - 1, timing)
    return twin


def counterfactual(session: Session, turn_number: int) -> dict[str, Any]:
    """What each other option at that moment would have done, according to the model."""
    before = replay(session, turn_number - 1)
    original = session.turns[turn_number - 1]
    timing = session.timings()[turn_number - 1]
    alternatives = []
    for index, option in enumerate(before.options):
        if index + 1 == original["choice"]:
            continue
        trial = before.clone()
        trial.step(index, timing)
        turn = trial.turns[-1]
        alternatives.append(
            {
                "choice": index + 1,
                "text": option.text,
                "moves": turn["counted"],
                "anger_after": round(turn["after"]["anger"]),
                "trust_after": round(turn["after"]["trust"]),
                "impact": round(impact(turn), 1),
                "why": describe_turn(turn)["why"][:2],
            }
        )
    alternatives.sort(key=lambda a: -a["impact"])
    return {
        "turn": turn_number,
        "anger_before": round(original["before"]["anger"]),
        "anger_after": round(original["after"]["anger"]),
        "alternatives": alternatives,
        "best": alternatives[0] if alternatives else None,
    }


def _charge_broken_promise(session: Session, turns: list[dict[str, Any]]) -> None:
    """An over-promise looks good in the moment; its cost arrives after the call. Put that
    cost on the turn that made the promise, so the debrief can name it."""
    assert session.epilogue is not None
    cost = sum(
        e.delta
        for e in session.epilogue.effects
        if e.quantity == "anger" and "promise could not be kept" in e.reason
    )
    if cost <= 0:
        return
    for turn in turns:
        if "overpromise" in turn["moves"]:
            turn["why"].append(f"anger {cost:+.0f} after the call: the promise could not be kept")
            turn["impact"] = round(turn["impact"] - cost, 1)
            turn["verdict"] = "hurt"
            break


def build_debrief(session: Session, score: Score) -> dict[str, Any]:
    assert session.epilogue is not None
    turns = [describe_turn(t) for t in session.turns]
    _charge_broken_promise(session, turns)
    best = max(turns, key=lambda t: t["impact"], default=None)
    worst = min(turns, key=lambda t: t["impact"], default=None)
    worst_moment = None
    if worst is not None:
        worst_moment = {**worst, "what_if": counterfactual(session, worst["turn"])}
    missed = sorted((c for c in score.criteria if c.lost > 0.5), key=lambda c: -c.lost)
    tips = [c.tip for c in missed[:3]]
    if not tips:
        tips = ["Try a harder scenario, or play this one in real time to practise your timing."]
    epilogue = session.epilogue
    return {
        "headline": (
            f"{ENDING_WORDS[session.ending or 'unresolved']}: {session.ending_reason}. "
            f"Score {score.points}/100 ({score.grade})."
        ),
        "ending": session.ending,
        "ending_reason": session.ending_reason,
        "customer_wanted": session.scenario.customer.wants,
        "anger_curve": [round(a, 2) for a in session.anger_curve()],
        "trust_curve": [round(session.persona.trust, 2)]
        + [round(t["after"]["trust"], 2) for t in session.turns],
        "turns": turns,
        "seven_steps": seven_steps(session),
        "best_moment": best,
        "worst_moment": worst_moment,
        "epilogue": [
            f"{e.quantity} {e.delta:+.0f}: {e.reason}" if e.quantity != "progress" else e.reason
            for e in epilogue.effects
        ],
        "loyalty": round(epilogue.loyalty),
        "word_of_mouth": epilogue.word_of_mouth.to_dict(),
        "tips": tips,
    }
