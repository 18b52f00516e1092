"""How a reply came, in time: the input a front end measures and the core never reads.

Real time is the point of the game: a pick while the customer is still speaking is an
interruption, a short pause after they finish reads as thoughtful, a long silence is dead
air. The window measures it; scripts write it as ``N@i`` or ``N@SECONDS`` (see parse_pick).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

# The longest silence a script may write: far past the point where any customer hangs up.
MAX_SCRIPTED_SILENCE = 3600.0


@dataclass(frozen=True)
class Timing:
    """How a reply came, as the front end measured it.

    ``interrupted``: picked while the customer was still speaking.
    ``delay``: seconds between the customer finishing and the pick; None in turn-based play.
    """

    interrupted: bool = False
    delay: float | None = None

    @property
    def timed(self) -> bool:
        """Played in real time (turn-based play carries no timing at all)."""
        return self.interrupted or self.delay is not None

    def to_dict(self) -> dict:
        return {"interrupted": self.interrupted, "delay": self.delay}

    @classmethod
    def from_dict(cls, data: dict | None) -> Timing:
        return cls(**data) if data else cls()

    def script(self) -> str:
        """The suffix a script writes for this timing: "", "@i" or "@4.5"."""
        if self.interrupted:
            return "@i"
        return "" if self.delay is None else f"@{self.delay:g}"


TURN_BASED = Timing()


@dataclass(frozen=True)
class Pick:
    """One scripted pick: the option (1-based, as displayed) and when it came."""

    choice: int
    timing: Timing = TURN_BASED

    def __str__(self) -> str:
        return f"{self.choice}{self.timing.script()}"


_PICK = re.compile(r"(?P<choice>\d{1,3})(?:@(?P<when>i|\d{1,4}(?:\.\d{1,3})?))?")
PICK_PATTERN = r"^\d{1,3}(@(i|\d{1,4}(\.\d{1,3})?))?$"
PICK_HELP = (
    "write N, N@i (picked while the customer was still speaking) or N@SECONDS "
    "(that many seconds after they finished), like 2, 3@i or 4@2.5"
)


def parse_pick(text: str | int) -> Pick:
    """``2`` -> option 2, turn-based; ``2@i`` -> interrupting; ``2@4.5`` -> 4.5 s after."""
    if isinstance(text, int) and not isinstance(text, bool):
        text = str(text)
    match = _PICK.fullmatch(str(text).strip()) if isinstance(text, str) else None
    if not match:
        shown = str(text)[:20]
        raise ValueError(f"'{shown}' is not a pick; {PICK_HELP}")
    choice = int(match["choice"])
    if choice < 1:
        raise ValueError(f"'{text}': options are numbered from 1")
    when = match["when"]
    if when is None:
        return Pick(choice)
    if when == "i":
        return Pick(choice, Timing(interrupted=True))
    delay = float(when)
    if not math.isfinite(delay) or delay > MAX_SCRIPTED_SILENCE:
        raise ValueError(f"'{text}': a silence of at most {MAX_SCRIPTED_SILENCE:g} seconds")
    return Pick(choice, Timing(delay=delay))


def parse_picks(text: str) -> list[Pick]:
    """A comma-separated script: ``1,2@i,3@4.5``."""
    parts = [part for part in text.replace(" ", "").split(",") if part]
    if not parts:
        raise ValueError(f"give at least one pick; {PICK_HELP}")
    return [parse_pick(part) for part in parts]
