"""`python main.py demo --screenshots DIR`: play one scenario through every screen, saving PNGs.

It runs the real window code (works with SDL_VIDEODRIVER=dummy), with the built-in best
player choosing and a thoughtful pause before each reply, then takes a "what if" at the
worst turn. Player files go to a temporary folder so a demo never touches your scores.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pygame

from sim.engine import Session
from sim.players import search
from sim.records.userdata import Settings
from sim.scenario.catalog import catalog
from sim.ui.app import App
from sim.ui.driver import Driver
from sim.ui.screens.menu import MenuScreen
from sim.ui.theme import THEME_NAMES

DEMO_SCENARIO = "surprise-charge"
DEMO_SEED = 7


def _play_choices(driver: Driver, choices: list[int], shot_at: int | None, shot: Path | None):
    for number, choice in enumerate(choices, start=1):
        driver.wait_until_quiet()
        driver.seconds(2.0)  # a thoughtful pause before answering
        driver.digit(choice + 1)
        if number == shot_at and shot is not None:
            driver.seconds(1.2)
            driver.screenshot(shot)
    driver.wait_until_quiet()
    driver.seconds(1.0)


def demo_theme(
    out: Path, theme: str, scenario_id: str = DEMO_SCENARIO, size: tuple[int, int] = (1280, 720)
) -> list[Path]:
    # Feedback after each reply is on, so the screenshots show it under the gauges.
    settings = Settings(
        player="Demo", theme=theme, real_time=True, sound=False, feedback="each_reply"
    )
    app = App(size, settings=settings)
    driver = Driver(app)
    shots: list[Path] = []

    def shot(name: str) -> None:
        shots.append(driver.screenshot(out / theme / f"{name}.png"))

    app.show(MenuScreen(app))
    driver.frames(3)
    shot("01-menu")
    driver.digit(2)
    shot("02-settings")
    driver.key(pygame.K_ESCAPE)
    driver.digit(1)
    driver.frames(2)
    shot("03-picker")
    playable = [e.scenario for e in catalog() if e.scenario]
    index = next(i for i, s in enumerate(playable) if s.id == scenario_id)
    picker = app.screen
    for _ in range(len(playable)):  # page on (PgDn) until the scenario is listed
        labels = [button.text for button, _ in picker.ring.items]
        hit = next((i for i, label in enumerate(labels) if playable[index].title in label), None)
        if hit is not None:
            driver.digit(hit + 1)
            break
        driver.key(pygame.K_PAGEDOWN)
    driver.seconds(0.5)
    shot("04-briefing")
    driver.key(pygame.K_h)
    driver.frames(2)
    shot("04b-how-to-play")
    driver.key(pygame.K_ESCAPE)
    app.screen.seed = DEMO_SEED  # the same call every run, so the screenshots can be compared
    driver.key(pygame.K_RETURN)
    driver.seconds(1.5)
    shot("05-conversation-early")
    driver.key(pygame.K_ESCAPE)
    shot("05b-pause-menu")
    driver.key(pygame.K_ESCAPE)

    scenario = playable[index]
    conversation = app.screen
    planner = Session(scenario)
    planner.reset(conversation.host.seed)
    # A nervous first reply (the tempting "sorry, but..."), then the best the model finds.
    slip = next(i for i, o in enumerate(planner.options) if "excuse" in o.moves)
    planner.step(slip)
    choices = [slip, *search(planner, maximize=True)]
    late = max(1, len(choices) - 3)
    _play_choices(driver, choices, late, out / theme / "06-conversation-late.png")
    shots.append(out / theme / "06-conversation-late.png")
    shot("06b-call-over")  # the end-of-call banner and the button to the debrief
    driver.key(pygame.K_RETURN)
    driver.seconds(0.5)
    driver.frames(2)
    shot("07-debrief")  # it opens on the worst moment

    driver.key(pygame.K_w)  # go back to the worst turn and choose differently
    driver.seconds(1.0)
    shot("08-what-if-conversation")
    what_if = app.screen
    rest = search(what_if.host.session.clone(), maximize=True)
    _play_choices(driver, rest, None, None)
    driver.key(pygame.K_RETURN)
    driver.seconds(0.5)
    shot("09-what-if-debrief")
    pygame.quit()
    return shots


def run_demo(
    out: Path, themes: list[str] | None = None, size: tuple[int, int] = (1280, 720)
) -> list[Path]:
    themes = themes or list(THEME_NAMES)
    previous = os.environ.get("DEFUSE_HOME")
    with tempfile.TemporaryDirectory(prefix="defuse-demo-") as home:
        os.environ["DEFUSE_HOME"] = home
        try:
            shots: list[Path] = []
            for theme in themes:
                shots += demo_theme(out, theme, size=size)
            return shots
        finally:
            if previous is None:
                os.environ.pop("DEFUSE_HOME", None)
            else:
                os.environ["DEFUSE_HOME"] = previous
