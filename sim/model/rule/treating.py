"""Soothing, informing, solving and exit moves: what they share (the persona's forgiveness,
diminishing returns, landing only partly before the whole story is out, being half-heard
when said over the customer), then each kind's own conditions."""

from __future__ import annotations

from typing import Any

from sim.model.arrays import maximum, no, where
from sim.model.explain import because
from sim.model.rule.exits import exit_moves
from sim.model.rule.solving import solving_moves
from sim.model.rule.story import story_moves
from sim.model.rule.tuning import REPEAT_LIMIT, STORY_FIRST, diminished
from sim.model.rule.working import Push, WorkingTurn
from sim.model.state import NO_MOVE
from sim.model.tables import LISTEN, STORY_FIRST_CODES


def treating_and_solving(turn: WorkingTurn, m: Any, present: set, push: Push, used: Any) -> None:
    """Soothing, informing, solving and exit moves: scaled by the persona's forgiveness,
    worth less each time they are used again, and each with its own conditions."""
    p, state = turn.ctx.persona, turn.state
    worth = diminished(used)  # what this use is worth, by how often the move came before
    cool = no(turn.tables.hot[m])
    push.scale = p.forgiveness * worth
    landed = 1.0  # the share that lands when said before the whole story is out
    if turn.log:  # only the note needs it (the analyzer keeps none)
        spent = cool & (m != NO_MOVE) & (used >= REPEAT_LIMIT)
        spent = spent & no((m == LISTEN) & (turn.story_left > 0))
        why_spent = because("spent", "{move} yet again: past the second time it no longer counts")
        turn.log.note("progress", 0, why_spent, m, rows=spent)
    if present & STORY_FIRST_CODES:
        # You can only say back, validate or settle what you have heard in full.
        partly = turn.tables.story_first[m] & (state.story_left > 0)
        share = (state.story_total - state.story_left) / maximum(state.story_total, 1)
        landed = where(partly, STORY_FIRST + (1.0 - STORY_FIRST) * share, 1.0)
        push.scale = push.scale * landed
        push.why.set(
            partly,
            "before_whole_story",
            "{move} before they had told the whole story only partly lands",
        )
    story_moves(turn, m, present, push)
    solving_moves(turn, m, present, push)
    exit_moves(turn, m, present, push)
    push.half = turn.reading.cut_in & turn.tables.soothe[m]  # half-heard: you spoke over them
    push.scale = where(push.half, push.scale * 0.5, push.scale)
    push.a = where(cool, push.a * push.scale, push.a)
    push.t = where(cool & (push.t > 0), push.t * push.scale, push.t)
    # Feeling heard depends on what you do, not on the customer's temperament.
    sel = cool & (push.h > 0) & (m != LISTEN)
    asking = where(turn.tables.asking[m], p.ask_weight, 1.0)
    push.h = where(sel, push.h * (worth * asking * landed), push.h)
