"""After the conversation: promises come due, follow-ups land, loyalty and word of mouth settle.

Rules of thumb from the articles and from service-recovery research:
- the end of a conversation weighs more in the final verdict than its middle;
- an over-promise comes back as a second failure that hurts more than the first;
- an apology plus a fix ends better than the fix alone;
- a well-handled first, moderate failure can leave a customer more loyal than before;
- unhappy customers tell about twice as many people as happy ones.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from typing import Any

import numpy as np

from sim.model.arrays import anyone, clip, maximum, minimum, no, where
from sim.model.endings import (
    ENDING_CODE,
    ENDINGS,
    HANDED_OFF,
    HUNG_UP,
    PARTED_WAYS,
    RESOLVED,
    WALKED_OUT,
)
from sim.model.explain import UNLOGGED, Effect, Log, OneLog, because
from sim.model.rule.context import TurnContext
from sim.model.state import MOVE_CODE, MOVE_NAMES, CustomerBatch, CustomerState
from sim.model.tables import PASS_BUCK, REALISTIC, UNREALISTIC
from sim.model.vocabulary import MOVES, PROVOCATIONS

# A customer who was content before the problem.
BASELINE_LOYALTY = 60.0
BROKEN_PROMISE_ANGER = 35.0
BROKEN_PROMISE_TRUST = 40.0
# A grievance at or below this counts as "moderate" for the recovery bonus.
MODERATE_GRIEVANCE = 75.0

ENDING_LOYALTY = {
    "resolved": 10.0,
    "unresolved": -15.0,
    "handed_off": -5.0,
    "walked_out": -30.0,
    "hung_up": -25.0,
    "parted_ways": -30.0,
    "call_back": -5.0,
}
_ENDING_LOYALTY = np.array([ENDING_LOYALTY.get(e, 0.0) for e in ENDINGS])


@dataclass(frozen=True)
class WordOfMouth:
    people: int
    tone: str  # praise | mixed | complaint
    summary: str

    def to_dict(self) -> dict:
        return {"people": self.people, "tone": self.tone, "summary": self.summary}


@dataclass(frozen=True)
class Epilogue:
    state: CustomerState
    effects: tuple[Effect, ...]
    verdict_anger: float  # the end-weighted anger the customer remembers
    loyalty: float
    word_of_mouth: WordOfMouth
    broken_promise: float = 0.0  # the anger a broken promise brought back after the call

    def to_dict(self) -> dict:
        return {
            "effects": [e.to_dict() for e in self.effects],
            # Where the gauges stand once what the call set in motion has played out.
            "after": {k: round(v) for k, v in self.state.shown().items()},
            "broken_promise": round(self.broken_promise, 2),
            "verdict_anger": round(self.verdict_anger, 2),
            "loyalty": round(self.loyalty, 2),
            "word_of_mouth": self.word_of_mouth.to_dict(),
        }


# The curve of anger over a conversation is kept in blocks of this many turns (padded with
# zeros), so that one customer and a batch add up their curves in exactly the same way.
CURVE_BLOCK = 64
TONES = ("praise", "mixed", "complaint")
PRAISE, MIXED, COMPLAINT = range(3)
# Provocations (moves.yaml kind `provoke`, the over-promise aside: it is its own story) rule
# out the recovery bonus; every move's `loyalty` is what each use of it costs afterwards.
_PROVOCATIONS = tuple(MOVE_CODE[m] for m in PROVOCATIONS if m != "overpromise")
_SCARS = np.array([MOVES[m].loyalty for m in MOVE_NAMES] + [0.0])
_SCAR_CODES = [int(c) for c in np.flatnonzero(_SCARS[:-1])]


@cache
def _weights(width: int) -> tuple[np.ndarray, np.ndarray]:
    """Row n: the weights of a curve of n points (growing toward its end), zero-padded to
    ``width``; and their sums."""
    table = np.zeros((width + 1, width))
    sums = np.zeros(width + 1)
    for n in range(1, width + 1):
        table[n, :n] = np.exp(np.linspace(0.0, 2.5, n))
        sums[n] = table[n, :n].sum()
    return table, sums


def remembered_angers(curves: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The end weighs more than the middle: for each row, the anger remembered from its
    first ``lengths`` points (weights grow toward the last one). Width: blocks of 64."""
    table, sums = _weights(curves.shape[1])
    weighted = np.empty(len(curves))
    for at in range(0, len(curves), 4096):  # a block of rows at a time: kind to the cache
        rows = slice(at, at + 4096)
        weighted[rows] = (curves[rows] * table[lengths[rows]]).sum(axis=1)
    weighted /= sums[lengths]
    last = curves[np.arange(len(curves)), lengths - 1]
    return 0.5 * last + 0.5 * weighted


def remembered_anger(anger_curve: list[float]) -> float:
    """The end weighs more than the middle: weights grow toward the last turn."""
    if not anger_curve:
        return 0.0
    width = CURVE_BLOCK * -(-len(anger_curve) // CURVE_BLOCK)
    curve = np.zeros((1, width))
    curve[0, : len(anger_curve)] = anger_curve
    return float(remembered_angers(curve, np.array([len(anger_curve)]))[0])


@dataclass
class EpilogueBatch:
    """The epilogue of each conversation of a batch (or of the one conversation)."""

    anger: Any
    trust: Any
    verdict_anger: Any
    loyalty: Any
    tone: Any  # codes into TONES
    people: Any  # how many people they tell
    broken: Any  # the anger a broken promise brought back (0: none broken)


def settle_batch(
    state: CustomerBatch,
    ending,
    anger_curve,
    used,
    ctx: TurnContext,
    log: Log = UNLOGGED,
) -> EpilogueBatch:
    """After the conversations: ``ending`` codes (see rules.ENDINGS); ``anger_curve``: the
    anger shown after each turn, starting with the opening one (one customer: a list; a
    batch: a pair (curves, lengths) of a zero-padded matrix, width a multiple of 64, and
    the points per row, into which the final anger is written); ``used``: how often each
    move was counted over each conversation (one customer: a dict of codes to counts; a
    batch: the counts, N x codes)."""
    single = state.single

    def used_any(codes) -> Any:
        if single:
            return any(used.get(c, 0) > 0 for c in codes)
        return (used[:, list(codes)] > 0).any(axis=1)

    anger, trust, loyalty_shift = state.anger, state.trust, 0.0
    spoke_to_them = (ending != WALKED_OUT) & (ending != HUNG_UP)

    broke = (state.promise == UNREALISTIC) & spoke_to_them
    # A second failure hurts more than the first: anger ends above where it started.
    broken = minimum(100.0, maximum(anger + BROKEN_PROMISE_ANGER, state.grievance + 10.0))
    why = because("broken_promise", "the promise could not be kept: a second failure")
    log.note("anger", broken - anger, why, rows=broke)
    comeback = where(broke, broken - anger, 0.0)
    anger = where(broke, broken, anger)
    trust = where(broke, maximum(0.0, trust - BROKEN_PROMISE_TRUST), trust)
    loyalty_shift = where(broke, loyalty_shift - 40.0, loyalty_shift)
    why = because("broken_promise_trust", "a broken promise costs more trust")
    log.note("trust", -BROKEN_PROMISE_TRUST, why, rows=broke)
    kept = (state.promise == REALISTIC) & spoke_to_them
    trust = where(kept, minimum(state.trust_ceiling, trust + 5.0), trust)
    log.note("trust", 5.0, because("promise_kept", "the time frame you gave was kept"), rows=kept)

    resolved = ending == RESOLVED
    followed = state.follow_up & resolved
    loyalty_shift = where(followed, loyalty_shift + 6.0, loyalty_shift)
    trust = where(followed, minimum(state.trust_ceiling, trust + 5.0), trust)
    why = because("follow_up_lands", "the follow-up call lands: they feel looked after")
    log.note("trust", 5.0, why, rows=followed)

    if single:
        verdict = remembered_anger([*anger_curve, anger])
    else:
        curves, lengths = anger_curve
        curves[np.arange(len(curves)), lengths] = anger
        verdict = remembered_angers(curves, lengths + 1)
    loyalty = 0.45 * (100.0 - verdict) + 0.35 * trust + 0.20 * state.heard
    loyalty = loyalty + (_ENDING_LOYALTY[ending] + loyalty_shift)
    if not ctx.resolvable:  # parting ways was the best available ending, not a failure
        loyalty = where(ending == PARTED_WAYS, loyalty + 30.0, loyalty)
    passed_around = (ending == HANDED_OFF) & used_any([PASS_BUCK])
    loyalty = where(passed_around, loyalty - 15.0, loyalty)
    why = because("passed_around", "passed around: loyalty suffers")
    log.note("progress", 0, why, rows=passed_around)
    provoked = used_any(_PROVOCATIONS)
    sorry = resolved & state.apologized
    loyalty = where(sorry, loyalty + 8.0, loyalty)
    why = because("apology_and_fix", "an apology plus a fix ends better than the fix alone")
    log.note("progress", 0, why, rows=sorry)
    recovered = False
    if ctx.legitimate:
        recovered = resolved & (state.grievance <= MODERATE_GRIEVANCE) & state.apologized
        recovered = recovered & state.acted & no(provoked) & (state.promise != UNREALISTIC)
    loyalty = where(recovered, maximum(loyalty, BASELINE_LOYALTY + 15.0), loyalty)
    why = because(
        "recovery_paradox", "a failure handled this well leaves them more loyal than before"
    )
    log.note("progress", 0, why, rows=recovered)
    loyalty = clip(loyalty, 0.0, 100.0)
    # Rudeness and the other don'ts leave a scar that no fix buys back: each use costs
    # loyalty after everything else (moves.yaml `loyalty`).
    for code in _SCAR_CODES:
        times = used.get(code, 0) if single else used[:, code]
        if not anyone(times > 0):
            continue
        scar = _SCARS[code] * times
        loyalty = loyalty + scar
        why = because(
            "remembered_scar", "{move} is remembered: loyalty lost that the fix does not win back"
        )
        log.note("loyalty", scar, why, code, rows=times > 0)
    loyalty = clip(loyalty, 0.0, 100.0)

    reach = ctx.persona.reach
    tone = where(loyalty >= 65.0, PRAISE, where(loyalty < 40.0, COMPLAINT, MIXED))
    people = where(loyalty >= 65.0, reach, where(loyalty < 40.0, 2 * reach, max(1, reach // 2)))
    return EpilogueBatch(anger, trust, verdict, loyalty, tone, people, comeback)


def settle(
    state: CustomerState,
    ending: str,
    anger_curve: list[float],
    moves_used: dict[str, int],
    ctx: TurnContext,
) -> Epilogue:
    log = OneLog()
    used = {MOVE_CODE[m]: n for m, n in moves_used.items()}
    out = settle_batch(CustomerBatch.one(state), ENDING_CODE[ending], anger_curve, used, ctx, log)
    reach, people = ctx.persona.reach, int(out.people)
    summary = {
        PRAISE: f"tells about {reach} people how well it was handled",
        COMPLAINT: f"tells about {people} people how badly it went",
        MIXED: f"mentions it to about {people} people, unimpressed",
    }[out.tone]
    mouth = WordOfMouth(people, TONES[out.tone], summary)
    final = replace(state, anger=float(out.anger), trust=float(out.trust))
    loyalty = float(out.loyalty)
    effects = tuple(log.effects())
    broken = float(out.broken)
    return Epilogue(final, effects, float(out.verdict_anger), loyalty, mouth, broken)
