"""Shared test setup: headless SDL, the shipped scenarios, a session factory."""

import os

# Headless: the tests set the SDL drivers themselves, before anything imports pygame.
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pytest
from hypothesis import HealthCheck, settings

from sim.engine import Session
from sim.scenario.catalog import load, shipped_files

# Fuzzing on demand: DEFUSE_HYPOTHESIS=long runs every property test with 100,000 examples
# or more (before a release; it takes hours), `quick` with 20 (a smoke run). Unset, each test
# uses its own everyday count. Tests ask for their count through tests.conftest.examples().
PROFILES = {"quick": 20, "long": 100_000}
for _name, _count in PROFILES.items():
    settings.register_profile(
        _name,
        max_examples=_count,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
PROFILE = os.environ.get("DEFUSE_HYPOTHESIS", "")
if PROFILE:
    if PROFILE not in PROFILES:
        raise pytest.UsageError(
            f"DEFUSE_HYPOTHESIS={PROFILE!r}: use one of {', '.join(PROFILES)} (or leave it unset)"
        )
    settings.load_profile(PROFILE)


def examples(everyday: int) -> int:
    """A test's number of examples: its everyday count, or the chosen profile's."""
    return PROFILES.get(PROFILE, everyday)


SHIPPED_IDS = [path.stem for path in shipped_files()]


@pytest.fixture(scope="session")
def shipped():
    return {sid: load(sid) for sid in SHIPPED_IDS}


def fresh(scenario, seed=0) -> Session:
    session = Session(scenario)
    session.reset(seed)
    return session


@pytest.fixture
def close_pygame():
    """For the tests that open the game window (``pytestmark =
    pytest.mark.usefixtures("close_pygame")``): pygame is shut down after each test, so the
    next one starts its own window."""
    yield
    import pygame

    pygame.quit()


@pytest.fixture(autouse=True)
def _private_home(tmp_path, monkeypatch):
    # Runs played in tests go to the results store: keep it out of the real user folder.
    monkeypatch.setenv("DEFUSE_HOME", str(tmp_path / "defuse-home"))
