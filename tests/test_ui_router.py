"""The screen router: every screen known by name, resolved lazily, shown with app.go."""

import importlib
import inspect
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pytest

import sim.ui.screens
from sim.records.userdata import Settings
from sim.ui.app import App, Screen
from sim.ui.router import SCREENS, screen_class

ROOT = Path(__file__).resolve().parent.parent


pytestmark = pytest.mark.usefixtures("close_pygame")


def _defined_screens() -> set[type]:
    """Every concrete screen class defined in sim/ui/screens (not the shared bases)."""
    found = set()
    for info in pkgutil.iter_modules(sim.ui.screens.__path__):
        module = importlib.import_module(f"sim.ui.screens.{info.name}")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            own = cls.__module__ == module.__name__ and cls.__name__ != "ClassScreen"
            if own and issubclass(cls, Screen) and cls.__name__.endswith("Screen"):
                found.add(cls)
    return found


def test_every_screen_is_known_by_name_and_every_name_is_a_screen():
    resolved = {name: screen_class(name) for name in SCREENS}
    assert all(issubclass(cls, Screen) for cls in resolved.values())
    assert set(resolved.values()) == _defined_screens()


def test_an_unknown_name_is_refused_with_the_known_ones():
    with pytest.raises(KeyError, match=r"no screen is called 'pickr'.*picker"):
        screen_class("pickr")


def test_go_makes_the_screen_with_its_arguments_and_shows_it():
    app = App((1280, 720), settings=Settings(player="Tess", sound=False))
    menu = app.go("menu")
    assert app.screen is menu and isinstance(menu, screen_class("menu"))
    settings = app.go("settings", back=menu)
    assert app.screen is settings
    settings.back()  # back to the very menu it came from
    assert app.screen is menu


def test_the_menu_starts_without_the_later_screens_or_the_models():
    code = (
        # pygame-ce 2.4 imports NumPy itself: only what the game adds to pygame counts.
        "import sys, pygame; before = set(sys.modules);"
        "import sim.ui.app, sim.ui.screens.menu;"
        "heavy = [m for m in ('sim.engine', 'sim.scenario.models', 'numpy',"
        " 'sim.ui.screens.picker', 'sim.ui.screens.conversation')"
        " if m in sys.modules and m not in before];"
        "print(heavy)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert out.stdout.strip() == "[]"
