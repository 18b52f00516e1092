"""Why the customer changed: the reasons the rule gives, and the log that keeps them.

The rule (rules.py) writes every change down where it makes it: which customers, which
quantity, by how much, through which move, and why (``because("code", "...")``: a stable
code, and a reason text with fields the log fills in per customer). Code that needs to know
which reason it holds (the debrief finding the broken promise, a test) reads the code, never
the words, so rewording a reason changes no behaviour. The debrief's "anger +12: an excuse while
they were furious" is read from that log, never from a second copy of the rule.
"""

from __future__ import annotations

import functools
import string
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from sim.model.arrays import where
from sim.model.state import MOVE_NAMES, NO_MOVE
from sim.model.vocabulary import MOVES


@dataclass(frozen=True)
class Effect:
    """One change of state and why: ``anger +12: excuse while the customer was furious``."""

    quantity: str  # anger | trust | heard | patience | story | progress
    delta: float
    code: str  # which reason, by name ("broken_promise"): what code matches on
    reason: str  # the reason in words, filled in for this customer: what people read
    move: str | None = None

    def __str__(self) -> str:
        if self.quantity in ("story", "progress"):
            return self.reason
        return f"{self.quantity} {self.delta:+.0f}: {self.reason}"

    def to_dict(self) -> dict:
        return {
            "quantity": self.quantity,
            "delta": _round3(self.delta),
            "code": self.code,
            "reason": self.reason,
            "move": self.move,
        }

    @classmethod
    def from_dict(cls, data: dict) -> Effect:
        """An effect read back from JSON; one saved before effects had codes has code ""."""
        return cls(
            data["quantity"], data["delta"], data.get("code", ""), data["reason"], data["move"]
        )


def _round3(delta):
    """``round(delta, 3)``, remembered for the float deltas that come back turn after turn
    (a game records every effect rounded, and round() costs half a microsecond)."""
    if type(delta) is not float or not delta:  # ints, and 0.0 / -0.0 kept apart
        return round(delta, 3)
    rounded = _ROUNDED.get(delta)
    if rounded is None:
        if len(_ROUNDED) >= 4096:
            _ROUNDED.clear()
        rounded = _ROUNDED[delta] = round(delta, 3)
    return rounded


_ROUNDED: dict[float, float] = {}


def anger_word(anger: float) -> str:
    """The band of an anger value, in the words the lines and the debrief use."""
    if anger >= 75:
        return "furious"
    if anger >= 50:
        return "angry"
    if anger >= 25:
        return "upset"
    return "calm"


# The reasons by index (the number the rule carries per customer), filled by because() as
# the rules name them: the text, its stable code and the fields the text names.
REASONS: list[str] = []
REASON_CODES: list[str] = []
_REASON_INDEX: dict[str, int] = {}  # code -> index
_REASON_FIELDS: list[tuple[str, ...]] = []
HALF_HEARD = " (half-heard: you spoke over them)"


@functools.cache  # the rule names its reasons at every branch it takes, every turn
def because(code: str, text: str) -> int:
    """The index of reason ``code``, whose words are ``text``. A text may name {move},
    {again}, {mood}, {left}, {seconds}, {rushed}, {anger} and {accept}; the log fills them
    in per customer. One code names one text: a second text for it is a mistake."""
    index = _REASON_INDEX.get(code)
    if index is None:
        index = _REASON_INDEX[code] = len(REASONS)
        REASONS.append(text)
        REASON_CODES.append(code)
        names = dict.fromkeys(f for _, f, _, _ in string.Formatter().parse(text) if f)
        _REASON_FIELDS.append(tuple(names))
    elif REASONS[index] != text:
        raise ValueError(f"reason code {code!r} already names {REASONS[index]!r}, not {text!r}")
    return index


def reason_text(index: int, move: int | None = None, values: dict | None = None) -> str:
    """The words of reason ``index`` for one customer, given that customer's values."""
    half = bool(values.get("half")) if values else False
    names = _REASON_FIELDS[index]
    if not names:
        return REASONS[index] + HALF_HEARD if half else REASONS[index]
    # The same reason with the same words comes back turn after turn ("listen again..."):
    # the words are looked up by what decides them, and formatted once.
    key = [index, half]
    for name in names:
        if name == "move":
            key.append(move)
        elif name == "again":
            key.append(min(int(values["used"]), len(_AGAIN) - 1))  # type: ignore[index]
        else:
            key.append(_field(name, values))
    key = tuple(key)
    text = _TEXTS.get(key)
    if text is None:
        fields = {}
        for name, value in zip(names, key[2:], strict=True):
            if name == "move":
                value = _LABELS[value]
            elif name == "again":
                value = _AGAIN[value]
            fields[name] = value
        text = REASONS[index].format(**fields)
        text = text + HALF_HEARD if half else text
        if len(_TEXTS) >= 4096:  # a bound for the odd values (seconds, anger) in a long run
            _TEXTS.clear()
        _TEXTS[key] = text
    return text


_TEXTS: dict[tuple, str] = {}


def _field(name: str, values: dict):
    """What fills in field ``name`` (other than {move} and {again}) for one customer."""
    if name == "mood":
        return anger_word(values["mood"])
    if name == "rushed":
        return " and ".join([_LABELS[c] for c in values["rushed"] if c != NO_MOVE])
    if name == "left":
        return int(values[name])
    if name == "seconds":  # a fraction of a second still reads as one
        return max(1, round(float(values[name])))
    return f"{values[name]:.0f}"  # rest, anger, accept: numbers shown whole


_LABELS = [MOVES[name].label for name in MOVE_NAMES]


# "{again}": nothing the first time, then what a move used once more is still worth.
_AGAIN = (
    "",
    " again (it counts for less the second time)",
    " once more: said a third time, it no longer counts",
)


def _at(value, row: int | None):
    """One customer's value: row ``row`` of an array; a plain value as it is."""
    return value[row] if type(value) is np.ndarray else value


class Reasons:
    """Why each customer's quantities change with one move: a reason index per customer,
    set branch by branch (``why.set(sel, "code", "text")``); the last branch to apply wins."""

    def __init__(self, code: str, default: str) -> None:
        self.code = because(code, default)

    def set(self, sel, code: str, text: str) -> None:
        self.code = where(sel, because(code, text), self.code)


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

    def reasons(self, code: str, default: str) -> Reasons:
        return Reasons(code, default)

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
                out.append(Effect(q, d, REASON_CODES[why], reason, name))
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

    def reasons(self, code: str, default: str) -> Reasons:
        return self.inner.reasons(code, default)


class OneLog(Log):
    """The log of one customer's turn (plain values). A note is kept as it is given and
    worded only when the turn's effects are read (see :class:`Effects`): a game reads them
    in the debrief, so a step does not pay for words nobody has asked for yet."""

    def __init__(self) -> None:
        self.kept: list[tuple] = []

    def note(self, quantity, delta, why, move=None, rows=None, nonzero=False, **values):
        if rows is not None and not rows:
            return
        if type(why) is not int:
            why = why.code  # a Reasons, which later branches may still change: read it now
        self.kept.append((quantity, delta, why, move, nonzero, values))

    def reasons(self, code: str, default: str) -> Reasons:
        made = _new(_OneReasons)  # without __init__: every move of a game turn makes one
        made.code = because(code, default)
        return made

    def effects(self, row: int | None = None) -> Effects:
        return Effects(self.kept)


def _worded(notes: list[tuple], rounded: bool) -> tuple[Effect, ...]:
    """One customer's notes (see OneLog) as effects; ``rounded``: deltas to 3 places."""
    made = []
    for quantity, delta, why, move, nonzero, values in notes:
        name = None if move is None else MOVE_NAMES[move]
        code = REASON_CODES[why]
        if type(quantity) is str:
            quantity, delta = (quantity,), (delta,)
        reason = None
        for q, d in zip(quantity, delta, strict=True):
            if nonzero and d == 0:
                continue
            if reason is None:
                reason = reason_text(why, move, values)
            made.append(_effect(q, _round3(d) if rounded else d, code, reason, name))
    return tuple(made)


class Effects(Sequence):
    """One customer's effects of a turn, worded from the log's notes when first read, then
    kept. Reads as a tuple of :class:`Effect` (and equals one with the same effects)."""

    __slots__ = ("_made", "_notes", "_rounded")

    def __init__(self, notes: list[tuple], rounded: bool = False) -> None:
        self._notes, self._rounded, self._made = notes, rounded, None

    def kept(self) -> Effects:
        """The effects as a turn keeps them: the deltas to 3 places, as JSON has them, so
        that a session restored from a save counts exactly what the live one did."""
        return Effects(self._notes, rounded=True)

    def _all(self) -> tuple[Effect, ...]:
        made = self._made
        if made is None:  # two threads may both word them: the same words either way
            made = self._made = _worded(self._notes, self._rounded)
        return made

    def __getitem__(self, index):
        return self._all()[index]

    def __len__(self) -> int:
        return len(self._all())

    def __iter__(self):
        return iter(self._all())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Effects | tuple):
            return self._all() == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._all())

    def __repr__(self) -> str:
        return repr(self._all())


def _effect(quantity: str, delta, code: str, reason: str, move: str | None) -> Effect:
    """``Effect(quantity, delta, code, reason, move)``, made without the frozen dataclass
    __init__ (an object.__setattr__ a field): a debrief words a dozen a turn. As
    arrays.build does, but without building a dict first."""
    made = _new(Effect)
    fields = made.__dict__
    fields["quantity"] = quantity
    fields["delta"] = delta
    fields["code"] = code
    fields["reason"] = reason
    fields["move"] = move
    return made


_new = object.__new__


class _OneReasons(Reasons):
    def set(self, sel, code: str, text: str) -> None:
        if sel:
            self.code = because(code, text)


class _Unlogged(Log):
    """No notes kept: the analyzer only wants the numbers."""

    def __bool__(self) -> bool:
        return False

    def restricted(self, sel) -> Log:
        return self

    def note(self, *args, **kwargs) -> None:
        pass

    def reasons(self, code: str, default: str) -> _NoReasons:
        return _NO_REASONS


class _NoReasons(Reasons):
    def __init__(self) -> None:
        self.code = 0

    def set(self, sel, code: str, text: str) -> None:
        pass


_NO_REASONS = _NoReasons()
UNLOGGED = _Unlogged()
