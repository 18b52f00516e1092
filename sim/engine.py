"""A conversation: a session you ``reset`` and ``step``, like a Gymnasium environment.

A front end drives a session the way a host drives an Ink or Yarn Spinner story: it reads
the customer's lines and the options, submits a choice with its timing, and receives
events (lines spoken, state changed, the ending). The session never reads a clock and
never calls a front end: timing is an input, randomness comes from one seeded NumPy
generator, so the same seed and the same choices give the same record, bit for bit.
"""

from __future__ import annotations

import copy
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from sim.model.arrays import build
from sim.model.endings import (
    ENDING_CODE,
    ENDINGS,
    NO_ENDING,
    after_reply,
    automatic_ending,
    close_reason,
)
from sim.model.epilogue import Epilogue, settle
from sim.model.rules import TurnContext, TurnOutcome, apply_silence, apply_turn
from sim.model.state import CustomerBatch, CustomerState
from sim.model.timing import TURN_BASED, Timing
from sim.model.turn import Gauges, Turn
from sim.model.vocabulary import PERSONAS, Persona
from sim.paths import read_data
from sim.scenario.models import Option, Scenario, line_text

_DEFAULTS = read_data(Path(__file__).resolve().parent / "scenario" / "default_lines.yaml")
# How far a silence went before the reply: each level brings its own prompt, said once.
_SILENCE_LEVEL = {None: 0, "dead_air": 1, "pressing": 2}


# --- Events: what a front end receives --------------------------------------------------


@dataclass(frozen=True)
class Event:
    kind: str  # line | options | state | ending
    data: dict[str, Any] = field(default_factory=dict)


def _event(kind: str, data: dict[str, Any]) -> Event:
    """``Event(kind, data)``, without the frozen __init__: a step sends four or five."""
    return build(Event, {"kind": kind, "data": data})


def _line(speaker: str, text: str, reaction: str | None = None) -> Event:
    return _event("line", {"speaker": speaker, "text": text, "reaction": reaction})


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
        self.turns: list[Turn] = []
        self._last_state: CustomerState | None = None  # the state the last turn left
        self.ending: str | None = None
        self.ending_reason = ""
        self.truncated = False  # stopped at MAX_TURNS rather than ended by anyone
        self.epilogue: Epilogue | None = None
        self.last_lines: list[str] = []
        self._silence = _Silence(self.state)
        self._turn_based: TurnContext | None = None

    # Gymnasium-style API ---------------------------------------------------------------

    def reset(self, seed: int | None = 0) -> list[Event]:
        """Start the conversation again from the first beat."""
        self.seed = seed
        self.rng = np.random.default_rng(seed)
        self.state = self._initial_state()
        self.beat_id = self.scenario.start
        self.turns = []
        self._last_state = None
        self.ending = None
        self.ending_reason = ""
        self.truncated = False
        self.epilogue = None
        self._silence = _Silence(self.state)
        opening = line_text(self.scenario.beats[self.beat_id].say, self.state.anger)
        self.last_lines = [opening]
        return [_line("customer", opening), self._options_event()]

    def step(self, choice: int, timing: Timing = TURN_BASED) -> list[Event]:
        """Pick option ``choice`` (0-based, in display order) with its timing. In real time
        ``timing.delay`` is the whole silence since the customer finished, including what
        :meth:`wait` has already played out."""
        if self.ending is not None:
            raise SessionError("the conversation has already ended")
        beat = self.scenario.beats[self.beat_id]
        if not 0 <= choice < len(beat.options):
            raise SessionError(
                f"option {choice + 1} does not exist here; pick 1 to {len(beat.options)}"
            )
        option = beat.options[choice]
        ctx = self.context(timing)
        warranted = ctx.escalation_warranted or option.needs_supervisor
        silence = self._silence
        outcome = apply_turn(silence.start, list(option.moves), ctx, warranted, silence.held)
        if outcome.gone:  # they hung up in the silence: the reply was never said
            return self._end_in_silence(outcome, timing)
        events = self._prompts(outcome.silence)
        prompts = list(self._silence.said)  # said live by wait(), or just now
        events.append(_line("agent", option.text))
        before = self._silence.start
        self.state = outcome.state

        reply = self._reply(option, outcome.reaction, outcome.told_story_piece)
        lines = [reply] if reply else []
        requested = ENDING_CODE[option.end] if option.end else NO_ENDING
        close = after_reply(
            self.state,  # it reads only fields a state and a batch of one share
            requested,
            outcome.rushed,
            "pass_buck" in outcome.moves,
            ctx,
        )
        ending = None if close.ending == NO_ENDING else ENDINGS[close.ending]
        reason = close_reason(close.reason, self.state, ctx) if ending else ""
        self.truncated = bool(close.truncated)
        next_beat = beat.after(option, self.beat_id) if close.moves_on else self.beat_id
        if next_beat != self.beat_id:
            lines.append(line_text(self.scenario.beats[next_beat].say, self.state.anger))

        turn = self._record(choice + 1, option, outcome, timing, prompts, lines, before)
        for text in lines:
            events.append(_line("customer", text, outcome.reaction))
        events.append(self._state_event(turn, outcome))
        self.beat_id = next_beat
        self.last_lines = lines
        self._silence = _Silence(self.state, outcome.held)
        if ending:
            events.extend(self._finish(ending, reason))
        else:
            events.append(self._options_event())
        return events

    def wait(self, seconds: float) -> list[Event]:
        """The customer has finished and ``seconds`` more pass with no answer (real time).
        Past a few seconds it is dead air: they prompt you, then press harder, patience
        drains and anger creeps up, and at last they hang up. The state shown meanwhile is
        exactly what the next :meth:`step` will record for the same total silence."""
        if self.ending is not None or not seconds > 0:
            return []
        silence = self._silence
        silence.waited = min(silence.waited + float(seconds), 10 * 3600.0)
        shown_before = self.state.shown()
        start = CustomerBatch.one(silence.start) if silence.held is None else silence.held
        single, dead_air, pressed = apply_silence(start, silence.waited, self.context())
        counts = dict(silence.start.counts)
        if dead_air:
            counts["dead_air"] = counts.get("dead_air", 0) + 1
        self.state = single.to_state(counts)
        events = self._prompts("pressing" if pressed else "dead_air" if dead_air else None)
        if automatic_ending(self.state):
            outcome = apply_turn(silence.start, [], self.context(Timing(delay=silence.waited)))
            return events + self._end_in_silence(outcome, Timing(delay=silence.waited))
        if events or self.state.shown() != shown_before:
            events.append(
                Event(
                    "state",
                    {
                        "before": Gauges.of(silence.start).to_dict(),
                        "after": Gauges.of(self.state).to_dict(),
                    },
                )
            )
        return events

    # What a front end reads ------------------------------------------------------------

    @property
    def done(self) -> bool:
        return self.ending is not None

    @property
    def options(self) -> list[Option]:
        return [] if self.done else list(self.scenario.beats[self.beat_id].options)

    @property
    def waited(self) -> float:
        """Seconds of silence since the customer finished, as played out by :meth:`wait`."""
        return self._silence.waited

    def context(self, timing: Timing = TURN_BASED) -> TurnContext:
        if not timing.timed:  # turn-based play: the same context every turn, made once
            if self._turn_based is None:
                self._turn_based = self._context(TURN_BASED)
            return self._turn_based
        return self._context(timing)

    def _context(self, timing: Timing) -> TurnContext:
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
        return self.ending == ("resolved" if self.context().resolvable else "parted_ways")

    @property
    def timed(self) -> bool:
        """Played in real time: some reply carried its timing (turn-based play carries none)."""
        return any(t.timing.timed for t in self.turns)

    def anger_curve(self) -> list[float]:
        return [self.scenario.customer.anger] + [t.after.anger for t in self.turns]

    def choices(self) -> list[int | None]:
        """The options picked so far, 1-based as displayed (None: a silence that ended it)."""
        return [t.choice for t in self.turns]

    def timings(self) -> list[Timing]:
        return [t.timing for t in self.turns]

    def replay(self, turns: int | None = None) -> Session:
        """A fresh session with the same seed and the first ``turns`` turns played again."""
        twin = Session(self.scenario)
        twin.reset(self.seed)
        for turn in self.turns[:turns]:
            if turn.choice is None:
                twin.wait(turn.timing.delay or 0.0)
            else:
                twin.step(turn.choice - 1, turn.timing)
        return twin

    # Save, restore, copy ---------------------------------------------------------------

    def save(self) -> dict[str, Any]:
        """Everything needed to continue this conversation later, as JSON-able data."""
        return {
            "scenario": self.scenario.id,
            "seed": self.seed,
            "rng": self.rng.bit_generator.state,
            "state": self._silence.start.to_dict(),
            "waited": self._silence.waited,
            "prompted": self._silence.prompted,
            "said": list(self._silence.said),
            "beat": self.beat_id,
            "turns": [t.to_dict() for t in self.turns],
            "ending": self.ending,
            "ending_reason": self.ending_reason,
            "truncated": self.truncated,
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
        session._silence = _Silence(session.state)
        session.beat_id = saved["beat"]
        session.turns = [Turn.from_dict(t) for t in saved["turns"]]
        session.last_lines = list(saved.get("last_lines", []))
        if saved.get("ending"):
            session.ending = saved["ending"]
            session.ending_reason = saved.get("ending_reason", "")
            session.truncated = bool(saved.get("truncated", False))
            session.epilogue = session._settle(session.ending)
        elif saved.get("waited"):  # a silence was going on: play it out again, quietly
            session._silence.prompted = saved.get("prompted", 0)
            session._silence.said = list(saved.get("said", []))
            session.wait(saved["waited"])
        return session

    def clone(self) -> Session:
        """An independent copy, for looking ahead ("what if I picked this?")."""
        twin = Session.__new__(Session)
        twin.__dict__.update(self.__dict__)
        twin.rng = np.random.default_rng()
        twin.rng.bit_generator.state = self.rng.bit_generator.state
        twin.turns = list(self.turns)  # turns are frozen: the copies share them
        twin.last_lines = list(self.last_lines)
        twin._silence = copy.deepcopy(self._silence)
        return twin

    # Internals -------------------------------------------------------------------------

    def _initial_state(self) -> CustomerState:
        customer = self.scenario.customer
        return CustomerState.initial(
            self.persona, customer.anger, len(customer.story), customer.grievance
        )

    def _options_event(self) -> Event:
        # Read straight from the beat: the ``options`` property copies the list for callers.
        options = self.scenario.beats[self.beat_id].options
        return _event("options", {"options": [o.text for o in options]})

    def _state_event(self, turn: Turn, outcome: TurnOutcome) -> Event:
        return _event(
            "state",
            {
                "before": turn.before.to_dict(),
                "after": turn.after.to_dict(),
                "effects": outcome.effects,  # worded when read
            },
        )

    def _record(
        self,
        choice: int | None,
        option: Option | None,
        outcome: TurnOutcome,
        timing: Timing,
        prompts: list[str],
        customer: list[str],
        before: CustomerState,
    ) -> Turn:
        """Keep the turn just played (``option`` None: a silence that ended the call)."""
        last = self.turns[-1] if self.turns else None
        # The turn starts where the last one left the customer, unless a silence came between.
        before_gauges = last.after if last and before is self._last_state else Gauges.of(before)
        # Built as Turn(...) would, without its frozen __init__ (a game turn makes one).
        turn = build(
            Turn,
            {
                "number": len(self.turns) + 1,
                "beat": self.beat_id,
                "choice": choice,
                "text": option.text if option else "",
                "authored_moves": tuple(option.moves) if option else (),
                "counted_moves": tuple(outcome.moves),
                "timing": timing,
                "reaction": outcome.reaction,
                "prompts": tuple(prompts),
                "customer": tuple(customer),
                "effects": outcome.effects.kept(),
                "before": before_gauges,
                "after": Gauges.of(outcome.state),
            },
        )
        self.turns.append(turn)
        self._last_state = outcome.state
        return turn

    def _prompts(self, silence: str | None) -> list[Event]:
        """The customer's lines when the answer doesn't come: a prompt at the first long
        silence, a harder push later; each said once a turn, whether live or replayed."""
        reached = _SILENCE_LEVEL[silence]
        if reached <= self._silence.prompted:  # most turns: no silence worth a prompt
            return []
        events = []
        for level, reaction in ((1, "dead_air"), (2, "pressing")):
            if self._silence.prompted < level <= reached:
                text = self._pick(self._reaction_lines(reaction))
                if text:
                    events.append(_line("customer", text, reaction))
                    self._silence.said.append(text)
                self._silence.prompted = level
        return events

    def _end_in_silence(self, outcome: TurnOutcome, timing: Timing) -> list[Event]:
        """The silence ended the call before any reply: a turn with no choice, then the end."""
        events = self._prompts(outcome.silence)
        self.state = outcome.state
        said = list(self._silence.said)
        turn = self._record(None, None, outcome, timing, said, [], self._silence.start)
        events.append(self._state_event(turn, outcome))
        self.last_lines = said
        ending = automatic_ending(self.state) or "hung_up"
        reason = (
            "they gave up waiting for an answer"
            if ending == "hung_up"
            else "the silence pushed their anger to its limit"
        )
        return events + self._finish(ending, reason)

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
        if reaction in ("interrupted", "rushed", "unheard"):
            return self._pick(self._reaction_lines(reaction))
        if story_piece is not None:
            piece = self.scenario.customer.story[story_piece]
            already = any(piece in line for t in self.turns for line in t.customer)
            if already:  # passed on or cut off: they have to say it again
                piece = f"{self._pick(self._reaction_lines('retell'))} {piece}"
            # A question gets its own answer before more of the story; silence gets none.
            quiet = set(option.moves) <= {"listen", "pause"}
            if option.reply is not None and not quiet:
                return f"{line_text(option.reply, self.state.anger)} {piece}"
            return piece
        if option.reply is not None:
            return line_text(option.reply, self.state.anger)
        return self._pick(self._reaction_lines(reaction))

    def _settle(self, ending: str) -> Epilogue:
        moves_used = Counter(m for t in self.turns for m in t.counted_moves)
        return settle(self.state, ending, self.anger_curve(), moves_used, self.context())

    def leave(self) -> list[Event]:
        """The trainee leaves mid-call (`q` in the terminal): the call ends unresolved, so
        the debrief of the turns so far can be built."""
        if self.done:
            return []
        return self._finish("unresolved", "you left the call before it ended")

    def _finish(self, ending: str, reason: str) -> list[Event]:
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


@dataclass
class _Silence:
    """The silence of the current turn: the state when it began, the seconds it has lasted
    and how far the customer has prompted (1: once, 2: pressing harder)."""

    start: CustomerState
    held: CustomerBatch | None = None  # start as the rule holds it, when a turn left it so
    waited: float = 0.0
    prompted: int = 0
    said: list[str] = field(default_factory=list)  # the prompts, as said
