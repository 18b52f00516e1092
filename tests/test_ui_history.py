"""The history on the call screen: it scrolls back to the first line by keyboard and wheel
in every theme and shows there is more above, a "what if" starts it at the customer's
opening, and a line the trainee cut into is kept cut."""

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame
import pytest

from sim.ui.app import App
from sim.ui.driver import FRAME, Driver
from sim.ui.screens.conversation import ConversationScreen
from sim.ui.screens.debrief import DebriefScreen
from sim.ui.theme import THEME_NAMES
from sim.ui.timing import CHARS_PER_SECOND
from tests.uikit import idle, make_app, quiet

pytestmark = pytest.mark.usefixtures("close_pygame")


def start(app: App, drive: Driver, scenario, seed: int = 5) -> ConversationScreen:
    screen = ConversationScreen(app, scenario, seed=seed)
    app.show(screen)
    quiet(drive)
    return screen


def opening_of(screen: ConversationScreen) -> str:
    return screen.transcript.entries[0].text


def thumb_at_top(app: App, screen: ConversationScreen) -> bool:
    """Whether the scroll bar at the history's right edge has its thumb at the top."""
    rect = screen.note_layout()[0]
    muted = app.theme.palette["muted"]
    column = rect.right - 3  # right of the bar's thin rail: only the thumb is drawn there
    top, bottom = (app.window.get_at((column, y)) for y in (rect.top + 4, rect.bottom - 5))
    return top == muted and bottom != muted


@pytest.mark.parametrize("theme", THEME_NAMES)
def test_the_history_scrolls_back_to_the_first_line_by_keyboard(shipped, theme):
    # Feedback after each reply takes a line under the history: the first line must still
    # be reachable in the smaller view.
    app, drive = make_app(theme=theme, feedback="each_reply")
    scenario = shipped["surprise-charge"]
    screen = start(app, drive, scenario)
    for choice in scenario.tests[0].choices[:-1]:
        drive.digit(choice)
    quiet(drive)
    view = screen.transcript
    newest = len(view.entries) - 1
    assert newest >= 8 and 0 not in view.shown and newest in view.shown
    assert not thumb_at_top(app, screen)  # the bar shows there is more above

    drive.key(pygame.K_PAGEUP)
    assert view.scroll > 0
    drive.key(pygame.K_HOME)
    assert 0 in view.shown  # the customer's opening, whole or in part
    assert thumb_at_top(app, screen)
    top = view.scroll
    drive.key(pygame.K_PAGEUP)
    assert view.scroll == top  # no further than the first line

    # Up, Down and Tab still move between the replies; they do not scroll.
    focus = screen.ring.focus
    drive.key(pygame.K_DOWN)
    assert screen.ring.focus == focus + 1 and view.scroll == top

    drive.key(pygame.K_PAGEDOWN)
    assert 0 < view.scroll < top
    drive.key(pygame.K_END)
    assert view.scroll == 0 and newest in view.shown


def test_the_mouse_wheel_reaches_the_first_line_too(shipped):
    app, drive = make_app(feedback="each_reply")
    scenario = shipped["surprise-charge"]
    screen = start(app, drive, scenario)
    for choice in scenario.tests[0].choices[:-1]:
        drive.digit(choice)
    quiet(drive)
    assert 0 not in screen.transcript.shown
    for _ in range(60):
        pygame.event.post(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=1, flipped=False))
    drive.frames(2)
    assert 0 in screen.transcript.shown


def test_the_history_still_scrolls_after_the_call_ends(shipped):
    app, drive = make_app(theme="large")
    scenario = shipped["surprise-charge"]
    screen = start(app, drive, scenario)
    for choice in scenario.tests[0].choices:
        drive.digit(choice)
    quiet(drive)
    drive.seconds(1.0)
    assert screen.pending_ending and 0 not in screen.transcript.shown
    drive.key(pygame.K_PAGEUP)
    assert screen.transcript.scroll > 0
    drive.key(pygame.K_HOME)
    assert 0 in screen.transcript.shown
    assert app.screen is screen  # scrolling did not open the debrief


def test_a_what_if_history_starts_with_the_customers_opening(shipped):
    app, drive = make_app(real_time=True)
    screen = start(app, drive, shipped["surprise-charge"], seed=3)
    idle(drive, 12.0)  # a long silence first: the customer prompts
    prompt = screen.speech_text
    assert screen.host.session.last_lines[0] != prompt
    for choice in (1, 1, 4, *[5] * 8):  # then brushing her off until she goes
        if screen.host.session.done:
            break
        drive.digit(choice)
        quiet(drive)
        drive.seconds(1.0)
    assert screen.host.session.done
    live = list(screen.history)
    drive.key(pygame.K_RETURN)
    drive.seconds(0.5)  # the debrief takes keys after a moment
    assert isinstance(app.screen, DebriefScreen)
    debrief = app.screen
    while debrief.selected != 3:
        drive.key(pygame.K_LEFT if debrief.selected > 3 else pygame.K_RIGHT)
    drive.key(pygame.K_w)  # what if, at the third reply
    what_if = app.screen
    assert isinstance(what_if, ConversationScreen) and what_if.original is not None
    assert len(what_if.host.session.turns) == 2
    # As the call had it up to the third reply: the opening, the prompt, two replies and
    # the first answer; the second answer is being said again, so not in it yet.
    third = [i for i, (speaker, _, _) in enumerate(live) if speaker == "agent"][2]
    assert what_if.history == live[: third - 1]
    assert what_if.history[0] == ("customer", "Dana", opening_of(screen))
    assert what_if.history[1] == ("customer", "Dana", prompt)
    assert what_if.speech_text == live[third - 1][2]


def test_a_what_if_at_the_first_reply_says_the_opening_again(shipped):
    app, drive = make_app()
    screen = start(app, drive, shipped["surprise-charge"])
    for choice in (2, 3, 5):  # she walks out
        drive.digit(choice)
    quiet(drive)
    drive.seconds(1.0)
    opening = opening_of(screen)
    drive.key(pygame.K_RETURN)
    drive.seconds(0.5)
    while app.screen.selected != 1:
        drive.key(pygame.K_LEFT)
    drive.key(pygame.K_w)
    assert app.screen.history == [] and app.screen.speech_text == opening


def test_an_interrupted_line_is_kept_cut_where_it_was_cut(shipped):
    app, drive = make_app(real_time=True)
    screen = ConversationScreen(app, shipped["surprise-charge"], seed=3)
    app.show(screen)
    opening = screen.speech_text
    drive.frames(20)  # the opening is still being typed out
    said = int(20 * FRAME * CHARS_PER_SECOND)  # the letters out so far
    drive.digit(1)
    assert screen.host.session.turns[-1].timing.interrupted is True
    first = screen.history[0]
    assert first == ("customer", "Dana", opening[:said].rstrip() + "—")
    assert 0 < said < len(opening)
    assert screen.history[1][0] == "agent"  # then your reply


def test_a_line_not_cut_into_is_kept_whole(shipped):
    app, drive = make_app(real_time=False)  # turn-based: a pick is never an interruption
    screen = ConversationScreen(app, shipped["surprise-charge"], seed=3)
    app.show(screen)
    opening = screen.speech_text
    drive.frames(20)
    drive.digit(1)
    assert screen.history[0] == ("customer", "Dana", opening)
