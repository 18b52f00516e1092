"""Built-in players: best and worst look ahead with the model; random picks uniformly.

Best and worst run a beam search over whole playthroughs: every option at every beat is
tried on a copy of the session, partial conversations are ranked by how the customer is
doing, and finished ones by their real score. No scenario-specific knowledge is used.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from sim.engine import Session
from sim.scoring.score import score_session

POLICIES = ("best", "worst", "random")
BEAM_WIDTH = 16


def _outlook(session: Session) -> float:
    """How well a conversation in progress is going, without finishing it."""
    s = session.state
    progress = sum(
        (s.thanked, s.apologized, s.clarified, s.wish_known, s.agreed, s.acted, s.follow_up)
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
    )


def _key(session: Session) -> tuple:
    s = session.state
    return (
        session.beat_id,
        round(s.anger),
        round(s.trust),
        round(s.heard),
        round(s.patience / 5),
        s.story_left,
        s.thanked,
        s.apologized,
        s.clarified,
        s.wish_known,
        s.proposed,
        s.agreed,
        s.acted,
        s.follow_up,
        s.explained,
        s.promise,
    )


def search(session: Session, maximize: bool = True, beam: int = BEAM_WIDTH) -> list[int]:
    """Choices (0-based) from this point that lead to the best (or worst) final score."""
    sign = 1.0 if maximize else -1.0
    start = len(session.turns)
    frontier = [session]
    best: tuple[float, Session] | None = None
    while frontier:
        children: dict[tuple, Session] = {}
        for node in frontier:
            for index in range(len(node.options)):
                child = node.clone()
                child.step(index)
                if child.done:
                    value = sign * score_session(child).total
                    if best is None or value > best[0]:
                        best = (value, child)
                else:
                    key = _key(child)
                    if key not in children:
                        children[key] = child
        ranked = sorted(children.values(), key=lambda c: sign * _outlook(c), reverse=True)
        frontier = ranked[:beam]
    assert best is not None, "every conversation ends within MAX_TURNS"
    return [c - 1 for c in best[1].choices()[start:]]


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
