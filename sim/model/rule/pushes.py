"""Phase 2: each move of the reply pushes the customer.

A move's base push (moves.yaml) goes to the phase for its kind: provocations hit harder
the angrier the customer is; soothing, informing, solving and exit moves are scaled by the
persona's forgiveness and worth less each time they are used again."""

from __future__ import annotations

from typing import Any

import numpy as np

from sim.model.rule.provocation import provocation
from sim.model.rule.treating import treating_and_solving
from sim.model.rule.working import Push, WorkingTurn
from sim.model.state import NO_MOVE
from sim.model.tables import HOT_CODES, codes_in

# Up to this many moves in a column, rows_by_move finds each one's rows with a pass.
FEW_MOVES = 2
# A column with a move on fewer than one row in this many is told apart on those rows alone.
SPARSE = 4


def apply_move(turn: WorkingTurn, m: Any) -> None:
    """One move of the reply (a code, or a column of codes for a batch)."""
    if turn.single:
        if m == NO_MOVE:  # a gap (most derived moves, most turns): nothing to do
            return
        push_move(turn, m, {m})
        return
    if turn.log:  # the notes want the whole column at once
        present = codes_in(m)
        if present != {NO_MOVE}:
            push_move(turn, m, present)
        return
    # Unlogged (the analyzer): each move on the rows that have it, as one plain code, so
    # that the rows pay only for their own move's branches and the gaps for nothing.
    parts = []
    for code, rows in rows_by_move(m):
        part = turn.part(rows)
        push_move(part, code, {code})
        parts.append((rows, part))
    if parts:
        turn.take_back(parts, m)


def rows_by_move(m: np.ndarray) -> list[tuple[int, np.ndarray]]:
    """Each move in column ``m`` with the rows that have it, in order; the gaps left out.
    A column holds only gaps, or a move or two, most turns: a pass a move is cheaper then
    than one stable sort of the column (small codes: a radix sort)."""
    said = m != NO_MOVE
    count = np.count_nonzero(said)
    if not count:  # only gaps (most derived moves, most turns)
        return []
    if count < len(m) // SPARSE:
        return _rows_by_move_sparse(m, np.flatnonzero(said))
    sizes = np.bincount(m + 1)  # sizes[code + 1]: how many rows have the move
    codes = np.flatnonzero(sizes[1:]).tolist()
    if len(codes) == 1:
        return [(codes[0], np.flatnonzero(said))]
    if len(codes) <= FEW_MOVES:
        return [(code, np.flatnonzero(m == code)) for code in codes]
    order = np.argsort(m.astype(np.int16), kind="stable")  # NO_MOVE (-1) sorts first
    ends = np.cumsum(sizes).tolist()
    return [
        (code - 1, order[ends[code] - size : ends[code]])
        for code, size in enumerate(sizes.tolist())
        if size and code
    ]


def _rows_by_move_sparse(m: np.ndarray, said: np.ndarray) -> list[tuple[int, np.ndarray]]:
    """:func:`rows_by_move` for a column of mostly gaps, the rows with a move ``said``:
    the moves are told apart among those rows only."""
    moves = m[said]
    codes = np.flatnonzero(np.bincount(moves)).tolist()
    if len(codes) == 1:
        return [(codes[0], said)]
    return [(code, said[moves == code]) for code in codes]


def push_move(turn: WorkingTurn, m: Any, present: set) -> None:
    """The push of move ``m`` (a code, or a column of codes), whose codes are ``present``."""
    if type(m) is int:  # one code: the one customer's move, or a part's
        hot = m in HOT_CODES
        cool = not hot
    else:
        hot, cool = bool(present & HOT_CODES), bool(present - HOT_CODES - {NO_MOVE})
    at = m if turn.single else turn.rows + m
    used = turn.tally[at]
    turn.tally[at] = used + 1
    tables = turn.tables
    push = Push(
        tables.anger[m],
        tables.trust[m],
        tables.heard[m],
        tables.patience[m],
        turn.log.reasons("move", "{move}{again}"),
    )
    if hot:
        provocation(turn, m, present, push)
    if cool:
        treating_and_solving(turn, m, present, push, used)
    turn.pushes.append((m, push.a, push.why, used, push.half))
    turn.trust = turn.trust + push.t
    turn.heard = turn.heard + push.h
    turn.patience = turn.patience + push.pt
    changed = ("trust", "heard", "patience")
    turn.log.note(
        changed, (push.t, push.h, push.pt), push.why, m, nonzero=True, used=used,
        half=push.half, mood=turn.anger,
    )  # fmt: skip
