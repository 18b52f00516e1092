"""A workshop played through by a room, step by step: which scenario, which group, the
current conversation, the vote round, the debrief's phase.

The window's class screens drive this (the terminal keeps its own loop); it does no I/O
except storing each finished group's run in the results store, like a player's. Time comes
from the clock passed in, so a scripted class is the same on every machine.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from sim.classroom.debrief import PlusDelta, class_debrief
from sim.classroom.session import ClassError, ClassSession, Decision
from sim.classroom.votes import VoteBox
from sim.classroom.workshop import LoadedWorkshop
from sim.records.results import save_run

STAGES = ("call", "ended", "debrief", "over")


class ClassFlow:
    def __init__(
        self,
        workshop: LoadedWorkshop,
        box: VoteBox,
        clock: Callable[[], float],
        *,
        mode: str | None = None,
        teams: int | None = None,
        seed: int = 0,
        facilitator: str = "",
        keep_runs: bool = True,
    ):
        self.workshop = workshop
        self.box = box
        self.clock = clock
        self.mode = mode
        self.teams = teams or workshop.workshop.teams
        self.seed = seed
        self.facilitator = facilitator
        self.keep_runs = keep_runs
        self.notices: list[str] = []
        self.class_id = f"{time.strftime('%Y-%m-%d %H:%M')} {workshop.workshop.title}"
        self.index = 0
        self.stage = "call"
        self.finished: list[ClassSession] = []  # this scenario's groups that have played
        self.plus_delta = PlusDelta()
        self.phase = 0
        self.rounds = 0  # every round opened gets a new number, so phones never mix them up
        self.countdown_end: float | None = None
        self.tally: list[int] = []  # a show of hands being typed in
        self.last: Decision | None = None
        self._paused_at: set[tuple[int, str]] = set()
        self._started = time.time()
        self.run = self._new_run(1)
        self.open_round()

    # Where the workshop is -----------------------------------------------------------------

    def mode_for(self, index: int) -> str:
        return self.mode or self.workshop.mode_for(index)

    @property
    def needs_votes(self) -> bool:
        """Whether any scenario of the workshop is decided by phone votes (a server is needed)."""
        return any(self.mode_for(i) == "vote" for i in range(len(self.workshop.scenarios)))

    @property
    def groups(self) -> int:
        return self.workshop.workshop.scenarios[self.index].groups

    @property
    def is_last(self) -> bool:
        return self.index + 1 >= len(self.workshop.scenarios)

    def _new_run(self, group: int) -> ClassSession:
        self._started = time.time()
        self.last = None
        scenario = self.workshop.scenarios[self.index]
        return ClassSession(scenario, self.mode_for(self.index), self.teams, self.seed, group)

    # One turn --------------------------------------------------------------------------------

    def open_round(self) -> None:
        """Start deciding the current turn: a vote, a team's countdown or a fresh tally.
        At a pause point of the scenario's script the session pauses first (once a beat)."""
        run = self.run
        self.countdown_end = None
        self.tally = [0] * len(run.session.options)
        if run.done:
            return
        w = self.workshop.workshop
        view = run.projector()
        if run.mode == "vote":
            self.rounds += 1
            self.box.open_round(
                self.rounds,
                view["customer"],
                view["options"],
                seconds=w.vote_seconds,
                prompt=view["prompt"],
            )
            self.countdown_end = self.clock() + w.vote_seconds
        elif run.mode == "teams":
            self.countdown_end = self.clock() + w.discussion_seconds
        key = (run.group, run.session.beat_id)  # a beat may last several turns: pause once
        if run.pause_point and key not in self._paused_at:
            self._paused_at.add(key)
            run.paused = True

    def seconds_left(self) -> int | None:
        if self.countdown_end is None:
            return None
        return max(0, round(self.countdown_end - self.clock()))

    def votes_in(self) -> int:
        view = self.box.view()
        return view["votes_in"] if view.get("open") else 0

    def lock_and_play(self) -> Decision:
        """PageDown: in a vote, lock it and play the winner; in a tally, play the typed
        counts. Elsewhere a reply is picked by its number."""
        run = self.run
        if run.mode == "vote" and not any(self.tally):
            if run.paused:
                raise ClassError("the session is paused; resume it first")
            if not self.votes_in():
                raise ClassError("no votes yet: wait, or type a show of hands (T)")
            return self._played(run.decide(self.box.lock()))
        if run.mode in ("vote", "tally"):
            return self._played(run.decide(list(self.tally)))
        raise ClassError("type the number of the reply to play")

    def pick(self, choice: int) -> Decision:
        """The hot seat's pick, a team's answer, or the facilitator's own choice."""
        return self._played(self.run.choose(choice))

    def type_count(self, option: int, digit: int) -> None:
        """A show of hands typed in: one more digit on one reply's count (at most 999)."""
        if not 0 <= option < len(self.tally):
            raise ClassError(f"there are {len(self.tally)} replies")
        self.tally[option] = (self.tally[option] * 10 + digit) % 1000

    def _played(self, decision: Decision) -> Decision:
        self.last = decision
        self.box.reveal()  # the round is decided: its tally may be shown
        if self.run.done:
            self._keep(self.run)
            self.finished.append(self.run)
            self.stage = "ended"
        else:
            self.open_round()
        return decision

    def rewind(self) -> None:
        if self.stage != "call":
            raise ClassError("the call has ended; rewind during the call")
        self.run.rewind()
        self.last = None
        self.open_round()

    def toggle_reveal(self) -> bool:
        shown = self.run.toggle_reveal()
        if shown:
            self.box.reveal()
        return shown

    def _keep(self, run: ClassSession) -> None:
        """The group's run goes into the results store before its debrief. The group, not
        a person, is the learner: the room decided together."""
        if not self.keep_runs:
            return
        group = f"group {run.group}"
        save_run(
            {**run.record(), "player": group},
            run.scenario,
            learner=group,
            started_at=self._started,
            notices=self.notices,
            group=group,
            session=self.class_id,
            facilitator=self.facilitator,
            source="class",
        )

    # Between calls -------------------------------------------------------------------------

    def next_group_or_debrief(self) -> None:
        """After a call ends: the next group plays the same scenario, or the debrief starts."""
        if self.stage != "ended":
            raise ClassError("the call has not ended yet")
        if len(self.finished) < self.groups:
            self.run = self._new_run(len(self.finished) + 1)
            self.stage = "call"
            self.open_round()
        else:
            self.stage = "debrief"
            self.phase = 0

    def debrief(self) -> dict[str, Any]:
        return class_debrief(self.finished, list(self.workshop.workshop.goals), self.plus_delta)

    def next_scenario(self) -> None:
        """After the debrief: the workshop's next scenario, or the end of the workshop."""
        if self.is_last:
            self.stage = "over"
            self.box.close()
            return
        self.index += 1
        self.finished = []
        self.plus_delta = PlusDelta()
        self.phase = 0
        self.stage = "call"
        self.run = self._new_run(1)
        self.open_round()
