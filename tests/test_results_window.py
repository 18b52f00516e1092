"""The game window keeps each run in the results store before its debrief shows."""

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame
import pytest

from sim.records.results import ResultsStore, default_path
from sim.records.userdata import Settings
from sim.ui.app import App
from sim.ui.driver import Driver
from sim.ui.screens.conversation import ConversationScreen
from sim.ui.screens.debrief import DebriefScreen
from tests.uikit import quiet

pytestmark = pytest.mark.usefixtures("close_pygame")


def stored():
    with ResultsStore(default_path()) as store:
        return store.runs()


def test_a_window_run_is_stored_before_the_debrief_and_what_ifs_are_not(shipped):
    app = App((1280, 720), settings=Settings(player="Tess", sound=False, real_time=False))
    drive = Driver(app)
    scenario = shipped["surprise-charge"]
    app.show(ConversationScreen(app, scenario, seed=4))
    for choice in scenario.tests[0].choices:
        drive.digit(choice)
    assert not isinstance(app.screen, DebriefScreen)
    while app.screen.host.finishing:  # the record is built and stored on a worker
        drive.frames(1)
    assert not isinstance(app.screen, DebriefScreen)
    (run,) = stored()  # in the store while the last line is still being said
    assert (run.learner, run.scenario, run.outcome) == ("Tess", "surprise-charge", "resolved")
    quiet(drive)
    drive.seconds(1.0)
    drive.key(pygame.K_RETURN)
    assert isinstance(app.screen, DebriefScreen)
    assert app.screen.record["score"] == run.score
    app.screen.what_if()  # practice on a past call: not a run of its own
    drive.digit(1)
    app.screen.pause_menu.quit_to_picker()
    assert len(stored()) == 1


def test_a_call_left_midway_is_stored_as_abandoned(shipped):
    app = App((1280, 720), settings=Settings(player="Uma", sound=False, real_time=False))
    drive = Driver(app)
    screen = ConversationScreen(app, shipped["late-sofa"], seed=2)
    app.show(screen)
    drive.digit(1)
    screen.pause_menu.quit_to_picker()
    (run,) = stored()
    assert (run.learner, run.outcome, run.turns, run.score) == ("Uma", "abandoned", 1, None)
