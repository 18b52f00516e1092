"""The call screen's layout, as arithmetic: at every window size and theme the left column
stacks face, name, meter and gauges inside the window, and the replies stack from the
bottom under a history that keeps a line, never over the customer's box."""

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame
import pytest

from sim.ui.screens.call_layout import (
    column_width,
    ending_strip,
    left_column,
    reply_stack,
    speech_heights,
)
from sim.ui.theme import THEME_NAMES, Theme

SIZES = [(960, 600), (1280, 720), (1920, 1080), (3840, 2160)]


@pytest.fixture(scope="module", autouse=True)
def fonts():
    pygame.font.init()
    yield


@pytest.fixture(params=[(s, t) for s in SIZES for t in THEME_NAMES], ids=lambda p: f"{p[0]}-{p[1]}")
def window(request):
    size, name = request.param
    return size, Theme.load(name, size)


def test_the_left_column_stacks_its_parts_inside_the_window(window):
    size, theme = window
    left = left_column(size, theme, help_h=theme.px(60), feedback=False)
    assert left.width == column_width(size, theme) < size[0] // 2
    column = pygame.Rect(0, left.top, left.width, size[1] - left.top)
    parts = [left.face, left.meter, *left.gauges]
    assert all(column.contains(part) for part in parts)
    assert left.face.bottom < left.name_pos[1] + 4 < left.meter.top  # the name between
    assert left.meter.bottom < left.gauges[0].top < left.gauges[1].top
    assert left.face.h >= theme.px(160)


def test_the_face_gives_room_to_the_gauge_help_only_while_it_stays_readable(window):
    size, theme = window
    roomy = left_column(size, theme, help_h=0, feedback=False)
    asked = left_column(size, theme, help_h=theme.px(120), feedback=False)
    greedy = left_column(size, theme, help_h=size[1], feedback=False)
    assert roomy.help_fits and roomy.face.h >= asked.face.h
    if asked.help_fits:  # the help goes under the gauges, inside the window
        assert asked.gauges[-1].bottom + theme.px(120) <= size[1] - 10
    assert not greedy.help_fits and greedy.face == roomy.face  # a whole window: never


@pytest.mark.parametrize("replies", [0, 1, 3, 6])
def test_the_replies_stack_from_the_bottom_under_the_history(window, replies):
    size, theme = window
    least, most = speech_heights(theme)
    speech = pygame.Rect(300, 60, size[0] - 320, most)
    heights = [theme.px(40) + 7 * i for i in range(replies)]
    stack = reply_stack(size[1], theme, speech, heights)
    assert least <= stack.speech_h <= most
    assert stack.history.top == speech.top + stack.speech_h + 8  # under the customer's box
    assert stack.history.h >= 40 and stack.history.bottom + 8 <= max(stack.top, 40 + 8)
    assert list(stack.tops) == sorted(stack.tops) and len(stack.tops) == replies
    for top, height, after in zip(stack.tops, heights, stack.tops[1:], strict=False):
        assert after == top + height + stack.gap  # one gap between replies, no overlap
    if replies and stack.top > stack.history.top + 40:  # room enough: flush with the foot
        assert stack.tops[-1] + heights[-1] + stack.gap == size[1] - theme.px(12)


def test_too_many_replies_run_below_the_window_rather_than_over_the_customer(window):
    size, theme = window
    speech = pygame.Rect(300, 60, size[0] - 320, speech_heights(theme)[1])
    stack = reply_stack(size[1], theme, speech, [theme.px(90)] * 12)
    assert stack.speech_h == speech_heights(theme)[0]  # the box gave up its third line
    assert stack.top >= stack.history.top  # the replies start under the history's top
    assert stack.tops[-1] > size[1]  # and run off the foot instead


def test_the_ending_strip_sits_at_the_foot_under_the_history(window):
    size, theme = window
    history = pygame.Rect(300, 200, size[0] - 320, 300)
    strip = ending_strip(size[1], theme, history)
    assert (strip.x, strip.w) == (history.x, history.w)
    assert strip.bottom == size[1] - 12
    assert strip.h >= 2 * theme.fonts["big"].get_linesize()
