"""How a conversation ends: the endings, the ones the customer chooses (walking out,
hanging up), the customer's answer to a reply that asks to close, and the one flow after
every reply (:func:`after_reply`) that the game and the analyzer share."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sim.model.arrays import anyone, no, where
from sim.model.explain import Reasons, because, reason_text
from sim.model.state import CustomerBatch, CustomerState

if TYPE_CHECKING:
    from sim.model.rule.context import TurnContext

ENDINGS = (
    "resolved",
    "unresolved",
    "handed_off",
    "walked_out",
    "hung_up",
    "parted_ways",
    "call_back",  # a later call booked, for when things have cooled
)
ENDING_CODE = {name: code for code, name in enumerate(ENDINGS)}
NO_ENDING = -1
RESOLVED, UNRESOLVED, HANDED_OFF, WALKED_OUT, HUNG_UP, PARTED_WAYS, CALL_BACK = range(len(ENDINGS))
# A customer at or above this anger has not cooled enough to talk solutions (article 002).
STILL_HOT = 50.0


def automatic_endings(state: CustomerBatch | CustomerState):
    """Endings the customer chooses: anger maxed out, or patience gone (NO_ENDING: neither)."""
    return where(state.anger >= 100.0, WALKED_OUT, where(state.patience <= 0.0, HUNG_UP, NO_ENDING))


def automatic_ending(state: CustomerState) -> str | None:
    code = automatic_endings(state)
    return None if code == NO_ENDING else ENDINGS[code]


def judge_closes(state: CustomerBatch | CustomerState, requested, passed_buck, ctx: TurnContext):
    """The customers' answer to replies that close the conversation asking for ``requested``
    (ending codes): the endings, and a reason code for each."""
    p = ctx.persona
    asked = requested == RESOLVED
    no_fix = asked & no(state.agreed)
    unsatisfiable = asked & (not ctx.resolvable)
    too_angry = asked & (state.anger > p.accept_anger)
    later = requested == CALL_BACK
    unheard = later & no(state.treated(p))
    cooled = later & (state.anger < STILL_HOT)
    refused = no_fix | unsatisfiable | too_angry | unheard | cooled
    ending = where(refused, UNRESOLVED, requested)
    # from the weakest reason to the strongest: the last that applies wins
    why = Reasons("none", "")
    why.set(asked, "fix_accepted", "they accepted the fix")
    why.set(
        too_angry,
        "too_angry_to_accept",
        "still {mood} (anger {anger}, they accept at {accept} or below)",
    )
    why.set(
        unsatisfiable,
        "unsatisfiable",
        "nothing you could offer would have satisfied this complaint",
    )
    why.set(no_fix, "no_fix_agreed", "the call ended with no fix agreed")
    handed = requested == HANDED_OFF
    why.set(handed, "handed_over", "handed over warmly to someone with the authority to decide")
    why.set(handed & passed_buck, "passed_on", "passed on to someone else")
    why.set(requested == PARTED_WAYS, "parted_politely", "you ended the relationship politely")
    why.set(later, "call_back_booked", "a call-back booked for when things have cooled down")
    why.set(
        cooled,
        "call_back_way_out",
        "a call-back offered as a way out, when they were ready to talk now",
    )
    why.set(unheard, "call_back_unheard", "a call-back offered before they had been heard out")
    return ending, why.code


def judge_close(
    state: CustomerState, requested: str, moves: tuple[str, ...], ctx: TurnContext
) -> tuple[str, str]:
    """The customer's answer to a reply that closes the conversation: (ending, why)."""
    asked = ENDING_CODE[requested]
    ending, why = judge_closes(CustomerBatch.one(state), asked, "pass_buck" in moves, ctx)
    values = {"mood": state.anger, "anger": state.anger, "accept": ctx.persona.accept_anger}
    text = reason_text(why, values=values)
    return ENDINGS[ending], text


# --- After a reply: does the conversation end, and where does it go? -------------------------

# A conversation that goes round in circles is stopped here: truncated, not ended by anyone.
MAX_TURNS = 60
TRUNCATED_AS = UNRESOLVED


@dataclass
class Close:
    """How the conversations stand after a reply (one value, or one per customer), the same
    for the game and the analyzer: the ending (NO_ENDING: it goes on) and its reason code,
    whether it was truncated at MAX_TURNS rather than ended (as in Gymnasium), and whether it
    moves on to the option's next beat (a fix brushed aside keeps it where it is)."""

    ending: Any
    reason: Any
    truncated: Any
    moves_on: Any


def after_reply(
    state: CustomerBatch | CustomerState, requested, rushed, passed_buck, ctx: TurnContext
) -> Close:
    """The customer may walk out or hang up; a reply that asks to close (``requested``, an
    ending code or NO_ENDING) is judged, unless it was brushed aside as too early; a
    conversation that goes round in circles is stopped at MAX_TURNS. The game passes its
    one customer's state as it is (only fields the two share are read)."""
    ending = automatic_endings(state)
    reason = where(
        ending == WALKED_OUT,
        because("anger_limit", "anger reached its limit"),
        where(ending == HUNG_UP, because("patience_ran_out", "their patience ran out"), _GOES_ON),
    )
    closing = (ending == NO_ENDING) & (requested != NO_ENDING) & no(rushed)
    if anyone(closing):
        judged, why = judge_closes(state, requested, passed_buck, ctx)
        ending, reason = where(closing, judged, ending), where(closing, why, reason)
    truncated = (ending == NO_ENDING) & (state.turn >= MAX_TURNS)
    ending = where(truncated, TRUNCATED_AS, ending)
    reason = where(truncated, _TRUNCATED, reason)
    moves_on = (ending == NO_ENDING) & no(rushed)
    return Close(ending, reason, truncated, moves_on)


def close_reason(reason: int, state: CustomerState, ctx: TurnContext) -> str:
    """The words of a closing reason for one customer."""
    values = {"mood": state.anger, "anger": state.anger, "accept": ctx.persona.accept_anger}
    return reason_text(reason, values=values)


_GOES_ON = because("none", "")
_TRUNCATED = because(
    "truncated", f"the conversation went round in circles and was stopped after {MAX_TURNS} turns"
)
