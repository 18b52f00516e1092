"""One call as the window plays it: the core Session, the reply clock and the run record.

The conversation screen drives a SessionHost and lays out and draws from the Events it
returns. The host steps the session, advances the clock with the frame's dt, keeps the run
(the results store, the personal best) and reloads the scenario file when it changes. No
pygame here: time comes in as seconds, and what the player sees is the screen's business.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sim.engine import Event, Session
from sim.records.record import build_record
from sim.records.userdata import Settings
from sim.scenario.models import Scenario
from sim.scoring.debrief import turn_feedback
from sim.ui.timing import CHARS_PER_SECOND, ReplyClock

WATCH_EVERY = 0.5  # seconds between looks at the scenario file (a trainer editing it)


@dataclass
class Reloaded:
    """What reloading the scenario file came to."""

    scenario: Scenario | None = None  # the file as it loads now (None: it no longer loads)
    problems: list[str] = field(default_factory=list)  # why it no longer loads
    goes_on: bool = False  # the call carries on from its beat (else it must start again)


class SessionHost:
    def __init__(
        self,
        scenario: Scenario,
        seed: int,
        settings: Settings,
        *,
        keep_score: Callable[[Scenario, int, str], bool],
        notices: list[str],
        resume: Session | None = None,
        branch: bool = False,
    ):
        self.scenario = scenario
        self.seed = seed
        self.settings = settings  # the player's, read when used: they may change mid-call
        self.keep_score = keep_score  # keeps a finished run's score; True for a new best
        self.notices = notices  # where a results store that cannot be written is reported
        self.branch = branch  # a "what if" on a past call: practice, not a run of its own
        self.session = resume if resume is not None else Session(scenario)
        self.clock = ReplyClock(real_time=settings.real_time, speed=settings.text_speed)
        self._record: dict | None = None  # the run record, once the call has ended
        self._new_best = False
        # The record is built on a worker thread: scoring, the debrief and its "say this
        # instead" search take 50-800 ms, and the frame that shows the last reply should not
        # wait for them. Kept (results, best score) on the game's thread once it is done.
        self._building: threading.Thread | None = None
        self._built: dict | BaseException | None = None
        self.started_at = time.time()  # for the results store
        self.kept = False  # stored in the results already
        self.watch_path: Path | None = scenario.source
        self.watch_mtime = self._mtime()
        self.watch_timer = 0.0

    # the call --------------------------------------------------------------------------

    def start(self) -> list[Event]:
        """The call from its first beat: the customer's opening and the replies."""
        self._settle()  # a record still being built reads the session: finished first
        return self.session.reset(self.seed)

    def tick(self, dt: float) -> list[Event]:
        """Time passes on the clock; in real time a silence makes the customer react."""
        silence = self.clock.tick(dt)
        if silence > 0 and not self.session.done:
            return self._kept(self.session.wait(silence))
        return []

    def can_pick(self, index: int) -> bool:
        return not self.session.done and index < len(self.session.options)

    @property
    def interrupting(self) -> bool:
        """A reply picked now would cut the customer off mid-line."""
        return self.clock.timing_for_pick().interrupted

    def pick(self, index: int) -> list[Event]:
        """Reply ``index`` now, timed by the clock (an interruption cuts the line short)."""
        timing = self.clock.timing_for_pick()
        if timing.interrupted or not self.clock.real_time:
            self.clock.finish_speaking()
        return self._kept(self.session.step(index, timing))

    def quiet_option(self) -> int | None:
        return self.session.quiet_option()

    def customer_says(self, text: str) -> float:
        """The line is shown: the clock counts it as spoken; returns seconds per letter
        (the pace the words appear at)."""
        self.clock.customer_says(text)
        return 1.0 / (CHARS_PER_SECOND * self.clock.speed)

    def last_feedback(self) -> str | None:
        """One line on the last reply (None before the first)."""
        return turn_feedback(self.session.turns[-1])["text"] if self.session.turns else None

    # what the screen shows ------------------------------------------------------------

    @property
    def options(self) -> list[str]:
        return [o.text for o in self.session.options]

    @property
    def anger(self) -> float:
        return self.session.state.anger

    @property
    def trust(self) -> float:
        return self.session.state.trust

    @property
    def patience(self) -> float:
        return self.session.state.patience

    @property
    def done(self) -> bool:
        return self.session.done

    @property
    def ending(self) -> str | None:
        return self.session.ending

    @property
    def ended_well(self) -> bool:
        return self.session.ended_well

    @property
    def speaking(self) -> bool:
        return self.clock.speaking

    @property
    def real_time(self) -> bool:
        return self.clock.real_time

    @property
    def paused(self) -> bool:
        return self.clock.paused

    @paused.setter
    def paused(self, paused: bool) -> None:
        """The call waits (the pause menu, the guided tour): no silence is counted."""
        self.clock.paused = paused

    # the record ------------------------------------------------------------------------

    def _kept(self, events: list[Event]) -> list[Event]:
        """At the end of the call: the run record is started (see __init__)."""
        if any(event.kind == "ending" for event in events):
            self._building = threading.Thread(target=self._build, name="defuse-record")
            self._building.daemon = True
            self._building.start()
        return events

    def _build(self) -> None:
        """On the worker: the record, into the results store (30 ms of SQLite) and the best
        score kept (its file written): nothing on the game's thread reads either until the
        call is left, which waits for this (see _settle)."""
        try:
            record = build_record(self.session, self.settings.player)
            self._store(record)
            # A "what if" branch is practice on a past call, not a new best.
            self._new_best = not self.branch and self.keep_score(
                self.scenario, record["score"], record["grade"]
            )
            self._built = record
        except BaseException as exc:  # raised again on the game's thread, where it is seen
            self._built = exc

    @property
    def finishing(self) -> bool:
        """The call has ended and its record is still being built."""
        return self._building is not None

    def update(self) -> None:
        """Each frame: a record the worker has finished is kept, without waiting for it."""
        if self._building is not None and not self._building.is_alive():
            self._settle()

    def _settle(self) -> None:
        """The finished record, published to the game's thread (waiting for it if need be)."""
        building, self._building = self._building, None
        if building is None:
            return
        building.join()
        built, self._built = self._built, None
        if isinstance(built, BaseException):
            raise built
        self._record = built

    @property
    def record(self) -> dict | None:
        """The run record once the call has ended (waiting for the worker if it must)."""
        self._settle()
        return self._record

    @property
    def new_best(self) -> bool:
        self._settle()
        return self._new_best

    def keep_run(self) -> None:
        """Into the results store: a finished run before its debrief, or one left midway.
        A "what if" branch is practice on a past call, not a run of its own."""
        self._settle()
        if self.branch or self.kept or (self._record is None and not self.session.turns):
            return
        from sim.records.results import abandoned_record

        self._store(self._record or abandoned_record(self.session, self.settings.player))

    def _store(self, record: dict) -> None:
        if self.branch or self.kept:
            return
        from sim.records.results import save_run

        save_run(
            record,
            self.scenario,
            learner=self.settings.player,
            started_at=self.started_at,
            notices=self.notices,  # a store that cannot be written: said on the menu
        )
        self.kept = True

    # live reload -----------------------------------------------------------------------

    def _mtime(self) -> float | None:
        try:
            return self.watch_path.stat().st_mtime if self.watch_path else None
        except OSError:
            return None

    def file_changed(self, dt: float) -> bool:
        """Looked at every half second: the scenario file was saved since it was loaded."""
        self.watch_timer += dt
        if self.watch_timer < WATCH_EVERY:
            return False
        self.watch_timer = 0.0
        return self._mtime() != self.watch_mtime

    def reload(self) -> Reloaded | None:
        """Load the scenario file again; carry on from the current beat if it still exists.
        None when there is nothing to reload (no file, or the call is over)."""
        from sim.scenario.errors import ScenarioError
        from sim.scenario.loader import load_scenario

        if self.watch_path is None or self.session.done:
            return None
        self.watch_mtime = self._mtime()
        try:
            scenario = load_scenario(self.watch_path)
        except ScenarioError as exc:
            return Reloaded(problems=[str(p) for p in exc.problems])
        saved = self.session.save()
        if scenario.id == self.scenario.id and saved["beat"] in scenario.beats:
            self.session = Session.restore(scenario, saved)
            self.scenario = scenario
            return Reloaded(scenario, goes_on=True)
        return Reloaded(scenario)
