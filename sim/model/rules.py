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
import string
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import reduce
from typing import Any

import numpy as np

from sim.model.state import (
    FLAGS,
    MOVE_CODE,
    MOVE_NAMES,
    NO_MOVE,
    PROMISE_CODE,
    CustomerBatch,
    CustomerState,
    Promise,
    anyone,
    clip,
    first,
    maximum,
    minimum,
    no,
    where,
)
from sim.model.vocabulary import FIX_MOVES, MOVES, PROVOCATIONS, SOLUTION_MOVES, Persona

# Timing, in seconds after the customer finished speaking (real-time play only).
THOUGHTFUL_PAUSE = (1.5, 5.0)
DEAD_AIR_SECONDS = 8.0

# Soothing the same way again works less each time: the second use is worth DIMINISH of the
# first, and a move used twice already earns nothing more (REPEAT_LIMIT uses count).
DIMINISH = 0.55
REPEAT_LIMIT = 2
# Each act of rudeness lowers the ceiling trust can ever climb back to.
RUDENESS = frozenset({"blame", "argue", "lose_calm"})
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
class Effect:
    """One change of state and why: ``anger +12: excuse while the customer was furious``."""

    quantity: str  # anger | trust | heard | patience | story | progress
    delta: float
    reason: str
    move: str | None = None

    def __str__(self) -> str:
        if self.quantity in ("story", "progress"):
            return self.reason
        return f"{self.quantity} {self.delta:+.0f}: {self.reason}"

    def to_dict(self) -> dict:
        return {
            "quantity": self.quantity,
            "delta": round(self.delta, 3),
            "reason": self.reason,
            "move": self.move,
        }


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


def anger_word(anger: float) -> str:
    if anger >= 75:
        return "furious"
    if anger >= 50:
        return "angry"
    if anger >= 25:
        return "upset"
    return "calm"


# --- Moves as numbers ---------------------------------------------------------------------
# Per-move tables, indexed by move code; the extra last entry belongs to NO_MOVE (-1).


def _table(value, dtype=float) -> np.ndarray:
    return np.array([value(MOVES[m]) for m in MOVE_NAMES] + [0], dtype=dtype)


ANGER = _table(lambda m: m.anger)
TRUST = _table(lambda m: m.trust)
HEARD = _table(lambda m: m.heard)
PATIENCE = _table(lambda m: m.patience)
# Provocations and the derived moves (interrupt, dead air, rush) follow one branch of the
# rule; soothing, solving, informing and exit moves the other.
HOT = _table(lambda m: m.name in PROVOCATIONS or m.kind == "derived", bool)
SOOTHE = _table(lambda m: m.kind == "soothe", bool)
RUDE = _table(lambda m: m.name in RUDENESS, bool)
ASKING = _table(lambda m: m.name in ("ask", "ask_wish"), bool)
# What a customer who is not ready brushes aside.
RUSHABLE = _table(lambda m: m.name in SOLUTION_MOVES | {"overpromise", "extra"}, bool)
# Moves that turn to the problem (see vocabulary.FIX_MOVES).
FIXING = _table(lambda m: m.name in FIX_MOVES, bool)
FIX_CODES = frozenset(int(c) for c in np.flatnonzero(FIXING[:-1]))
# What only lands fully once the whole story is out.
STORY_ONLY = _table(lambda m: m.name in ("reflect", "empathize", "ask_wish"), bool)
HOT_CODES = frozenset(int(c) for c in np.flatnonzero(HOT[:-1]))
STORY_FIRST_CODES = frozenset(int(c) for c in np.flatnonzero(STORY_ONLY[:-1]))


@dataclass(frozen=True)
class _Tables:
    """The per-move tables, as arrays for a batch or as lists for one customer (whose
    values then stay plain Python numbers, much faster one at a time)."""

    anger: Any
    trust: Any
    heard: Any
    patience: Any
    hot: Any
    soothe: Any
    rude: Any
    asking: Any
    rushable: Any
    story_first: Any
    fixing: Any


_ARRAYS = _Tables(
    ANGER, TRUST, HEARD, PATIENCE, HOT, SOOTHE, RUDE, ASKING, RUSHABLE, STORY_ONLY, FIXING
)
_LISTS = _Tables(*(t.tolist() for t in vars(_ARRAYS).values()))
# What the n-th reuse of a move is worth, for every count a conversation can reach (counts
# above the table use its end): 1, DIMINISH, then nothing.
DIMINISH_POW = np.array([DIMINISH**n if n < REPEAT_LIMIT else 0.0 for n in range(256)])
_DIMINISH_LIST = DIMINISH_POW.tolist()
# Move codes the rule names.
LISTEN = MOVE_CODE["listen"]
PAUSE = MOVE_CODE["pause"]
THANK = MOVE_CODE["thank"]
APOLOGIZE = MOVE_CODE["apologize"]
ASK = MOVE_CODE["ask"]
ASK_WISH = MOVE_CODE["ask_wish"]
PROPOSE = MOVE_CODE["propose"]
AGREE = MOVE_CODE["agree"]
ACT = MOVE_CODE["act"]
COMMIT = MOVE_CODE["commit"]
FOLLOW_UP = MOVE_CODE["follow_up"]
EXPLAIN = MOVE_CODE["explain"]
EXTRA = MOVE_CODE["extra"]
STAY_CALM = MOVE_CODE["stay_calm"]
SCHEDULE_LATER = MOVE_CODE["schedule_later"]
ESCALATE = MOVE_CODE["escalate"]
PART_WAYS = MOVE_CODE["part_ways"]
EXCUSE = MOVE_CODE["excuse"]
PASS_BUCK = MOVE_CODE["pass_buck"]
OVERPROMISE = MOVE_CODE["overpromise"]
INTERRUPT = MOVE_CODE["interrupt"]
DEAD_AIR = MOVE_CODE["dead_air"]
RUSH = MOVE_CODE["rush"]
REPEAT = MOVE_CODE["repeat"]
RUDE_CODES = frozenset(int(c) for c in np.flatnonzero(RUDE[:-1]))
NONE, REALISTIC, UNREALISTIC = (PROMISE_CODE[p] for p in Promise)
_R = REACTION_CODE = {name: code for code, name in enumerate(REACTIONS)}


def encode_replies(replies: Sequence[Sequence[str]]) -> np.ndarray:
    """Replies (lists of move names) as an (N, K) matrix of move codes in the order written,
    each move once, padded with NO_MOVE. Order matters: "propose, agree" agrees on the fix
    just proposed, "agree, propose" does not."""
    rows = [[MOVE_CODE[m] for m in dict.fromkeys(reply)] for reply in replies]
    out = np.full((len(rows), max([1, *map(len, rows)])), NO_MOVE, dtype=np.int64)
    for i, row in enumerate(rows):
        out[i, : len(row)] = row
    return out


def _diminished(used):
    """What a move is worth the ``used``-th time it is used again (see DIMINISH_POW)."""
    if type(used) is int:
        return _DIMINISH_LIST[min(used, len(_DIMINISH_LIST) - 1)]
    return np.take(DIMINISH_POW, used, mode="clip")


# --- Reasons and the log of changes -------------------------------------------------------

REASONS: list[str] = []  # reason texts by code; filled by because() as the rules name them
_REASON_CODE: dict[str, int] = {}
_REASON_FIELDS: list[frozenset[str]] = []
HALF_HEARD = " (half-heard: you spoke over them)"


def because(text: str) -> int:
    """The code of a reason text. A text may name {move}, {again}, {mood}, {left}, {seconds},
    {rushed}, {anger} and {accept}; the log fills them in per customer."""
    code = _REASON_CODE.get(text)
    if code is None:
        code = _REASON_CODE[text] = len(REASONS)
        REASONS.append(text)
        _REASON_FIELDS.append(frozenset(f for _, f, _, _ in string.Formatter().parse(text) if f))
    return code


def reason_text(code: int, move: int | None = None, values: dict | None = None) -> str:
    """The words of reason ``code`` for one customer, given that customer's values."""
    text = REASONS[code]
    names = _REASON_FIELDS[code]
    if names:
        fields: dict[str, object] = {}
        for name in names:
            if name == "move":
                fields[name] = MOVES[MOVE_NAMES[move]].label  # type: ignore[index]
            elif name == "again":
                fields[name] = _AGAIN[min(int(values["used"]), len(_AGAIN) - 1)]
            elif name == "mood":
                fields[name] = anger_word(values["mood"])
            elif name == "rushed":
                rushed = [MOVES[MOVE_NAMES[c]].label for c in values["rushed"] if c != NO_MOVE]
                fields[name] = " and ".join(rushed)
            elif name == "left":
                fields[name] = int(values[name])
            elif name == "seconds":  # a fraction of a second still reads as one
                fields[name] = max(1, round(float(values[name])))
            else:  # rest, anger, accept: numbers shown whole
                fields[name] = f"{values[name]:.0f}"
        text = text.format(**fields)
    return text + HALF_HEARD if values and values.get("half") else text


# "{again}": nothing the first time, then what a move used once more is still worth.
_AGAIN = ["", " again (it counts for less the second time)"] + [
    " once more: said a third time, it no longer counts"
] * (len(_DIMINISH_LIST) - 2)


def _at(value, row: int | None):
    """One customer's value: row ``row`` of an array; a plain value as it is."""
    return value[row] if type(value) is np.ndarray else value


class Reasons:
    """Why each customer's quantities change with one move: a reason code per customer,
    set branch by branch (``why.set(sel, "text")``); the last branch to apply wins."""

    def __init__(self, default: str) -> None:
        self.code = because(default)

    def set(self, sel, text: str) -> None:
        self.code = where(sel, because(text), self.code)


class Log:
    """What a batch turn changed, note by note, in the order the rule made the changes.

    A note: ``quantity`` changed by ``delta`` (a number, or one per row) for the customers
    in ``rows`` (all when None; with ``nonzero``, only where the delta is not zero), because
    of ``why`` (a reason code or :class:`Reasons`), through ``move``; ``values`` fill in the
    reason's words. ``quantity`` and ``delta`` may be tuples: one note for several changes
    with the same reason. Arrays handed to a note are kept, so the rule never changes them.
    """

    def __init__(self) -> None:
        self.notes: list[tuple] = []

    def __bool__(self) -> bool:
        return True

    def note(self, quantity, delta, why, move=None, rows=None, nonzero=False, **values):
        if type(quantity) is str:
            quantity, delta = (quantity,), (delta,)
        if isinstance(why, Reasons):
            why = why.code
        self.notes.append((quantity, delta, why, move, rows, nonzero, values))

    def reasons(self, default: str) -> Reasons:
        return Reasons(default)

    def restricted(self, sel) -> Log:
        """This log, keeping from now on only the notes about the customers in ``sel``."""
        return _Restricted(self, sel)

    def effects(self, row: int | None = None) -> list[Effect]:
        """The notes that concern customer ``row`` (None: the one customer), as effects."""
        out = []
        for quantity, delta, why, move, rows, nonzero, values in self.notes:
            if row is not None:  # pick this customer's values out of the arrays
                if rows is not None and not _at(rows, row):
                    continue
                delta = [d if type(d) is int else float(_at(d, row)) for d in delta]
                why, move = int(_at(why, row)), None if move is None else int(_at(move, row))
                values = {k: _at(v, row) for k, v in values.items()}
            elif rows is not None and not rows:
                continue
            reason = name = None
            for q, d in zip(quantity, delta, strict=True):
                if nonzero and d == 0:
                    continue
                if reason is None:
                    reason = reason_text(why, move, values)
                    name = None if move is None else MOVE_NAMES[move]
                out.append(Effect(q, d, reason, name))
        return out


class _Restricted(Log):
    """A view of a log that notes changes only for some customers (see Log.restricted)."""

    def __init__(self, inner: Log, sel) -> None:
        self.inner, self.sel = inner, sel

    def __bool__(self) -> bool:
        return bool(self.inner)

    def note(self, quantity, delta, why, move=None, rows=None, nonzero=False, **values):
        rows = self.sel if rows is None else rows & self.sel
        self.inner.note(quantity, delta, why, move, rows, nonzero, **values)

    def reasons(self, default: str) -> Reasons:
        return self.inner.reasons(default)


class OneLog(Log):
    """The log of one customer's turn (plain values): each note becomes effects at once."""

    def __init__(self) -> None:
        self.made: list[Effect] = []

    def note(self, quantity, delta, why, move=None, rows=None, nonzero=False, **values):
        if rows is not None and not rows:
            return
        if type(quantity) is str:
            quantity, delta = (quantity,), (delta,)
        reason = None
        for q, d in zip(quantity, delta, strict=True):
            if nonzero and d == 0:
                continue
            if reason is None:
                reason = reason_text(why.code if isinstance(why, Reasons) else why, move, values)
            self.made.append(Effect(q, d, reason, None if move is None else MOVE_NAMES[move]))

    def reasons(self, default: str) -> Reasons:
        return _OneReasons(default)

    def effects(self, row: int | None = None) -> list[Effect]:
        return self.made


class _OneReasons(Reasons):
    def set(self, sel, text: str) -> None:
        if sel:
            self.code = because(text)


class _Unlogged(Log):
    """No notes kept: the analyzer only wants the numbers."""

    def __bool__(self) -> bool:
        return False

    def restricted(self, sel) -> Log:
        return self

    def note(self, *args, **kwargs) -> None:
        pass

    def reasons(self, default: str) -> _NoReasons:
        return _NO_REASONS


class _NoReasons(Reasons):
    def __init__(self) -> None:
        self.code = 0

    def set(self, sel, text: str) -> None:
        pass


_NO_REASONS = _NoReasons()
UNLOGGED = _Unlogged()


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


def _columns(replies, single: bool) -> list:
    if single:  # one customer's reply: a list of move codes
        return [c for c in replies if c != NO_MOVE]
    return [replies[:, j] for j in range(replies.shape[1])]


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
        where(dead_air, _LISTS.anger[DEAD_AIR] * p.volatility * heat, 0.0),
        where(dead_air, _LISTS.trust[DEAD_AIR] * p.volatility, 0.0),
        where(dead_air, _LISTS.patience[DEAD_AIR], 0.0),
    )
    why = because("no answer came: the silence left them hanging")
    log.note(("anger", "trust", "patience"), jolt, why, DEAD_AIR, rows=dead_air)
    longer = where(dead_air, seconds - DEAD_AIR_SECONDS, 0.0)
    drain = (
        SILENCE_ANGER_PER_S * p.volatility * longer,
        -SILENCE_PATIENCE_PER_S * (p.patience_drain / 1.5) * longer,
    )
    why = because("the silence went on, {seconds} s more with no answer")
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
    arrays may then be reused (saves the analyzer a copy per turn)."""
    p = ctx.persona
    single = state.single
    tables = _LISTS if single else _ARRAYS
    if interrupted is None:
        interrupted = ctx.interrupted if single else np.full(len(state), ctx.interrupted)
    if delay is None:
        delay = np.nan if ctx.delay is None else ctx.delay
        delay = delay if single else np.full(len(state), delay)
    replied = _columns(replies, single)
    no_move = NO_MOVE if single else np.full(len(state), NO_MOVE)

    def has(code, columns):
        """The customers whose reply includes move ``code``."""
        if single:
            return code in columns
        return reduce(operator.or_, [c == code for c in columns], False)

    # --- Silence before the reply (real time): the customer waiting for an answer --------
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

    # --- Reading the reply: timing and combinations change what it means -----------------
    timed = waited == waited  # NaN, turn-based play or cutting in, equals nothing
    thoughtful = timed & no(dead_air) & (THOUGHTFUL_PAUSE[0] <= waited)
    thoughtful = thoughtful & (waited <= THOUGHTFUL_PAUSE[1]) & no(has(PAUSE, replied))
    why = because("a short pause before answering read as thoughtful")
    log.note("progress", 0, why, PAUSE, rows=thoughtful)
    moves = [*replied, where(thoughtful, PAUSE, no_move)]

    # Saying nothing when they have finished is silence, not listening.
    hushed = has(LISTEN, moves) & (state.story_left == 0)
    if anyone(hushed):
        silence = where(dead_air, NO_MOVE, DEAD_AIR)  # the silence already counted once
        moves = [where(hushed & (c == LISTEN), silence, c) for c in moves]
        why = because("they had finished and wanted an answer: saying nothing is a silence")
        log.note("progress", 0, why, DEAD_AIR, rows=hushed)

    sorry_but = has(APOLOGIZE, moves) & has(EXCUSE, moves)
    if anyone(sorry_but):
        moves = [where(sorry_but & (c == APOLOGIZE), NO_MOVE, c) for c in moves]
        why = because("'sorry, but...': an apology joined to an excuse counts as an excuse")
        log.note("progress", 0, why, rows=sorry_but)

    if warranted is None:
        warranted = ctx.escalation_warranted
    buck = has(ESCALATE, moves) & no(warranted)
    if anyone(buck):
        moves = [where(buck & (c == ESCALATE), PASS_BUCK, c) for c in moves]
        why = because("handing over what you were allowed to fix yourself is passing the buck")
        log.note("progress", 0, why, PASS_BUCK, rows=buck)

    derived = where(cut_in, INTERRUPT, no_move)
    treated = state.treated(p)
    early = [tables.rushable[c] & no(treated) for c in moves]
    rushed = reduce(operator.or_, early, False)
    # An over-promise brushed aside was still said: it registers, and will have to be kept.
    overpromised_early = has(OVERPROMISE, moves) & rushed
    if anyone(rushed):
        if log:
            why = where(
                state.story_left > 0,
                because("{rushed} brushed aside: they still have more to tell"),
                because("{rushed} brushed aside: they have told it all but don't feel understood"),
            )
            names = [where(e, c, NO_MOVE) for e, c in zip(early, moves, strict=True)]
            names = tuple(names) if single else np.stack(names, axis=1)
            log.note("progress", 0, why, RUSH, rows=rushed, rushed=names)
        moves = [
            where(e & (c != OVERPROMISE), NO_MOVE, c) for e, c in zip(early, moves, strict=True)
        ]

    # Soothing words said a third time no longer land: the reply repeats itself, unless it
    # draws out more of the story.
    counts_before = before.counts
    stale, cool_reply = True, False
    for c in moves[: len(replied)]:
        cool = no(tables.hot[c]) & (c != NO_MOVE)
        fresh_story = ((c == LISTEN) | (c == ASK)) & (state.story_left > 0)
        used = (
            counts_before[c]
            if single
            else np.take_along_axis(
                counts_before, np.asarray(c)[:, None] % counts_before.shape[1], axis=1
            )[:, 0]
        )
        fresh = cool & ((used < REPEAT_LIMIT) | fresh_story)
        stale = stale & no(fresh)
        cool_reply = cool_reply | cool
    repeated = stale & cool_reply & no(gone)
    fixing = False  # the reply turns to the problem (and is not brushed aside)
    for c in moves:
        fixing = fixing | tables.fixing[c]
    moves = [*moves, derived, where(rushed, RUSH, no_move), where(repeated, REPEAT, no_move)]

    anger = state.anger  # the anger the reply meets; the pushes are added at the end
    trust = state.trust
    heard = state.heard
    patience = state.patience
    grievance = state.grievance
    ceiling = state.trust_ceiling
    story_left = state.story_left
    told = -1 if single else np.full(len(state), -1)
    if single:
        counts = tally = list(state.counts)
    else:  # counts, (N, moves + 1), and the same numbers in a row: counts of row i, move m
        counts = state.counts if consume else state.counts.copy()
        counts = np.ascontiguousarray(counts)
        tally, width = counts.reshape(-1), counts.shape[1]
        rows = np.arange(len(state)) * width
    promise = state.promise
    # Progress so far, this reply included (state.X is how things stood before it).
    done = {flag: getattr(state, flag) for flag in FLAGS[:-2]}
    pushes: list[tuple] = []  # per move: (move, anger push, why, used, half-heard)

    def tell(sel, told, left):
        """The customer tells the next untold piece of their story (rows ``sel``)."""
        left = where(sel, left - 1, left)
        if log:
            why = where(
                left == 0,
                because("the story is fully told"),
                because("{left} part(s) of their story still untold"),
            )
            log.note("story", -1, why, rows=sel, left=left)
        return where(sel, state.story_total - left - 1, told), left

    for m in moves:
        present = {m} if single else _codes(m)
        if present == {NO_MOVE}:
            continue
        at = m if single else rows + m
        used = tally[at]
        tally[at] = used + 1
        a, t, h, pt = tables.anger[m], tables.trust[m], tables.heard[m], tables.patience[m]
        why = log.reasons("{move}{again}")
        hot = tables.hot[m]
        half = False

        if present & HOT_CODES:
            over = m == OVERPROMISE
            if OVERPROMISE in present:
                # Buys calm now; the bill comes in the epilogue.
                a = where(over, a * p.forgiveness, a)
                why.set(over, "an over-promise buys a little calm now")
                # Agreeing to what can't be done: it counts as agreed, and it will break.
                promise = where(over, UNREALISTIC, promise)
                heeded = over & no(overpromised_early)
                done["proposed"] = done["proposed"] | heeded
                done["agreed"] = done["agreed"] | heeded
                # Brushed aside, it buys nothing now, but it was said and will be held to.
                ignored = over & overpromised_early
                a, t = where(ignored, 0.0, a), where(ignored, 0.0, t)
                why.set(
                    ignored, "an over-promise, brushed aside for now but heard: it will be held to"
                )
            sel = hot & no(over)
            heat = 0.6 + anger / 100.0  # provocations hit harder the angrier they are
            a = where(sel, a * (p.volatility * heat), a)
            t = where(sel, t * p.volatility, t)
            why.set(sel, "{move} while they were {mood}")
            grievance = where(sel, grievance + maximum(a, 0.0) * GRIEVANCE_SCAR, grievance)
            if present & RUDE_CODES:
                rude = tables.rude[m]
                ceiling = where(rude, maximum(0.0, ceiling - RUDENESS_SCAR), ceiling)
                why_scar = because("{move} leaves a scar: that trust won't fully come back")
                log.note("trust", -RUDENESS_SCAR, why_scar, m, rude)
            if PASS_BUCK in present:
                # Being passed on means telling it all again.
                again = (m == PASS_BUCK) & (state.story_total > 0)
                story_left = where(again, minimum(state.story_total, story_left + 1), story_left)
                why_again = because("passed on, they will have to tell part of it again")
                log.note("story", 1, why_again, m, again)
            if INTERRUPT in present:
                cut = (m == INTERRUPT) & state.telling & (story_left < state.story_total)
                story_left = where(cut, story_left + 1, story_left)
                why_cut = because("cut off mid-story: that part will come back later")
                log.note("story", 1, why_cut, m, cut)
            why.set(m == DEAD_AIR, "saying nothing when they wanted an answer")
            why.set(m == REPEAT, "the same soothing words a third time ring hollow")

        if present - HOT_CODES - {NO_MOVE}:
            scale = p.forgiveness * _diminished(used)
            spent = no(hot) & (m != NO_MOVE) & (used >= REPEAT_LIMIT)
            spent = spent & no((m == LISTEN) & (story_left > 0))
            why_spent = because("{move} yet again: past the second time it no longer counts")
            log.note("progress", 0, why_spent, m, rows=spent)
            if present & STORY_FIRST_CODES:
                # You can only say back, validate or settle what you have heard in full.
                partly = tables.story_first[m] & (state.story_left > 0)
                share = (state.story_total - state.story_left) / maximum(state.story_total, 1)
                scale = where(partly, scale * (STORY_FIRST + (1.0 - STORY_FIRST) * share), scale)
                why.set(partly, "{move} before they had told the whole story only partly lands")
            if LISTEN in present:
                sel = m == LISTEN
                telling = sel & (story_left > 0)
                scale = where(telling, p.forgiveness, scale)  # each new piece of the story is new
                why.set(telling, "listening while they tell their story")
                told, story_left = tell(telling, told, story_left)
                all_told = telling & (story_left == 0)
                if anyone(all_told):
                    a = where(all_told, a - 8, a)
                    t = where(all_told, t + 4, t)
                    why.set(all_told, "they got the whole story off their chest")
                finished = sel & no(telling)  # the last piece came earlier in this reply
                if anyone(finished):
                    a, t = where(finished, 2.0, a), where(finished, -1.0, t)
                    h, pt = where(finished, 0.0, h), where(finished, -5.0, pt)
                    scale = where(finished, 1.0, scale)
                    why.set(finished, "saying nothing when they wanted an answer")
            if EXPLAIN in present:
                sel = m == EXPLAIN
                too_soon = sel & (heard < p.heard_needed) & no(treated)
                if anyone(too_soon):
                    a, t = where(too_soon, 5.0, a), where(too_soon, -3.0, t)
                    h = where(too_soon, -2.0, h)
                    scale = where(too_soon, p.volatility, scale)
                    why.set(too_soon, "facts before they feel heard sound like excuses")
                calm = sel & no(too_soon)
                done["explained"] = done["explained"] | calm
                why.set(calm, "calm facts, now that they feel heard")
            if present & {ASK, ASK_WISH}:
                scale = where(tables.asking[m], scale * p.ask_weight, scale)
                done["clarified"] = done["clarified"] | (m == ASK)
                done["wish_known"] = done["wish_known"] | (m == ASK_WISH)
                # A real question invites the next part of the story.
                invited = (m == ASK) & (story_left > 0) & (told < 0)
                told, story_left = tell(invited, told, story_left)
                why.set(invited, "a question that let them tell more")
            if APOLOGIZE in present:
                done["apologized"] = done["apologized"] | (m == APOLOGIZE)
            if THANK in present:
                done["thanked"] = done["thanked"] | (m == THANK)
            if PROPOSE in present:
                sel = m == PROPOSE
                done["proposed"] = done["proposed"] | sel
                blind = sel & no(done["wish_known"])
                scale = where(blind, scale * 0.5, scale)
                why.set(blind, "a fix offered without asking what they want")
            if AGREE in present:
                sel = m == AGREE
                together = sel & done["proposed"]
                done["agreed"] = done["agreed"] | together
                why.set(together, "agreeing the fix together")
                too_soon = sel & no(together)
                scale = where(too_soon, scale * 0.3, scale)
                why.set(too_soon, "agreeing before any fix was on the table")
            if ACT in present:
                sel = m == ACT
                done["acted"] = done["acted"] | sel
                planned = sel & state.agreed & (state.agreed_turn >= 0)
                prompt = planned & (state.turn - state.agreed_turn <= PROMPT_ACTION_TURNS)
                if anyone(prompt):
                    a, t = where(prompt, a - 4, a), where(prompt, t + 4, t)
                    why.set(prompt, "acting promptly on the agreed fix")
                unplanned = sel & no(planned) & no(done["proposed"])
                scale = where(unplanned, scale * 0.5, scale)
                why.set(unplanned, "acting before agreeing what to do")
            if COMMIT in present:
                sel = m == COMMIT
                promise = where(sel & (state.promise != UNREALISTIC), REALISTIC, promise)
                why.set(sel, "a realistic time frame")
            if FOLLOW_UP in present:
                sel = m == FOLLOW_UP
                arranged = sel & (done["agreed"] | done["acted"])
                done["follow_up"] = done["follow_up"] | arranged
                too_soon = sel & no(arranged)
                scale = where(too_soon, scale * 0.4, scale)
                why.set(too_soon, "a follow-up before anything was agreed")
            if EXTRA in present:
                done["extra_given"] = done["extra_given"] | (m == EXTRA)
            if STAY_CALM in present:
                under_fire = (m == STAY_CALM) & (anger >= 50)
                scale = where(under_fire, scale * 1.5, scale)
                why.set(under_fire, "staying calm under fire; the calm rubs off")
            if SCHEDULE_LATER in present:
                sel = m == SCHEDULE_LATER
                too_soon = sel & no(treated)
                if anyone(too_soon):
                    a, t = where(too_soon, 4.0, a), where(too_soon, -2.0, t)
                    pt = where(too_soon, -6.0, pt)
                    scale = where(too_soon, p.volatility, scale)
                    why.set(too_soon, "putting them off before hearing them out")
                stalling = sel & treated & (anger < 50)
                if anyone(stalling):
                    a, pt = where(stalling, 1.0, a), where(stalling, -6.0, pt)
                    scale = where(stalling, 1.0, scale)
                    why.set(
                        stalling, "putting it off when they were ready to talk looks like stalling"
                    )
                cooling = sel & treated & (anger >= 50)
                pt = where(cooling, pt / max(1.0, p.patience_drain / 1.5), pt)  # hurried: less
                why.set(cooling, "offering to continue once things have cooled")
            if ESCALATE in present:
                why.set(m == ESCALATE, "a warm hand-off for a decision beyond your authority")
            if PART_WAYS in present:
                why.set(m == PART_WAYS, "ending the relationship")
            half = cut_in & tables.soothe[m]  # half-heard: you spoke over them
            scale = where(half, scale * 0.5, scale)
            cool = no(hot)
            a = where(cool, a * scale, a)
            t = where(cool & (t > 0), t * scale, t)
            # Feeling heard depends on what you do, not on the customer's temperament.
            sel = cool & (h > 0) & (m != LISTEN)
            asking = where(tables.asking[m], p.ask_weight, 1.0)
            h = where(sel, h * (_diminished(used) * asking), h)

        pushes.append((m, a, why, used, half))
        trust = trust + t
        heard = heard + h
        patience = patience + pt
        changed = ("trust", "heard", "patience")
        log.note(changed, (t, h, pt), why, m, nonzero=True, used=used, half=half, mood=anger)

    # --- Time passing: the conversation itself wears patience down --------------------
    patience = patience - p.patience_drain
    log.note("patience", -p.patience_drain, because("time passing"))
    waiting = state.agreed & no(done["acted"])
    patience = where(waiting, patience - DELAY_PATIENCE_COST, patience)
    why = because("agreed, but still waiting for action")
    log.note("patience", -DELAY_PATIENCE_COST, why, rows=waiting)
    agreed_turn = where(done["agreed"] & no(state.agreed), state.turn, state.agreed_turn)

    # --- The resting level: what is left of the grievance once addressed --------------
    heard = clip(heard, 0.0, 100.0)
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
        + 0.03 * (promise == REALISTIC)
    )
    cap = ADDRESSABLE if ctx.resolvable else ADDRESSABLE_UNSATISFIABLE
    if not ctx.legitimate:  # for an imagined complaint, clear facts are what address it
        addressed = where(done["explained"], addressed + 0.1, addressed)
    addressed = minimum(cap, addressed)
    grievance = minimum(100.0, grievance)
    rest = grievance * (1.0 - addressed)
    relaxed = rest + p.inertia * (anger - rest)
    if log:
        drift = relaxed - anger
        why = where(
            relaxed < anger,
            because("settling, as more of the complaint is dealt with"),
            because("stirred up again: too much of the complaint is still not dealt with"),
        )
        log.note("anger", drift, why, rows=abs(drift) >= 0.05)
    new_anger = relaxed
    for m, a, why, used, half in pushes:
        log.note("anger", a, why, m, nonzero=True, used=used, half=half, mood=anger)
        new_anger = new_anger + a
    new_anger = clip(new_anger, 0.0, 100.0)

    trust = clip(trust, 0.0, minimum(ceiling, 100.0))
    patience = clip(patience, 0.0, 100.0)

    # Some customers, once they have told it all and calmed down, start defending you.
    defended = False
    if p.defends:
        defended = no(state.defended_you) & (story_left == 0) & (state.story_total > 0)
        defended = defended & (new_anger < 50) & no(cut_in)
        trust = where(defended, minimum(ceiling, trust + 5), trust)
        why = because("having said it all, they start to see your side")
        log.note("trust", 5, why, rows=defended)

    after = CustomerBatch(
        anger=new_anger,
        trust=trust,
        heard=heard,
        patience=patience,
        grievance=grievance,
        story_left=story_left,
        story_total=state.story_total,
        trust_ceiling=ceiling,
        **done,
        promise=promise,
        agreed_turn=agreed_turn,
        defended_you=state.defended_you | defended,
        telling=(told >= 0) & no(cut_in),
        turn=state.turn + 1,
        untold_at_fix=where(
            (state.untold_at_fix < 0) & fixing, state.story_left, state.untold_at_fix
        ),
        counts=counts,
    )
    change = new_anger - state.anger
    reaction = first(
        [
            (gone, where(pressed, _R["pressing"], _R["dead_air"])),
            (cut_in, _R["interrupted"]),
            (rushed & (state.story_left > 0), _R["rushed"]),
            (rushed, _R["unheard"]),
            ((told >= 0) & (story_left > 0), _R["story"]),
            (defended, _R["defends_you"]),
            (change <= -3, _R["calmer"]),
            (change >= 3, _R["angrier"]),
        ],
        _R["steady"],
    )
    if anyone(gone):  # the call ended in the silence: nothing of the reply happened
        after = replace(state.choose(gone, after), turn=before.turn + 1)
        told = where(gone, -1, told)
    moves = [*moves, where(dead_air, DEAD_AIR, no_move)]  # counted in the silence
    return BatchTurn(after, moves, reaction, told, rushed, dead_air, pressed, gone)


def _codes(column: np.ndarray) -> set[int]:
    """The move codes present in one column of a batch."""
    if len(column) <= 64:
        return set(column.tolist())
    seen = np.bincount(column + 1, minlength=len(MOVE_NAMES) + 1)
    return set((np.flatnonzero(seen) - 1).tolist())


def apply_turn(
    state: CustomerState, authored: list[str], ctx: TurnContext, warranted: bool | None = None
) -> TurnOutcome:
    """Apply one reply (its authored moves and its timing) to one customer. ``warranted``:
    this reply hands over what truly needs someone with more authority (default: ctx's)."""
    log = OneLog()
    reply = [MOVE_CODE[m] for m in dict.fromkeys(authored)]
    out = apply_turns(CustomerBatch.one(state), reply, ctx, log=log, warranted=warranted)
    counted = tuple(MOVE_NAMES[c] for c in out.moves if c != NO_MOVE)
    counts = dict(state.counts)
    for name in counted:
        counts[name] = out.state.counts[MOVE_CODE[name]]
    told = out.told
    return TurnOutcome(
        out.state.to_state(counts),
        tuple(log.effects()),
        counted,
        REACTIONS[out.reaction],
        None if told < 0 else told,
        bool(out.rushed),
        "pressing" if out.pressed else "dead_air" if out.dead_air else None,
        bool(out.gone),
    )


# --- Closing the conversation ------------------------------------------------------------

ENDINGS = (
    "resolved",
    "unresolved",
    "handed_off",
    "walked_out",
    "hung_up",
    "parted_ways",
    "call_back",  # a later call booked, for when things have cooled
)
ENDING_CODE = {name: code for code, name in enumerate(ENDINGS)}
NO_ENDING = -1
RESOLVED, UNRESOLVED, HANDED_OFF, WALKED_OUT, HUNG_UP, PARTED_WAYS, CALL_BACK = range(len(ENDINGS))
# A customer at or above this anger has not cooled enough to talk solutions (article 002).
STILL_HOT = 50.0


def automatic_endings(state: CustomerBatch | CustomerState):
    """Endings the customer chooses: anger maxed out, or patience gone (NO_ENDING: neither)."""
    return where(state.anger >= 100.0, WALKED_OUT, where(state.patience <= 0.0, HUNG_UP, NO_ENDING))


def automatic_ending(state: CustomerState) -> str | None:
    code = automatic_endings(state)
    return None if code == NO_ENDING else ENDINGS[code]


def judge_closes(state: CustomerBatch, requested, passed_buck, ctx: TurnContext):
    """The customers' answer to replies that close the conversation asking for ``requested``
    (ending codes): the endings, and a reason code for each."""
    p = ctx.persona
    asked = requested == RESOLVED
    no_fix = asked & no(state.agreed)
    unsatisfiable = asked & (not ctx.resolvable)
    too_angry = asked & (state.anger > p.accept_anger)
    later = requested == CALL_BACK
    unheard = later & no(state.treated(p))
    cooled = later & (state.anger < STILL_HOT)
    refused = no_fix | unsatisfiable | too_angry | unheard | cooled
    ending = where(refused, UNRESOLVED, requested)
    why = Reasons("")  # from the weakest reason to the strongest: the last that applies wins
    why.set(asked, "they accepted the fix")
    why.set(too_angry, "still {mood} (anger {anger}, they accept at {accept} or below)")
    why.set(unsatisfiable, "nothing you could offer would have satisfied this complaint")
    why.set(no_fix, "the call ended with no fix agreed")
    handed = requested == HANDED_OFF
    why.set(handed, "handed over warmly to someone with the authority to decide")
    why.set(handed & passed_buck, "passed on to someone else")
    why.set(requested == PARTED_WAYS, "you ended the relationship politely")
    why.set(later, "a call-back booked for when things have cooled down")
    why.set(cooled, "a call-back offered as a way out, when they were ready to talk now")
    why.set(unheard, "a call-back offered before they had been heard out")
    return ending, why.code


def judge_close(
    state: CustomerState, requested: str, moves: tuple[str, ...], ctx: TurnContext
) -> tuple[str, str]:
    """The customer's answer to a reply that closes the conversation: (ending, why)."""
    asked = ENDING_CODE[requested]
    ending, why = judge_closes(CustomerBatch.one(state), asked, "pass_buck" in moves, ctx)
    values = {"mood": state.anger, "anger": state.anger, "accept": ctx.persona.accept_anger}
    text = reason_text(why, values=values)
    return ENDINGS[ending], text
