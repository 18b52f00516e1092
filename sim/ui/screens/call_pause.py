"""The call's pause menu (Esc): the customer waits while it is open; from it the player
resumes, opens the settings, starts the call again or leaves it (the run is kept)."""

from __future__ import annotations

from collections.abc import Callable

import pygame
from pygame_gui.core import UIElement
from pygame_gui.elements import UIButton, UILabel, UIPanel

from sim.ui.app import App
from sim.ui.screens.layout import button_width, scaled
from sim.ui.session_host import SessionHost
from sim.ui.widgets import FocusRing

# The screen's own `add`: what the menu makes is killed with the screen's elements.
Add = Callable[[UIElement], UIElement]


class CallPause:
    def __init__(self, app: App, host: SessionHost) -> None:
        self.app = app
        self.host = host
        self.shown = False
        self.panel: UIPanel | None = None
        self.ring = FocusRing()

    def show(self, add: Add) -> None:
        self.app.voice.stop()
        self.shown = True
        self.host.paused = True
        self.build(add)

    def build(self, add: Add) -> None:
        app, theme = self.app, self.app.theme
        w, h = app.size
        row = scaled(theme.base_size)
        title = "Paused: the customer waits"
        choices = (
            ("1  Resume (Esc)", self.resume),
            ("2  Settings", self.open_settings),
            ("3  Start this call again", self.restart),
            ("4  Back to the scenarios", self.quit_to_picker),
            ("5  Quit the game", self.quit_game),
        )
        # As wide as its widest words (the heading's font is the theme's big one at most).
        inner_w = max(
            theme.px(340),
            theme.fonts["big"].size(title)[0] + theme.px(16),
            *(button_width(theme, label) for label, _ in choices),
        )
        panel_rect = pygame.Rect(0, 0, min(inner_w + 40, w - 40), row * 6 + 86)
        inner_w = panel_rect.w - 40
        panel_rect.center = (w // 2, h // 2)
        self.panel = add(UIPanel(panel_rect, starting_height=5, manager=app.manager))
        self.ring = FocusRing(digits=True)
        add(
            UILabel(
                pygame.Rect(10, 10, inner_w, row),
                title,
                app.manager,
                container=self.panel,
                object_id="@heading",
            )
        )
        y = row + 20
        for label, action in choices:
            button = add(
                UIButton(pygame.Rect(10, y, inner_w, row), label, app.manager, container=self.panel)
            )
            self.ring.add(button, action)
            y += row + 6

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.resume()
        else:
            self.ring.handle(event)

    def label(self) -> str | None:
        """The focused choice, read aloud when menus are."""
        return self.ring.label() if self.ring.items else None

    def resume(self) -> None:
        self.shown = False
        self.host.paused = False
        if self.panel is not None:
            self.panel.kill()
            self.panel = None

    def open_settings(self) -> None:
        """Back from the settings returns to this call, still paused (the menu is open on
        the screen shown now: the call)."""
        self.app.go("settings", back=self.app.screen)

    def restart(self) -> None:
        self.host.keep_run()
        self.app.go("conversation", scenario=self.host.scenario, seed=self.host.seed)

    def quit_to_picker(self) -> None:
        self.host.keep_run()
        self.app.go("picker")

    def quit_game(self) -> None:
        self.host.keep_run()
        self.app.running = False
