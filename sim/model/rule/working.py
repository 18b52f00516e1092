"""The turn in progress: the quantities as the reply's moves change them, move by move
(:class:`WorkingTurn`), and what one move does (:class:`Push`)."""

from __future__ import annotations

import operator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sim.model.arrays import ARRAY, build, no, where
from sim.model.explain import Log, Reasons, because
from sim.model.rule.context import TurnContext
from sim.model.rule.reading import Reading
from sim.model.state import FLAGS, CustomerBatch
from sim.model.tables import ARRAYS, LISTS, Tables

_DONE = FLAGS[:-2]  # the progress flags (not defended_you, telling)
_done_of = operator.attrgetter(*_DONE)
# What the moves of a reply change, besides the progress flags and the counts.
_QUANTITIES = (
    "trust", "heard", "patience", "grievance", "ceiling", "story_left", "told", "promise"
)  # fmt: skip


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
    own: set = field(default_factory=set)  # the fields take_back has copied (see _writable)

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
                "own": set(),
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

    def part(self, rows: np.ndarray) -> WorkingTurn:
        """The turn of some rows of the batch (``rows``, numbers), to play one move on them
        alone (see :func:`~sim.model.rule.pushes.apply_move`). Its quantities, flags, state
        and reading are taken from this turn on first use: a move reads only a few. Plain
        tables: its move is one code. :meth:`take_back` writes what it changed here."""
        return build(
            _PartTurn,
            {
                "whole": self,
                "taken": {},
                "reading": _Rows(self.reading, rows),
                "state": _Rows(self.state, rows),
                "log": self.log,
                "ctx": self.ctx,
                "tables": LISTS,
                "done": _TakenFlags(self.done, rows),
                "counts": None,  # counted in the whole turn's tally, through these rows
                "tally": self.tally,
                "rows": self.rows[rows],
                "part_rows": rows,
                "single": False,
                "pushes": [],
            },
        )

    def take_back(self, parts: list[tuple[np.ndarray, WorkingTurn]], m: np.ndarray) -> None:
        """Write into this turn what the moves of column ``m``, each played on its own rows
        by a :meth:`part`, changed; their anger pushes become one push for the column (nil
        on the rows without a move, as NO_MOVE's would be)."""
        anger_push = np.zeros(len(m))
        for rows, part in parts:
            fields, taken = part.__dict__, part.taken
            for name in _QUANTITIES:
                if name in fields and fields[name] is not taken.get(name):
                    self._writable(name, self.__dict__)[rows] = fields[name]
            done = part.done
            for flag, value in done.items():
                if value is not done.taken[flag]:
                    self._writable(flag, self.done)[rows] = value
            for _, a, _, _, _ in part.pushes:
                anger_push[rows] = a
        self.pushes.append((m, anger_push, 0, None, False))  # unlogged: no reason is read

    def _writable(self, name: str, fields: dict) -> np.ndarray:
        """Field ``name`` of ``fields`` (the turn's quantities or its flags), as an array of
        this turn's own to write into: copied on the first write of the turn, since until
        then it is the state's (which the turn keeps), and only then (not once a column)."""
        if name not in self.own:
            fields[name] = fields[name].copy()
            self.own.add(name)
        return fields[name]

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
        return build(CustomerBatch, values)  # as CustomerBatch(**values), without its __init__


class _PartTurn(WorkingTurn):
    """Some rows of a turn (see :meth:`WorkingTurn.part`): a quantity not yet read is taken
    from the whole turn, and remembered as taken, so that what changed can be told."""

    def __getattr__(self, name: str) -> Any:
        if name not in _QUANTITIES and name != "anger":
            raise AttributeError(name)
        value = getattr(self.whole, name)[self.part_rows]
        self.__dict__[name] = self.taken[name] = value
        return value


class _Rows:
    """Some rows of a batch or of a reading, each field taken on first use."""

    def __init__(self, whole: Any, rows: np.ndarray) -> None:
        self._whole, self._rows = whole, rows

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._whole, name)
        if type(value) is ARRAY:
            value = value[self._rows]
        self.__dict__[name] = value
        return value


class _TakenFlags(dict):
    """Progress flags of some rows, each taken from the whole turn's on first use."""

    def __init__(self, whole: dict, rows: np.ndarray) -> None:
        super().__init__()
        self.whole, self.rows, self.taken = whole, rows, {}

    def __missing__(self, flag: str) -> Any:
        value = self[flag] = self.taken[flag] = self.whole[flag][self.rows]
        return value
