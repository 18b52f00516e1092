"""The update rule: how one reply changes the customer. Start here to find the rule that
moved the anger: :func:`apply_turns` runs the phases in order, each in its own module of
sim/model/rule/.

After the Gottman-Murray difference equations for emotion in conversation, anger relaxes
with inertia ``r`` toward a resting level and each move pushes it:

    anger' = rest + r * (anger - rest) + push(moves, state)

The resting level is the size of the grievance, lowered as the complaint is addressed
(heard, apologized, agreed, acted...). So anger falls when the customer is treated well
and drifts back up when they are not; it never simply resets to zero.

The rule works on a batch of customers at once, one row each (:class:`CustomerBatch`): a
game is a batch of one, the analyzer plays a hundred thousand conversations side by side.
A branch applies to the rows it selects (``sel``, a boolean array), so each ``if`` of the
rule reads as "for the customers where...". Every change is written down by the line that
makes it, as a note in a :class:`Log`: which rows, which quantity, by how much, which move
and why. The reason text sits at the branch (``because("...")``), so the debrief's
"anger +12: excuse while the customer was furious" comes from the same code that computed
the +12, never from a second copy of these rules. :func:`apply_turn` is the one-customer
form the engine calls; it runs this rule on a batch of one and turns the notes into
:class:`Effect` objects.

Base pushes per move come from ``moves.yaml``; persona parameters from ``personas.yaml``;
the rule's own numbers from ``rule/tuning.py``. The phases, in the order they run:

- ``rule/silence.py``: the silence before the reply (dead air, pressing, hanging up)
- ``rule/reading.py``: what the reply means (a thoughtful pause, "sorry, but...", passing
  the buck, a fix too early, repeating yourself); the derived moves are added
- ``rule/pushes.py``: each move's push, by kind: ``provocation.py``; ``treating.py`` for
  the rest, with ``story.py`` (the person), ``solving.py`` (the problem), ``exits.py``
- ``rule/settling.py``: time passing, settling toward the resting level, defending you
- ``rule/reaction.py``: which kind of line the customer answers with

The reason texts and the log are in ``explain.py``; the per-move tables in ``tables.py``;
the helpers that work on a batch or on one customer in ``arrays.py``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from sim.model.arrays import anyone, build, where
from sim.model.explain import UNLOGGED, Effect, Log, OneLog
from sim.model.rule.context import REACTION_CODE, REACTIONS, TurnContext
from sim.model.rule.pushes import apply_move
from sim.model.rule.reaction import reaction as customer_reaction
from sim.model.rule.reading import read_reply
from sim.model.rule.settling import defends_you, settle, time_passes
from sim.model.rule.silence import apply_silence
from sim.model.rule.working import WorkingTurn
from sim.model.state import MOVE_CODE, MOVE_NAMES, NO_MOVE, CustomerBatch, CustomerState
from sim.model.tables import DEAD_AIR, columns

__all__ = [
    "REACTIONS",
    "REACTION_CODE",
    "BatchTurn",
    "TurnContext",
    "TurnOutcome",
    "apply_silence",
    "apply_turn",
    "apply_turns",
]


@dataclass(frozen=True)
class TurnOutcome:
    state: CustomerState
    effects: Sequence[Effect]  # worded when first read (see explain.Effects)
    moves: tuple[str, ...]  # the moves as the model counted them, derived ones included
    reaction: str  # which kind of reply the customer gives (see REACTIONS)
    told_story_piece: int | None  # index of the story piece the customer tells now
    rushed: bool = False  # the reply's fix was brushed aside as too early
    silence: str | None = None  # what a long silence before the reply drew: dead_air, pressing
    gone: bool = False  # the silence ended the call before the reply
    # ``state`` as the rule holds it (a batch of one): the next turn can start from it.
    held: CustomerBatch | None = field(default=None, compare=False, repr=False)


@dataclass
class BatchTurn:
    """What a reply did to each customer of a batch (or to the one customer)."""

    state: CustomerBatch
    moves: list  # columns of move codes: the moves as the model counted them, NO_MOVE in gaps
    reaction: Any  # codes into REACTIONS
    told: Any  # the story piece told now, -1 for none
    rushed: Any  # the reply's fix was brushed aside as too early
    dead_air: Any = False  # the silence before the reply went on too long
    pressed: Any = False  # ...long enough for them to press harder
    gone: Any = False  # ...so long that they hung up (or walked out) before the reply


def apply_turns(
    state: CustomerBatch,
    replies: np.ndarray,
    ctx: TurnContext,
    interrupted: Any = None,
    delay: Any = None,
    log: Log = UNLOGGED,
    consume: bool = False,
    warranted: Any = None,
    react: bool = True,
) -> BatchTurn:
    """Apply one reply per customer. ``replies``: (N, K) move codes (see encode_replies);
    for one customer, a list of codes. ``interrupted``, ``delay`` (seconds of silence before
    the reply; NaN: turn-based) and ``warranted`` (a hand-off is a proper escalation) per
    row; by default ctx's, for all. ``consume``: the caller is done with ``state``, whose
    arrays may then be reused (saves the analyzer a copy per turn). ``react``: work out
    the customer's reaction (the analyzer, which never reads it, skips it: None).

    The rule runs in phases (see the module's header): the silence before the reply and
    what the reply means, each move's push, time passing, and settling toward the resting
    level; then the customer's reaction."""
    single = state.single
    if interrupted is None:
        interrupted = ctx.interrupted if single else np.full(len(state), ctx.interrupted)
    if delay is None:
        delay = np.nan if ctx.delay is None else ctx.delay
        delay = delay if single else np.full(len(state), delay)
    if warranted is None:
        warranted = ctx.escalation_warranted
    before = state
    reading = read_reply(state, columns(replies, single), ctx, interrupted, delay, warranted, log)
    turn = WorkingTurn.start(reading, ctx, consume)
    moves = reading.moves
    if single:  # one customer's gaps (most derived moves, most turns) change nothing
        moves = [m for m in moves if m != NO_MOVE]
    for m in moves:
        apply_move(turn, m)
    time_passes(turn)
    new_anger = settle(turn)
    defended = defends_you(turn, new_anger)
    after = turn.finish(new_anger, defended, reading.fixing)
    reaction = customer_reaction(reading, turn, new_anger, defended) if react else None
    told = turn.told
    if anyone(reading.gone):  # the call ended in the silence: nothing of the reply happened
        after = replace(reading.state.choose(reading.gone, after), turn=before.turn + 1)
        told = where(reading.gone, -1, told)
    no_move = NO_MOVE if single else np.full(len(state), NO_MOVE)
    # Dead air is counted in the silence, after the reply's own moves.
    moves = [*reading.moves, where(reading.dead_air, DEAD_AIR, no_move)]
    r = reading
    return BatchTurn(after, moves, reaction, told, r.rushed, r.dead_air, r.pressed, r.gone)


def apply_turn(
    state: CustomerState,
    authored: list[str],
    ctx: TurnContext,
    warranted: bool | None = None,
    held: CustomerBatch | None = None,
) -> TurnOutcome:
    """Apply one reply (its authored moves and its timing) to one customer. ``warranted``:
    this reply hands over what truly needs someone with more authority (default: ctx's).
    ``held``: ``state`` as the rule holds it, when the caller kept it (the last outcome's
    ``held``); saves building it again."""
    log = OneLog()
    reply = [MOVE_CODE[m] for m in dict.fromkeys(authored)]
    start = CustomerBatch.one(state) if held is None else held
    out = apply_turns(start, reply, ctx, log=log, warranted=warranted)
    counted = tuple([MOVE_NAMES[c] for c in out.moves if c != NO_MOVE])
    counts = dict(state.counts)
    for name in counted:
        counts[name] = out.state.counts[MOVE_CODE[name]]
    told = out.told
    # Built as TurnOutcome(...) would, without its frozen __init__ (a game turn makes one).
    return build(
        TurnOutcome,
        {
            "state": out.state.to_state(counts),
            "effects": log.effects(),  # worded when read
            "moves": counted,
            "reaction": REACTIONS[out.reaction],
            "told_story_piece": None if told < 0 else told,
            "rushed": bool(out.rushed),
            "silence": "pressing" if out.pressed else "dead_air" if out.dead_air else None,
            "gone": bool(out.gone),
            "held": out.state,
        },
    )
