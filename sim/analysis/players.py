"""The players the analyzer sends in, each playing a whole batch of conversations at once.

- :class:`RandomPlayer` picks uniformly among the options at each beat.
- :class:`Beginner` is a nervous beginner: under pressure they reach for what sounds like
  a quick way out (excuses, policy, "it's not a big deal", a promise too good to keep),
  jump to a fix before the customer has finished, and listen less than they should; now
  and then they cut in before the customer has finished speaking. Its weights are below.
- :class:`Scripted` plays given choices (for tests and replays).

The best and worst players are the beam search of sim/players.py: deterministic, so the
analyzer runs them once.
"""

from __future__ import annotations

import numpy as np

from sim.analysis.batch import Compiled
from sim.model.state import MOVE_CODE, MOVE_NAMES

# How much more (or less) likely a nervous beginner is to pick a reply with each move, than
# a player picking at random. A reply's weight is the product of its moves' weights.
BEGINNER_WEIGHTS: dict[str, float] = {
    # tempting: buys a moment's calm or gets them off the hook
    "excuse": 3.0,
    "overpromise": 3.0,
    "policy": 2.0,
    "minimize": 2.0,
    "stock_phrase": 2.0,
    "pass_buck": 2.0,
    "explain": 1.5,  # facts before the customer feels heard
    "argue": 1.2,
    "blame": 0.8,
    "lose_calm": 0.5,  # nervous, not rude
    # a fix offered before the person is treated
    "propose": 2.5,
    "act": 2.0,
    "commit": 1.5,
    "agree": 1.5,
    "extra": 1.5,
    "apologize": 1.2,
    # listening less than they should
    "listen": 0.4,
    "pause": 0.5,
    "reflect": 0.7,
    "empathize": 0.8,
    "ask": 0.8,
    "ask_wish": 0.8,
}
# How often a nervous beginner answers before the customer has finished speaking.
BEGINNER_INTERRUPTS = 0.15


class RandomPlayer:
    """Uniform over the options at each beat, turn-based (no timing)."""

    name = "random"

    def pick(self, compiled: Compiled, beat, rows, turn, rng):
        return (rng.random(len(beat)) * compiled.options[beat]).astype(np.int64), None


class Beginner:
    """The nervous beginner: options weighted by BEGINNER_WEIGHTS, and some interrupting."""

    name = "beginner"

    def __init__(self, weights: dict[str, float] | None = None, interrupts: float | None = None):
        self.weights = BEGINNER_WEIGHTS if weights is None else weights
        self.interrupts = BEGINNER_INTERRUPTS if interrupts is None else interrupts
        self._cache: tuple[Compiled, np.ndarray] | None = None

    def option_weights(self, compiled: Compiled) -> np.ndarray:
        """(B, O) the chance of each option at each beat (0 where there is no option)."""
        factor = np.ones(len(MOVE_NAMES) + 1)
        for move, w in self.weights.items():
            factor[MOVE_CODE[move]] = w
        weights = factor[compiled.replies].prod(axis=2)  # NO_MOVE: the last entry, 1
        width = compiled.replies.shape[1]
        weights[np.arange(width)[None, :] >= compiled.options[:, None]] = 0.0
        return weights / weights.sum(axis=1, keepdims=True)

    def pick(self, compiled: Compiled, beat, rows, turn, rng):
        if self._cache is None or self._cache[0] is not compiled:
            cumulative = np.cumsum(self.option_weights(compiled), axis=1)
            cumulative[:, -1] = 1.0
            self._cache = (compiled, cumulative)
        cumulative = self._cache[1]
        draw = rng.random(len(beat))
        choice = (draw[:, None] >= cumulative[beat]).sum(axis=1)
        choice = np.minimum(choice, compiled.options[beat] - 1)
        interrupted = rng.random(len(beat)) < self.interrupts if self.interrupts else None
        return choice, interrupted


class Scripted:
    """Plays ``choices[row, turn]`` (0-based options; rows as numbered in the batch)."""

    name = "scripted"

    def __init__(self, choices: np.ndarray, interrupted: np.ndarray | None = None):
        self.choices = choices
        self.interrupted = interrupted

    def pick(self, compiled: Compiled, beat, rows, turn, rng):
        cut = None if self.interrupted is None else self.interrupted[rows, turn]
        return self.choices[rows, turn], cut
