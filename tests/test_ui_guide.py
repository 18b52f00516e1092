"""The guided first call, the glossary, and "How to play" from the briefing by keyboard."""

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame
import pytest

from sim.records.userdata import Settings, load_settings, save_settings
from sim.ui.app import App
from sim.ui.driver import Driver
from sim.ui.guide import load_guide, parse_guide
from sim.ui.screens.briefing import BriefingScreen
from sim.ui.screens.conversation import ConversationScreen
from sim.ui.screens.glossary import GlossaryScreen, glossary_html
from sim.ui.screens.menu import MenuScreen
from tests.uikit import idle, quiet

pytestmark = pytest.mark.usefixtures("close_pygame")


def first_run_app() -> tuple[App, Driver]:
    """A player's own settings file, never shown the tour (as on a first run)."""
    save_settings(Settings(player="Ana", sound=False, real_time=True))
    app = App()
    return app, Driver(app)


def test_the_first_call_is_guided_and_the_clock_waits(shipped):
    app, drive = first_run_app()
    screen = ConversationScreen(app, shipped["surprise-charge"], seed=3)
    app.show(screen)
    tour = load_guide().tour
    assert screen.tour.active and len(tour) >= 5
    words = " ".join(c.title + " " + c.text for c in tour).lower()
    for idea in ("anger", "trust", "patience", "interrupt", "pause", "dead air", "seven steps"):
        assert idea in words, idea
    idle(drive, 30.0)  # reading the cards: no dead air, no reply, no patience lost
    assert not screen.host.session.turns and screen.host.session.waited == 0
    drive.digit(4)  # keys belong to the tour, not to the replies
    assert not screen.host.session.turns
    seen = set()
    while screen.tour.active:
        card = screen.tour.card
        if card.spot:
            spot = screen.tour_spot(card.spot)
            assert spot is not None and pygame.Rect((0, 0), app.size).colliderect(spot)
        drive.frames(1)
        seen.add(screen.tour.step)
        drive.key(pygame.K_RETURN)
    assert seen == set(range(len(tour)))
    assert load_settings().tour_done is True
    quiet(drive)
    drive.digit(1)
    assert len(screen.host.session.turns) == 1  # and then the call goes on as usual
    again = ConversationScreen(app, shipped["surprise-charge"], seed=3)
    app.show(again)
    assert not again.tour.active  # shown once


def test_the_tour_can_be_skipped_and_shows_only_on_a_players_own_first_run(shipped):
    app, drive = first_run_app()
    screen = ConversationScreen(app, shipped["surprise-charge"], seed=3)
    app.show(screen)
    drive.key(pygame.K_ESCAPE)
    assert not screen.tour.active and not screen.pause_menu.shown
    assert load_settings().tour_done is True
    app2 = App((1280, 720), settings=Settings(player="Bo", sound=False))  # tests, demo, bench
    assert not app2.tour_due


def test_how_to_play_from_the_briefing_by_keyboard_and_back(shipped):
    app, drive = first_run_app()
    app.show(BriefingScreen(app, shipped["surprise-charge"], seed=7))
    drive.frames(2)
    drive.key(pygame.K_h)
    assert isinstance(app.screen, GlossaryScreen)
    glossary = app.screen
    drive.frames(2)
    assert glossary.scrolled == 0
    drive.key(pygame.K_PAGEDOWN)
    drive.frames(2)
    assert glossary.scrolled > 0  # the whole page reachable by keyboard
    drive.key(pygame.K_END)
    drive.frames(2)
    assert glossary.scrolled == 1.0  # at the foot of the page
    assert glossary.text.lines[-1].y + glossary.text.lines[-1].height - glossary.text.scroll <= (
        glossary.text.inner.h
    )
    drive.key(pygame.K_ESCAPE)
    assert isinstance(app.screen, BriefingScreen) and app.screen.seed == 7


def test_the_glossary_holds_the_terms_and_is_on_the_menu():
    html = glossary_html()
    for term in ("Anger", "Trust", "Patience", "Interrupting", "Dead air", "Pause", "Breach"):
        assert f"<b>{term}</b>" in html
    assert "Follow up" in html  # the seven steps
    app, drive = first_run_app()
    app.show(MenuScreen(app))
    drive.frames(2)
    drive.digit(4)
    assert isinstance(app.screen, GlossaryScreen)


def test_a_broken_guide_is_one_clear_line():
    with pytest.raises(ValueError, match="tour card 1: spot must be one of"):
        parse_guide({"tour": [{"title": "x", "text": "y", "spot": "elbow"}], "how_to_play": "z"})
    with pytest.raises(ValueError, match="glossary entry 1 meaning"):
        parse_guide({"glossary": [{"term": "x"}], "how_to_play": "z"})
