"""The "what they are thinking" line: one first-person sentence derived from the state.

The wording and the conditions are data (thinking.yaml) so a trainer can change them.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from sim.model.state import CustomerState
from sim.paths import read_data

THINKING_FILE = Path(__file__).resolve().parent / "thinking.yaml"
GAUGES = ("anger", "trust", "heard", "patience", "story_left")
FLAGS = ("apologized", "wish_known", "agreed", "acted")


class _When(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    anger_min: float | None = None
    anger_max: float | None = None
    trust_min: float | None = None
    trust_max: float | None = None
    heard_min: float | None = None
    heard_max: float | None = None
    patience_min: float | None = None
    patience_max: float | None = None
    story_left_min: int | None = None
    story_left_max: int | None = None
    apologized: bool | None = None
    wish_known: bool | None = None
    agreed: bool | None = None
    acted: bool | None = None

    def holds(self, state: CustomerState) -> bool:
        for gauge in GAUGES:
            value = getattr(state, gauge)
            low, high = getattr(self, f"{gauge}_min"), getattr(self, f"{gauge}_max")
            if (low is not None and value < low) or (high is not None and value > high):
                return False
        return all(
            getattr(self, flag) is None or getattr(state, flag) == getattr(self, flag)
            for flag in FLAGS
        )


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    when: _When = Field(default_factory=_When)
    text: str = Field(min_length=1)


class _Thinking(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    lines: list[_Entry] = Field(min_length=1)


@cache
def _entries(path: Path = THINKING_FILE) -> tuple[_Entry, ...]:
    data = read_data(path)
    return tuple(_Thinking.model_validate(data).lines)


def thinking_line(state: CustomerState) -> str:
    for entry in _entries():
        if entry.when.holds(state):
            return entry.text
    return ""
