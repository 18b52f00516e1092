"""Class mode in the window: what lives as long as a class session (the flow, the vote
server, the clock) and `python main.py class` opening the window fullscreen.

The clock is the window's own, advanced frame by frame and stopped while the session is
paused, so a countdown freezes with the room (on the phones too) and a scripted class
plays the same on every machine.
"""

from __future__ import annotations

import os

import pygame

from sim.classroom.flow import ClassFlow
from sim.classroom.server import VoteServer
from sim.classroom.votes import VoteBox
from sim.classroom.workshop import LoadedWorkshop


class ClassClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def advance(self, dt: float) -> None:
        self.now += dt


class ClassRoom:
    """One class session: the flow through the workshop and, if any turn is decided by a
    vote, the vote server (open from here until ``close``)."""

    def __init__(
        self,
        workshop: LoadedWorkshop,
        *,
        mode: str | None = None,
        teams: int | None = None,
        seed: int = 0,
        host: str | None = None,
        port: int = 0,
        facilitator: str = "",
        keep_runs: bool = True,
    ):
        self.clock = ClassClock()
        self.box = VoteBox(self.clock)
        self.flow = ClassFlow(
            workshop,
            self.box,
            self.clock,
            mode=mode,
            teams=teams,
            seed=seed,
            facilitator=facilitator,
            keep_runs=keep_runs,
        )
        self.server: VoteServer | None = None
        if self.flow.needs_votes:
            self.server = VoteServer(self.box, host, port).start()

    @property
    def url(self) -> str:
        return self.server.url if self.server else ""

    def close(self) -> None:
        if self.server is not None:
            self.server.stop()
            self.server = None


class ClassOptions:
    """What the command line chose: preselected in the setup screen."""

    def __init__(
        self,
        workshop: LoadedWorkshop | None = None,
        mode: str | None = None,
        teams: int | None = None,
        seed: int = 0,
        host: str | None = None,
        port: int = 0,
        facilitator: str = "",
    ):
        self.workshop = workshop
        self.mode = mode
        self.teams = teams
        self.seed = seed
        self.host = host
        self.port = port
        self.facilitator = facilitator


def run_class_window(options: ClassOptions, windowed: bool = False) -> int:
    """Open the window on the class setup screen, fullscreen unless ``windowed``. The
    player's settings are left as they were (fullscreen here is class mode's default)."""
    from sim.records.userdata import load_settings
    from sim.ui.app import App

    os.environ.setdefault("SDL_VIDEO_CENTERED", "1")
    notices: list[str] = []
    settings = load_settings(notices)
    settings.fullscreen = not windowed
    app = App(settings=settings)
    app.notices += notices
    app.go("class_setup", options=options)
    clock = pygame.time.Clock()
    try:
        while app.running:
            app.frame(min(clock.tick(60) / 1000.0, 0.1))
    finally:
        end = getattr(app.screen, "end_class", None)
        if end:
            end()
        pygame.quit()
    return 0
