"""The game window: one pygame window, one pygame_gui manager, one screen at a time.

``App.frame(dt)`` runs exactly one frame (events, update, draw), so tests, the demo and
the benchmark drive the real window code headless with ``SDL_VIDEODRIVER=dummy``.
"""

from __future__ import annotations

import copy
import gc
import os
import sys
import warnings
from typing import TYPE_CHECKING, Any

import pygame
import pygame_gui

from sim.fileio import in_words
from sim.records.userdata import (
    Results,
    Settings,
    load_results,
    load_settings,
    save_results,
    save_settings,
)
from sim.ui.router import screen_class
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


# Said first when a screen opens and menus are read aloud (the conversation speaks for itself).
SPOKEN_TITLES = {
    "menu": "Defuse. Main menu",
    "settings": "Settings",
    "picker": "Choose a scenario",
    "briefing": "Briefing",
    "debrief": "Your debrief",
}


class NoVoice:
    """Stands in for the speaker (sim/ui/voice.py) until it is made, after the first frame:
    it imports NumPy and looks for espeak-ng, which would slow the start."""

    available = False
    error: str | None = None

    def __init__(self) -> None:
        self.said: list = []

    def say(self, text: str, voice) -> None:
        pass

    def stop(self) -> None:
        pass

    def poll(self) -> None:
        pass

    def set_volume(self, volume: int) -> None:
        pass

    def close(self) -> None:
        pass


class WindowUnavailable(Exception):
    """The window could not open (no display, no video driver)."""


INVISIBLE_DRIVERS = ("dummy", "offscreen")  # draw to memory: only when asked for by name


def _start_display() -> None:
    """Start SDL's video, or raise WindowUnavailable with the reason in a few words.

    When the X server named by DISPLAY does not answer, SDL quietly falls back to its
    offscreen driver and the game would run in a window nobody can see; that counts as
    no window here (tests and the demo ask for dummy or offscreen by name).
    """
    asked = os.environ.get("SDL_VIDEODRIVER", "")
    display = os.environ.get("DISPLAY", "")
    x_only = sys.platform.startswith("linux") or "bsd" in sys.platform  # not macOS's XQuartz
    if not asked and display and x_only and not os.environ.get("WAYLAND_DISPLAY"):
        # X only: otherwise SDL tries Wayland next and prints its own complaint about it.
        os.environ["SDL_VIDEODRIVER"] = asked = "x11"
    try:
        pygame.display.init()
    except pygame.error as exc:
        where = f"no X server answers at DISPLAY={display}" if asked == "x11" else str(exc)
        raise WindowUnavailable(where or "no video driver") from None
    driver = pygame.display.get_driver()
    if driver in INVISIBLE_DRIVERS and driver not in asked:
        pygame.display.quit()
        raise WindowUnavailable(f"no display answers (DISPLAY={display or 'not set'})")


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

    def closing(self) -> None:
        """The game is closing on this screen (the window's close button): keep what the
        player would not want lost."""

    def build(self) -> None:  # create the elements for the current window size
        pass

    def clear(self) -> None:
        manager = self.app.manager
        live = manager.get_sprite_group().sprites() if self.elements else []
        for element in self.elements:
            element.kill()
        self.elements = []
        # Killed pygame_gui elements still point at their parents (a text box and its scroll
        # bar, a scroll bar and its buttons), and the ring's actions at this screen: cycles
        # that only the slow full garbage collection frees, so every screen left behind kept
        # its images (hundreds of MB over a few calls). Break them now.
        for element in live:
            if not element.alive():
                element.parent_element = None
        ring = getattr(self, "ring", None)
        if ring is not None:
            ring.clear()

    def rebuild(self) -> None:
        self.clear()
        self.build()

    def add(self, element):
        self.elements.append(element)
        return element

    # per frame
    def intercept(self, event: pygame.event.Event) -> bool:
        """Seen before the pygame_gui elements; True if the screen used the event."""
        return False

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

    def focused_label(self) -> str | None:
        """The focused control's words, read aloud when menus are (None: nothing to read)."""
        ring = getattr(self, "ring", None)
        return ring.label() if ring is not None and ring.items else None


def give_back_freed_memory() -> None:
    """Hand the memory a left screen freed back to the system (glibc keeps freed images of
    under 32 MB in its heap, so the game's footprint only grew). Elsewhere: nothing to do."""
    global _malloc_trim
    if _malloc_trim is None:
        _malloc_trim = False
        if sys.platform.startswith("linux"):
            import contextlib
            import ctypes

            with contextlib.suppress(OSError, AttributeError):  # not glibc (musl, say)
                _malloc_trim = ctypes.CDLL("libc.so.6").malloc_trim
    if _malloc_trim:
        _malloc_trim(0)


_malloc_trim: Any = None  # glibc's malloc_trim, False where there is none


class App:
    def __init__(self, size: tuple[int, int] | None = None, *, settings: Settings | None = None):
        self.notices: list[str] = []
        self.settings = settings or load_settings(self.notices)
        # The guided first call: on a player's first run (settings read from their folder);
        # tests, the demo and the bench pass their own settings and skip it.
        self.tour_due = settings is None and not self.settings.tour_done
        self.results: Results = load_results(self.notices)
        if size:
            self.settings.window = size
        # Only what the window needs: the mixer is opened by Sounds, and only when sound is on
        # (opening it on a machine without audio fills the terminal with driver noise).
        _start_display()
        pygame.font.init()
        pygame.display.set_caption(TITLE)
        try:
            self.window = self._open_window()
        except pygame.error as exc:
            raise WindowUnavailable(str(exc)) from None
        self.look: str | None = None  # a theme worn over the settings' (class mode's projector)
        self.theme = Theme.load(self.settings.theme, self.size)
        self.manager = self._new_manager()
        self.sounds: NoSound = NoSound()  # the real cues are made after the first frame
        self.voice: NoVoice = NoVoice()  # the speaker too (it looks for espeak-ng)
        self._announced: tuple[Screen | None, str | None] | None = None
        self.frames_drawn = 0
        self.collect_due = False  # a screen was left: collect its cycles after the next frame
        self.save_size_in = 0.0  # seconds until a resized window's size is saved
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
        # A copy: the theme data is the scaled file, kept for the next manager.
        return pygame_gui.UIManager(self.window.get_size(), copy.deepcopy(self.theme.manager_data))

    @property
    def size(self) -> tuple[int, int]:
        return self.window.get_size()

    def save_settings(self) -> bool:
        """Save the settings; if that fails, one notice and the game goes on."""
        try:
            save_settings(self.settings)
        except OSError as exc:  # a read-only folder, a full disk, a file where a folder goes
            self.notice(
                f"Your settings could not be saved ({in_words(exc)}); they hold until you quit."
            )
            return False
        return True

    def notice(self, text: str) -> None:
        """A one-off message for the player (shown on the menu), never repeated."""
        if text not in self.notices:
            self.notices.append(text)

    def apply_settings(self) -> None:
        """Re-open the window and reload the theme after the settings changed."""
        self.save_settings()
        self.sounds.set_enabled(self.settings.sound)
        self.voice_settings_changed()
        wanted_fullscreen = self.settings.fullscreen
        is_fullscreen = bool(self.window.get_flags() & pygame.FULLSCREEN)
        if wanted_fullscreen != is_fullscreen or (
            not wanted_fullscreen and self.size != tuple(self.settings.window)
        ):
            self.window = self._open_window()
        if not self.theme.fits(self.look or self.settings.theme, self.size):
            self.theme = Theme.load(self.look or self.settings.theme, self.size)
        if self.screen:
            self.screen.clear()
        self.manager = self._new_manager()
        if self.screen:
            self.screen.build()

    def wear(self, look: str | None) -> None:
        """Switch to another theme without changing the settings (None: the settings' own).
        Called before showing the screen that wears it."""
        self.look = look
        wanted = look or self.settings.theme
        if not self.theme.fits(wanted, self.size):
            self._new_theme(Theme.load(wanted, self.size))

    def _new_theme(self, theme: Theme) -> None:
        """Wear a freshly loaded theme: a new manager, and the screen built again in it."""
        if self.screen:
            self.screen.clear()
        self.theme = theme
        self.manager = self._new_manager()
        if self.screen:
            self.screen.build()

    def resized(self, size: tuple[int, int]) -> None:
        if size[0] < MIN_SIZE[0] or size[1] < MIN_SIZE[1]:
            # Below this the layouts cannot fit; keep the window at the minimum instead.
            size = (max(size[0], MIN_SIZE[0]), max(size[1], MIN_SIZE[1]))
            self.window = pygame.display.set_mode(size, pygame.RESIZABLE)
        if not self.settings.fullscreen:
            self.settings.window = size
            # remembered for next time once the dragging stops (not on every resize event)
            self.save_size_in = 0.5
        wanted = self.look or self.settings.theme
        if not self.theme.fits(wanted, size):  # fonts follow the window's height
            self._new_theme(Theme.load(wanted, size))
            return
        self.manager.set_window_resolution(size)
        if self.screen:
            self.screen.rebuild()

    # screens --------------------------------------------------------------------------

    def show(self, screen: Screen) -> None:
        self.voice.stop()  # a line is not carried over into the next screen
        if self.screen:
            self.screen.exit()
            self.collect_due = True
        self.screen = screen
        screen.enter()

    def go(self, name: str, **kwargs: Any) -> Screen:
        """Show the screen called ``name`` (see sim/ui/router.py), made with these keyword
        arguments; returns it."""
        screen = screen_class(name)(self, **kwargs)
        self.show(screen)
        return screen

    def record_score(self, scenario: Scenario, score: int, grade: str = "") -> bool:
        """Keep the score; True only for a new personal best worth saying so: better than
        an earlier score of this scenario, and not a failing one (grade F)."""
        before = self.results.best_for(self.settings.player, scenario.id)
        if self.results.add(self.settings.player, scenario.id, score):
            try:
                save_results(self.results)
            except OSError as exc:  # the game goes on; the player is told once
                self.notice(f"Your best score could not be saved ({in_words(exc)}).")
        return before is not None and score > before and grade != "F"

    # the voice ------------------------------------------------------------------------

    @property
    def voice_on(self) -> bool:
        """The customer's lines are spoken: as set, or by default wherever espeak-ng is
        installed and sound goes to a real device (not the silent dummy driver of tests)."""
        if self.settings.voice is not None:
            return self.settings.voice
        from sim.speech.espeak import find_espeak

        return find_espeak() is not None and os.environ.get("SDL_AUDIODRIVER") != "dummy"

    def voice_settings_changed(self) -> None:
        """Make the speaker when the voice is first wanted; set its volume; hush it when off."""
        from sim.ui.voice import Speaker

        wanted = self.voice_on or self.settings.self_voicing
        if wanted and isinstance(self.voice, NoVoice) and self.frames_drawn >= 1:
            self.voice = Speaker(self.settings.voice_volume)
        self.voice.set_volume(self.settings.voice_volume)
        if not wanted:
            self.voice.stop()

    def say_customer(self, text: str, persona: str, anger: float) -> None:
        """Speak a customer's line in their persona's voice, pitched by their anger."""
        if not self.voice_on:
            return
        from sim.speech.text import spoken_text
        from sim.speech.voices import voice_table

        voice = voice_table().for_persona(persona, anger, self.settings.text_speed)
        self.voice.say(spoken_text(text), voice)

    def announce_focus(self) -> None:
        """Menus read aloud: the screen's title when it opens, then each newly focused item."""
        from sim.speech.text import label_text
        from sim.speech.voices import voice_table

        if isinstance(self.voice, NoVoice):
            return  # not made yet (the first frame): announce once it is
        screen = self.screen
        label = screen.focused_label() if screen else None
        if self._announced == (screen, label):
            return
        new_screen = self._announced is None or self._announced[0] is not screen
        self._announced = (screen, label)
        parts = [SPOKEN_TITLES.get(screen.name, "")] if screen and new_screen else []
        parts.append(label_text(label or ""))
        words = ". ".join(p for p in parts if p)
        if words:
            self.voice.say(words, voice_table().narrator)

    # the frame ------------------------------------------------------------------------

    def frame(self, dt: float) -> None:
        if self.frames_drawn == 1:
            # Synthesising the cues (and importing NumPy) waits until the menu is visible.
            from sim.ui.sound import Sounds

            self.sounds = Sounds(enabled=self.settings.sound)
            self.voice_settings_changed()
            # What exists now (the libraries, the tables) lives as long as the game: set it
            # aside so that the collections below walk only what screens made since. Once
            # per process: a second window (tests make many) would freeze the first's remains.
            if not gc.get_freeze_count():
                gc.collect()
                gc.freeze()
        self.frames_drawn += 1
        for event in pygame.event.get():
            self.dispatch(event)
        if self.save_size_in > 0:
            self.save_size_in -= dt
            if self.save_size_in <= 0:
                self.save_settings()
        if self.screen:
            self.screen.update(dt)
        # A paused screen freezes the typing effects as well as its clock.
        self.manager.update(0.0 if getattr(self.screen, "frozen", False) else dt)
        if self.settings.self_voicing:
            self.announce_focus()
        self.voice.poll()
        self.draw()
        if self.collect_due:
            # pygame_gui's elements hold their images in reference cycles; left to Python's
            # rare full collection, a few calls kept hundreds of MB. Once the new screen is
            # drawn, so the player never waits on it (about 2 ms, startup objects frozen).
            self.collect_due = False
            gc.collect()
            give_back_freed_memory()

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
        if self.screen and self.screen.intercept(event):
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
        dt = 0.0  # the first frame at once: a tick before it waited out a whole 1/60 s
        while self.running:
            self.frame(min(dt, 0.1))
            dt = clock.tick(60) / 1000.0
        if self.screen:
            self.screen.closing()
        try:
            save_settings(self.settings)
        except OSError as exc:
            print(f"Your settings could not be saved ({in_words(exc)}).")
        self.voice.close()
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
        app.go("briefing", scenario=scenario, seed=seed)
    else:
        app.go("menu")
    return app.run()
