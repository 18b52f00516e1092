"""A class session: the engine's Session driven by a room instead of one player.

It adds what a facilitator needs around the conversation: four ways to decide a turn,
pause and resume, rewind one turn, bookmarks, and a reveal layer. What it offers the
projector never carries a name or an individual's score: a hot seat volunteer's score is
never shown there, and votes are counts, not voters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sim.classroom.thinking import thinking_line
from sim.engine import Event, Session, SessionError
from sim.records.record import build_record
from sim.scenario.models import Facilitator, Scenario

MODES = ("vote", "teams", "hot_seat", "tally")


class ClassError(SessionError):
    """The facilitator asked for something the class session cannot do right now."""


@dataclass(frozen=True)
class Bookmark:
    turn: int  # turns played when it was dropped (0: the opening)
    label: str
    saved: dict[str, Any]  # the conversation at that moment, to jump back to it


@dataclass(frozen=True)
class Decision:
    """How the room decided one turn: the counts (if any), who decided, what won."""

    turn: int
    choice: int  # 0-based
    mode: str
    tally: tuple[int, ...] = ()
    team: int | None = None  # 1-based, in teams mode
    tied: tuple[int, ...] = ()  # the options that drew, when the facilitator broke a tie


@dataclass
class ClassSession:
    scenario: Scenario
    mode: str = "vote"
    teams: int = 3
    seed: int = 0
    group: int = 1  # which group is playing (several groups may play the same scenario)
    session: Session = field(init=False)
    paused: bool = False
    revealed: bool = False
    bookmarks: list[Bookmark] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)  # the latest events, for the screen
    # The finished conversation's record and the session it is of (see record()).
    _built: tuple[Session, dict[str, Any]] | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ClassError(f"unknown mode `{self.mode}`; use one of {', '.join(MODES)}")
        if self.mode == "teams" and not 2 <= self.teams <= 6:
            raise ClassError("teams mode needs 2 to 6 teams")
        self.session = Session(self.scenario)
        self.events = self.session.reset(self.seed)

    # What the room sees ------------------------------------------------------------------

    @property
    def done(self) -> bool:
        return self.session.done

    @property
    def turn(self) -> int:
        return len(self.session.turns)

    @property
    def team(self) -> int | None:
        """The team (1-based) whose turn it is to decide, in teams mode."""
        return self.turn % self.teams + 1 if self.mode == "teams" else None

    @property
    def notes(self) -> Facilitator | None:
        if self.done:
            return None
        return self.scenario.beats[self.session.beat_id].facilitator

    @property
    def pause_point(self) -> bool:
        notes = self.notes
        return bool(notes and notes.pause)

    def projector(self) -> dict[str, Any]:
        """Everything the projector shows now. Gauges and the thinking line only when
        revealed; never a name, never a score (the score comes in the debrief)."""
        notes = self.notes
        view: dict[str, Any] = {
            "title": self.scenario.title,
            "group": self.group,
            "turn": self.turn + 1,
            "customer": list(self.session.last_lines),
            "options": [o.text for o in self.session.options],
            "prompt": notes.prompt if notes and notes.prompt else "",
            "paused": self.paused,
            "mode": self.mode,
            "team": self.team,
            "done": self.done,
            "revealed": self.revealed,
        }
        if self.revealed:
            view["gauges"] = self.session.state.shown()
            view["thinking"] = thinking_line(self.session.state)
        return view

    # Deciding a turn ---------------------------------------------------------------------

    def decide(self, tally: list[int], tie_break: int | None = None) -> Decision:
        """Play the reply with the most votes (vote, teams or tally). On a draw the
        facilitator's ``tie_break`` wins if it is among the tied, else the first of them."""
        options = self.session.options
        if len(tally) != len(options) or any(n < 0 for n in tally):
            raise ClassError(f"give one count (0 or more) for each of the {len(options)} replies")
        if not any(tally):
            raise ClassError("no votes yet: wait, or type a tally")
        best = max(tally)
        tied = tuple(i for i, n in enumerate(tally) if n == best)
        choice = tie_break if tie_break in tied else tied[0]
        return self._play(choice, tuple(tally), tied if len(tied) > 1 else ())

    def choose(self, choice: int) -> Decision:
        """The hot seat's pick (or the facilitator's, for a team that decided aloud)."""
        if not 0 <= choice < len(self.session.options):
            raise ClassError(f"pick a reply from 1 to {len(self.session.options)}")
        return self._play(choice, (), ())

    def _play(self, choice: int, tally: tuple[int, ...], tied: tuple[int, ...]) -> Decision:
        if self.paused:
            raise ClassError("the session is paused; resume it first")
        if self.done:
            raise ClassError("the conversation has ended")
        decision = Decision(self.turn + 1, choice, self.mode, tally, self.team, tied)
        self.events = self.session.step(choice)
        self.decisions.append(decision)
        return decision

    # The facilitator's controls ----------------------------------------------------------

    def toggle_pause(self) -> bool:
        self.paused = not self.paused
        return self.paused

    def toggle_reveal(self) -> bool:
        self.revealed = not self.revealed
        return self.revealed

    def record(self) -> dict[str, Any]:
        """The finished conversation's run record (no player named), built once: it is kept
        in the results and shown in every phase of the debrief, for every group, and
        building it searches for better replies at each turn (about half a second)."""
        if self._built is None or self._built[0] is not self.session:
            self._built = (self.session, build_record(self.session))
        return self._built[1]

    def rewind(self) -> None:
        """Take back the last turn and try again: the same customer, the same lines."""
        if not self.session.turns:
            raise ClassError("nothing to rewind: no reply has been played yet")
        self.session = self.session.replay(self.turn - 1)
        self.decisions = self.decisions[: self.turn]
        self.events = []

    def bookmark(self, label: str = "") -> Bookmark:
        mark = Bookmark(self.turn, label or f"Turn {self.turn + 1}", self.session.save())
        self.bookmarks.append(mark)
        return mark

    def at_bookmark(self, index: int) -> dict[str, Any]:
        """The moment a bookmark was dropped, as the projector showed it (for the debrief)."""
        if not 0 <= index < len(self.bookmarks):
            raise ClassError(f"no bookmark {index + 1}; there are {len(self.bookmarks)}")
        mark = self.bookmarks[index]
        then = Session.restore(self.scenario, mark.saved)
        return {
            "label": mark.label,
            "turn": mark.turn + 1,
            "customer": list(then.last_lines),
            "options": [o.text for o in then.options],
            "gauges": then.state.shown(),
            "thinking": thinking_line(then.state),
        }
