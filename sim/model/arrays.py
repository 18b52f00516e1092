"""Operations the update rule is written with, for a batch of customers or for one.

The rule works on a batch, one row per customer (see :class:`~sim.model.state.CustomerBatch`);
a game's single customer is a batch of one held as plain Python values, so it does not pay
for array overhead. The rule therefore uses only what works on both: arithmetic,
comparisons, ``&``, ``|`` and the helpers here (never ``~`` or ``x[mask]``). Each helper
checks for a plain value first: a game turn calls them a few dozen times.
"""

from __future__ import annotations

import numpy as np

# The helpers run for every branch of every game turn: the array type is looked up once.
ARRAY = np.ndarray


def where(sel, yes, no):
    """``yes`` for the customers in ``sel``, ``no`` for the others."""
    # One customer's plain True or False first: the game's every branch comes through here.
    if sel is False:
        return no
    if sel is True:
        return yes
    if type(sel) is ARRAY:
        # Often a branch takes all of a batch or none of it: np.where is slow, skip it.
        # (One count tells both, at about the cost of one of sel.any() and sel.all().)
        taken = np.count_nonzero(sel)
        if not taken:
            return no if type(no) is ARRAY else np.where(sel, yes, no)
        if taken == sel.size:
            return yes if type(yes) is ARRAY else np.where(sel, yes, no)
        return np.where(sel, yes, no)
    return yes if sel else no


def no(sel):
    """The customers not in ``sel``."""
    if sel is False:
        return True
    if sel is True:
        return False
    return ~sel if type(sel) is ARRAY else not sel


def anyone(sel) -> bool:
    """Whether ``sel`` holds any customer at all."""
    if sel is False:
        return False
    return bool(sel.any()) if type(sel) is ARRAY else bool(sel)


def minimum(a, b):
    if type(a) is ARRAY or type(b) is ARRAY:
        return np.minimum(a, b)
    return b if b < a else a


def maximum(a, b):
    if type(a) is ARRAY or type(b) is ARRAY:
        return np.maximum(a, b)
    return b if b > a else a


def clip(value, low, high):
    """``value`` kept within ``low``..``high`` (the same as minimum(high, maximum(low, value)))."""
    if type(value) is ARRAY:
        return np.clip(value, low, high)
    return high if value > high else low if value < low else value


def first(cases, otherwise):
    """For each customer, the value of the first ``(sel, value)`` case that selects them."""
    for sel, value in cases:
        if type(sel) is ARRAY:
            break  # a batch: every case, row by row
        if sel:  # one customer (or every row of a batch: the cases before were all False)
            return value
    else:
        return otherwise
    result = otherwise
    for sel, value in reversed(cases):
        result = where(sel, value, result)
    return result


def build(cls, values: dict):
    """An instance of dataclass ``cls`` with every field in ``values``, as its ``__init__``
    would make it, but without that ``__init__``: a frozen dataclass sets each of its 25
    fields through ``object.__setattr__`` (8 us for a state), which a game pays every turn.
    Only for a complete set of fields (no defaults are filled in, no __post_init__ runs)."""
    made = object.__new__(cls)
    made.__dict__.update(values)
    return made
