"""What the rule needs besides the state (:class:`TurnContext`), and the kinds of line a
customer can answer a reply with (:data:`REACTIONS`)."""

from __future__ import annotations

from dataclasses import dataclass

from sim.model.vocabulary import Persona


@dataclass(frozen=True)
class TurnContext:
    """What the rule needs besides the state: who the customer is and how the reply came."""

    persona: Persona
    legitimate: bool = True
    escalation_warranted: bool = False
    # Timing: None means turn-based play (no timing rules apply).
    interrupted: bool = False
    delay: float | None = None

    @property
    def resolvable(self) -> bool:
        """The complaint can be put right: it is real, and this customer can be satisfied.
        Otherwise parting ways with dignity is the best ending there is."""
        return self.legitimate and self.persona.satisfiable


# The kinds of reaction a customer line can answer with (scenario `reactions:` keys).
REACTIONS = (
    "story",
    "retell",  # said before a story piece they must repeat (never a turn's reaction)
    "interrupted",
    "rushed",  # a fix offered while they still have more to tell
    "dead_air",  # the first prompt when the answer doesn't come
    "defends_you",
    "calmer",
    "steady",
    "angrier",
    "unheard",  # a fix offered after the whole story, before they feel understood
    "pressing",  # the silence goes on: they press harder
)
REACTION_CODE: dict[str, int] = {name: code for code, name in enumerate(REACTIONS)}
