"""Title and menu. Asks the player's name once and remembers it."""

from __future__ import annotations

import html
import importlib
import threading

import pygame
import pygame_gui
from pygame_gui.elements import UILabel, UITextBox, UITextEntryLine

from sim.printable import printable
from sim.ui.app import Screen
from sim.ui.router import screen_class
from sim.ui.screens.layout import column, scaled
from sim.ui.widgets import DrawnLabel, DrawnRows, FocusRing

# What the screens after the menu need (the scenario models, the engine, NumPy), imported and
# loaded in the background once the menu is on screen: the start shows the menu without
# them, and "Play" still opens the picker at once.
_WARM_SCREENS = ("picker", "briefing", "conversation")
_warm_up: threading.Thread | None = None


def _prepare() -> None:
    try:
        for name in _WARM_SCREENS:
            screen_class(name)
        importlib.import_module("sim.scenario.catalog").catalog()
    except Exception:  # the picker loads, and reports, for itself
        pass


def warm_up() -> None:
    """Start the background preparation, once per run."""
    global _warm_up
    if _warm_up is None:
        _warm_up = threading.Thread(target=_prepare, name="defuse-warm-up", daemon=True)
        _warm_up.start()


class MenuScreen(Screen):
    def build(self) -> None:
        app, theme = self.app, self.app.theme
        w, h = app.size
        col = column(app.size, theme.px(460), int(h * 0.36))
        row = scaled(theme.base_size)
        self.ring = FocusRing(digits=True)
        # Drawn rather than pygame_gui buttons: five wide rounded buttons took 80 ms and 40 MB
        # to build at 1920x1080, on the path to the first frame (see widgets.DrawnRows).
        self.rows = DrawnRows(app.manager, object_id=None)
        self.name_entry = None
        self.labels = [
            DrawnLabel(
                app.manager,
                pygame.Rect(0, int(h * 0.08), w, round(theme.base_size * 4.2)),
                "Defuse",
                "@title",
            ),
            DrawnLabel(
                app.manager,
                pygame.Rect(0, int(h * 0.10) + round(theme.base_size * 3.6), w, row),
                "Practise calming an unhappy customer, one reply at a time.",
                "@muted",
            ),
        ]
        y = col.top
        if not app.settings.player:
            self.add(
                UILabel(pygame.Rect(col.x, y, col.w, row), "What should we call you?", app.manager)
            )
            y += row
            self.name_entry = self.add(
                UITextEntryLine(
                    pygame.Rect(col.x, y, col.w, row),
                    app.manager,
                    placeholder_text="Your name, then Enter",
                )
            )
            self.name_entry.focus()
            y += row + 16
        for label, action in (
            ("1  Play a scenario", self.play),
            ("2  Settings", self.settings),
            ("3  Class session", self.class_session),
            ("4  How to play and glossary", self.how_to_play),
            ("5  Quit", self.quit),
        ):
            self.ring.add(self.rows.add(pygame.Rect(col.x, y, col.w, row), label), action)
            y += row + 10
        greeting = f"Welcome back, {app.settings.player}." if app.settings.player else ""
        if app.notices:
            # Every notice (two bad files are two notices), wrapped to the window's width;
            # a box that scrolls if there are more than fit.
            text = "<br>".join(html.escape(printable(n)) for n in app.notices[-4:])
            tall = min(int(h * 0.3), row * 4 + 12)
            self.add(UITextBox(text, pygame.Rect(20, h - tall - 10, w - 40, tall), app.manager))
        elif greeting:
            self.labels.append(
                DrawnLabel(
                    app.manager, pygame.Rect(20, h - row - 10, w - 40, row), greeting, "@muted"
                )
            )

    def draw(self, surface: pygame.Surface) -> None:
        for label in self.labels:
            label.draw(surface)
        self.rows.draw(surface)

    def focused_label(self) -> str | None:
        if self.name_entry is not None and self.name_entry.is_focused:
            return "What should we call you? Type your name, then press Enter"
        return super().focused_label()

    def update(self, dt: float) -> None:
        if self.app.frames_drawn > 1:  # the first menu frame is on screen
            warm_up()

    def _take_name(self) -> None:
        if self.name_entry is not None:
            name = self.name_entry.get_text().strip()
            if name:
                self.app.settings.player = name[:40]
                self.app.save_settings()

    def play(self) -> None:
        self._take_name()
        self.app.go("picker")

    def settings(self) -> None:
        self._take_name()
        self.app.go("settings")

    def class_session(self) -> None:
        self._take_name()
        self.app.go("class_setup")

    def how_to_play(self) -> None:
        self._take_name()
        self.app.go("glossary")

    def quit(self) -> None:
        self._take_name()
        self.app.running = False

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED and event.ui_element is self.name_entry:
            self._take_name()
            if self.app.settings.player:
                self.rebuild()
            else:
                self.name_entry.unfocus()  # an empty name: skip it for now
            return
        if self.name_entry is not None and self.name_entry.is_focused:
            leave = event.type == pygame.KEYDOWN and event.key in (pygame.K_ESCAPE, pygame.K_TAB)
            if leave:
                self.name_entry.unfocus()  # the menu below is reachable without a name
            return  # typing a name: digits and Enter belong to the text field
        if self.rows.handle(event, self.ring):
            return
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.quit()
            return
        self.ring.handle(event)
