"""The game window: one pygame window, one pygame_gui manager, one screen at a time.

``App.frame(dt)`` runs exactly one frame (events, update, draw), so tests, the demo and
the benchmark drive the real window code headless with ``SDL_VIDEODRIVER=dummy``.
"""

from __future__ import annotations

import os
import warnings
from typing import TYPE_CHECKING

import pygame
import pygame_gui

from sim.records.userdata import (
    Results,
    Settings,
    load_results,
    load_settings,
    save_results,
    save_settings,
)
from sim.ui.theme import Theme

if TYPE_CHECKING:
    from sim.scenario.models import Scenario

# pygame_gui warns about fonts it loads lazily; they are all shipped with it, so this is noise.
warnings.filterwarnings("ignore", message="Finding font with id", category=UserWarning)

TITLE = "Defuse: customer complaint trainer"
MIN_SIZE = (960, 600)


class NoSound:
    """Stands in until the sound cues are made, just after the first frame is on screen."""

    def play(self, name: str) -> None:
        pass

    def set_enabled(self, enabled: bool) -> None:
        pass


class WindowUnavailable(Exception):
    """The window could not open (no display, no video driver)."""


class Screen:
    """One screen of the game. Subclasses build pygame_gui elements and draw extras."""

    def __init__(self, app: App):
        self.app = app
        self.elements: list[pygame_gui.core.UIElement] = []

    # lifecycle
    def enter(self) -> None:
        self.build()

    def exit(self) -> None:
        self.clear()

    def build(self) -> None:  # create the elements for the current window size
        pass

    def clear(self) -> None:
        for element in self.elements:
            element.kill()
        self.elements = []

    def rebuild(self) -> None:
        self.clear()
        self.build()

    def add(self, element):
        self.elements.append(element)
        return element

    # per frame
    def handle(self, event: pygame.event.Event) -> None:
        """Input and pygame_gui events (button presses arrive here as events too)."""

    def update(self, dt: float) -> None:
        pass

    def draw(self, surface: pygame.Surface) -> None:
        """Drawn under the pygame_gui elements."""

    def draw_over(self, surface: pygame.Surface) -> None:
        """Drawn over the pygame_gui elements."""

    @property
    def name(self) -> str:
        return type(self).__name__.removesuffix("Screen").lower()


class App:
    def __init__(self, size: tuple[int, int] | None = None, *, settings: Settings | None = None):
        self.notices: list[str] = []
        self.settings = settings or load_settings(self.notices)
        self.results: Results = load_results(self.notices)
        if size:
            self.settings.window = size
        # Only what the window needs: the mixer is opened by Sounds, and only when sound is on
        # (opening it on a machine without audio fills the terminal with driver noise).
        pygame.display.init()
        pygame.font.init()
        pygame.display.set_caption(TITLE)
        try:
            self.window = self._open_window()
        except pygame.error as exc:
            raise WindowUnavailable(str(exc)) from None
        self.theme = Theme.load(self.settings.theme)
        self.manager = self._new_manager()
        self.sounds: NoSound = NoSound()  # the real cues are made after the first frame
        self.frames_drawn = 0
        self.screen: Screen | None = None
        self.running = True

    # window and theme -----------------------------------------------------------------

    def _open_window(self) -> pygame.Surface:
        flags = pygame.RESIZABLE
        size = tuple(max(a, b) for a, b in zip(self.settings.window, MIN_SIZE, strict=True))
        if self.settings.fullscreen:
            flags |= pygame.FULLSCREEN
            size = (0, 0)
        return pygame.display.set_mode(size, flags)

    def _new_manager(self) -> pygame_gui.UIManager:
        return pygame_gui.UIManager(self.window.get_size(), str(self.theme.path))

    @property
    def size(self) -> tuple[int, int]:
        return self.window.get_size()

    def apply_settings(self) -> None:
        """Re-open the window and reload the theme after the settings changed."""
        save_settings(self.settings)
        self.sounds.set_enabled(self.settings.sound)
        wanted_fullscreen = self.settings.fullscreen
        is_fullscreen = bool(self.window.get_flags() & pygame.FULLSCREEN)
        if wanted_fullscreen != is_fullscreen or (
            not wanted_fullscreen and self.size != tuple(self.settings.window)
        ):
            self.window = self._open_window()
        if self.theme.name != self.settings.theme:
            self.theme = Theme.load(self.settings.theme)
        if self.screen:
            self.screen.clear()
        self.manager = self._new_manager()
        if self.screen:
            self.screen.build()

    def resized(self, size: tuple[int, int]) -> None:
        if size[0] < MIN_SIZE[0] or size[1] < MIN_SIZE[1]:
            # Below this the layouts cannot fit; keep the window at the minimum instead.
            size = (max(size[0], MIN_SIZE[0]), max(size[1], MIN_SIZE[1]))
            self.window = pygame.display.set_mode(size, pygame.RESIZABLE)
        self.manager.set_window_resolution(size)
        if not self.settings.fullscreen:
            self.settings.window = size
        if self.screen:
            self.screen.rebuild()

    # screens --------------------------------------------------------------------------

    def show(self, screen: Screen) -> None:
        if self.screen:
            self.screen.exit()
        self.screen = screen
        screen.enter()

    def record_score(self, scenario: Scenario, score: int) -> bool:
        new_best = self.results.add(self.settings.player, scenario.id, score)
        if new_best:
            try:
                save_results(self.results)
            except OSError as exc:  # the game goes on; the player is told once
                self.notices.append(f"could not save your best score ({exc.strerror})")
        return new_best

    # the frame ------------------------------------------------------------------------

    def frame(self, dt: float) -> None:
        if self.frames_drawn == 1:
            # Synthesising the cues (and importing NumPy) waits until the menu is visible.
            from sim.ui.sound import Sounds

            self.sounds = Sounds(enabled=self.settings.sound)
        self.frames_drawn += 1
        for event in pygame.event.get():
            self.dispatch(event)
        if self.screen:
            self.screen.update(dt)
        # A paused screen freezes the typing effects as well as its clock.
        self.manager.update(0.0 if getattr(self.screen, "frozen", False) else dt)
        self.draw()

    def dispatch(self, event: pygame.event.Event) -> None:
        if event.type == pygame.QUIT:
            self.running = False
            return
        if event.type == pygame.VIDEORESIZE:
            self.resized((event.w, event.h))
            return
        if event.type == pygame.KEYDOWN and event.key == pygame.K_F11:
            self.settings.fullscreen = not self.settings.fullscreen
            self.apply_settings()
            return
        consumed = self.manager.process_events(event)
        if self.screen and not consumed:
            self.screen.handle(event)

    def draw(self) -> None:
        self.window.fill(self.theme.colour("background"))
        if self.screen:
            self.screen.draw(self.window)
        self.manager.draw_ui(self.window)
        if self.screen:
            self.screen.draw_over(self.window)
        pygame.display.flip()

    def run(self) -> int:
        clock = pygame.time.Clock()
        while self.running:
            dt = clock.tick(60) / 1000.0
            self.frame(min(dt, 0.1))
        try:
            save_settings(self.settings)
        except OSError as exc:
            print(f"Your settings could not be saved ({exc.strerror}).")
        pygame.quit()
        return 0


def run_window(scenario: Scenario | None = None, seed: int | None = None, player: str = "") -> int:
    """Open the game window; with a scenario, go straight to its briefing."""
    os.environ.setdefault("SDL_VIDEO_CENTERED", "1")
    app = App()
    if player:
        app.settings.player = player
    # Each screen is imported only when it is shown: the menu needs no scenario models.
    if scenario is not None:
        from sim.ui.screens.briefing import BriefingScreen

        app.show(BriefingScreen(app, scenario, seed=seed))
    else:
        from sim.ui.screens.menu import MenuScreen

        app.show(MenuScreen(app))
    return app.run()
