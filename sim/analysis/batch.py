"""Many conversations of one scenario played side by side, in lockstep, with NumPy.

Each row of the batch is one playthrough. A turn is what ``Session.step`` does (see
sim/engine.py), for every row at once: the row's player picks an option at the row's beat,
the update rule (sim/model/rules.py, the very same code the game runs) moves the customer,
then the turn flow after the reply that the game shares (sim/model/endings.after_reply):
the customer may walk out or hang up, a closing option is judged, a conversation going
round in circles is truncated at MAX_TURNS, and otherwise it moves to the option's next
beat (a fix brushed aside as too early stays where it is). Finished rows leave the batch; at the end
every conversation gets its epilogue and its rubric score, both from the array forms of
sim/model/epilogue.py and sim/scoring/score.py.

Nothing here knows the rules of the customer model: only how a scenario is walked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from sim.model.endings import ENDING_CODE, MAX_TURNS, NO_ENDING, after_reply
from sim.model.epilogue import CURVE_BLOCK, settle_batch
from sim.model.rules import TurnContext, apply_turns
from sim.model.state import CustomerBatch
from sim.model.tables import PASS_BUCK, encode_replies
from sim.model.vocabulary import PERSONAS
from sim.scenario.models import Scenario
from sim.scoring.score import FactsBatch, ScoreBatch, load_rubric, offered_moves, score_batch

# The anger curve of a conversation: the opening anger and one point per turn, in a matrix
# whose width is a multiple of the block the epilogue adds curves up in.
CURVE_WIDTH = CURVE_BLOCK * -(-(MAX_TURNS + 2) // CURVE_BLOCK)


@dataclass(frozen=True)
class Compiled:
    """A scenario as arrays: beats by number, options by (beat, position)."""

    scenario: Scenario
    ctx: TurnContext
    beat_ids: tuple[str, ...]
    start: int
    options: np.ndarray  # (B,) options at each beat
    replies: np.ndarray  # (B, O, K) each option's moves, as codes
    next_beat: np.ndarray  # (B, O) where the option leads if the conversation goes on
    end: np.ndarray  # (B, O) the ending the option asks for, or NO_ENDING
    warranted: np.ndarray  # (B, O) the option's hand-off truly needs a supervisor
    offered: frozenset[str]  # every move some option carries (what the rubric can ask for)
    # (K, B * O) move k of each option, numbered beat * O + position: a turn gathers each
    # column of its replies in one piece, contiguous, which the rule's many passes over a
    # column read faster than a strided column of an (N, K) gather.
    move_columns: np.ndarray = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        columns = self.replies.reshape(-1, self.replies.shape[2]).T
        object.__setattr__(self, "move_columns", np.ascontiguousarray(columns))

    @classmethod
    def of(cls, scenario: Scenario) -> Compiled:
        beat_ids = tuple(scenario.beats)
        index = {b: i for i, b in enumerate(beat_ids)}
        width = max(len(beat.options) for beat in scenario.beats.values())
        replies = [[o.moves for o in beat.options] for beat in scenario.beats.values()]
        moves = max(len(encode_replies(r)[0]) for r in replies)
        codes = np.full((len(beat_ids), width, moves), -1, dtype=np.int64)
        next_beat = np.zeros((len(beat_ids), width), dtype=np.int64)
        end = np.full((len(beat_ids), width), NO_ENDING, dtype=np.int64)
        warranted = np.full((len(beat_ids), width), scenario.authority.escalation_warranted)
        for b, beat in enumerate(scenario.beats.values()):
            encoded = encode_replies(replies[b])
            codes[b, : len(beat.options), : encoded.shape[1]] = encoded
            for o, option in enumerate(beat.options):
                next_beat[b, o] = index[beat.after(option, beat_ids[b])]
                if option.end:
                    end[b, o] = ENDING_CODE[option.end]
                warranted[b, o] |= option.needs_supervisor
        ctx = TurnContext(
            persona=PERSONAS[scenario.customer.persona],
            legitimate=scenario.customer.legitimate,
            escalation_warranted=scenario.authority.escalation_warranted,
        )
        return cls(
            scenario=scenario,
            ctx=ctx,
            beat_ids=beat_ids,
            start=index[scenario.start],
            options=np.array([len(b.options) for b in scenario.beats.values()]),
            replies=codes,
            next_beat=next_beat,
            end=end,
            warranted=warranted,
            offered=offered_moves(scenario),
        )

    @property
    def index(self) -> dict[str, int]:
        """Beat numbers by id."""
        return {b: i for i, b in enumerate(self.beat_ids)}

    def option_text(self, beat: int, option: int) -> str:
        return self.scenario.beats[self.beat_ids[beat]].options[option].text


@dataclass
class Start:
    """Where a batch of conversations starts: the customers, their beats, and their anger
    so far (the curves, zero-padded, and the points in each)."""

    state: CustomerBatch
    beat: np.ndarray
    curves: np.ndarray
    lengths: np.ndarray

    @classmethod
    def opening(cls, compiled: Compiled, n: int) -> Start:
        customer = compiled.scenario.customer
        state = CustomerBatch.initial(
            compiled.ctx.persona, customer.anger, len(customer.story), customer.grievance, n
        )
        curves = np.zeros((n, CURVE_WIDTH))
        curves[:, 0] = customer.anger
        return cls(state, np.full(n, compiled.start), curves, np.ones(n, dtype=np.int64))

    def __getitem__(self, rows) -> Start:
        return Start(self.state[rows], self.beat[rows], self.curves[rows], self.lengths[rows])


def round3(x: np.ndarray) -> np.ndarray:
    """``round(x, 3)`` exactly as Python rounds each number (the engine records anger so).
    NumPy's own rounding differs when x * 1000 lands on a half only through floating-point
    error (31.8165 is a little above the half, but 31.8165 * 1000 gives 31816.5 exactly):
    those halves, rare, are settled by the exact product."""
    y = x * 1000.0
    k = np.rint(y)
    tie = np.flatnonzero((y - np.floor(y)) == 0.5)
    if len(tie):
        k[tie] = _round_half(x[tie], y[tie])
    return k / 1000.0


def _round_half(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Where ``y`` (x * 1000 as a float) is a whole number and a half: the whole number
    Python's ``round(x, 3) * 1000`` picks, by the sign of the product's rounding error."""
    t = 134217729.0 * x  # split x in two halves whose products with 1000 are exact
    hi = t - (t - x)
    err = (hi * 1000.0 - y) + (x - hi) * 1000.0  # x * 1000 = y + err, exactly
    low = np.floor(y)
    return np.where(err > 0, low + 1.0, np.where(err < 0, low, np.rint(y)))


class Player(Protocol):
    """Picks, for each row still playing, an option (0-based) at the row's beat, and says
    whether the reply cuts in while the customer is still speaking (None: never)."""

    def pick(
        self, compiled: Compiled, beat: np.ndarray, rows: np.ndarray, turn: np.ndarray, rng
    ) -> tuple[np.ndarray, np.ndarray | None]: ...


@dataclass
class Visits:
    """Every (customer, beat) a batch passed through, with the anger curve so far."""

    starts: list[Start] = field(default_factory=list)

    def add(self, start: Start) -> None:
        self.starts.append(start)

    def all(self) -> Start:
        return Start(
            _concat([s.state for s in self.starts]),
            np.concatenate([s.beat for s in self.starts]),
            np.concatenate([s.curves for s in self.starts]),
            np.concatenate([s.lengths for s in self.starts]),
        )


def _blank_like(state: CustomerBatch) -> CustomerBatch:
    """A batch of the same size, fields and types as ``state``, its values not yet set."""
    return CustomerBatch(**{f: np.empty_like(v) for f, v in vars(state).items()})


def _concat(batches: list[CustomerBatch]) -> CustomerBatch:
    fields = vars(batches[0])
    return CustomerBatch(**{f: np.concatenate([getattr(b, f) for b in batches]) for f in fields})


@dataclass
class Played:
    """The results of a batch of playthroughs, row by row."""

    ending: np.ndarray  # codes into rules.ENDINGS
    state: CustomerBatch  # at the end of the conversation, before the epilogue
    turns: np.ndarray
    score: ScoreBatch
    won: np.ndarray  # the ending is worth full marks (see analysis.report)
    reached: np.ndarray  # (N, B) which beats each conversation passed through
    choices: np.ndarray | None  # (N, MAX_TURNS) options picked (-1 after the end), if kept

    @property
    def total(self) -> np.ndarray:
        return self.score.total


@dataclass
class Turn:
    """One turn of each conversation of a batch, as Session.step plays it."""

    state: CustomerBatch
    shown: np.ndarray  # the anger shown after the turn, rounded as the engine records it
    ending: np.ndarray  # how the conversation ended, NO_ENDING where it goes on
    beat: np.ndarray  # where the conversation is now
    truncated: np.ndarray  # stopped at MAX_TURNS rather than ended by anyone


def take_turn(
    compiled: Compiled,
    state: CustomerBatch,
    beat: np.ndarray,
    choice: np.ndarray,
    interrupted: np.ndarray | None = None,
    consume: bool = False,
    delay: np.ndarray | None = None,
) -> Turn:
    """Each conversation picks option ``choice`` at its ``beat``: the customer model moves
    the customer, then the conversation ends or goes on exactly as in Session.step."""
    ctx = compiled.ctx
    option = beat * compiled.replies.shape[1] + choice
    replies = compiled.move_columns.take(option, axis=1).T  # (N, K), by column in memory
    warranted = compiled.warranted.reshape(-1)[option]
    out = apply_turns(
        state,
        replies,
        ctx,
        interrupted=interrupted,
        delay=delay,
        consume=consume,
        warranted=warranted,
        react=False,
    )
    state = out.state
    rushed = np.broadcast_to(np.asarray(out.rushed, dtype=bool), (len(state),))
    passed_buck = np.zeros(len(state), dtype=bool)
    for column in out.moves:
        passed_buck |= column == PASS_BUCK
    requested = compiled.end.reshape(-1)[option]
    close = after_reply(state, requested, rushed, passed_buck, ctx)
    beat = np.where(close.moves_on, compiled.next_beat.reshape(-1)[option], beat)
    return Turn(state, round3(state.anger), close.ending, beat, close.truncated)


def score_endings(
    compiled: Compiled,
    state: CustomerBatch,
    ending: np.ndarray,
    curves: np.ndarray,
    lengths: np.ndarray,
    timed=False,
) -> tuple[ScoreBatch, np.ndarray]:
    """The epilogue and the rubric score of finished conversations (``curves``: their anger
    curves, which the epilogue completes in place), and whether each was won: an ending
    worth full marks in the rubric (resolved, or for an imagined complaint a dignified
    parting; not through a broken promise or a passed buck)."""
    ctx = compiled.ctx
    moves = state.counts
    epilogue = settle_batch(state, ending, (curves, lengths), moves, ctx)
    facts = FactsBatch.of_batch(state, ending, epilogue, moves, ctx, compiled.offered, timed)
    rubric = load_rubric()
    return score_batch(facts, rubric), rubric["_checks"]["ending_value"](facts) >= 1.0


def _still_playing(alive: np.ndarray) -> slice | np.ndarray:
    """The rows of the batch still playing: all of them (a slice, whose rows are views), or
    their numbers (taking by number costs a third of indexing by the mask)."""
    return slice(None) if alive.all() else np.flatnonzero(alive)


def play_batch(
    compiled: Compiled,
    player: Player,
    start: Start,
    rng: np.random.Generator,
    keep_choices: bool = False,
    visits: Visits | None = None,
) -> Played:
    """Play every conversation of ``start`` to its end (``start`` is used up: its arrays are
    reused). ``keep_choices``: record the options picked; ``visits`` collects every
    (customer, beat) the conversations passed through."""
    n = len(start.beat)
    ending = np.full(n, NO_ENDING, dtype=np.int64)
    curves, lengths = start.curves, start.lengths
    reached = np.zeros((n, len(compiled.beat_ids)), dtype=bool)
    choices = np.full((n, MAX_TURNS), -1, dtype=np.int64) if keep_choices else None
    final = _blank_like(start.state)  # each conversation's state as it ended, by row
    timed = np.zeros(n, dtype=bool)  # some reply carried timing: real-time play
    ids = np.arange(n)  # the original row of each row still playing
    alive = np.ones(n, dtype=bool)  # finished rows stay in the batch a while (see below)
    # The points in each row's curve, by row of the batch: all rows play in lockstep, so a
    # row's count is kept along with it rather than gathered and scattered by id each turn.
    length = lengths.copy()
    state, beat = start.state, start.beat
    while len(ids):
        playing = _still_playing(alive)
        live, points = ids[playing], length[playing]  # the original rows still playing
        reached.reshape(-1)[live * reached.shape[1] + beat[playing]] = True
        if visits is not None:
            visits.add(Start(state[alive], beat[alive], curves[live], points.copy()))
        choice, interrupted = player.pick(compiled, beat, ids, length - 1, rng)
        if choices is not None:
            choices[live, points - 1] = choice[playing]
        if interrupted is not None:
            timed[live] |= interrupted[playing]
        turn = take_turn(compiled, state, beat, choice, interrupted, consume=True)
        state, beat = turn.state, turn.beat
        curves.reshape(-1)[live * curves.shape[1] + points] = turn.shown[playing]
        length += alive
        over = np.flatnonzero((turn.ending != NO_ENDING) & alive)
        if len(over):
            ending[ids[over]] = turn.ending[over]
            lengths[ids[over]] = length[over]
            final.put(ids[over], state[over])
            alive[over] = False
        # Finished rows are dropped once they are a good share of the batch: copying the
        # batch every turn would cost more than playing on a few finished rows.
        if not alive.all() and (alive.sum() < 0.8 * len(alive) or len(alive) < 4096):
            keep = np.flatnonzero(alive)
            ids, state, beat, alive = ids[keep], state[keep], beat[keep], alive[keep]
            length = length[keep]

    score, won = score_endings(compiled, final, ending, curves, lengths, timed)
    return Played(ending, final, final.turn, score, won, reached, choices)
