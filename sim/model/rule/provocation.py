"""Provocations (excuses, blame, arguing...) and the derived mistakes (cutting in, dead air,
a rushed fix, repeating yourself)."""

from __future__ import annotations

from typing import Any

from sim.model.arrays import maximum, minimum, no, where
from sim.model.explain import because
from sim.model.rule.tuning import GRIEVANCE_SCAR, RUDENESS_SCAR
from sim.model.rule.working import Push, WorkingTurn
from sim.model.tables import (
    DEAD_AIR,
    INTERRUPT,
    OVERPROMISE,
    PASS_BUCK,
    REPEAT,
    RUDE_CODES,
    UNREALISTIC,
)


def provocation(turn: WorkingTurn, m: Any, present: set, push: Push) -> None:
    """Excuses, blame, arguing... and the derived mistakes: they hit harder the angrier the
    customer already is, and leave part of their push in the grievance itself."""
    p, state, log, why = turn.ctx.persona, turn.state, turn.log, push.why
    over = m == OVERPROMISE
    if OVERPROMISE in present:
        # Buys calm now; the bill comes in the epilogue.
        push.a = where(over, push.a * p.forgiveness, push.a)
        why.set(over, "overpromise_calm", "an over-promise buys a little calm now")
        # Agreeing to what can't be done: it counts as agreed, and it will break.
        turn.promise = where(over, UNREALISTIC, turn.promise)
        heeded = over & no(turn.reading.overpromised_early)
        turn.mark("proposed", heeded)
        turn.mark("agreed", heeded)
        # Brushed aside, it buys nothing now, but it was said and will be held to.
        ignored = over & turn.reading.overpromised_early
        push.a, push.t = where(ignored, 0.0, push.a), where(ignored, 0.0, push.t)
        why.set(
            ignored,
            "overpromise_held_to",
            "an over-promise, brushed aside for now but heard: it will be held to",
        )
    sel = turn.tables.hot[m] & no(over)
    heat = 0.6 + turn.anger / 100.0  # provocations hit harder the angrier they are
    push.a = where(sel, push.a * (p.volatility * heat), push.a)
    push.t = where(sel, push.t * p.volatility, push.t)
    why.set(sel, "provoked", "{move} while they were {mood}")
    scar = maximum(push.a, 0.0) * GRIEVANCE_SCAR
    turn.grievance = where(sel, turn.grievance + scar, turn.grievance)
    if present & RUDE_CODES:
        rude = turn.tables.rude[m]
        turn.ceiling = where(rude, maximum(0.0, turn.ceiling - RUDENESS_SCAR), turn.ceiling)
        why_scar = because("trust_scar", "{move} leaves a scar: that trust won't fully come back")
        log.note("trust", -RUDENESS_SCAR, why_scar, m, rude)
    if PASS_BUCK in present:
        # Being passed on means telling it all again.
        again = (m == PASS_BUCK) & (state.story_total > 0)
        turn.story_left = where(
            again, minimum(state.story_total, turn.story_left + 1), turn.story_left
        )
        why_again = because(
            "retell_after_pass", "passed on, they will have to tell part of it again"
        )
        log.note("story", 1, why_again, m, again)
    if INTERRUPT in present:
        cut = (m == INTERRUPT) & state.telling & (turn.story_left < state.story_total)
        turn.story_left = where(cut, turn.story_left + 1, turn.story_left)
        why_cut = because("cut_off_story", "cut off mid-story: that part will come back later")
        log.note("story", 1, why_cut, m, cut)
    why.set(m == DEAD_AIR, "said_nothing", "saying nothing when they wanted an answer")
    why.set(m == REPEAT, "repeated_words", "the same soothing words a third time ring hollow")
