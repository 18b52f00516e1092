"""Settings: timing, text speed, theme, sound, fullscreen, window size, the voice, and
feedback after each reply.

Each setting is a button that cycles through its values, so everything works from the
keyboard (arrows and Enter, or the number keys). Saved in the user's settings folder.
"""

from __future__ import annotations

import pygame
from pygame_gui.elements import UIButton, UILabel

from sim.ui.app import Screen
from sim.ui.screens.layout import button_width, column, scaled
from sim.ui.theme import THEME_NAMES
from sim.ui.widgets import FocusRing

SPEEDS = (0.5, 0.75, 1.0, 1.5, 2.0, 3.0)
SIZES = ((1280, 720), (1600, 900), (1920, 1080), (1024, 640))
VOLUMES = (100, 80, 60, 40, 20)


def _next(values, current):
    values = list(values)
    return values[(values.index(current) + 1) % len(values)] if current in values else values[0]


class SettingsScreen(Screen):
    def __init__(self, app, back: Screen | None = None):
        super().__init__(app)
        self.back_to = back  # the screen to return to, as it was (default: a fresh menu)
        self.note = "Changes are saved at once and kept for next time."

    def rows(self):
        s = self.app.settings
        return (
            (
                "Timing",
                "real time (interrupting and silences count)"
                if s.real_time
                else "turn-based (no timers)",
                self.toggle_time,
            ),
            ("Text speed", f"{s.text_speed:g}x speaking pace", self.cycle_speed),
            (
                "Theme",
                {
                    "default": "default",
                    "large": "large text (projectors)",
                    "contrast": "high contrast",
                }[s.theme],
                self.cycle_theme,
            ),
            ("Sound", "on" if s.sound else "off", self.toggle_sound),
            ("Fullscreen", "on (F11)" if s.fullscreen else "off (F11)", self.toggle_fullscreen),
            ("Window size", "x".join(map(str, s.window)), self.cycle_size),
            ("Voice", self._voice_value(), self.toggle_voice),
            ("Read menus aloud", "on" if s.self_voicing else "off", self.toggle_self_voicing),
            ("Voice volume", f"{s.voice_volume}%", self.cycle_volume),
            (
                "Feedback",
                "after each reply (the principle and what it did)"
                if s.feedback == "each_reply"
                else "at the end only (in the debrief)",
                self.toggle_feedback,
            ),
        )

    def _voice_value(self) -> str:
        from sim.speech.espeak import find_espeak

        if find_espeak() is None:
            return "off (needs espeak-ng)"
        return "on (the customer speaks)" if self.app.voice_on else "off"

    def build(self) -> None:
        app, theme = self.app, self.app.theme
        rows = self.rows()
        col = column(app.size, theme.px(760), theme.px(30))
        # Heading, the rows, Back and the note must all fit: on a short window (the large
        # theme at 960x600) rows and gaps close up rather than run off the bottom.
        lines = len(rows) + 3
        room = col.h - 20
        row = min(scaled(theme.base_size), room // lines - 2)
        gap = max(2, min(8, (room - lines * row) // lines))
        self.ring = FocusRing(digits=True)
        self.add(
            UILabel(
                pygame.Rect(col.x, col.y, col.w, row), "Settings", app.manager, object_id="@heading"
            )
        )
        y = col.y + row + 2 * gap
        for number, (name, value, action) in enumerate(rows, start=1):
            button = self.add(
                UIButton(
                    pygame.Rect(col.x, y, col.w, row), f"{number}  {name}: {value}", app.manager
                )
            )
            self.ring.add(button, action)
            y += row + gap
        back = self.add(
            UIButton(
                pygame.Rect(col.x, y + gap, button_width(theme, "Back (Esc)", 220), row),
                "Back (Esc)",
                app.manager,
            )
        )
        self.ring.add(back, self.back)
        self.add(
            UILabel(
                pygame.Rect(col.x, y + row + 2 * gap, col.w, row),
                self.note,
                app.manager,
                object_id="@muted",
            )
        )

    def _changed(self, full: bool = False) -> None:
        focus = self.ring.focus
        if full:
            self.app.apply_settings()  # rebuilds this screen with the new theme or window
        else:
            self.app.save_settings()
            self.app.sounds.set_enabled(self.app.settings.sound)
            self.app.voice_settings_changed()
            self.rebuild()
        self.app.screen.ring.set_focus(focus)

    def toggle_time(self) -> None:
        self.app.settings.real_time = not self.app.settings.real_time
        self._changed()

    def toggle_feedback(self) -> None:
        s = self.app.settings
        s.feedback = "end" if s.feedback == "each_reply" else "each_reply"
        self._changed()

    def cycle_speed(self) -> None:
        self.app.settings.text_speed = _next(SPEEDS, self.app.settings.text_speed)
        self._changed()

    def cycle_theme(self) -> None:
        self.app.settings.theme = _next(THEME_NAMES, self.app.settings.theme)
        self._changed(full=True)

    def toggle_sound(self) -> None:
        self.app.settings.sound = not self.app.settings.sound
        self._changed()

    def toggle_fullscreen(self) -> None:
        self.app.settings.fullscreen = not self.app.settings.fullscreen
        self._changed(full=True)

    def toggle_voice(self) -> None:
        from sim.speech.espeak import find_espeak, how_to_get

        if find_espeak() is None:
            self.app.settings.voice = False
            self.note = how_to_get()
        else:
            self.app.settings.voice = not self.app.voice_on
            self.note = self._voice_note()
        self._changed()

    def toggle_self_voicing(self) -> None:
        from sim.speech.espeak import find_espeak, how_to_get

        self.app.settings.self_voicing = not self.app.settings.self_voicing
        self.note = how_to_get() if find_espeak() is None else self._voice_note()
        self._changed()

    def cycle_volume(self) -> None:
        self.app.settings.voice_volume = _next(VOLUMES, self.app.settings.voice_volume)
        self._changed()

    def _voice_note(self) -> str:
        error = self.app.voice.error
        return f"The voice is silent: {error}." if error else "Changes are saved at once."

    def cycle_size(self) -> None:
        self.app.settings.window = _next(SIZES, tuple(self.app.settings.window))
        self._changed(full=True)

    def back(self) -> None:
        if self.back_to is not None:
            self.app.show(self.back_to)
        else:
            self.app.go("menu")

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.back()
            return
        self.ring.handle(event)
