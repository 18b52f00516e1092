"""Phase 1: the silence before the reply, and what the reply means.

Before any move pushes the customer, the reply is read as they take it: its timing (a
thoughtful pause, cutting in, dead air), its combinations ("sorry, but..." is an excuse; a
hand-off that was not needed is passing the buck), a fix offered before they are ready
(brushed aside), and soothing words said once too often. The derived moves (interrupt,
rush, repeat) are added here."""

from __future__ import annotations

import operator
from dataclasses import dataclass
from functools import reduce
from typing import Any

import numpy as np

from sim.model.arrays import anyone, no, where
from sim.model.explain import Log, because
from sim.model.rule.context import TurnContext
from sim.model.rule.silence import apply_silence
from sim.model.rule.tuning import REPEAT_LIMIT, THOUGHTFUL_PAUSE
from sim.model.state import NO_MOVE, CustomerBatch
from sim.model.tables import (
    APOLOGIZE,
    ARRAYS,
    ASK,
    DEAD_AIR,
    ESCALATE,
    EXCUSE,
    HOT,
    INTERRUPT,
    LISTEN,
    LISTS,
    OVERPROMISE,
    PASS_BUCK,
    PAUSE,
    REPEAT,
    RUSH,
    Tables,
)


@dataclass
class Reading:
    """A reply as the customer takes it, once its timing and its combinations are read."""

    state: CustomerBatch  # after the silence before the reply
    before: CustomerBatch  # as the turn found them
    log: Log  # restricted to the customers still there to hear the reply
    moves: list  # columns of move codes, the derived ones added
    cut_in: Any  # the reply interrupted them
    dead_air: Any
    pressed: Any
    gone: Any  # they left in the silence: the reply never came
    treated: Any  # story told and heard enough, before the reply
    rushed: Any  # a fix brushed aside as too early
    overpromised_early: Any  # an over-promise brushed aside (it still registers)
    fixing: Any  # the reply turns to the problem


def read_reply(
    state: CustomerBatch,
    replied: list,
    ctx: TurnContext,
    interrupted: Any,
    delay: Any,
    warranted: Any,
    log: Log,
) -> Reading:
    """Read ``replied`` (columns of move codes) as the customer takes it. The notes come in
    the order the customer meets them: the silence, then the reply's combinations."""
    single = state.single
    tables = LISTS if single else ARRAYS
    no_move = NO_MOVE if single else np.full(len(state), NO_MOVE)
    before = state
    cut_in, waited = _cutting_in(replied, interrupted, delay)
    state, dead_air, pressed = apply_silence(state, waited, ctx, log)
    # Patience gone or anger at its limit during the silence: the reply never comes.
    gone = where(dead_air, (state.patience <= 0.0) | (state.anger >= 100.0), False)
    if anyone(gone):
        replied = [where(gone, NO_MOVE, c) for c in replied]
        log = log.restricted(no(gone))
    has = _has_single if single else _has_batch
    moves = _timing(replied, waited, dead_air, no_move, has, log)
    moves = _combinations(moves, state, dead_air, warranted, has, log)
    treated = state.treated(ctx.persona)
    moves, rushed, overpromised_early = _too_early(moves, state, treated, tables, has, log)
    repeated = _repeats_itself(before, state, moves[: len(replied)], tables) & no(gone)
    fixing = False  # the reply turns to the problem (and is not brushed aside)
    for c in moves:
        fixing = fixing | tables.fixing[c]
    derived = [
        where(cut_in, INTERRUPT, no_move),
        where(rushed, RUSH, no_move),
        where(repeated, REPEAT, no_move),
    ]
    return Reading(
        state,
        before,
        log,
        [*moves, *derived],
        cut_in,
        dead_air,
        pressed,
        gone,
        treated,
        rushed,
        overpromised_early,
        fixing,
    )


def _has_single(code: int, columns: list) -> bool:
    """Whether the one customer's reply includes move ``code``."""
    return code in columns


def _has_batch(code: int, columns: list) -> Any:
    """The customers whose reply includes move ``code``."""
    return reduce(operator.or_, [c == code for c in columns], False)


def _cutting_in(replied: list, interrupted: Any, delay: Any) -> tuple[Any, Any]:
    """Whether the reply cuts in while they still speak, and the silence before it (NaN:
    none measured; cutting in, they never stopped talking)."""
    if interrupted is False:  # one customer, not cutting in: most game turns
        return False, delay
    if not anyone(interrupted):  # a batch played turn by turn: nobody cuts in
        return interrupted, delay
    silent = True  # staying quiet never interrupts anyone
    for c in replied:
        silent = silent & ((c == LISTEN) | (c == PAUSE) | (c == NO_MOVE))
    cut_in = interrupted & no(silent)
    return cut_in, where(cut_in, np.nan, delay)


def _timing(replied: list, waited: Any, dead_air: Any, no_move: Any, has, log: Log) -> list:
    """A short pause before answering reads as thoughtful: the reply gains a pause."""
    if type(waited) is float and waited != waited:  # one customer, turn-based: no timing
        return [*replied, no_move]
    timed = waited == waited  # NaN, turn-based play or cutting in, equals nothing
    thoughtful = timed & no(dead_air) & (THOUGHTFUL_PAUSE[0] <= waited)
    thoughtful = thoughtful & (waited <= THOUGHTFUL_PAUSE[1]) & no(has(PAUSE, replied))
    why = because("thoughtful_pause", "a short pause before answering read as thoughtful")
    log.note("progress", 0, why, PAUSE, rows=thoughtful)
    return [*replied, where(thoughtful, PAUSE, no_move)]


def _combinations(
    moves: list, state: CustomerBatch, dead_air: Any, warranted: Any, has, log: Log
) -> list:
    """Moves that mean something else in this reply or at this moment."""
    # Saying nothing when they have finished is silence, not listening.
    hushed = has(LISTEN, moves) & (state.story_left == 0)
    if anyone(hushed):
        silence = where(dead_air, NO_MOVE, DEAD_AIR)  # the silence already counted once
        moves = [where(hushed & (c == LISTEN), silence, c) for c in moves]
        why = because(
            "silence_after_story",
            "they had finished and wanted an answer: saying nothing is a silence",
        )
        log.note("progress", 0, why, DEAD_AIR, rows=hushed)

    sorry_but = has(APOLOGIZE, moves) & has(EXCUSE, moves)
    if anyone(sorry_but):
        moves = [where(sorry_but & (c == APOLOGIZE), NO_MOVE, c) for c in moves]
        why = because(
            "sorry_but", "'sorry, but...': an apology joined to an excuse counts as an excuse"
        )
        log.note("progress", 0, why, rows=sorry_but)

    buck = has(ESCALATE, moves) & no(warranted)
    if anyone(buck):
        moves = [where(buck & (c == ESCALATE), PASS_BUCK, c) for c in moves]
        why = because(
            "passing_the_buck",
            "handing over what you were allowed to fix yourself is passing the buck",
        )
        log.note("progress", 0, why, PASS_BUCK, rows=buck)
    return moves


def _too_early(
    moves: list, state: CustomerBatch, treated: Any, tables: Tables, has, log: Log
) -> tuple[list, Any, Any]:
    """A fix before they are ready is brushed aside: the moves without it, who was rushed,
    and who over-promised too early (said all the same: it registers, and must be kept)."""
    early = [tables.rushable[c] & no(treated) for c in moves]
    rushed = reduce(operator.or_, early, False)
    overpromised_early = has(OVERPROMISE, moves) & rushed
    if anyone(rushed):
        if log:
            why = where(
                state.story_left > 0,
                because(
                    "rushed_story_left", "{rushed} brushed aside: they still have more to tell"
                ),
                because(
                    "rushed_unheard",
                    "{rushed} brushed aside: they have told it all but don't feel understood",
                ),
            )
            names = [where(e, c, NO_MOVE) for e, c in zip(early, moves, strict=True)]
            names = tuple(names) if state.single else np.stack(names, axis=1)
            log.note("progress", 0, why, RUSH, rows=rushed, rushed=names)
        moves = [
            where(e & (c != OVERPROMISE), NO_MOVE, c) for e, c in zip(early, moves, strict=True)
        ]
    return moves, rushed, overpromised_early


def _repeats_itself(
    before: CustomerBatch, state: CustomerBatch, replied: list, tables: Tables
) -> Any:
    """Soothing words said a third time no longer land: the reply repeats itself, unless it
    draws out more of the story."""
    if not state.single:
        return _repeats_itself_batch(before.counts, state.story_left, replied)
    counts, story_left = before.counts, state.story_left
    stale, cool_reply = True, False
    for c in replied:
        cool = no(tables.hot[c]) & (c != NO_MOVE)
        fresh_story = ((c == LISTEN) | (c == ASK)) & (story_left > 0)
        fresh = cool & ((counts[c] < REPEAT_LIMIT) | fresh_story)
        stale = stale & no(fresh)
        cool_reply = cool_reply | cool
    return stale & cool_reply


# By move code (NO_MOVE last), for a batch: the moves that wear out when said again (not
# provocations, not a gap), and those that may draw out more of the story.
_COOL = np.append(~HOT[:-1], False)
_DRAWS_STORY = np.isin(np.arange(len(HOT)), [LISTEN, ASK])


def _repeats_itself_batch(counts: np.ndarray, story_left: np.ndarray, replied: list) -> Any:
    """:func:`_repeats_itself` for a batch, a table look-up a column: some column's move is
    cool and none of the cool ones is still fresh."""
    rows = np.arange(len(story_left))
    story_open = story_left > 0
    any_cool = any_fresh = False
    for c in replied:
        cool = _COOL[c]
        if not cool.any():  # gaps and provocations: nothing here wears out
            continue
        unworn = counts[rows, c] < REPEAT_LIMIT  # NO_MOVE (-1): the scratch column
        any_fresh = any_fresh | (cool & (unworn | (_DRAWS_STORY[c] & story_open)))
        any_cool = any_cool | cool
    return any_cool & no(any_fresh)
