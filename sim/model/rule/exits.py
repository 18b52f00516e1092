"""Putting it off until later, handing over, parting ways."""

from __future__ import annotations

from typing import Any

from sim.model.arrays import anyone, no, where
from sim.model.rule.working import Push, WorkingTurn
from sim.model.tables import ESCALATE, PART_WAYS, SCHEDULE_LATER


def exit_moves(turn: WorkingTurn, m: Any, present: set, push: Push) -> None:
    """Putting it off until later, handing over, parting ways."""
    p, why, treated = turn.ctx.persona, push.why, turn.reading.treated
    if SCHEDULE_LATER in present:
        sel = m == SCHEDULE_LATER
        too_soon = sel & no(treated)
        if anyone(too_soon):
            push.a, push.t = where(too_soon, 4.0, push.a), where(too_soon, -2.0, push.t)
            push.pt = where(too_soon, -6.0, push.pt)
            push.scale = where(too_soon, p.volatility, push.scale)
            why.set(too_soon, "put_off_unheard", "putting them off before hearing them out")
        stalling = sel & treated & (turn.anger < 50)
        if anyone(stalling):
            push.a, push.pt = where(stalling, 1.0, push.a), where(stalling, -6.0, push.pt)
            push.scale = where(stalling, 1.0, push.scale)
            why.set(
                stalling,
                "stalling",
                "putting it off when they were ready to talk looks like stalling",
            )
        cooling = sel & treated & (turn.anger >= 50)
        # A hurried customer gains less patience from waiting for a call-back.
        push.pt = where(cooling, push.pt / max(1.0, p.patience_drain / 1.5), push.pt)
        why.set(cooling, "call_back_cooling", "offering to continue once things have cooled")
    if ESCALATE in present:
        why.set(
            m == ESCALATE, "warm_hand_off", "a warm hand-off for a decision beyond your authority"
        )
    if PART_WAYS in present:
        why.set(m == PART_WAYS, "part_ways", "ending the relationship")
