"""Where the call screen puts things, from the window size and the theme's font heights.

Arithmetic only: nothing here draws or makes an element, so the call screen reads as
"lay out, then build and draw", and a test can check the rectangles at any window size.
The left column holds the face, the name, the anger meter and two gauges (and their
explanations when the face can spare the room); the right column, the customer's line,
the conversation so far and the replies, stacked from the bottom.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pygame

from sim.ui.screens.layout import scaled

if TYPE_CHECKING:
    from sim.ui.theme import Theme

MARGIN = 20  # between the window's left edge and the left column's contents


@dataclass(frozen=True)
class LeftColumn:
    width: int
    top: int  # under the title's line, where both columns start
    face: pygame.Rect
    name_pos: tuple[int, int]
    meter: pygame.Rect
    gauges: tuple[pygame.Rect, pygame.Rect]  # trust, patience
    help_fits: bool  # the gauges' explanations fit under them


def column_width(size: tuple[int, int], theme: Theme) -> int:
    """The left column's width: a quarter of the window, within sensible bounds."""
    return max(230, min(theme.px(400), int(size[0] * 0.24)))


def title_height(theme: Theme) -> int:
    """The title's own line, not a button row: on a short window every pixel goes to the
    replies and the history."""
    return theme.fonts["big"].get_linesize() + 14


def left_column(size: tuple[int, int], theme: Theme, help_h: int, feedback: bool) -> LeftColumn:
    """The left column for a window of ``size``. ``help_h``: the height the gauges'
    explanations (or, with ``feedback`` on each reply, the feedback) want under them; the
    face gives up that much room only while it stays at least a readable size."""
    h = size[1]
    width = column_width(size, theme)
    top = title_height(theme)
    name_h = theme.fonts["bold"].get_linesize()
    room = h - top - theme.px(260) - name_h
    face_h = min(int((width - 2 * MARGIN) * 1.2), room)
    meter_h, gauge_h, gauge_step = theme.px(64), theme.px(24), theme.px(30)
    gauges_bottom = top + face_h + name_h + 10 + meter_h + 8 + 2 * gauge_step
    overflow = max(0, gauges_bottom + help_h - (h - 10))
    least_face = theme.px(160 if feedback else 200)
    help_fits = face_h - overflow >= least_face
    if help_fits:
        face_h -= overflow
    inner = width - 2 * MARGIN
    face = pygame.Rect(MARGIN, top, inner, max(theme.px(160), face_h))
    meter = pygame.Rect(MARGIN, face.bottom + name_h + 10, inner, meter_h)
    gauges = tuple(
        pygame.Rect(MARGIN, meter.bottom + 8 + i * gauge_step, inner, gauge_h) for i in range(2)
    )
    return LeftColumn(width, top, face, (MARGIN, face.bottom + 4), meter, gauges, help_fits)


def speech_heights(theme: Theme) -> tuple[int, int]:
    """The customer's box: two lines (as the text box spaces them, 1.25 lines apart, with
    its padding) on a short window with long replies, where it scrolls so the history
    keeps a line; three otherwise."""
    big = theme.fonts["big"].get_linesize()
    return round(big * 2.5) + 16, round(big * 3.2) + 24


@dataclass(frozen=True)
class ReplyStack:
    speech_h: int  # the customer's box, as tall as the replies leave room for
    history: pygame.Rect  # the conversation so far: whatever the replies leave
    top: int  # the stack's top (the window's foot, with no replies)
    tops: tuple[int, ...]  # each reply's top, the first at the top of the stack
    gap: int


def reply_stack(window_h: int, theme: Theme, speech: pygame.Rect, heights: list[int]) -> ReplyStack:
    """The replies (each ``heights`` tall) stacked from the bottom of the window, under the
    customer's box (``speech``, whose height this settles) and the history. Never over the
    customer's line: with many long replies on a small window the list runs below the edge
    rather than hiding what the customer says."""
    gap = max(3, theme.px(5))
    y = window_h - theme.px(12) - sum(heights) - gap * len(heights)
    fonts = theme.fonts
    history_h = fonts["bold"].get_linesize() + fonts["base"].get_linesize() + 8
    least, most = speech_heights(theme)
    speech_h = min(most, max(least, y - 16 - history_h - speech.top))
    history_top = speech.top + speech_h + 8
    y = max(history_top, y)
    history = pygame.Rect(speech.x, history_top, speech.w, max(40, y - 8 - history_top))
    top, tops = y, []
    for height in heights:
        tops.append(y)
        y += height + gap
    return ReplyStack(speech_h, history, top, tuple(tops), gap)


def ending_strip(window_h: int, theme: Theme, history: pygame.Rect) -> pygame.Rect:
    """The strip under the conversation for the end-of-call banner and the button to the
    debrief, so neither covers the last line."""
    row = scaled(theme.base_size)
    strip = max(row, theme.fonts["big"].get_linesize() * 2) + 16
    return pygame.Rect(history.x, window_h - 12 - strip, history.w, strip)
