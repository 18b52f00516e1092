"""After the conversation: promises come due, follow-ups land, loyalty and word of mouth settle.

Rules of thumb from the articles and from service-recovery research:
- the end of a conversation weighs more in the final verdict than its middle;
- an over-promise comes back as a second failure that hurts more than the first;
- an apology plus a fix ends better than the fix alone;
- a well-handled first, moderate failure can leave a customer more loyal than before;
- unhappy customers tell about twice as many people as happy ones.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from sim.model.rules import Effect, TurnContext
from sim.model.state import CustomerState, Promise

# A customer who was content before the problem.
BASELINE_LOYALTY = 60.0
BROKEN_PROMISE_ANGER = 35.0
BROKEN_PROMISE_TRUST = 40.0
# A grievance at or below this counts as "moderate" for the recovery bonus.
MODERATE_GRIEVANCE = 75.0

ENDING_LOYALTY = {
    "resolved": 10.0,
    "unresolved": -15.0,
    "handed_off": -5.0,
    "walked_out": -30.0,
    "hung_up": -25.0,
    "parted_ways": -30.0,
}


@dataclass(frozen=True)
class WordOfMouth:
    people: int
    tone: str  # praise | mixed | complaint
    summary: str

    def to_dict(self) -> dict:
        return {"people": self.people, "tone": self.tone, "summary": self.summary}


@dataclass(frozen=True)
class Epilogue:
    state: CustomerState
    effects: tuple[Effect, ...]
    verdict_anger: float  # the end-weighted anger the customer remembers
    loyalty: float
    word_of_mouth: WordOfMouth

    def to_dict(self) -> dict:
        return {
            "effects": [e.to_dict() for e in self.effects],
            "verdict_anger": round(self.verdict_anger, 2),
            "loyalty": round(self.loyalty, 2),
            "word_of_mouth": self.word_of_mouth.to_dict(),
        }


def remembered_anger(anger_curve: list[float]) -> float:
    """The end weighs more than the middle: weights grow toward the last turn."""
    curve = np.asarray(anger_curve, dtype=float)
    if curve.size == 0:
        return 0.0
    weights = np.exp(np.linspace(0.0, 2.5, curve.size))
    weighted = float(np.dot(curve, weights) / weights.sum())
    return 0.5 * float(curve[-1]) + 0.5 * weighted


def settle(
    state: CustomerState,
    ending: str,
    anger_curve: list[float],
    moves_used: set[str],
    ctx: TurnContext,
) -> Epilogue:
    effects: list[Effect] = []
    anger, trust, loyalty_shift = state.anger, state.trust, 0.0
    spoke_to_them = ending not in ("walked_out", "hung_up")

    if state.promise is Promise.UNREALISTIC and spoke_to_them:
        anger = min(100.0, anger + BROKEN_PROMISE_ANGER)
        trust = max(0.0, trust - BROKEN_PROMISE_TRUST)
        loyalty_shift -= 25.0
        effects.append(
            Effect("anger", BROKEN_PROMISE_ANGER, "the promise could not be kept: a second failure")
        )
        effects.append(Effect("trust", -BROKEN_PROMISE_TRUST, "a broken promise costs more trust"))
    elif state.promise is Promise.REALISTIC and spoke_to_them:
        trust = min(state.trust_ceiling, trust + 5.0)
        effects.append(Effect("trust", 5.0, "the time frame you gave was kept"))

    if state.follow_up and ending == "resolved":
        loyalty_shift += 6.0
        trust = min(state.trust_ceiling, trust + 5.0)
        effects.append(Effect("trust", 5.0, "the follow-up call lands: they feel looked after"))

    verdict = remembered_anger([*anger_curve, anger])
    loyalty = 0.45 * (100.0 - verdict) + 0.35 * trust + 0.20 * state.heard
    loyalty += ENDING_LOYALTY.get(ending, 0.0) + loyalty_shift
    if ending == "parted_ways" and not ctx.legitimate:
        loyalty += 30.0  # parting ways was the best available ending, not a failure
    if ending == "handed_off" and "pass_buck" in moves_used:
        loyalty -= 15.0
        effects.append(Effect("progress", 0, "passed around: loyalty suffers"))
    provoked = moves_used & {"excuse", "blame", "argue", "lose_calm", "minimize", "policy"}
    if ending == "resolved" and state.apologized:
        loyalty += 8.0
        effects.append(
            Effect("progress", 0, "an apology plus a fix ends better than the fix alone")
        )
    if (
        ending == "resolved"
        and ctx.legitimate
        and state.grievance <= MODERATE_GRIEVANCE
        and state.apologized
        and state.acted
        and not provoked
        and state.promise is not Promise.UNREALISTIC
    ):
        recovered = BASELINE_LOYALTY + 15.0
        if loyalty < recovered:
            loyalty = recovered
        effects.append(
            Effect("progress", 0, "a failure handled this well leaves them more loyal than before")
        )
    loyalty = float(min(100.0, max(0.0, loyalty)))

    reach = ctx.persona.reach
    if loyalty >= 65.0:
        mouth = WordOfMouth(reach, "praise", f"tells about {reach} people how well it was handled")
    elif loyalty < 40.0:
        people = 2 * reach
        mouth = WordOfMouth(people, "complaint", f"tells about {people} people how badly it went")
    else:
        people = max(1, reach // 2)
        mouth = WordOfMouth(people, "mixed", f"mentions it to about {people} people, unimpressed")

    final = replace(state, anger=anger, trust=trust)
    return Epilogue(final, tuple(effects), verdict, loyalty, mouth)
