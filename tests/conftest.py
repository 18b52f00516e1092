"""Shared test setup: headless SDL, the shipped scenarios, a session factory."""

import os

# Headless: the tests set the SDL drivers themselves, before anything imports pygame.
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pytest

from sim.engine import Session
from sim.scenario.catalog import load, shipped_files

SHIPPED_IDS = [path.stem for path in shipped_files()]


@pytest.fixture(scope="session")
def shipped():
    return {sid: load(sid) for sid in SHIPPED_IDS}


def fresh(scenario, seed=0) -> Session:
    session = Session(scenario)
    session.reset(seed)
    return session


@pytest.fixture(autouse=True)
def _private_home(tmp_path, monkeypatch):
    # Runs played in tests go to the results store: keep it out of the real user folder.
    monkeypatch.setenv("DEFUSE_HOME", str(tmp_path / "defuse-home"))
