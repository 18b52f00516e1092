"""One turn of a conversation as it is kept: the reply picked, the moves it was written with
and the moves the customer counted, its timing, what was said, and what it changed and why.

The session keeps its turns in this one shape; the run record, the saved session and the
debrief read it. JSON (a save, a results file) is written and read only at that boundary,
by :meth:`Turn.to_dict` and :meth:`Turn.from_dict`, in the dict shape files have always had.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sim.model.arrays import build
from sim.model.explain import Effect
from sim.model.state import CustomerState
from sim.model.timing import Timing


@dataclass(frozen=True)
class Gauges:
    """The customer's gauges at one moment, as the debrief and the records show them."""

    anger: float
    trust: float
    heard: float
    patience: float
    story_left: int

    @classmethod
    def of(cls, state: CustomerState) -> Gauges:
        # Built without the frozen __init__: a game turn makes two.
        return build(
            cls,
            {
                "anger": round(state.anger, 3),
                "trust": round(state.trust, 3),
                "heard": round(state.heard, 3),
                "patience": round(state.patience, 3),
                "story_left": state.story_left,
            },
        )

    def to_dict(self) -> dict[str, float]:
        return {
            "anger": self.anger,
            "trust": self.trust,
            "heard": self.heard,
            "patience": self.patience,
            "story_left": self.story_left,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Gauges:
        return cls(
            anger=float(data["anger"]),
            trust=float(data["trust"]),
            heard=float(data["heard"]),
            patience=float(data["patience"]),
            story_left=int(data["story_left"]),
        )


@dataclass(frozen=True)
class Turn:
    """One reply and what came of it (or, with ``choice`` None, a silence that ended the call)."""

    number: int  # 1 for the first reply
    beat: str  # where in the scenario it was given
    choice: int | None  # the option picked, 1-based as displayed
    text: str  # what the trainee said ("" for a silence)
    authored_moves: tuple[str, ...]  # the option's moves, as written in the scenario file
    counted_moves: tuple[str, ...]  # what the customer counted (timing, order, repeats...)
    timing: Timing
    reaction: str
    prompts: tuple[str, ...]  # what the customer said into the silence before the reply
    customer: tuple[str, ...]  # what the customer said after it
    effects: Sequence[Effect]  # a tuple, or explain.Effects: worded when first read
    before: Gauges  # when the customer finished speaking, before any silence
    after: Gauges

    def to_dict(self) -> dict[str, Any]:
        """The saved form, with the keys saves have always had (``moves``: as authored,
        ``counted``: as counted)."""
        return {
            "turn": self.number,
            "beat": self.beat,
            "choice": self.choice,
            "text": self.text,
            "moves": list(self.authored_moves),
            "counted": list(self.counted_moves),
            "timing": self.timing.to_dict(),
            "reaction": self.reaction,
            "prompts": list(self.prompts),
            "customer": list(self.customer),
            "effects": [e.to_dict() for e in self.effects],
            "before": self.before.to_dict(),
            "after": self.after.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Turn:
        """A turn read back from :meth:`to_dict` (saves from before prompts or effect codes
        included)."""
        return cls(
            number=int(data["turn"]),
            beat=data["beat"],
            choice=data["choice"],
            text=data["text"],
            authored_moves=tuple(data["moves"]),
            counted_moves=tuple(data["counted"]),
            timing=Timing.from_dict(data.get("timing")),
            reaction=data["reaction"],
            prompts=tuple(data.get("prompts", ())),
            customer=tuple(data["customer"]),
            effects=tuple(Effect.from_dict(e) for e in data["effects"]),
            before=Gauges.from_dict(data["before"]),
            after=Gauges.from_dict(data["after"]),
        )
