"""The silence before the reply (real-time play): dead air, then pressing, then hanging up."""

from __future__ import annotations

from dataclasses import replace

from sim.model.arrays import anyone, clip, maximum, minimum, where
from sim.model.explain import UNLOGGED, Log, because
from sim.model.rule.context import TurnContext
from sim.model.rule.tuning import (
    DEAD_AIR_SECONDS,
    GRIEVANCE_SCAR,
    PRESSING_SECONDS,
    SILENCE_ANGER_PER_S,
    SILENCE_PATIENCE_PER_S,
)
from sim.model.state import CustomerBatch
from sim.model.tables import DEAD_AIR, LISTS


def apply_silence(state: CustomerBatch, seconds, ctx: TurnContext, log: Log = UNLOGGED):
    """The customer has finished speaking and ``seconds`` pass with no answer (per customer;
    NaN in turn-based play, where silence is not measured). Past DEAD_AIR_SECONDS it is dead
    air: a jolt once (the dead_air move, counted), then every further second costs patience
    and a little anger, until they press harder (PRESSING_SECONDS) and, with patience gone,
    hang up. The state of a live silence is this function of the seconds so far, so a front
    end can show it while it lasts and the turn record replays it exactly.

    Returns the new state, and per customer whether the silence became dead air and whether
    it went on past PRESSING_SECONDS."""
    p = ctx.persona
    timed = seconds == seconds  # NaN equals nothing
    dead_air = timed & (seconds >= DEAD_AIR_SECONDS)
    pressed = timed & (seconds >= PRESSING_SECONDS)
    if not anyone(dead_air):
        return state, dead_air, pressed
    anger, trust, patience = state.anger, state.trust, state.patience
    heat = 0.6 + anger / 100.0  # as for any provocation: it hits harder the angrier they are
    jolt = (
        where(dead_air, LISTS.anger[DEAD_AIR] * p.volatility * heat, 0.0),
        where(dead_air, LISTS.trust[DEAD_AIR] * p.volatility, 0.0),
        where(dead_air, LISTS.patience[DEAD_AIR], 0.0),
    )
    why = because("silence", "no answer came: the silence left them hanging")
    log.note(("anger", "trust", "patience"), jolt, why, DEAD_AIR, rows=dead_air)
    longer = where(dead_air, seconds - DEAD_AIR_SECONDS, 0.0)
    drain = (
        SILENCE_ANGER_PER_S * p.volatility * longer,
        -SILENCE_PATIENCE_PER_S * (p.patience_drain / 1.5) * longer,
    )
    why = because("silence_goes_on", "the silence went on, {seconds} s more with no answer")
    log.note(("anger", "patience"), drain, why, rows=longer > 0.0, seconds=longer)
    counts = state.counts
    if state.single:
        counts = list(counts)
        counts[DEAD_AIR] += 1
    else:
        counts = counts.copy()
        counts[:, DEAD_AIR] += dead_air
    # Only the customers left waiting change (the others keep their values exactly).
    after = replace(
        state,
        anger=where(dead_air, clip(anger + jolt[0] + drain[0], 0.0, 100.0), anger),
        trust=where(
            dead_air, clip(trust + jolt[1], 0.0, minimum(state.trust_ceiling, 100.0)), trust
        ),
        patience=where(dead_air, clip(patience + jolt[2] + drain[1], 0.0, 100.0), patience),
        grievance=where(
            dead_air,
            minimum(100.0, state.grievance + maximum(jolt[0], 0.0) * GRIEVANCE_SCAR),
            state.grievance,
        ),
        counts=counts,
    )
    return after, dead_air, pressed
