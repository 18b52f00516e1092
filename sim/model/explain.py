"""Why the customer changed: the reasons the rule gives, and the log that keeps them.

The rule (rules.py) writes every change down where it makes it: which customers, which
quantity, by how much, through which move, and why (``because("code", "...")``: a stable
code, and a reason text with fields the log fills in per customer). Code that needs to know
which reason it holds (the debrief finding the broken promise, a test) reads the code, never
the words, so rewording a reason changes no behaviour. The debrief's "anger +12: an excuse while
they were furious" is read from that log, never from a second copy of the rule.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, replace

import numpy as np

from sim.model.state import MOVE_NAMES, NO_MOVE, where
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

    def kept(self) -> Effect:
        """The effect as a turn keeps it: the delta to 3 places, as JSON has it, so that a
        session restored from a save counts exactly what the live one did."""
        return replace(self, delta=round(self.delta, 3))

    def to_dict(self) -> dict:
        return {
            "quantity": self.quantity,
            "delta": round(self.delta, 3),
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
_REASON_FIELDS: list[frozenset[str]] = []
HALF_HEARD = " (half-heard: you spoke over them)"


def because(code: str, text: str) -> int:
    """The index of reason ``code``, whose words are ``text``. A text may name {move},
    {again}, {mood}, {left}, {seconds}, {rushed}, {anger} and {accept}; the log fills them
    in per customer. One code names one text: a second text for it is a mistake."""
    index = _REASON_INDEX.get(code)
    if index is None:
        index = _REASON_INDEX[code] = len(REASONS)
        REASONS.append(text)
        REASON_CODES.append(code)
        _REASON_FIELDS.append(frozenset(f for _, f, _, _ in string.Formatter().parse(text) if f))
    elif REASONS[index] != text:
        raise ValueError(f"reason code {code!r} already names {REASONS[index]!r}, not {text!r}")
    return index


def reason_text(index: int, move: int | None = None, values: dict | None = None) -> str:
    """The words of reason ``index`` for one customer, given that customer's values."""
    text = REASONS[index]
    names = _REASON_FIELDS[index]
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
    """The log of one customer's turn (plain values): each note becomes effects at once."""

    def __init__(self) -> None:
        self.made: list[Effect] = []

    def note(self, quantity, delta, why, move=None, rows=None, nonzero=False, **values):
        if rows is not None and not rows:
            return
        if type(quantity) is str:
            quantity, delta = (quantity,), (delta,)
        index = why.code if isinstance(why, Reasons) else why
        reason = None
        for q, d in zip(quantity, delta, strict=True):
            if nonzero and d == 0:
                continue
            if reason is None:
                reason = reason_text(index, move, values)
            name = None if move is None else MOVE_NAMES[move]
            self.made.append(Effect(q, d, REASON_CODES[index], reason, name))

    def reasons(self, code: str, default: str) -> Reasons:
        return _OneReasons(code, default)

    def effects(self, row: int | None = None) -> list[Effect]:
        return self.made


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
