"""The turn in progress: the quantities as the reply's moves change them, move by move
(:class:`WorkingTurn`), and what one move does (:class:`Push`)."""

from __future__ import annotations

import operator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sim.model.arrays import build, no, where
from sim.model.explain import Log, Reasons, because
from sim.model.rule.context import TurnContext
from sim.model.rule.reading import Reading
from sim.model.state import FLAGS, CustomerBatch
from sim.model.tables import ARRAYS, LISTS, Tables

_DONE = FLAGS[:-2]  # the progress flags (not defended_you, telling)
_done_of = operator.attrgetter(*_DONE)


@dataclass
class Push:
    """What one move does to the customers: base pushes, their scale, and why."""

    a: Any  # anger
    t: Any  # trust
    h: Any  # heard
    pt: Any  # patience
    why: Reasons
    scale: Any = 1.0
    half: Any = False  # half-heard: said over them


@dataclass
class WorkingTurn:
    """The quantities as the reply's moves change them, move by move. ``anger`` stays the
    anger the reply met: the pushes are added when the turn settles."""

    reading: Reading
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
    def start(cls, reading: Reading, ctx: TurnContext, consume: bool) -> WorkingTurn:
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
        # Built as cls(...) would, without its __init__ (a game turn makes one).
        return build(
            cls,
            {
                "reading": reading,
                "state": state,
                "log": reading.log,
                "ctx": ctx,
                "tables": LISTS if single else ARRAYS,
                "anger": state.anger,
                "trust": state.trust,
                "heard": state.heard,
                "patience": state.patience,
                "grievance": state.grievance,
                "ceiling": state.trust_ceiling,
                "story_left": state.story_left,
                "told": -1 if single else np.full(len(state), -1),
                "promise": state.promise,
                "done": dict(zip(_DONE, _done_of(state), strict=False)),  # same length
                "counts": counts,
                "tally": tally,
                "rows": rows,
                "single": single,
                "pushes": [],
            },
        )

    def tell(self, sel: Any) -> None:
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

    def mark(self, flag: str, sel: Any) -> None:
        self.done[flag] = self.done[flag] | sel

    def finish(self, new_anger: Any, defended: Any, fixing: Any) -> CustomerBatch:
        """The customers after the reply: a new batch (the state it started from is kept)."""
        state, done = self.state, self.done
        values = {
            "anger": new_anger,
            "trust": self.trust,
            "heard": self.heard,
            "patience": self.patience,
            "grievance": self.grievance,
            "story_left": self.story_left,
            "story_total": state.story_total,
            "trust_ceiling": self.ceiling,
        }
        values.update(done)
        values["promise"] = self.promise
        values["agreed_turn"] = where(
            done["agreed"] & no(state.agreed), state.turn, state.agreed_turn
        )
        values["defended_you"] = state.defended_you | defended
        values["telling"] = (self.told >= 0) & no(self.reading.cut_in)
        values["turn"] = state.turn + 1
        values["untold_at_fix"] = where(
            (state.untold_at_fix < 0) & fixing, state.story_left, state.untold_at_fix
        )
        values["counts"] = self.counts
        return build(CustomerBatch, values)  # as CustomerBatch.of(**values), without the copy
