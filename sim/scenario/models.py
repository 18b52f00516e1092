"""The scenario file format, version 1, as pydantic models.

The same models validate files, generate the JSON Schema for editors, and document each
key (the ``description`` of every field is what a trainer reads in the guide and editor).
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    PrivateAttr,
    StrictInt,
    Tag,
    field_validator,
    model_validator,
)

from sim.model.rule.context import REACTIONS
from sim.model.timing import PICK_PATTERN, Pick, parse_pick
from sim.model.vocabulary import AUTHORED_MOVES, DERIVED_MOVES, PERSONAS

Cause = Literal[
    "billing",
    "not_as_expected",
    "late_delivery",
    "misunderstood_procedure",
    "our_error",
    "imagined",
]
CAUSE_LABELS: dict[str, str] = {
    "billing": "a billing charge they did not expect",
    "not_as_expected": "a product or service that was not what they expected",
    "late_delivery": "a delivery later than promised",
    "misunderstood_procedure": "a procedure they misunderstood",
    "our_error": "a genuine error on our side",
    "imagined": "a complaint about something that did not happen",
}
# Endings an option may ask for. The customer may still refuse (see rules.judge_close);
# walking out and hanging up are the customer's own choices, never an option's.
ClosingEnding = Literal["resolved", "unresolved", "handed_off", "parted_ways", "call_back"]
EndingKind = Literal[
    "resolved", "unresolved", "handed_off", "walked_out", "hung_up", "parted_ways", "call_back"
]
ReactionKind = Literal[REACTIONS]  # type: ignore[valid-type]  # one list, kept in rule/context.py

BANDS = ("calm", "upset", "angry", "furious")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class BandLines(Strict):
    """A line that changes with the customer's anger: calm <25, upset <50, angry <75, furious."""

    calm: str | None = Field(None, description="Said when anger is below 25.")
    upset: str | None = Field(None, description="Said when anger is 25 to 49.")
    angry: str | None = Field(None, description="Said when anger is 50 to 74.")
    furious: str | None = Field(None, description="Said when anger is 75 or more.")

    def for_anger(self, anger: float) -> str:
        """The line for this anger; a missing band falls back to the nearest written one."""
        band = min(3, max(0, int(anger // 25)))
        for i in _NEAREST_FIRST[band]:
            text = getattr(self, BANDS[i])
            if text:
                return text
        return ""


# For each band, the bands by how near they are (the higher first on a tie): worked out once,
# as a game looks a line up every turn.
_NEAREST_FIRST = tuple(
    tuple(sorted(range(4), key=lambda i, band=band: (abs(i - band), -i))) for band in range(4)
)


def _line_kind(value: Any) -> str:
    return "bands" if isinstance(value, dict) else "text"


Line = Annotated[
    Annotated[str, Tag("text")] | Annotated[BandLines, Tag("bands")],
    Discriminator(_line_kind),
]


def line_text(line: str | BandLines, anger: float) -> str:
    return line if isinstance(line, str) else line.for_anger(anger)


def _lines_kind(value: Any) -> str:
    return "many" if isinstance(value, list) else "one"


Lines = Annotated[
    Annotated[list[Line], Tag("many")] | Annotated[Line, Tag("one")],
    Discriminator(_lines_kind),
]


def check_moves(moves: list[str]) -> list[str]:
    for move in moves:
        if move in DERIVED_MOVES:
            raise ValueError(
                f"`{move}` is worked out by the engine from timing and order; "
                "remove it from the moves"
            )
        if move not in AUTHORED_MOVES:
            close = difflib.get_close_matches(move, AUTHORED_MOVES, n=1)
            hint = f"did you mean `{close[0]}`?" if close else "see the move list in the guide"
            raise ValueError(f"unknown move `{move}`; {hint}")
    return moves


class Option(Strict):
    """One reply the trainee can pick."""

    text: str = Field(description="What the agent says (or does, in [brackets]).")
    moves: list[str] = Field(
        min_length=1,
        description="The moves this reply makes, from the move vocabulary (listen, apologize...).",
        json_schema_extra={"items": {"type": "string", "enum": list(AUTHORED_MOVES)}},
    )
    next: str | None = Field(
        None,
        description="The beat this reply leads to. Without `next` or `end`, the beat's own "
        "`next` is used, and without that the conversation stays at this beat.",
    )
    end: ClosingEnding | None = Field(
        None,
        description="Close the conversation asking for this ending. The customer may refuse "
        "a resolution they are not ready for.",
    )
    reply: Line | None = Field(
        None,
        description="The customer's own answer to this reply (overrides `reactions`).",
    )
    needs_supervisor: bool = Field(
        False,
        description="true when what this reply hands over truly needs someone with more "
        "authority (see `authority.needs_supervisor`): its `escalate` is then a proper "
        "hand-off; otherwise handing over counts as passing the buck.",
    )

    _check_moves = field_validator("moves")(check_moves)

    @model_validator(mode="after")
    def _consistent(self) -> Option:
        if self.needs_supervisor and "escalate" not in self.moves:
            raise ValueError(
                "`needs_supervisor: true` is for a reply that hands over; add `escalate` to "
                "its moves, or remove `needs_supervisor`"
            )
        if self.end == "call_back" and "schedule_later" not in self.moves:
            raise ValueError(
                "`end: call_back` books a later call; add `schedule_later` to its moves"
            )
        return self


class Facilitator(Strict):
    """Notes for the facilitator of a class session; players on their own never see them."""

    pause: bool = Field(
        False,
        description="true to stop the class here before the room decides, for a discussion.",
    )
    prompt: str | None = Field(
        None, description="A question to put to the room at this beat, shown on the projector."
    )
    note: str | None = Field(
        None, description="A note for the facilitator only (what to listen for, what to ask)."
    )


MAX_OPTIONS = 9  # picked with the keys 1-9; more would not fit a screen or a keyboard


class Beat(Strict):
    """A decision point: the customer speaks, the trainee picks a reply."""

    say: Line = Field(description="The customer's line when the conversation reaches this beat.")
    options: list[Option] = Field(
        min_length=1,
        # Enforced by the loader before validation (4000 options must not take seconds);
        # the test lab builds bigger beats on purpose.
        json_schema_extra={"maxItems": MAX_OPTIONS},
        description="The replies on offer here; 9 at most (they are picked with keys 1-9).",
    )
    next: str | None = Field(
        None, description="Where replies without their own `next` or `end` lead."
    )
    facilitator: Facilitator | None = Field(
        None, description="Class mode only: a pause point, a discussion prompt, a note."
    )

    def after(self, option: Option, here: str) -> str:
        """Where a reply leads (when it moves on): its own `next`, else this beat's `next`,
        else it stays here."""
        return option.next or self.next or here


class Customer(Strict):
    name: str = Field(description="The customer's name, as shown on the ticket.")
    persona: str = Field(
        description="How the customer behaves: " + ", ".join(PERSONAS) + ".",
        json_schema_extra={"enum": list(PERSONAS)},
    )
    about: str = Field("", description="One or two lines on who they are, for the briefing.")
    anger: float = Field(ge=0, le=100, description="Anger at the start, 0-100.")
    grievance: float | None = Field(
        None,
        ge=0,
        le=100,
        description="How big the grievance is (anger's resting level before anything is "
        "addressed). Defaults to the starting anger.",
    )
    story: list[str] = Field(
        default_factory=list,
        description="What they need to get off their chest, one piece per listening turn.",
    )
    wants: str = Field(description="What they actually want (shown in the debrief).")
    legitimate: bool = Field(
        True,
        description="false for a complaint about something that did not happen: it cannot "
        "be fully resolved, and parting ways with dignity becomes the best ending.",
    )
    portrait: str | None = Field(
        None, description="An image file in the scenario's folder to show instead of a drawn face."
    )

    @field_validator("persona")
    @classmethod
    def _known_persona(cls, value: str) -> str:
        if value not in PERSONAS:
            close = difflib.get_close_matches(value, list(PERSONAS), n=1)
            hint = f"did you mean `{close[0]}`?" if close else "use one of " + ", ".join(PERSONAS)
            raise ValueError(f"unknown persona `{value}`; {hint}")
        return value


class Authority(Strict):
    """What the agent may do without asking anyone."""

    may: list[str] = Field(default_factory=list, description="Things the agent may do alone.")
    needs_supervisor: list[str] = Field(
        default_factory=list, description="Things only a supervisor can decide."
    )
    escalation_warranted: bool = Field(
        False,
        description="true when the customer's real need is beyond the agent's authority, so "
        "an `escalate` reply is a proper hand-off; otherwise it counts as passing the buck.",
    )


class Expect(Strict):
    """What a self-test must produce; leave out what you don't want to check."""

    ending: EndingKind | list[EndingKind] | None = Field(
        None, description="The ending (or one of the endings) this path must reach."
    )
    min_score: float | None = Field(None, ge=0, le=100, description="Score at least.")
    max_score: float | None = Field(None, ge=0, le=100, description="Score at most.")
    min_anger: float | None = Field(None, ge=0, le=100, description="Final anger at least.")
    max_anger: float | None = Field(None, ge=0, le=100, description="Final anger at most.")


class SelfTest(Strict):
    """A short playthrough that `validate` runs, with what it must produce."""

    name: str = Field(description="What this path shows, in a few words.")
    choices: list[StrictInt | Annotated[str, Field(pattern=PICK_PATTERN)]] = Field(
        min_length=1,
        description="Options to pick in order, 1-based as displayed. Add timing as in "
        "`--choices`: 3@i picks 3 while the customer is still speaking, 4@2.5 picks 4 two "
        "and a half seconds after they finished; a plain number is turn-based.",
    )
    seed: int = Field(
        0, ge=0, le=2**32 - 1, description="The seed for the customer's varied lines."
    )
    expect: Expect = Field(description="What the path must produce.")

    @field_validator("choices")
    @classmethod
    def _picks(cls, value: list[int | str]) -> list[int | str]:
        for choice in value:
            if isinstance(choice, str):
                parse_pick(choice)  # raises with the words a trainer needs
        return value

    def picks(self) -> list[Pick]:
        return [parse_pick(c) for c in self.choices]


class Scenario(Strict):
    """One scenario file."""

    # Where it was loaded from (not part of the format): for live reload and portraits.
    _source: Path | None = PrivateAttr(default=None)

    @property
    def source(self) -> Path | None:
        return self._source

    format: Literal[1] = Field(1, description="The file format version.")
    id: str = Field(
        pattern=r"^[a-z0-9][a-z0-9-]*$",
        description="Short name used on the command line: lowercase letters, digits, dashes.",
    )
    title: str = Field(description="The title shown in the scenario picker.")
    cause: Cause = Field(description="Why the customer complains: " + ", ".join(CAUSE_LABELS))
    setting: str = Field("", description="The industry or place: telecom, hotel, ...")
    summary: str = Field(description="What happened, as the ticket tells it.")
    difficulty: int = Field(ge=1, le=5, description="1 (gentle) to 5 (hardest).")
    learning_goals: list[str] = Field(
        default_factory=list, description="What a trainee practises here, one line each."
    )
    customer: Customer = Field(description="Who complains, how angry, and what they need.")
    authority: Authority = Field(
        default_factory=Authority, description="What the agent may do without a supervisor."
    )
    start: str = Field(description="The id of the first beat.")
    beats: dict[str, Beat] = Field(min_length=1, description="The decision points, by id.")
    reactions: dict[ReactionKind, Lines] = Field(
        default_factory=dict,
        description="Customer replies by kind of reaction, used when an option has no "
        "`reply`: " + ", ".join(REACTIONS) + ".",
    )
    endings: dict[EndingKind, Line] = Field(
        default_factory=dict, description="The customer's last line for each ending."
    )
    tests: list[SelfTest] = Field(default_factory=list, description="Self-tests for `validate`.")
