"""Driving the real window code without a person: posted keys, simulated time.

Used by the demo (screenshots of every screen), the benchmark and the tests. Time is
simulated (a fixed dt per frame), so a scripted run is the same on every machine.
"""

from __future__ import annotations

from pathlib import Path

import pygame

from sim.ui.app import App

FRAME = 1.0 / 30.0


class Driver:
    def __init__(self, app: App):
        self.app = app

    def frames(self, count: int = 1, dt: float = FRAME) -> None:
        for _ in range(count):
            self.app.frame(dt)

    def seconds(self, seconds: float) -> None:
        self.frames(max(1, round(seconds / FRAME)))

    def key(self, key: int, unicode: str = "", mod: int = 0) -> None:
        pygame.event.post(
            pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode=unicode, scancode=0)
        )
        pygame.event.post(
            pygame.event.Event(pygame.KEYUP, key=key, mod=mod, unicode=unicode, scancode=0)
        )
        self.frames(2)

    def digit(self, number: int) -> None:
        self.key(pygame.K_0 + number, str(number))

    def type_text(self, text: str) -> None:
        for ch in text:
            pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=ch))
        self.frames(2)

    def screenshot(self, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.app.draw()
        pygame.image.save(self.app.window, str(path))
        return path

    def wait_until_quiet(self, limit: float = 20.0) -> None:
        """Let the customer finish speaking (conversation screen)."""
        host = getattr(self.app.screen, "host", None)  # the call's SessionHost
        waited = 0.0
        while host is not None and host.speaking and waited < limit:
            self.frames(1)
            waited += FRAME
