"""Shared by the tests that drive the game window headless: a window with test settings, and
ways to let simulated time pass.

Time passes in frames of ``sim.ui.driver.FRAME`` (1/30 s) unless a test says otherwise.
Waits in which a test checks only where the time leads (the customer's line is out, the call
ends, the customer prompts, the clock did not move) pass in ``SLOW_FRAME`` steps instead:
0.1 s, the longest frame ``App.run`` ever hands the game (``min(dt, 0.1)``), so the window
sees what a slow machine would give it, in a third of the frames. Tests that check what
happens frame by frame step ``drive.frames`` themselves.
"""

from __future__ import annotations

from sim.records.userdata import Settings
from sim.ui.app import App
from sim.ui.driver import Driver

SLOW_FRAME = 0.1


def make_app(size: tuple[int, int] = (1280, 720), **settings) -> tuple[App, Driver]:
    """A window for player Tess, silent and turn-based unless the test says otherwise."""
    values = {"player": "Tess", "sound": False, "real_time": False, **settings}
    app = App(size, settings=Settings(**values))
    return app, Driver(app)


def idle(drive: Driver, seconds: float, until=None) -> float:
    """Let ``seconds`` pass in slow frames, with nobody touching a key; stop early once
    ``until()`` holds. Returns the seconds that passed."""
    passed = 0.0
    for _ in range(max(1, round(seconds / SLOW_FRAME))):
        if until is not None and until():
            break
        drive.frames(1, SLOW_FRAME)
        passed += SLOW_FRAME
    return passed


def quiet(drive: Driver, limit: float = 20.0) -> None:
    """``Driver.wait_until_quiet`` in slow frames: the customer finishes their line."""
    host = getattr(drive.app.screen, "host", None)
    idle(drive, limit, until=lambda: host is None or not host.speaking)
