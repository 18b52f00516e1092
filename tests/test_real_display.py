"""The game under a real X server (Xvfb), driven with real key presses (xdotool).

Every other window test uses SDL's dummy driver. Here `python main.py` opens a real X
window: a name is typed, Settings is opened with its key, and screenshots taken from the
X server (xwd) must match what the same screens look like drawn headless. Then Escape
twice quits, and the name typed has been saved.

The first test needs the Debian packages xvfb, xdotool, x11-apps and x11-utils (xwd,
xwininfo) and is skipped with a reason where they are missing; `.ci/run` installs them.
The second needs no X server at all: a DISPLAY that names none.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from sim.paths import PROJECT_DIR
from tests.xwd import xwd_to_png

TOOLS = ("Xvfb", "xdotool", "xwd", "xwininfo")
MISSING = [tool for tool in TOOLS if shutil.which(tool) is None]
needs_x = pytest.mark.skipif(
    bool(MISSING),
    reason=f"needs {', '.join(MISSING)} (apt-get install xvfb xdotool x11-apps x11-utils)",
)

TITLE = "Defuse: customer complaint trainer"
SIZE = (1280, 720)  # the default window size
PATIENCE = 60.0  # seconds to wait for anything; the machine may be busy


def _until(what: str, check, limit: float = PATIENCE, game: subprocess.Popen | None = None):
    """Poll until check() gives something truthy; fail with `what` after the limit."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        if game is not None and game.poll() is not None:
            pytest.fail(f"the game exited ({game.returncode}) while waiting for {what}")
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}")


@pytest.fixture
def xserver():
    """A private Xvfb on a free display number (it picks one and tells us through a pipe)."""
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    os.close(write_end)
    try:
        with os.fdopen(read_end) as pipe:
            number = pipe.readline().strip()  # written once the server is ready
        if not number.isdigit():
            pytest.skip("Xvfb did not start here")
        yield f":{number}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _x(display: str, *args: str) -> str:
    env = {**os.environ, "DISPLAY": display}
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=30, check=False)
    return done.stdout if done.returncode == 0 else ""


def _window_id(display: str) -> str | None:
    found = re.search(r"Window id: (0x[0-9a-f]+)", _x(display, "xwininfo", "-name", TITLE))
    return found.group(1) if found else None


def _screenshot(display: str, window: str, png: Path) -> np.ndarray:
    dump = png.with_suffix(".xwd")
    env = {**os.environ, "DISPLAY": display}
    with dump.open("wb") as out:
        subprocess.run(
            ["xwd", "-silent", "-id", window], stdout=out, env=env, timeout=30, check=True
        )
    return xwd_to_png(dump, png)


def _headless(screen: str, home: Path, monkeypatch) -> np.ndarray:
    """The same screen drawn with the dummy driver in this process, as RGB pixels."""
    import pygame

    from sim.records.userdata import Settings
    from sim.ui.app import App
    from sim.ui.driver import Driver
    from sim.ui.screens.menu import MenuScreen
    from sim.ui.screens.settings import SettingsScreen

    monkeypatch.setenv("DEFUSE_HOME", str(home))
    app = App(SIZE, settings=Settings(player="Robin"))
    app.show({"menu": MenuScreen, "settings": SettingsScreen}[screen](app))
    Driver(app).frames(3)
    return pygame.surfarray.array3d(app.window).swapaxes(0, 1).copy()


def _same_screen(shot: np.ndarray, reference: np.ndarray) -> float:
    """The share of pixels that match (within a little colour noise)."""
    if shot.shape != reference.shape:
        return 0.0
    close = np.abs(shot.astype(int) - reference.astype(int)).max(axis=2) <= 8
    return float(close.mean())


@needs_x
def test_the_game_runs_in_a_real_x_window(xserver, tmp_path, monkeypatch):
    home = tmp_path / "home"
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("SDL_VIDEODRIVER", "WAYLAND_DISPLAY")
    }
    env.update(DISPLAY=xserver, SDL_AUDIODRIVER="dummy", DEFUSE_HOME=str(home))
    menu = _headless("menu", tmp_path / "ref", monkeypatch)
    settings = _headless("settings", tmp_path / "ref", monkeypatch)
    assert _same_screen(menu, settings) < 0.95  # the two references tell the screens apart

    game = subprocess.Popen(
        [sys.executable, "main.py"],
        cwd=PROJECT_DIR,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        window = _until("the game window", lambda: _window_id(xserver), game=game)
        geometry = _x(xserver, "xwininfo", "-id", window)
        assert f"Width: {SIZE[0]}" in geometry and f"Height: {SIZE[1]}" in geometry

        # Drawn at all: the first frames leave the window black.
        first = tmp_path / "first.png"
        _until(
            "the first frame",
            lambda: _screenshot(xserver, window, first).mean() > 10,
            game=game,
        )
        _x(xserver, "xdotool", "mousemove", "0", "0")  # the pointer off every button
        _x(xserver, "xdotool", "windowfocus", "--sync", window)

        # The name asked on the first run, typed with real key presses.
        _x(xserver, "xdotool", "type", "--delay", "40", "Robin")
        _x(xserver, "xdotool", "key", "Return")
        menu_png = tmp_path / "menu.png"
        _until(
            "the menu greeting Robin",
            lambda: _same_screen(_screenshot(xserver, window, menu_png), menu) > 0.98,
            game=game,
        )

        _x(xserver, "xdotool", "key", "2")
        settings_png = tmp_path / "settings.png"
        _until(
            "the settings screen",
            lambda: _same_screen(_screenshot(xserver, window, settings_png), settings) > 0.98,
            game=game,
        )
        shot = _screenshot(xserver, window, settings_png)
        # Not a blank window that happens to match: the title and the rows are drawn.
        assert shot[20:80, 300:980].std() > 10
        assert shot[90:540, 262:1018].std() > 10

        _x(xserver, "xdotool", "key", "Escape")  # back to the menu
        _until(
            "the menu again",
            lambda: _same_screen(_screenshot(xserver, window, menu_png), menu) > 0.98,
            game=game,
        )
        _x(xserver, "xdotool", "key", "Escape")  # and quit
        try:
            output = game.communicate(timeout=PATIENCE)[0].decode("utf-8", "replace")
        except subprocess.TimeoutExpired:
            pytest.fail("Escape on the menu did not close the game")
        assert game.returncode == 0, output
        assert "Traceback" not in output
        saved = (home / "config" / "settings.json").read_text(encoding="utf-8")
        assert '"player": "Robin"' in saved
    finally:
        if game.poll() is None:
            game.kill()
            game.wait()


def test_a_display_that_is_not_there_falls_back_to_the_terminal_game(tmp_path):
    env = {key: value for key, value in os.environ.items() if key != "SDL_VIDEODRIVER"}
    env.pop("WAYLAND_DISPLAY", None)
    # A display number no X server uses (there is no socket for it).
    number = next(n for n in range(170, 400) if not Path(f"/tmp/.X11-unix/X{n}").exists())
    env.update(DISPLAY=f":{number}", SDL_AUDIODRIVER="dummy", DEFUSE_HOME=str(tmp_path))
    done = subprocess.run(
        [sys.executable, "main.py"],
        cwd=PROJECT_DIR,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=PATIENCE,
        check=False,
    )
    assert done.returncode == 0
    assert "Traceback" not in done.stdout + done.stderr
    said = [line for line in done.stdout.splitlines() if "window could not open" in line]
    assert len(said) == 1 and f":{number}" in said[0]
    assert "Scenarios:" in done.stdout  # the terminal game started
    assert done.stderr.strip() == ""
