"""A conversation: a session you ``reset`` and ``step``, like a Gymnasium environment.

A front end drives a session the way a host drives an Ink or Yarn Spinner story: it reads
the customer's lines and the options, submits a choice with its timing, and receives
events (lines spoken, state changed, the ending). The session never reads a clock and
never calls a front end: timing is an input, randomness comes from one seeded NumPy
generator, so the same seed and the same choices give the same record, bit for bit.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from sim.model.epilogue import Epilogue, settle
from sim.model.rules import (
    TurnContext,
    apply_turn,
    automatic_ending,
    judge_close,
)
from sim.model.state import CustomerState
from sim.model.vocabulary import PERSONAS, Persona
from sim.scenario.models import Option, Scenario, line_text

# A conversation that goes round in circles this long ends with the customer hanging up.
MAX_TURNS = 60

_DEFAULTS = yaml.safe_load(
    (Path(__file__).resolve().parent / "scenario" / "default_lines.yaml").read_text("utf-8")
)


@dataclass(frozen=True)
class Timing:
    """How a reply came, as the front end measured it.

    ``interrupted``: picked while the customer was still speaking.
    ``delay``: seconds between the customer finishing and the pick; None in turn-based play.
    """

    interrupted: bool = False
    delay: float | None = None

    def to_dict(self) -> dict:
        return {"interrupted": self.interrupted, "delay": self.delay}

    @classmethod
    def from_dict(cls, data: dict | None) -> Timing:
        return cls(**data) if data else cls()


TURN_BASED = Timing()


# --- Events: what a front end receives --------------------------------------------------


@dataclass(frozen=True)
class Event:
    kind: str  # line | options | state | ending
    data: dict[str, Any] = field(default_factory=dict)


def _line(speaker: str, text: str, reaction: str | None = None) -> Event:
    return Event("line", {"speaker": speaker, "text": text, "reaction": reaction})


# --- The session ------------------------------------------------------------------------


class SessionError(Exception):
    """A front end asked for something the conversation cannot do (a bad option number...)."""


class Session:
    def __init__(self, scenario: Scenario):
        self.scenario = scenario
        self.persona: Persona = PERSONAS[scenario.customer.persona]
        self.seed: int | None = None
        self.rng = np.random.default_rng(0)
        self.state = self._initial_state()
        self.beat_id = scenario.start
        self.turns: list[dict[str, Any]] = []
        self.ending: str | None = None
        self.ending_reason = ""
        self.epilogue: Epilogue | None = None
        self.last_lines: list[str] = []

    # Gymnasium-style API ---------------------------------------------------------------

    def reset(self, seed: int | None = 0) -> list[Event]:
        """Start the conversation again from the first beat."""
        self.seed = seed
        self.rng = np.random.default_rng(seed)
        self.state = self._initial_state()
        self.beat_id = self.scenario.start
        self.turns = []
        self.ending = None
        self.ending_reason = ""
        self.epilogue = None
        opening = line_text(self.scenario.beats[self.beat_id].say, self.state.anger)
        self.last_lines = [opening]
        return [_line("customer", opening), self._options_event()]

    def step(self, choice: int, timing: Timing = TURN_BASED) -> list[Event]:
        """Pick option ``choice`` (0-based, in display order) with its timing."""
        if self.ending is not None:
            raise SessionError("the conversation has already ended")
        beat = self.scenario.beats[self.beat_id]
        if not 0 <= choice < len(beat.options):
            raise SessionError(
                f"option {choice + 1} does not exist here; pick 1 to {len(beat.options)}"
            )
        option = beat.options[choice]
        ctx = self.context(timing)
        before = self.state
        outcome = apply_turn(before, list(option.moves), ctx)
        self.state = outcome.state
        effects = list(outcome.effects)
        events: list[Event] = [_line("agent", option.text)]

        reply = self._reply(option, outcome.reaction, outcome.told_story_piece)
        lines = [reply] if reply else []
        ending = automatic_ending(self.state)
        reason = ""
        if ending:
            reason = (
                "anger reached its limit" if ending == "walked_out" else "their patience ran out"
            )
        elif option.end and outcome.reaction != "rushed":
            # A close brushed aside as too early does not end the call either.
            ending, reason = judge_close(self.state, option.end, outcome.moves, ctx)
        elif self.state.turn >= MAX_TURNS:
            ending, reason = "hung_up", "the conversation went round in circles"
        next_beat = self.beat_id
        # A fix brushed aside as too early does not move the conversation on.
        if not ending and outcome.reaction != "rushed":
            next_beat = option.next or beat.next or self.beat_id
            if next_beat != self.beat_id:
                lines.append(line_text(self.scenario.beats[next_beat].say, self.state.anger))

        turn = {
            "turn": len(self.turns) + 1,
            "beat": self.beat_id,
            "choice": choice + 1,
            "text": option.text,
            "moves": list(option.moves),
            "counted": list(outcome.moves),
            "timing": timing.to_dict(),
            "reaction": outcome.reaction,
            "customer": lines,
            "effects": [e.to_dict() for e in effects],
            "before": _gauges(before),
            "after": _gauges(self.state),
        }
        self.turns.append(turn)
        for text in lines:
            events.append(_line("customer", text, outcome.reaction))
        events.append(
            Event(
                "state",
                {"before": turn["before"], "after": turn["after"], "effects": effects},
            )
        )
        self.beat_id = next_beat
        self.last_lines = lines
        if ending:
            events.extend(self._finish(ending, reason, outcome.moves, ctx))
        else:
            events.append(self._options_event())
        return events

    # What a front end reads ------------------------------------------------------------

    @property
    def done(self) -> bool:
        return self.ending is not None

    @property
    def options(self) -> list[Option]:
        return [] if self.done else list(self.scenario.beats[self.beat_id].options)

    def context(self, timing: Timing = TURN_BASED) -> TurnContext:
        return TurnContext(
            persona=self.persona,
            legitimate=self.scenario.customer.legitimate,
            escalation_warranted=self.scenario.authority.escalation_warranted,
            interrupted=timing.interrupted,
            delay=timing.delay,
        )

    def quiet_option(self) -> int | None:
        """The reply that only listens (what Space does in the window), if this beat has one."""
        for index, option in enumerate(self.options):
            if "listen" in option.moves and set(option.moves) <= {"listen", "pause"}:
                return index
        return None

    @property
    def ended_well(self) -> bool:
        """Reached the best ending this complaint allows (resolution, or a dignified parting)."""
        best = "resolved" if self.scenario.customer.legitimate else "parted_ways"
        return self.ending == best

    def nudge_line(self) -> str:
        """What the customer says when a silence has gone on too long (no randomness used)."""
        lines = self._reaction_lines("dead_air")
        return line_text(lines[0], self.state.anger) if lines else ""

    def anger_curve(self) -> list[float]:
        return [self.scenario.customer.anger] + [t["after"]["anger"] for t in self.turns]

    def choices(self) -> list[int]:
        """The options picked so far, 1-based as displayed."""
        return [t["choice"] for t in self.turns]

    def timings(self) -> list[Timing]:
        return [Timing.from_dict(t["timing"]) for t in self.turns]

    # Save, restore, copy ---------------------------------------------------------------

    def save(self) -> dict[str, Any]:
        """Everything needed to continue this conversation later, as JSON-able data."""
        return {
            "scenario": self.scenario.id,
            "seed": self.seed,
            "rng": self.rng.bit_generator.state,
            "state": self.state.to_dict(),
            "beat": self.beat_id,
            "turns": copy.deepcopy(self.turns),
            "ending": self.ending,
            "ending_reason": self.ending_reason,
            "last_lines": list(self.last_lines),
        }

    @classmethod
    def restore(cls, scenario: Scenario, saved: dict[str, Any]) -> Session:
        if saved.get("scenario") != scenario.id:
            raise SessionError(
                f"this save belongs to scenario `{saved.get('scenario')}`, not `{scenario.id}`"
            )
        session = cls(scenario)
        session.seed = saved["seed"]
        session.rng.bit_generator.state = saved["rng"]
        session.state = CustomerState.from_dict(saved["state"])
        session.beat_id = saved["beat"]
        session.turns = copy.deepcopy(saved["turns"])
        session.last_lines = list(saved.get("last_lines", []))
        if saved.get("ending"):
            session.ending = saved["ending"]
            session.ending_reason = saved.get("ending_reason", "")
            session.epilogue = session._settle(session.ending)
        return session

    def clone(self) -> Session:
        """An independent copy, for looking ahead ("what if I picked this?")."""
        twin = Session.__new__(Session)
        twin.__dict__.update(self.__dict__)
        twin.rng = np.random.default_rng()
        twin.rng.bit_generator.state = self.rng.bit_generator.state
        twin.turns = list(self.turns)  # turn dicts are never mutated once written
        twin.last_lines = list(self.last_lines)
        return twin

    # Internals -------------------------------------------------------------------------

    def _initial_state(self) -> CustomerState:
        customer = self.scenario.customer
        return CustomerState.initial(
            self.persona, customer.anger, len(customer.story), customer.grievance
        )

    def _options_event(self) -> Event:
        return Event("options", {"options": [o.text for o in self.options]})

    def _pick(self, lines: list) -> str:
        if not lines:
            return ""
        chosen = lines[int(self.rng.integers(len(lines)))] if len(lines) > 1 else lines[0]
        return line_text(chosen, self.state.anger)

    def _reaction_lines(self, reaction: str) -> list:
        lines = self.scenario.reactions.get(reaction)
        if lines is None:
            lines = _DEFAULTS["reactions"].get(reaction, [])
        return lines if isinstance(lines, list) else [lines]

    def _reply(self, option: Option, reaction: str, story_piece: int | None) -> str:
        if reaction in ("interrupted", "rushed", "dead_air"):
            return self._pick(self._reaction_lines(reaction))
        if story_piece is not None:
            piece = self.scenario.customer.story[story_piece]
            already = any(piece in line for t in self.turns for line in t["customer"])
            if already:  # passed on or cut off: they have to say it again
                piece = f"{self._pick(self._reaction_lines('retell'))} {piece}"
            if option.reply is not None:  # a question answered, then more of the story
                return f"{line_text(option.reply, self.state.anger)} {piece}"
            return piece
        if option.reply is not None:
            return line_text(option.reply, self.state.anger)
        return self._pick(self._reaction_lines(reaction))

    def _settle(self, ending: str) -> Epilogue:
        moves_used = {m for t in self.turns for m in t["counted"]}
        return settle(self.state, ending, self.anger_curve(), moves_used, self.context())

    def _finish(self, ending: str, reason: str, moves: tuple[str, ...], ctx) -> list[Event]:
        self.ending = ending
        self.ending_reason = reason
        self.epilogue = self._settle(ending)
        farewell = self.scenario.endings.get(ending) or _DEFAULTS["endings"][ending]
        text = line_text(farewell, self.state.anger)
        self.last_lines = [*self.last_lines, text]
        return [
            _line("customer", text, "ending"),
            Event("ending", {"ending": ending, "reason": reason, "epilogue": self.epilogue}),
        ]


def _gauges(state: CustomerState) -> dict[str, float]:
    return {
        "anger": round(state.anger, 3),
        "trust": round(state.trust, 3),
        "heard": round(state.heard, 3),
        "patience": round(state.patience, 3),
        "story_left": state.story_left,
    }
