"""Listening, questions, explaining, apologizing and thanking: the person first."""

from __future__ import annotations

from typing import Any

from sim.model.arrays import anyone, no, where
from sim.model.rule.working import Push, WorkingTurn
from sim.model.tables import APOLOGIZE, ASK, ASK_WISH, EXPLAIN, LISTEN, STAY_CALM, THANK


def story_moves(turn: WorkingTurn, m: Any, present: set, push: Push) -> None:
    """Listening, questions, explaining, apologizing and thanking: the person first."""
    p, why = turn.ctx.persona, push.why
    if LISTEN in present:
        sel = m == LISTEN
        telling = sel & (turn.story_left > 0)
        push.scale = where(telling, p.forgiveness, push.scale)  # each new piece is new
        why.set(telling, "listen_to_story", "listening while they tell their story")
        turn.tell(telling)
        all_told = telling & (turn.story_left == 0)
        if anyone(all_told):
            push.a = where(all_told, push.a - 8, push.a)
            push.t = where(all_told, push.t + 4, push.t)
            why.set(all_told, "whole_story_told", "they got the whole story off their chest")
        finished = sel & no(telling)  # the last piece came earlier in this reply
        if anyone(finished):
            push.a, push.t = where(finished, 2.0, push.a), where(finished, -1.0, push.t)
            push.h, push.pt = where(finished, 0.0, push.h), where(finished, -5.0, push.pt)
            push.scale = where(finished, 1.0, push.scale)
            why.set(finished, "said_nothing", "saying nothing when they wanted an answer")
    if EXPLAIN in present:
        sel = m == EXPLAIN
        too_soon = sel & (turn.heard < p.heard_needed) & no(turn.reading.treated)
        if anyone(too_soon):
            push.a, push.t = where(too_soon, 5.0, push.a), where(too_soon, -3.0, push.t)
            push.h = where(too_soon, -2.0, push.h)
            push.scale = where(too_soon, p.volatility, push.scale)
            why.set(too_soon, "facts_too_soon", "facts before they feel heard sound like excuses")
        calm = sel & no(too_soon)
        turn.mark("explained", calm)
        why.set(calm, "calm_facts", "calm facts, now that they feel heard")
    if present & {ASK, ASK_WISH}:
        push.scale = where(turn.tables.asking[m], push.scale * p.ask_weight, push.scale)
        turn.mark("clarified", m == ASK)
        turn.mark("wish_known", m == ASK_WISH)
        # A real question invites the next part of the story.
        invited = (m == ASK) & (turn.story_left > 0) & (turn.told < 0)
        turn.tell(invited)
        why.set(invited, "question_invites_story", "a question that let them tell more")
    if APOLOGIZE in present:
        turn.mark("apologized", m == APOLOGIZE)
    if THANK in present:
        turn.mark("thanked", m == THANK)
    if STAY_CALM in present:
        under_fire = (m == STAY_CALM) & (turn.anger >= 50)
        push.scale = where(under_fire, push.scale * 1.5, push.scale)
        why.set(under_fire, "calm_under_fire", "staying calm under fire; the calm rubs off")
