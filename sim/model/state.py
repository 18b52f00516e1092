"""The customer's state: what the model remembers from turn to turn.

Shown to players on a 0-100 scale, held as floats. Everything here is plain data so a
session can be saved to JSON mid-conversation and restored bit for bit.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

from sim.model.vocabulary import Persona


class Promise(StrEnum):
    NONE = "none"
    REALISTIC = "realistic"
    UNREALISTIC = "unrealistic"


@dataclass(frozen=True)
class CustomerState:
    anger: float
    trust: float
    heard: float
    patience: float
    # The size of the grievance: anger's resting level before anything is addressed.
    grievance: float
    story_left: int
    story_total: int
    # Rudeness leaves a scar: trust can never climb back above this.
    trust_ceiling: float = 100.0
    thanked: bool = False
    apologized: bool = False
    clarified: bool = False
    wish_known: bool = False
    proposed: bool = False
    agreed: bool = False
    acted: bool = False
    follow_up: bool = False
    extra_given: bool = False
    explained: bool = False
    promise: Promise = Promise.NONE
    agreed_turn: int | None = None
    defended_you: bool = False
    # The customer's last words were a piece of their story (cutting in loses that piece).
    telling: bool = False
    turn: int = 0
    # How often each move has been used: soothing has diminishing returns.
    counts: dict[str, int] = field(default_factory=dict)

    @classmethod
    def initial(cls, persona: Persona, anger: float, story_pieces: int, grievance: float | None):
        return cls(
            anger=float(anger),
            trust=float(persona.trust),
            heard=0.0,
            patience=float(persona.patience),
            grievance=float(anger if grievance is None else grievance),
            story_left=story_pieces,
            story_total=story_pieces,
        )

    def treated(self, persona: Persona) -> bool:
        """Treat the person, then the problem: story told and feeling heard enough."""
        return self.story_left == 0 and self.heard >= persona.heard_needed

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["promise"] = self.promise.value
        data["counts"] = dict(sorted(self.counts.items()))
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CustomerState:
        values = dict(data)
        values["promise"] = Promise(values["promise"])
        values["counts"] = dict(values.get("counts", {}))
        return cls(**values)

    def shown(self) -> dict[str, int]:
        """The four gauges as players see them, 0-100 integers."""
        return {
            "anger": round(self.anger),
            "trust": round(self.trust),
            "heard": round(self.heard),
            "patience": round(self.patience),
        }
