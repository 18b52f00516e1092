"""The call screen: an end banner, nothing over the last line, feedback after each reply
beside the gauges, replies clickable all over, settings from the pause menu, the window size
remembered."""

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame
import pytest

from sim.model.vocabulary import MOVES
from sim.records.userdata import load_settings
from sim.ui.app import App
from sim.ui.screens.conversation import GAUGE_HELP, ConversationScreen
from sim.ui.screens.settings import SettingsScreen
from tests.layoutcheck import layout_problems
from tests.uikit import make_app, quiet

pytestmark = pytest.mark.usefixtures("close_pygame")


def start(app, drive, scenario, seed=5) -> ConversationScreen:
    screen = ConversationScreen(app, scenario, seed=seed)
    app.show(screen)
    quiet(drive)
    return screen


@pytest.mark.parametrize("size", [(960, 600), (1280, 720), (1920, 1080)])
def test_the_end_of_the_call_has_a_banner_and_the_button_covers_no_line(shipped, size):
    app, drive = make_app(size)
    screen = start(app, drive, shipped["surprise-charge"])
    for choice in (2, 3, 5):  # she walks out
        if not screen.host.session.done:
            drive.digit(choice)
    quiet(drive)
    drive.seconds(1.0)
    assert screen.host.session.ending == "walked_out"
    assert screen.ending_banner() == "Call over: Dana walked out."
    button = screen.debrief_button
    assert button is not None and button in screen.end_rows.rows
    assert not button.rect.colliderect(screen.transcript_rect)
    assert screen.ending_rect.contains(button.rect)
    assert not screen.ending_rect.colliderect(screen.transcript_rect)
    assert layout_problems(app) == []


def test_the_reload_message_is_in_plain_words_and_on_a_line_of_its_own(shipped):
    app, drive = make_app()
    screen = start(app, drive, shipped["surprise-charge"])
    drive.digit(2)
    quiet(drive)
    drive.key(pygame.K_F5)
    assert screen.flash and "beat" not in screen.flash and "`" not in screen.flash
    rect, note, pos = screen.note_layout()
    assert note is not None
    note_rect = note.get_rect(topleft=pos)
    assert not note_rect.colliderect(rect)  # not over the conversation
    assert note_rect.bottom <= screen.options_top  # nor over the replies


@pytest.mark.parametrize("feedback", ["each_reply", "end"])
def test_feedback_after_each_reply_is_a_setting(shipped, feedback):
    app, drive = make_app(feedback=feedback)
    screen = start(app, drive, shipped["surprise-charge"])
    drive.digit(2)  # "sorry, but...": an excuse
    if feedback == "end":
        assert screen.feedback == "" and screen.feedback_layout() is None
        return
    assert MOVES["excuse"].principle.lower() in screen.feedback.lower()
    assert "hurt" in screen.feedback and "anger +" in screen.feedback
    # Beside the gauges it talks about, under them, inside the left column and the window.
    words, spot = screen.feedback_layout()
    shown = words.get_rect(topleft=spot)
    assert shown.top > screen.gauge_rects[-1].bottom and shown.right <= screen.left_w
    assert shown.bottom <= app.size[1]
    quiet(drive)
    drive.digit(1)  # letting her go on
    assert MOVES["listen"].principle.lower() in screen.feedback.lower()
    assert "helped" in screen.feedback


def test_the_feedback_setting_is_kept_between_runs():
    app, drive = make_app()
    app.show(SettingsScreen(app))
    drive.frames(2)
    row = next(i for i, (b, _) in enumerate(app.screen.ring.items) if "Feedback" in b.text)
    app.screen.ring.set_focus(row)  # past the number keys: arrows and Enter reach it
    drive.key(pygame.K_RETURN)
    assert load_settings().feedback == "each_reply"
    assert "after each reply" in app.screen.ring.items[row][0].text


def test_a_click_anywhere_on_a_reply_box_picks_it(shipped):
    app, drive = make_app()
    screen = start(app, drive, shipped["surprise-charge"])
    _, box = screen.option_elements[3]  # the fourth reply's text box
    spot = (box.rect.right - 6, box.rect.bottom - 4)  # far from its words
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=spot))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, button=1, pos=spot))
    drive.frames(2)
    assert [t.choice for t in screen.host.session.turns] == [4]


def test_settings_from_the_pause_menu_return_to_the_same_call(shipped):
    app, drive = make_app()
    screen = start(app, drive, shipped["surprise-charge"])
    drive.digit(1)
    quiet(drive)
    history = list(screen.history)
    drive.key(pygame.K_ESCAPE)
    assert screen.pause_menu.shown
    drive.digit(2)  # Settings
    assert isinstance(app.screen, SettingsScreen)
    drive.key(pygame.K_ESCAPE)
    assert app.screen is screen and screen.pause_menu.shown
    assert screen.history == history and len(screen.host.session.turns) == 1
    drive.key(pygame.K_ESCAPE)
    assert not screen.pause_menu.shown


def test_any_window_size_is_remembered():
    _app, drive = make_app()
    pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, w=1111, h=777, size=(1111, 777)))
    drive.seconds(1.0)
    assert load_settings().window == (1111, 777)
    pygame.quit()
    again = App(settings=load_settings())
    assert again.size == (1111, 777)


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_the_gauges_are_explained_where_they_are_shown(shipped, size):
    app, drive = make_app(size)
    screen = start(app, drive, shipped["surprise-charge"])
    assert len(screen.gauge_help) == len(GAUGE_HELP)
    bottom = screen.gauge_rects[-1].bottom + sum(s.get_height() + 2 for s in screen.gauge_help)
    assert bottom <= size[1]
