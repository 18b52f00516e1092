"""A run record: everything about one playthrough, enough to replay it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sim.scoring.debrief import build_debrief
from sim.scoring.score import score_session

if TYPE_CHECKING:
    from sim.engine import Session
    from sim.model.turn import Turn

# 2: turns carry `authored` moves beside the counted `moves`; the epilogue carries `after`.
RECORD_VERSION = 2


def record_turn(turn: Turn) -> dict[str, Any]:
    """A turn as the run record keeps it on disk (the keys of record version 2)."""
    return {
        "turn": turn.number,
        "beat": turn.beat,
        "choice": turn.choice,
        "text": turn.text,
        "authored": list(turn.authored_moves),  # as written in the scenario file
        "moves": list(turn.counted_moves),  # what the customer model counted (timing, order...)
        "timing": turn.timing.to_dict(),
        "customer": list(turn.customer),
        "effects": [e.to_dict() for e in turn.effects],
        "state": {k: round(v, 2) for k, v in turn.after.to_dict().items()},
    }


def build_record(session: Session, player: str = "") -> dict[str, Any]:
    if not session.done:
        raise ValueError("the conversation has not ended yet")
    score = score_session(session)
    final = {k: round(v) for k, v in session.state.shown().items()}
    epilogue = session.epilogue
    assert epilogue is not None
    return {
        "record_version": RECORD_VERSION,
        "scenario": session.scenario.id,
        "title": session.scenario.title,
        "seed": session.seed,
        "player": player,
        "choices": session.choices(),
        "turns": [record_turn(t) for t in session.turns],
        "ending": session.ending,
        "ending_reason": session.ending_reason,
        "score": score.points,
        "score_exact": round(score.total, 3),
        "grade": score.grade,
        "breakdown": score.breakdown(),
        "breaches": [b.to_dict() for b in score.breaches],
        "final": final,
        "epilogue": epilogue.to_dict(),
        "debrief": build_debrief(session, score),
    }
