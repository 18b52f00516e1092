"""Proposing, agreeing, acting, a time frame, a follow-up, a little extra: the problem."""

from __future__ import annotations

from typing import Any

from sim.model.arrays import anyone, no, where
from sim.model.rule.tuning import PROMPT_ACTION_TURNS
from sim.model.rule.working import Push, WorkingTurn
from sim.model.tables import (
    ACT,
    AGREE,
    COMMIT,
    EXTRA,
    FOLLOW_UP,
    PROPOSE,
    REALISTIC,
    UNREALISTIC,
)


def solving_moves(turn: WorkingTurn, m: Any, present: set, push: Push) -> None:
    """Proposing, agreeing, acting, a time frame, a follow-up, a little extra: the problem."""
    state, done, why = turn.state, turn.done, push.why
    if PROPOSE in present:
        sel = m == PROPOSE
        turn.mark("proposed", sel)
        blind = sel & no(done["wish_known"])
        push.scale = where(blind, push.scale * 0.5, push.scale)
        why.set(blind, "fix_unasked", "a fix offered without asking what they want")
    if AGREE in present:
        sel = m == AGREE
        together = sel & done["proposed"]
        turn.mark("agreed", together)
        why.set(together, "agree_together", "agreeing the fix together")
        too_soon = sel & no(together)
        push.scale = where(too_soon, push.scale * 0.3, push.scale)
        why.set(too_soon, "agree_early", "agreeing before any fix was on the table")
    if ACT in present:
        sel = m == ACT
        turn.mark("acted", sel)
        planned = sel & state.agreed & (state.agreed_turn >= 0)
        prompt = planned & (state.turn - state.agreed_turn <= PROMPT_ACTION_TURNS)
        if anyone(prompt):
            push.a, push.t = where(prompt, push.a - 4, push.a), where(prompt, push.t + 4, push.t)
            why.set(prompt, "act_promptly", "acting promptly on the agreed fix")
        unplanned = sel & no(planned) & no(done["proposed"])
        push.scale = where(unplanned, push.scale * 0.5, push.scale)
        why.set(unplanned, "act_unagreed", "acting before agreeing what to do")
    if COMMIT in present:
        sel = m == COMMIT
        turn.promise = where(sel & (state.promise != UNREALISTIC), REALISTIC, turn.promise)
        why.set(sel, "realistic_time_frame", "a realistic time frame")
    if FOLLOW_UP in present:
        sel = m == FOLLOW_UP
        arranged = sel & (done["agreed"] | done["acted"])
        turn.mark("follow_up", arranged)
        too_soon = sel & no(arranged)
        push.scale = where(too_soon, push.scale * 0.4, push.scale)
        why.set(too_soon, "follow_up_early", "a follow-up before anything was agreed")
    if EXTRA in present:
        turn.mark("extra_given", m == EXTRA)
