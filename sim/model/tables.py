"""Moves as numbers: the per-move tables the update rule reads, indexed by move code.

Everything here comes from ``moves.yaml`` (the base pushes, the kind, the traits), so a
trainer's change to that file reaches the rule without a hand-kept list to update. The
extra last entry of every table belongs to NO_MOVE (-1), so a padded reply reads as
"nothing".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from sim.model.state import MOVE_CODE, MOVE_NAMES, NO_MOVE, PROMISE_CODE, Promise
from sim.model.vocabulary import FIX_MOVES, MOVES


def _table(value, dtype=float) -> np.ndarray:
    return np.array([value(MOVES[m]) for m in MOVE_NAMES] + [0], dtype=dtype)


ANGER = _table(lambda m: m.anger)
TRUST = _table(lambda m: m.trust)
HEARD = _table(lambda m: m.heard)
PATIENCE = _table(lambda m: m.patience)
# Provocations and the derived moves (interrupt, dead air, rush) follow one branch of the
# rule; soothing, solving, informing and exit moves the other.
HOT = _table(lambda m: m.kind in ("provoke", "derived"), bool)
SOOTHE = _table(lambda m: m.kind == "soothe", bool)
# The traits of moves.yaml: rude, asking, rushable (brushed aside when the customer is not
# ready), story_first (only lands fully once the whole story is out).
RUDE = _table(lambda m: m.has("rude"), bool)
ASKING = _table(lambda m: m.has("asking"), bool)
RUSHABLE = _table(lambda m: m.has("rushable"), bool)
# Moves that turn to the problem (see vocabulary.FIX_MOVES).
FIXING = _table(lambda m: m.name in FIX_MOVES, bool)
FIX_CODES = frozenset(int(c) for c in np.flatnonzero(FIXING[:-1]))
STORY_ONLY = _table(lambda m: m.has("story_first"), bool)
HOT_CODES = frozenset(int(c) for c in np.flatnonzero(HOT[:-1]))
STORY_FIRST_CODES = frozenset(int(c) for c in np.flatnonzero(STORY_ONLY[:-1]))


@dataclass(frozen=True)
class Tables:
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


ARRAYS = Tables(
    ANGER, TRUST, HEARD, PATIENCE, HOT, SOOTHE, RUDE, ASKING, RUSHABLE, STORY_ONLY, FIXING
)
LISTS = Tables(*(t.tolist() for t in vars(ARRAYS).values()))
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


def encode_replies(replies: Sequence[Sequence[str]]) -> np.ndarray:
    """Replies (lists of move names) as an (N, K) matrix of move codes in the order written,
    each move once, padded with NO_MOVE. Order matters: "propose, agree" agrees on the fix
    just proposed, "agree, propose" does not."""
    rows = [[MOVE_CODE[m] for m in dict.fromkeys(reply)] for reply in replies]
    out = np.full((len(rows), max([1, *map(len, rows)])), NO_MOVE, dtype=np.int64)
    for i, row in enumerate(rows):
        out[i, : len(row)] = row
    return out


def columns(replies, single: bool) -> list:
    """A reply as a list of move columns: codes for one customer, arrays for a batch."""
    if single:  # one customer's reply: a list of move codes
        return [c for c in replies if c != NO_MOVE]
    return [replies[:, j] for j in range(replies.shape[1])]


def codes_in(column: np.ndarray) -> set[int]:
    """The move codes present in one column of a batch."""
    if len(column) <= 64:
        return set(column.tolist())
    seen = np.bincount(column + 1, minlength=len(MOVE_NAMES) + 1)
    return set((np.flatnonzero(seen) - 1).tolist())
