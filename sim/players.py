"""Built-in players: best and worst look ahead with the model; random picks uniformly.

Best and worst run a beam search over whole playthroughs: every option at every beat is
tried, partial conversations are ranked by how the customer is doing, and finished ones by
their real score. No scenario-specific knowledge is used.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from sim.analysis.batch import CURVE_WIDTH, Compiled, score_endings, take_turn
from sim.engine import Session
from sim.model.endings import NO_ENDING
from sim.model.state import MOVE_CODE, CustomerBatch
from sim.model.tables import UNREALISTIC
from sim.model.vocabulary import MOVES
from sim.scenario.models import Scenario

POLICIES = ("best", "worst", "random")
BEAM_WIDTH = 16


def outlook(s: CustomerBatch) -> np.ndarray:
    """How well each conversation in progress is going, without finishing it."""
    progress = sum(
        getattr(s, flag).astype(np.int64)
        for flag in (
            "thanked",
            "apologized",
            "clarified",
            "wish_known",
            "agreed",
            "acted",
            "follow_up",
        )
    )
    told = s.story_total - s.story_left
    return (
        -s.anger
        + 0.5 * s.trust
        + 0.3 * s.heard
        + 0.15 * s.patience
        + 5.0 * progress
        + 4.0 * told
        + 3.0 * s.explained
        - 30.0 * (s.promise == UNREALISTIC)  # the bill for an over-promise comes later
        - 6.0 * s.counts[:, _BREACH_CODES].sum(axis=1)  # each breach costs a share of the score
    )


def _keys(s: CustomerBatch, beat: np.ndarray) -> list[tuple]:
    """Conversations with the same key are the same for the search: it keeps the first."""
    columns = [
        beat,
        np.rint(s.anger),
        np.rint(s.trust),
        np.rint(s.heard),
        np.rint(s.patience / 5),
        s.story_left,
        *(getattr(s, f) for f in ("thanked", "apologized", "clarified", "wish_known")),
        *(getattr(s, f) for f in ("proposed", "agreed", "acted", "follow_up", "explained")),
        s.promise,
    ]
    return list(zip(*(c.tolist() for c in columns), strict=True))


# Provocations and the derived mistakes (interrupting, dead air, rushing, repeating).
_BREACH_CODES = [MOVE_CODE[m] for m in MOVES if MOVES[m].kind in ("provoke", "derived")]

_COMPILED: dict[int, Compiled] = {}


def compiled(scenario: Scenario) -> Compiled:
    """The scenario as arrays, made once per scenario object."""
    made = _COMPILED.get(id(scenario))
    if made is None or made.scenario is not scenario:
        made = _COMPILED[id(scenario)] = Compiled.of(scenario)
    return made


def search(
    session: Session,
    maximize: bool = True,
    beam: int = BEAM_WIDTH,
    delay: float | None = None,
) -> list[int]:
    """Choices (0-based) from this point that lead to the best (or worst) final score.

    A beam search: each round, every conversation of the frontier tries every option; the
    finished ones are scored, the others are ranked by how the customer is doing and the
    best ``beam`` go on. The frontier is played as one batch (sim/analysis/batch.py: the
    same update rule and the same turn logic as Session.step). ``delay``: every reply comes
    this many seconds after the customer finished (real time); None: turn-based.
    """
    timed = delay is not None or session.timed
    scenario = compiled(session.scenario)
    sign = 1.0 if maximize else -1.0
    state = CustomerBatch.from_states([session.state])
    beat = np.array([scenario.index[session.beat_id]])
    so_far = session.anger_curve()
    curves = np.zeros((1, CURVE_WIDTH))
    curves[0, : len(so_far)] = so_far
    lengths = np.array([len(so_far)])
    paths: list[list[int]] = [[]]
    best: tuple[float, list[int]] | None = None
    while paths and not session.done:
        # Every conversation of the frontier tries each of its options, in order.
        options = scenario.options[beat]
        parent = np.repeat(np.arange(len(paths)), options)
        choice = np.concatenate([np.arange(k) for k in options])
        waits = None if delay is None else np.full(len(parent), float(delay))
        turn = take_turn(scenario, state[parent], beat[parent], choice, delay=waits)
        curves, lengths = curves[parent], lengths[parent] + 1
        curves[np.arange(len(parent)), lengths - 1] = turn.shown
        paths = [paths[p] + [c] for p, c in zip(parent.tolist(), choice.tolist(), strict=True)]
        over = turn.ending != NO_ENDING
        if over.any():
            ended = np.flatnonzero(over)
            score, _ = score_endings(
                scenario,
                turn.state[ended],
                turn.ending[ended],
                curves[ended],
                lengths[ended],
                timed,
            )
            for row, total in zip(ended.tolist(), score.total.tolist(), strict=True):
                if best is None or sign * total > best[0]:
                    best = (sign * total, paths[row])
        going = np.flatnonzero(~over)
        first: dict[tuple, int] = {}
        for row, key in zip(
            going.tolist(), _keys(turn.state[going], turn.beat[going]), strict=True
        ):
            first.setdefault(key, row)
        kept = np.array(list(first.values()), dtype=np.int64)
        ranked = kept[np.argsort(-(sign * outlook(turn.state[kept])), kind="stable")[:beam]]
        state, beat = turn.state[ranked], turn.beat[ranked]
        curves, lengths = curves[ranked], lengths[ranked]
        paths = [paths[row] for row in ranked.tolist()]
    assert best is not None, "every conversation ends within MAX_TURNS"
    return best[1]


def random_chooser(seed: int | None) -> Callable[[Session], int]:
    """A player who picks uniformly at random, with its own generator (not the session's)."""
    rng = np.random.default_rng([0 if seed is None else seed, 7])
    return lambda session: int(rng.integers(len(session.options)))


def play(session: Session, policy: str, seed: int | None) -> None:
    """Play a reset session to its ending with a built-in player."""
    if policy == "random":
        pick = random_chooser(seed)
        while not session.done:
            session.step(pick(session))
        return
    if policy not in ("best", "worst"):
        raise ValueError(f"unknown policy {policy!r}; use one of {', '.join(POLICIES)}")
    for choice in search(session, maximize=policy == "best"):
        session.step(choice)
