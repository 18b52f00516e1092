"""`python main.py demo --class --screenshots DIR`: a workshop played in the class window,
with simulated phones voting over HTTP against the real vote server on 127.0.0.1, saving
a PNG of every class screen at 1920x1080 on the projector theme.

The room's choices come from the built-in best player; the phones split their votes so
the tallies look like a room's. Runs go to a temporary user folder (never your results).
"""

from __future__ import annotations

import os
import tempfile
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pygame

from sim.classroom.workshop import LoadedWorkshop, load_workshop, workshop_files
from sim.engine import Session
from sim.players import search
from sim.records.userdata import Settings
from sim.scenario.models import Facilitator, Scenario
from sim.ui.app import App
from sim.ui.class_mode import ClassOptions
from sim.ui.driver import Driver
from sim.ui.screens.class_setup import ClassSetupScreen

SIZE = (1920, 1080)


class Phone:
    """One phone in the room: its own cookie, votes by posting the form as a browser does."""

    def __init__(self, url: str):
        self.url = url
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def vote(self, round_number: int, choice: int) -> str:
        body = f"round={round_number}&choice={choice}".encode()
        request = urllib.request.Request(
            self.url + "vote", body, headers={"Accept": "application/json"}
        )
        try:
            with self.opener.open(request, timeout=5) as answer:
                return answer.read().decode()
        except urllib.error.HTTPError as exc:  # 409: the vote was refused, with the reason
            return exc.read().decode()


def with_script(scenario: Scenario) -> Scenario:
    """The scenario with a facilitator's prompt and note on its opening beat (the shipped
    files carry none yet), so the screenshots show how a script reads on the projector."""
    start = scenario.beats[scenario.start]
    if start.facilitator is not None:
        return scenario
    script = Facilitator(
        pause=True,
        prompt="Before you vote: what does she need to hear first?",
        note="Listen for who wants to explain the delay before acknowledging it.",
    )
    beats = dict(scenario.beats)
    beats[scenario.start] = start.model_copy(update={"facilitator": script})
    return scenario.model_copy(update={"beats": beats})


def demo_workshop() -> LoadedWorkshop:
    loaded = load_workshop(workshop_files()[0])
    scenarios = [with_script(loaded.scenarios[0]), *loaded.scenarios[1:]]
    return LoadedWorkshop(loaded.workshop, scenarios, loaded.source)


def best_choices(scenario: Scenario, seed: int = 0) -> list[int]:
    planner = Session(scenario)
    planner.reset(seed)
    return search(planner, True)


class ClassDemo:
    def __init__(self, out: Path | None):
        self.out = out
        settings = Settings(player="Demo", theme="default", real_time=False, sound=False)
        self.app = App(SIZE, settings=settings)
        self.driver = Driver(self.app)
        self.shots: list[Path] = []
        self.phones: list[Phone] = []

    def shot(self, name: str) -> None:
        if self.out is not None:
            self.shots.append(self.driver.screenshot(self.out / f"{name}.png"))

    @property
    def screen(self):
        return self.app.screen

    def vote(self, choice: int, phones: int = 18) -> None:
        """The room votes: most phones for ``choice``, the rest spread over the others."""
        room = self.screen.room
        if len(self.phones) < phones:
            self.phones += [Phone(room.url) for _ in range(phones - len(self.phones))]
        options = len(room.flow.run.session.options)
        for number, phone in enumerate(self.phones[:phones]):
            pick = choice if number % 3 != 2 or options == 1 else (choice + number) % options
            phone.vote(room.flow.rounds, pick)
        self.driver.frames(2)


def run_class_demo(out: Path | None) -> list[Path]:
    """Play the shipped workshop in the class window; returns the screenshots saved."""
    previous = os.environ.get("DEFUSE_HOME")
    with tempfile.TemporaryDirectory(prefix="defuse-class-demo-") as home:
        os.environ["DEFUSE_HOME"] = home
        try:
            return _play(ClassDemo(out))
        finally:
            if previous is None:
                os.environ.pop("DEFUSE_HOME", None)
            else:
                os.environ["DEFUSE_HOME"] = previous
            pygame.quit()


def _play(demo: ClassDemo) -> list[Path]:
    d, app = demo.driver, demo.app
    options = ClassOptions(demo_workshop(), host="127.0.0.1")
    app.show(ClassSetupScreen(app, options))
    d.frames(2)
    demo.shot("01-class-setup")
    d.key(pygame.K_PAGEDOWN)
    call = demo.screen
    flow = call.flow
    d.frames(2)
    demo.shot("02-class-pause-point")  # the script's pause point on the opening beat
    d.key(pygame.K_b)
    d.key(pygame.K_f)  # the facilitator's note, shown on request
    d.seconds(7)
    demo.vote(best_choices(flow.run.scenario)[0])
    demo.shot("03-class-vote")
    d.key(pygame.K_f)
    d.key(pygame.K_v)
    demo.shot("04-class-reveal")
    d.key(pygame.K_v)
    d.key(pygame.K_PAGEDOWN)  # lock and play the room's choice
    d.key(pygame.K_m)  # a bookmark on this moment
    d.key(pygame.K_PAGEUP)  # rewind: try that turn again
    # The room plays the best line to the end, phones voting each round.
    while flow.stage == "call":
        if flow.run.paused:
            d.key(pygame.K_b)
        demo.vote(best_choices_from(flow))
        d.key(pygame.K_PAGEDOWN)
        if flow.stage == "call" and flow.run.turn == 2 and len(flow.run.bookmarks) < 2:
            d.key(pygame.K_m)
    d.seconds(1)
    demo.shot("05-class-call-over")
    d.key(pygame.K_PAGEDOWN)
    demo.shot("06-debrief-reactions")
    d.key(pygame.K_PAGEDOWN)
    demo.shot("07-debrief-analysis")
    d.key(pygame.K_1)
    demo.shot("08-debrief-bookmark")
    d.key(pygame.K_SPACE)
    d.key(pygame.K_PAGEDOWN)
    for kind, words in (
        (pygame.K_p, "We let her finish before explaining"),
        (pygame.K_p, "The apology came without a but"),
        (pygame.K_d, "Ask what she wants before proposing"),
    ):
        d.key(kind)
        d.type_text(words)
        d.key(pygame.K_RETURN)
    demo.shot("09-debrief-summary")
    d.key(pygame.K_PAGEDOWN)  # the next scenario: teams, three groups

    call = demo.screen
    flow = call.flow
    d.seconds(12)
    demo.shot("10-class-teams")
    while flow.index == 1 and flow.stage in ("call", "ended"):
        if flow.stage == "ended":
            d.key(pygame.K_PAGEDOWN)
            continue
        # Each group slips somewhere different, so their curves part.
        choices = best_choices_from(flow)
        slip = flow.run.group - 1
        pick = (choices + 1) % len(flow.run.session.options) if flow.run.turn == slip else choices
        d.digit(pick + 1)
    d.key(pygame.K_PAGEDOWN)
    demo.shot("11-debrief-groups")
    d.key(pygame.K_PAGEDOWN)
    d.key(pygame.K_PAGEDOWN)  # the last scenario: a hot seat

    flow = demo.screen.flow
    d.frames(2)
    demo.shot("12-class-hot-seat")
    d.key(pygame.K_ESCAPE)
    demo.shot("13-class-menu")
    d.digit(2)
    demo.shot("14-class-help")
    d.key(pygame.K_SPACE)
    while flow.stage == "call":
        d.digit(best_choices_from(flow) + 1)
    d.key(pygame.K_PAGEDOWN)
    for _ in range(3):
        d.key(pygame.K_PAGEDOWN)
    demo.shot("15-class-workshop-over")
    return demo.shots


def best_choices_from(flow) -> int:
    """The best player's next reply from where the room is now."""
    return search(flow.run.session.clone(), True)[0]


def tally_shot(out: Path | None) -> list[Path]:
    """A show of hands being typed in (the tally mode), on its own."""
    previous = os.environ.get("DEFUSE_HOME")
    with tempfile.TemporaryDirectory(prefix="defuse-class-demo-") as home:
        os.environ["DEFUSE_HOME"] = home
        try:
            demo = ClassDemo(out)
            d = demo.driver
            scenario = load_workshop(workshop_files()[0]).scenarios[0]
            options = ClassOptions(LoadedWorkshop.single(scenario, "tally"), mode="tally")
            demo.app.show(ClassSetupScreen(demo.app, options))
            d.frames(2)
            d.key(pygame.K_PAGEDOWN)
            for count in (3, 12, 0, 5):
                for ch in str(count):
                    d.digit(int(ch))
                d.key(pygame.K_TAB)
            demo.shot("16-class-tally")
            return demo.shots
        finally:
            if previous is None:
                os.environ.pop("DEFUSE_HOME", None)
            else:
                os.environ["DEFUSE_HOME"] = previous
            pygame.quit()
