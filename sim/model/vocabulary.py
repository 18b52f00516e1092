"""The move vocabulary and the personas, loaded from the YAML tables beside this file."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from sim.paths import read_data

_HERE = Path(__file__).resolve().parent

MoveKind = Literal["soothe", "solve", "inform", "exit", "provoke", "derived"]
# What the update rule singles out in a move (see the header of moves.yaml).
MoveTrait = Literal["rude", "asking", "rushable", "story_first"]


class MoveInfo(BaseModel):
    """One move: what it does, the principle it touches, and its base pushes."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    label: str
    kind: MoveKind
    does: str
    principle: str
    articles: tuple[str, ...]
    example: str
    anger: float
    trust: float
    heard: float
    patience: float
    loyalty: float
    traits: frozenset[MoveTrait] = frozenset()

    def has(self, trait: str) -> bool:
        return trait in self.traits


class Persona(BaseModel):
    """A customer temperament: the parameters of the update rule."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    about: str
    inertia: float = Field(ge=0.0, le=0.98)
    volatility: float = Field(gt=0.0, le=3.0)
    forgiveness: float = Field(gt=0.0, le=3.0)
    heard_needed: float = Field(ge=0.0, le=100.0)
    trust: float = Field(ge=0.0, le=100.0)
    patience: float = Field(gt=0.0, le=100.0)
    patience_drain: float = Field(ge=0.0, le=20.0)
    accept_anger: float = Field(ge=0.0, le=100.0)
    ask_weight: float = Field(gt=0.0, le=3.0)
    defends: bool
    satisfiable: bool
    reach: int = Field(ge=0)


def _load_table(filename: str, model: type[BaseModel]) -> dict:
    raw = read_data(_HERE / filename)
    return {name: model(name=name, **fields) for name, fields in raw.items()}


MOVES: dict[str, MoveInfo] = _load_table("moves.yaml", MoveInfo)
PERSONAS: dict[str, Persona] = _load_table("personas.yaml", Persona)

DERIVED_MOVES: frozenset[str] = frozenset(n for n, m in MOVES.items() if m.kind == "derived")
AUTHORED_MOVES: tuple[str, ...] = tuple(n for n in MOVES if n not in DERIVED_MOVES)
# Turning to the problem: solving or informing (a clarifying question still listens), and an
# over-promise, which is a fix too, if a bad one.
FIX_MOVES: frozenset[str] = frozenset(
    n for n, m in MOVES.items() if m.kind in ("solve", "inform") and n != "ask"
) | {"overpromise"}
PROVOCATIONS: frozenset[str] = frozenset(n for n, m in MOVES.items() if m.kind == "provoke")
# Losing your calm, arguing, blaming: the moves with trait `rude`.
RUDE_MOVES: tuple[str, ...] = tuple(n for n, m in MOVES.items() if m.has("rude"))


def move_label(name: str) -> str:
    """A move as the debrief names it, in plain words ("an excuse", "a long silence")."""
    return MOVES[name].label
