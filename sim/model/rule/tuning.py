"""The rule's numbers, in one place: what a trainer tuning the model reads first.

Per-move pushes live in moves.yaml and per-customer parameters in personas.yaml; these are
the constants of the rule itself."""

from __future__ import annotations

import numpy as np

# Timing, in seconds after the customer finished speaking (real-time play only).
THOUGHTFUL_PAUSE = (1.5, 5.0)
DEAD_AIR_SECONDS = 8.0

# Soothing the same way again works less each time: the second use is worth DIMINISH of the
# first, and a move used twice already earns nothing more (REPEAT_LIMIT uses count).
DIMINISH = 0.55
REPEAT_LIMIT = 2
# Each act of rudeness (moves.yaml trait `rude`) lowers the ceiling trust can climb back to.
RUDENESS_SCAR = 12.0
# A provocation also adds this share of its push to the grievance itself.
GRIEVANCE_SCAR = 0.3
# Once agreed, every turn without action costs patience; action within this many turns
# of the agreement earns a bonus.
PROMPT_ACTION_TURNS = 2
DELAY_PATIENCE_COST = 4.0
# How much of the grievance can be addressed at most (an imagined complaint: far less).
ADDRESSABLE = 0.92
ADDRESSABLE_UNSATISFIABLE = 0.45
# Saying the problem back, validating it or asking what they want before the whole story is
# out only partly lands: at this share when nothing has been told, rising to all of it.
STORY_FIRST = 0.4
# Silence in real time, past DEAD_AIR_SECONDS: what each further second costs (patience is
# scaled by the persona's own drain, anger by its volatility), and when they press harder.
SILENCE_PATIENCE_PER_S = 0.8
SILENCE_ANGER_PER_S = 0.25
PRESSING_SECONDS = 20.0

# What the n-th reuse of a move is worth, for every count a conversation can reach (counts
# above the table use its end): 1, DIMINISH, then nothing.
DIMINISH_POW = np.array([DIMINISH**n if n < REPEAT_LIMIT else 0.0 for n in range(256)])
_DIMINISH_LIST = DIMINISH_POW.tolist()


def diminished(used):
    """What a move is worth the ``used``-th time it is used again (see DIMINISH_POW)."""
    if type(used) is int:
        return _DIMINISH_LIST[min(used, len(_DIMINISH_LIST) - 1)]
    return np.take(DIMINISH_POW, used, mode="clip")
