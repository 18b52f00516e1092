"""The customer's state: what the model remembers from turn to turn.

Shown to players on a 0-100 scale, held as floats. Everything here is plain data so a
session can be saved to JSON mid-conversation and restored bit for bit.
:class:`CustomerState` is one customer; :class:`CustomerBatch` holds many as arrays, the
form the update rule works on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

import numpy as np

from sim.model.arrays import ARRAY, anyone, build
from sim.model.vocabulary import MOVES, Persona


class Promise(StrEnum):
    NONE = "none"
    REALISTIC = "realistic"
    UNREALISTIC = "unrealistic"


@dataclass(frozen=True)
class CustomerState:
    anger: float
    trust: float
    heard: float
    patience: float
    # The size of the grievance: anger's resting level before anything is addressed.
    grievance: float
    story_left: int
    story_total: int
    # Rudeness leaves a scar: trust can never climb back above this.
    trust_ceiling: float = 100.0
    thanked: bool = False
    apologized: bool = False
    clarified: bool = False
    wish_known: bool = False
    proposed: bool = False
    agreed: bool = False
    acted: bool = False
    follow_up: bool = False
    extra_given: bool = False
    explained: bool = False
    promise: Promise = Promise.NONE
    agreed_turn: int | None = None
    defended_you: bool = False
    # The customer's last words were a piece of their story (cutting in loses that piece).
    telling: bool = False
    turn: int = 0
    # How many pieces of the story were still untold when you first turned to the fix
    # (-1: not yet). Treat the person, then the problem.
    untold_at_fix: int = -1
    # How often each move has been used: soothing has diminishing returns.
    counts: dict[str, int] = field(default_factory=dict)

    @classmethod
    def initial(cls, persona: Persona, anger: float, story_pieces: int, grievance: float | None):
        return cls(
            anger=float(anger),
            trust=float(persona.trust),
            heard=0.0,
            patience=float(persona.patience),
            grievance=float(anger if grievance is None else grievance),
            story_left=story_pieces,
            story_total=story_pieces,
        )

    def treated(self, persona: Persona) -> bool:
        """Treat the person, then the problem: story told and feeling heard enough."""
        return self.story_left == 0 and self.heard >= persona.heard_needed

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["promise"] = self.promise.value
        data["counts"] = dict(sorted(self.counts.items()))
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CustomerState:
        values = dict(data)
        values["promise"] = Promise(values["promise"])
        values["counts"] = dict(values.get("counts", {}))
        return cls(**values)

    def shown(self) -> dict[str, int]:
        """The four gauges as players see them, 0-100 integers."""
        return {
            "anger": round(self.anger),
            "trust": round(self.trust),
            "heard": round(self.heard),
            "patience": round(self.patience),
        }


# --- Many customers at once ---------------------------------------------------------------
#
# The update rule (rules.py) works on a batch: one row per customer, one array per field.
# The analyzer plays a hundred thousand conversations as one batch. A game's single customer
# is a batch of one held as plain Python values instead of arrays, so that it does not pay
# for array overhead: the rule is written only with operations that work on both (see
# sim/model/arrays.py).

# Moves by number: a move's code is its place in moves.yaml. NO_MOVE (-1) picks the last
# entry of every per-move table, which is all zeros: "no move" changes nothing.
MOVE_NAMES: tuple[str, ...] = tuple(MOVES)
MOVE_CODE: dict[str, int] = {name: code for code, name in enumerate(MOVE_NAMES)}
NO_MOVE = -1
PROMISES: tuple[Promise, ...] = (Promise.NONE, Promise.REALISTIC, Promise.UNREALISTIC)
PROMISE_CODE: dict[Promise, int] = {p: code for code, p in enumerate(PROMISES)}


_FLOATS = ("anger", "trust", "heard", "patience", "grievance", "trust_ceiling")
_INTS = ("story_left", "story_total", "turn", "untold_at_fix")
FLAGS = (
    "thanked",
    "apologized",
    "clarified",
    "wish_known",
    "proposed",
    "agreed",
    "acted",
    "follow_up",
    "extra_given",
    "explained",
    "defended_you",
    "telling",
)


@dataclass
class CustomerBatch:
    """The state of N customers as arrays (struct of arrays), row i being customer i; or of
    one customer as plain values (see :meth:`one`).

    Fields mirror :class:`CustomerState`. ``promise`` holds codes into ``PROMISES``;
    ``agreed_turn`` is -1 where there is none; ``counts`` is (N, moves + 1) (one customer:
    a list), its last column a scratch slot for NO_MOVE.
    """

    anger: Any
    trust: Any
    heard: Any
    patience: Any
    grievance: Any
    story_left: Any
    story_total: Any
    trust_ceiling: Any
    thanked: Any
    apologized: Any
    clarified: Any
    wish_known: Any
    proposed: Any
    agreed: Any
    acted: Any
    follow_up: Any
    extra_given: Any
    explained: Any
    promise: Any
    agreed_turn: Any
    defended_you: Any
    telling: Any
    turn: Any
    untold_at_fix: Any
    counts: Any

    @property
    def single(self) -> bool:
        return type(self.anger) is not ARRAY

    def __len__(self) -> int:
        return 1 if self.single else len(self.anger)

    @classmethod
    def one(cls, s: CustomerState) -> CustomerBatch:
        """One customer, as plain values."""
        counts = [0] * (len(MOVE_NAMES) + 1)
        for name, n in s.counts.items():
            counts[MOVE_CODE[name]] = n
        values = dict(vars(s))
        values["promise"] = PROMISE_CODE[s.promise]
        values["agreed_turn"] = -1 if s.agreed_turn is None else s.agreed_turn
        values["counts"] = counts
        return build(cls, values)

    def to_state(self, counts: dict[str, int]) -> CustomerState:
        """The one customer (see :meth:`one`) as a :class:`CustomerState`."""
        values = dict(vars(self))
        for f in _FLOATS:
            values[f] = float(values[f])
        values["promise"] = PROMISES[self.promise]
        values["agreed_turn"] = None if self.agreed_turn < 0 else self.agreed_turn
        values["counts"] = counts
        return build(CustomerState, values)

    @classmethod
    def from_states(cls, states: Sequence[CustomerState]) -> CustomerBatch:
        counts = np.zeros((len(states), len(MOVE_NAMES) + 1), dtype=np.int16)
        for row, s in enumerate(states):
            for name, n in s.counts.items():
                counts[row, MOVE_CODE[name]] = n
        return cls(
            **{f: np.array([getattr(s, f) for s in states], dtype=float) for f in _FLOATS},
            **{f: np.array([getattr(s, f) for s in states], dtype=np.int64) for f in _INTS},
            **{f: np.array([getattr(s, f) for s in states], dtype=bool) for f in FLAGS},
            promise=np.array([PROMISE_CODE[s.promise] for s in states], dtype=np.int64),
            agreed_turn=np.array(
                [-1 if s.agreed_turn is None else s.agreed_turn for s in states], dtype=np.int64
            ),
            counts=counts,
        )

    @classmethod
    def initial(
        cls, persona: Persona, anger: float, story_pieces: int, grievance: float | None, n: int
    ) -> CustomerBatch:
        """N customers at the start of a conversation."""
        first = CustomerState.initial(persona, anger, story_pieces, grievance)
        return cls.from_states([first])[np.zeros(n, dtype=np.int64)]

    def __getitem__(self, rows) -> CustomerBatch:
        """The customers in ``rows`` (an index array or a boolean mask), as a new batch."""
        if rows.dtype == bool:
            rows = np.flatnonzero(rows)
        return CustomerBatch(**{f: np.take(getattr(self, f), rows, axis=0) for f in _ALL_FIELDS})

    def put(self, rows, other: CustomerBatch) -> None:
        """Overwrite the customers in ``rows`` with ``other``'s."""
        for f in _ALL_FIELDS:
            getattr(self, f)[rows] = getattr(other, f)

    def state(self, row: int) -> CustomerState:
        """Customer ``row`` of a batch of arrays as a :class:`CustomerState`."""
        tally = self.counts[row]
        agreed_turn = int(self.agreed_turn[row])
        return CustomerState(
            **{f: float(getattr(self, f)[row]) for f in _FLOATS},
            **{f: int(getattr(self, f)[row]) for f in _INTS},
            **{f: bool(getattr(self, f)[row]) for f in FLAGS},
            promise=PROMISES[self.promise[row]],
            agreed_turn=None if agreed_turn < 0 else agreed_turn,
            counts={MOVE_NAMES[c]: int(tally[c]) for c in np.flatnonzero(tally[:-1])},
        )

    def treated(self, persona: Persona):
        """Treat the person, then the problem: story told and feeling heard enough."""
        return (self.story_left == 0) & (self.heard >= persona.heard_needed)

    def choose(self, sel, other: CustomerBatch) -> CustomerBatch:
        """These customers where ``sel`` holds, ``other``'s everywhere else."""
        if not anyone(sel):
            return other
        if self.single or sel.all():
            return self
        mask = {f: sel[:, None] if f == "counts" else sel for f in _ALL_FIELDS}
        return CustomerBatch(
            **{f: np.where(mask[f], getattr(self, f), getattr(other, f)) for f in _ALL_FIELDS}
        )


_ALL_FIELDS = (*_FLOATS, *_INTS, *FLAGS, "promise", "agreed_turn", "counts")
