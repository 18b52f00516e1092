"""Phase 3: time passing, and settling toward the resting level.

Anger relaxes with the persona's inertia toward the resting level (the grievance, less
what has been addressed), then every move's push is added."""

from __future__ import annotations

from sim.model.arrays import clip, minimum, no, where
from sim.model.explain import because
from sim.model.rule.tuning import (
    ADDRESSABLE,
    ADDRESSABLE_UNSATISFIABLE,
    DELAY_PATIENCE_COST,
)
from sim.model.rule.working import WorkingTurn
from sim.model.tables import REALISTIC


def time_passes(turn: WorkingTurn) -> None:
    """The conversation itself wears patience down, more so while an agreed fix waits."""
    p, log = turn.ctx.persona, turn.log
    turn.patience = turn.patience - p.patience_drain
    log.note("patience", -p.patience_drain, because("time_passing", "time passing"))
    waiting = turn.state.agreed & no(turn.done["acted"])
    turn.patience = where(waiting, turn.patience - DELAY_PATIENCE_COST, turn.patience)
    why = because("waiting_for_action", "agreed, but still waiting for action")
    log.note("patience", -DELAY_PATIENCE_COST, why, rows=waiting)


def settle(turn: WorkingTurn):
    """Anger relaxes toward the resting level (what is left of the grievance once it is
    addressed), then every move's push is added: the new anger."""
    p, ctx, log, done, anger = turn.ctx.persona, turn.ctx, turn.log, turn.done, turn.anger
    turn.heard = heard = clip(turn.heard, 0.0, 100.0)
    addressed = (
        0.30 * heard / 100.0
        + 0.10 * done["apologized"]
        + 0.04 * done["thanked"]
        + 0.05 * done["clarified"]
        + 0.05 * done["wish_known"]
        + 0.05 * done["explained"]
        + 0.15 * done["agreed"]
        + 0.15 * done["acted"]
        + 0.05 * done["follow_up"]
        + 0.03 * (turn.promise == REALISTIC)
    )
    cap = ADDRESSABLE if ctx.resolvable else ADDRESSABLE_UNSATISFIABLE
    if not ctx.legitimate:  # for an imagined complaint, clear facts are what address it
        addressed = where(done["explained"], addressed + 0.1, addressed)
    addressed = minimum(cap, addressed)
    turn.grievance = grievance = minimum(100.0, turn.grievance)
    rest = grievance * (1.0 - addressed)
    relaxed = rest + p.inertia * (anger - rest)
    if log:
        drift = relaxed - anger
        why = where(
            relaxed < anger,
            because("settling", "settling, as more of the complaint is dealt with"),
            because(
                "stirred_up", "stirred up again: too much of the complaint is still not dealt with"
            ),
        )
        log.note("anger", drift, why, rows=abs(drift) >= 0.05)
    new_anger = relaxed
    for m, a, why, used, half in turn.pushes:
        log.note("anger", a, why, m, nonzero=True, used=used, half=half, mood=anger)
        new_anger = new_anger + a
    turn.trust = clip(turn.trust, 0.0, minimum(turn.ceiling, 100.0))
    turn.patience = clip(turn.patience, 0.0, 100.0)
    return clip(new_anger, 0.0, 100.0)


def defends_you(turn: WorkingTurn, new_anger):
    """Some customers, once they have told it all and calmed down, start defending you."""
    if not turn.ctx.persona.defends:
        return False
    state = turn.state
    defended = no(state.defended_you) & (turn.story_left == 0) & (state.story_total > 0)
    defended = defended & (new_anger < 50) & no(turn.reading.cut_in)
    turn.trust = where(defended, minimum(turn.ceiling, turn.trust + 5), turn.trust)
    why = because("see_your_side", "having said it all, they start to see your side")
    turn.log.note("trust", 5, why, rows=defended)
    return defended
