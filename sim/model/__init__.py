"""The customer: state, personas, move effects and the update rule (pure)."""

from sim.model.explain import Effect
from sim.model.rules import TurnContext, TurnOutcome, apply_turn
from sim.model.state import CustomerState, Promise
from sim.model.vocabulary import (
    DERIVED_MOVES,
    MOVES,
    PERSONAS,
    MoveInfo,
    Persona,
)

__all__ = [
    "DERIVED_MOVES",
    "MOVES",
    "PERSONAS",
    "CustomerState",
    "Effect",
    "MoveInfo",
    "Persona",
    "Promise",
    "TurnContext",
    "TurnOutcome",
    "apply_turn",
]
