"""The ballot box for one class vote at a time: thread-safe, one vote per phone per round.

A phone may change its vote until the facilitator locks the round; the tally stays hidden
(from phones and projector) until the reveal. The clock is passed in, so tests and the
core stay deterministic; the vote server passes ``time.monotonic``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Ballot:
    """What a phone sees of the current round."""

    round: int
    customer: list[str]
    options: list[str]
    prompt: str = ""
    closes_at: float | None = None  # on the box's clock; None: no countdown
    locked: bool = False
    revealed: bool = False
    votes: dict[str, int] = field(default_factory=dict)  # voter -> option index


class VoteBox:
    def __init__(self, clock: Callable[[], float]):
        self._clock = clock
        self._lock = threading.Lock()
        self._ballot: Ballot | None = None
        self.closed = False  # the class session is over: nothing more is accepted

    def open_round(
        self, number: int, customer: list[str], options: list[str], *, seconds=None, prompt=""
    ) -> None:
        with self._lock:
            closes = self._clock() + seconds if seconds else None
            self._ballot = Ballot(number, list(customer), list(options), prompt, closes)

    def cast(self, voter: str, round_number: int, choice: int) -> str:
        """Record (or change) a vote. Returns "ok", or why it was not taken."""
        with self._lock:
            ballot = self._ballot
            if self.closed or ballot is None:
                return "no vote is open"
            if round_number != ballot.round:
                return "that round is over"
            if ballot.locked or self._expired(ballot):
                return "voting has closed for this round"
            if not 0 <= choice < len(ballot.options):
                return "no such reply"
            ballot.votes[voter] = choice
            return "ok"

    def lock(self) -> list[int]:
        """Close the round (no more votes or changes) and return the tally per option."""
        with self._lock:
            if self._ballot is None:
                return []
            self._ballot.locked = True
            return self._tally(self._ballot)

    def reveal(self) -> None:
        with self._lock:
            if self._ballot is not None:
                self._ballot.revealed = True

    def close(self) -> None:
        with self._lock:
            self.closed = True

    def view(self, voter: str | None = None) -> dict:
        """What a phone (or the projector) may see now: the tally only after the reveal."""
        with self._lock:
            ballot = self._ballot
            if ballot is None or self.closed:
                return {"open": False, "closed": self.closed}
            remaining = None
            if ballot.closes_at is not None:
                remaining = max(0, round(ballot.closes_at - self._clock()))
            return {
                "open": True,
                "closed": False,
                "round": ballot.round,
                "customer": list(ballot.customer),
                "options": list(ballot.options),
                "prompt": ballot.prompt,
                "locked": ballot.locked or self._expired(ballot),
                "seconds_left": remaining,
                "voted": ballot.votes.get(voter) if voter else None,
                "votes_in": len(ballot.votes),
                "tally": self._tally(ballot) if ballot.revealed else None,
            }

    def _expired(self, ballot: Ballot) -> bool:
        return ballot.closes_at is not None and self._clock() >= ballot.closes_at

    @staticmethod
    def _tally(ballot: Ballot) -> list[int]:
        counts = [0] * len(ballot.options)
        for choice in ballot.votes.values():
            counts[choice] += 1
        return counts
