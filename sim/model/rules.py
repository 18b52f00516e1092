"""The update rule: how one reply changes the customer. Every rule of the model is here.

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

Base pushes per move come from ``moves.yaml``; persona parameters from ``personas.yaml``.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass, field, replace
from functools import reduce
from typing import Any

import numpy as np

from sim.model.explain import UNLOGGED, Effect, Log, OneLog, Reasons, because
from sim.model.state import (
    FLAGS,
    MOVE_CODE,
    MOVE_NAMES,
    NO_MOVE,
    CustomerBatch,
    CustomerState,
    anyone,
    build,
    clip,
    first,
    maximum,
    minimum,
    no,
    where,
)
from sim.model.tables import (
    ACT,
    AGREE,
    APOLOGIZE,
    ARRAYS,
    ASK,
    ASK_WISH,
    COMMIT,
    DEAD_AIR,
    ESCALATE,
    EXCUSE,
    EXPLAIN,
    EXTRA,
    FOLLOW_UP,
    HOT_CODES,
    INTERRUPT,
    LISTEN,
    LISTS,
    OVERPROMISE,
    PART_WAYS,
    PASS_BUCK,
    PAUSE,
    PROPOSE,
    REALISTIC,
    REPEAT,
    RUDE_CODES,
    RUSH,
    SCHEDULE_LATER,
    STAY_CALM,
    STORY_FIRST_CODES,
    THANK,
    UNREALISTIC,
    Tables,
    codes_in,
    columns,
)
from sim.model.vocabulary import Persona

# Timing, in seconds after the customer finished speaking (real-time play only).
THOUGHTFUL_PAUSE = (1.5, 5.0)
DEAD_AIR_SECONDS = 8.0

# Soothing the same way again works less each time: the second use is worth DIMINISH of the
# first, and a move used twice already earns nothing more (REPEAT_LIMIT uses count).
DIMINISH = 0.55
REPEAT_LIMIT = 2
# Each act of rudeness (moves.yaml trait `rude`) lowers the ceiling trust can climb back to.
RUDENESS_SCAR = 12.0
# A provocation also adds this share of its push to the grievance itself.
GRIEVANCE_SCAR = 0.3
# Once agreed, every turn without action costs patience; action within this many turns
# of the agreement earns a bonus.
PROMPT_ACTION_TURNS = 2
DELAY_PATIENCE_COST = 4.0
# How much of the grievance can be addressed at most (an imagined complaint: far less).
ADDRESSABLE = 0.92
ADDRESSABLE_UNSATISFIABLE = 0.45
# Saying the problem back, validating it or asking what they want before the whole story is
# out only partly lands: at this share when nothing has been told, rising to all of it.
STORY_FIRST = 0.4
# Silence in real time, past DEAD_AIR_SECONDS: what each further second costs (patience is
# scaled by the persona's own drain, anger by its volatility), and when they press harder.
SILENCE_PATIENCE_PER_S = 0.8
SILENCE_ANGER_PER_S = 0.25
PRESSING_SECONDS = 20.0


@dataclass(frozen=True)
class TurnContext:
    """What the rule needs besides the state: who the customer is and how the reply came."""

    persona: Persona
    legitimate: bool = True
    escalation_warranted: bool = False
    # Timing: None means turn-based play (no timing rules apply).
    interrupted: bool = False
    delay: float | None = None

    @property
    def resolvable(self) -> bool:
        """The complaint can be put right: it is real, and this customer can be satisfied.
        Otherwise parting ways with dignity is the best ending there is."""
        return self.legitimate and self.persona.satisfiable


@dataclass(frozen=True)
class TurnOutcome:
    state: CustomerState
    effects: tuple[Effect, ...]
    moves: tuple[str, ...]  # the moves as the model counted them, derived ones included
    reaction: str  # which kind of reply the customer gives (see REACTIONS)
    told_story_piece: int | None  # index of the story piece the customer tells now
    rushed: bool = False  # the reply's fix was brushed aside as too early
    silence: str | None = None  # what a long silence before the reply drew: dead_air, pressing
    gone: bool = False  # the silence ended the call before the reply


# The kinds of reaction a customer line can answer with (scenario `reactions:` keys).
REACTIONS = (
    "story",
    "retell",  # said before a story piece they must repeat (never a turn's reaction)
    "interrupted",
    "rushed",  # a fix offered while they still have more to tell
    "dead_air",  # the first prompt when the answer doesn't come
    "defends_you",
    "calmer",
    "steady",
    "angrier",
    "unheard",  # a fix offered after the whole story, before they feel understood
    "pressing",  # the silence goes on: they press harder
)


_R = REACTION_CODE = {name: code for code, name in enumerate(REACTIONS)}
# What the n-th reuse of a move is worth, for every count a conversation can reach (counts
# above the table use its end): 1, DIMINISH, then nothing.
DIMINISH_POW = np.array([DIMINISH**n if n < REPEAT_LIMIT else 0.0 for n in range(256)])
_DIMINISH_LIST = DIMINISH_POW.tolist()


def _diminished(used):
    """What a move is worth the ``used``-th time it is used again (see DIMINISH_POW)."""
    if type(used) is int:
        return _DIMINISH_LIST[min(used, len(_DIMINISH_LIST) - 1)]
    return np.take(DIMINISH_POW, used, mode="clip")


# --- The rule -------------------------------------------------------------------------------


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


def apply_turns(
    state: CustomerBatch,
    replies: np.ndarray,
    ctx: TurnContext,
    interrupted=None,
    delay=None,
    log: Log = UNLOGGED,
    consume: bool = False,
    warranted=None,
) -> BatchTurn:
    """Apply one reply per customer. ``replies``: (N, K) move codes (see encode_replies);
    for one customer, a list of codes. ``interrupted``, ``delay`` (seconds of silence before
    the reply; NaN: turn-based) and ``warranted`` (a hand-off is a proper escalation) per
    row; by default ctx's, for all. ``consume``: the caller is done with ``state``, whose
    arrays may then be reused (saves the analyzer a copy per turn).

    The rule runs in phases, each a function below: the silence before the reply, reading
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
    reading = _read_reply(state, columns(replies, single), ctx, interrupted, delay, warranted, log)
    turn = _Turn.start(reading, ctx, consume)
    for m in reading.moves:
        _apply_move(turn, m)
    _time_passes(turn)
    new_anger = _settle(turn)
    defended = _defends_you(turn, new_anger)
    after = turn.finish(new_anger, defended, reading.fixing)
    reaction = _reaction(reading, turn, new_anger, defended)
    told = turn.told
    if anyone(reading.gone):  # the call ended in the silence: nothing of the reply happened
        after = replace(reading.state.choose(reading.gone, after), turn=before.turn + 1)
        told = where(reading.gone, -1, told)
    no_move = NO_MOVE if single else np.full(len(state), NO_MOVE)
    # Dead air is counted in the silence, after the reply's own moves.
    moves = [*reading.moves, where(reading.dead_air, DEAD_AIR, no_move)]
    r = reading
    return BatchTurn(after, moves, reaction, told, r.rushed, r.dead_air, r.pressed, r.gone)


# --- Phase 1: the silence before the reply, and what the reply means ------------------------


@dataclass
class _Reading:
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


def _read_reply(state, replied, ctx, interrupted, delay, warranted, log) -> _Reading:
    single = state.single
    tables = LISTS if single else ARRAYS
    no_move = NO_MOVE if single else np.full(len(state), NO_MOVE)

    # The silence before the reply (real time): the customer waiting for an answer.
    silent = True  # staying quiet never interrupts anyone
    for c in replied:
        silent = silent & ((c == LISTEN) | (c == PAUSE) | (c == NO_MOVE))
    cut_in = interrupted & no(silent)
    waited = where(cut_in, np.nan, delay)  # cutting in: they never stopped talking
    before = state
    state, dead_air, pressed = apply_silence(state, waited, ctx, log)
    # Patience gone or anger at its limit during the silence: the reply never comes.
    gone = where(dead_air, (state.patience <= 0.0) | (state.anger >= 100.0), False)
    if anyone(gone):
        replied = [where(gone, NO_MOVE, c) for c in replied]
        log = log.restricted(no(gone))

    def has(code, columns):
        """The customers whose reply includes move ``code``."""
        if single:
            return code in columns
        return reduce(operator.or_, [c == code for c in columns], False)

    # Timing: a short pause before answering reads as thoughtful.
    timed = waited == waited  # NaN, turn-based play or cutting in, equals nothing
    thoughtful = timed & no(dead_air) & (THOUGHTFUL_PAUSE[0] <= waited)
    thoughtful = thoughtful & (waited <= THOUGHTFUL_PAUSE[1]) & no(has(PAUSE, replied))
    why = because("thoughtful_pause", "a short pause before answering read as thoughtful")
    log.note("progress", 0, why, PAUSE, rows=thoughtful)
    moves = [*replied, where(thoughtful, PAUSE, no_move)]

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

    # A fix before they are ready is brushed aside.
    treated = state.treated(ctx.persona)
    early = [tables.rushable[c] & no(treated) for c in moves]
    rushed = reduce(operator.or_, early, False)
    # An over-promise brushed aside was still said: it registers, and will have to be kept.
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
            names = tuple(names) if single else np.stack(names, axis=1)
            log.note("progress", 0, why, RUSH, rows=rushed, rushed=names)
        moves = [
            where(e & (c != OVERPROMISE), NO_MOVE, c) for e, c in zip(early, moves, strict=True)
        ]

    repeated = _repeats_itself(before, state, moves[: len(replied)], tables) & no(gone)
    fixing = False  # the reply turns to the problem (and is not brushed aside)
    for c in moves:
        fixing = fixing | tables.fixing[c]
    derived = [
        where(cut_in, INTERRUPT, no_move),
        where(rushed, RUSH, no_move),
        where(repeated, REPEAT, no_move),
    ]
    return _Reading(
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


def _repeats_itself(before: CustomerBatch, state: CustomerBatch, replied: list, tables):
    """Soothing words said a third time no longer land: the reply repeats itself, unless it
    draws out more of the story."""
    counts = before.counts
    stale, cool_reply = True, False
    for c in replied:
        cool = no(tables.hot[c]) & (c != NO_MOVE)
        fresh_story = ((c == LISTEN) | (c == ASK)) & (state.story_left > 0)
        if state.single:
            used = counts[c]
        else:
            at = np.asarray(c)[:, None] % counts.shape[1]
            used = np.take_along_axis(counts, at, axis=1)[:, 0]
        fresh = cool & ((used < REPEAT_LIMIT) | fresh_story)
        stale = stale & no(fresh)
        cool_reply = cool_reply | cool
    return stale & cool_reply


# --- Phase 2: each move pushes the customer ----------------------------------------------------


@dataclass
class _Push:
    """What one move does to the customers: base pushes, their scale, and why."""

    a: Any  # anger
    t: Any  # trust
    h: Any  # heard
    pt: Any  # patience
    why: Reasons
    scale: Any = 1.0
    half: Any = False  # half-heard: said over them


@dataclass
class _Turn:
    """The quantities as the reply's moves change them, move by move. ``anger`` stays the
    anger the reply met: the pushes are added when the turn settles."""

    reading: _Reading
    state: CustomerBatch  # the reading's: as the reply found them, after the silence
    log: Log  # the reading's
    ctx: TurnContext
    tables: Tables
    anger: Any
    trust: Any
    heard: Any
    patience: Any
    grievance: Any
    ceiling: Any
    story_left: Any
    told: Any
    promise: Any
    done: dict  # progress so far, this reply included (state.X: before the reply)
    counts: Any
    tally: Any  # counts as one flat list or array (row i, move m at rows[i] + m)
    rows: Any
    single: bool  # one customer, as plain values (see CustomerBatch)
    pushes: list = field(default_factory=list)  # (move, anger push, why, used, half-heard)

    @classmethod
    def start(cls, reading: _Reading, ctx: TurnContext, consume: bool) -> _Turn:
        state = reading.state
        single = state.single
        rows = None
        if single:
            counts = tally = list(state.counts)
        else:  # counts, (N, moves + 1), and the same numbers in a row: counts of row i, move m
            counts = state.counts if consume else state.counts.copy()
            counts = np.ascontiguousarray(counts)
            tally, width = counts.reshape(-1), counts.shape[1]
            rows = np.arange(len(state)) * width
        return cls(
            reading,
            state,
            reading.log,
            ctx,
            LISTS if single else ARRAYS,
            anger=state.anger,
            trust=state.trust,
            heard=state.heard,
            patience=state.patience,
            grievance=state.grievance,
            ceiling=state.trust_ceiling,
            story_left=state.story_left,
            told=-1 if single else np.full(len(state), -1),
            promise=state.promise,
            done=dict(zip(_DONE, _done_of(state), strict=True)),
            counts=counts,
            tally=tally,
            rows=rows,
            single=single,
        )

    def tell(self, sel) -> None:
        """The customer tells the next untold piece of their story (rows ``sel``)."""
        left = where(sel, self.story_left - 1, self.story_left)
        if self.log:
            why = where(
                left == 0,
                because("story_told", "the story is fully told"),
                because("story_untold", "{left} part(s) of their story still untold"),
            )
            self.log.note("story", -1, why, rows=sel, left=left)
        self.told = where(sel, self.state.story_total - left - 1, self.told)
        self.story_left = left

    def mark(self, flag: str, sel) -> None:
        self.done[flag] = self.done[flag] | sel

    def finish(self, new_anger, defended, fixing) -> CustomerBatch:
        state = self.state
        return CustomerBatch.of(
            anger=new_anger,
            trust=self.trust,
            heard=self.heard,
            patience=self.patience,
            grievance=self.grievance,
            story_left=self.story_left,
            story_total=state.story_total,
            trust_ceiling=self.ceiling,
            **self.done,
            promise=self.promise,
            agreed_turn=where(
                self.done["agreed"] & no(state.agreed), state.turn, state.agreed_turn
            ),
            defended_you=state.defended_you | defended,
            telling=(self.told >= 0) & no(self.reading.cut_in),
            turn=state.turn + 1,
            untold_at_fix=where(
                (state.untold_at_fix < 0) & fixing, state.story_left, state.untold_at_fix
            ),
            counts=self.counts,
        )


_DONE = FLAGS[:-2]  # the progress flags (not defended_you, telling)
_done_of = operator.attrgetter(*_DONE)


def _apply_move(turn: _Turn, m) -> None:
    """One move of the reply (a code, or a column of codes for a batch)."""
    single = turn.single
    if single and m == NO_MOVE:  # a gap (most derived moves, most turns): nothing to do
        return
    present = {m} if single else codes_in(m)
    if present == {NO_MOVE}:
        return
    at = m if single else turn.rows + m
    used = turn.tally[at]
    turn.tally[at] = used + 1
    tables = turn.tables
    push = _Push(
        tables.anger[m],
        tables.trust[m],
        tables.heard[m],
        tables.patience[m],
        turn.log.reasons("move", "{move}{again}"),
    )
    if present & HOT_CODES:
        _provocation(turn, m, present, push)
    if present - HOT_CODES - {NO_MOVE}:
        _treating_and_solving(turn, m, present, push, used)
    turn.pushes.append((m, push.a, push.why, used, push.half))
    turn.trust = turn.trust + push.t
    turn.heard = turn.heard + push.h
    turn.patience = turn.patience + push.pt
    changed = ("trust", "heard", "patience")
    turn.log.note(
        changed, (push.t, push.h, push.pt), push.why, m, nonzero=True, used=used,
        half=push.half, mood=turn.anger,
    )  # fmt: skip


def _provocation(turn: _Turn, m, present: set, push: _Push) -> None:
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


def _treating_and_solving(turn: _Turn, m, present: set, push: _Push, used) -> None:
    """Soothing, informing, solving and exit moves: scaled by the persona's forgiveness,
    worth less each time they are used again, and each with its own conditions."""
    p, state = turn.ctx.persona, turn.state
    push.scale = p.forgiveness * _diminished(used)
    landed = 1.0  # the share that lands when said before the whole story is out
    spent = no(turn.tables.hot[m]) & (m != NO_MOVE) & (used >= REPEAT_LIMIT)
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
    _story_moves(turn, m, present, push)
    _solving_moves(turn, m, present, push)
    _exit_moves(turn, m, present, push)
    push.half = turn.reading.cut_in & turn.tables.soothe[m]  # half-heard: you spoke over them
    push.scale = where(push.half, push.scale * 0.5, push.scale)
    cool = no(turn.tables.hot[m])
    push.a = where(cool, push.a * push.scale, push.a)
    push.t = where(cool & (push.t > 0), push.t * push.scale, push.t)
    # Feeling heard depends on what you do, not on the customer's temperament.
    sel = cool & (push.h > 0) & (m != LISTEN)
    asking = where(turn.tables.asking[m], p.ask_weight, 1.0)
    push.h = where(sel, push.h * (_diminished(used) * asking * landed), push.h)


def _story_moves(turn: _Turn, m, present: set, push: _Push) -> None:
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


def _solving_moves(turn: _Turn, m, present: set, push: _Push) -> None:
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


def _exit_moves(turn: _Turn, m, present: set, push: _Push) -> None:
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


# --- Phase 3: time passing, and settling toward the resting level ------------------------------


def _time_passes(turn: _Turn) -> None:
    """The conversation itself wears patience down, more so while an agreed fix waits."""
    p, log = turn.ctx.persona, turn.log
    turn.patience = turn.patience - p.patience_drain
    log.note("patience", -p.patience_drain, because("time_passing", "time passing"))
    waiting = turn.state.agreed & no(turn.done["acted"])
    turn.patience = where(waiting, turn.patience - DELAY_PATIENCE_COST, turn.patience)
    why = because("waiting_for_action", "agreed, but still waiting for action")
    log.note("patience", -DELAY_PATIENCE_COST, why, rows=waiting)


def _settle(turn: _Turn):
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


def _defends_you(turn: _Turn, new_anger):
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


def _reaction(reading: _Reading, turn: _Turn, new_anger, defended):
    """Which kind of line the customer answers with (codes into REACTIONS)."""
    change = new_anger - reading.state.anger
    rushed, told, left = reading.rushed, turn.told, turn.story_left
    return first(
        [
            (reading.gone, where(reading.pressed, _R["pressing"], _R["dead_air"])),
            (reading.cut_in, _R["interrupted"]),
            (rushed & (reading.state.story_left > 0), _R["rushed"]),
            (rushed, _R["unheard"]),
            ((told >= 0) & (left > 0), _R["story"]),
            (defended, _R["defends_you"]),
            (change <= -3, _R["calmer"]),
            (change >= 3, _R["angrier"]),
        ],
        _R["steady"],
    )


def apply_turn(
    state: CustomerState, authored: list[str], ctx: TurnContext, warranted: bool | None = None
) -> TurnOutcome:
    """Apply one reply (its authored moves and its timing) to one customer. ``warranted``:
    this reply hands over what truly needs someone with more authority (default: ctx's)."""
    log = OneLog()
    reply = [MOVE_CODE[m] for m in dict.fromkeys(authored)]
    out = apply_turns(CustomerBatch.one(state), reply, ctx, log=log, warranted=warranted)
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
            "effects": tuple(log.effects()),
            "moves": counted,
            "reaction": REACTIONS[out.reaction],
            "told_story_piece": None if told < 0 else told,
            "rushed": bool(out.rushed),
            "silence": "pressing" if out.pressed else "dead_air" if out.dead_air else None,
            "gone": bool(out.gone),
        },
    )
