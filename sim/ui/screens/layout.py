"""Layout helpers: rectangles from the window size, so every screen resizes cleanly."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

if TYPE_CHECKING:
    from sim.ui.theme import Theme


def column(size: tuple[int, int], width: int, top: int) -> pygame.Rect:
    """A centred column of the given width, from `top` down to near the bottom."""
    w, h = size
    width = min(width, w - 40)
    return pygame.Rect((w - width) // 2, top, width, h - top - 20)


def scaled(base_size: int, lines: float = 1.0) -> int:
    """The height of a control that holds `lines` lines of text at the theme's font size."""
    return round(base_size * 1.5 * lines + 18)


def button_width(theme: Theme, text: str, least: int = 0) -> int:
    """Wide enough for the words on a button (and at least `least` design pixels)."""
    return max(theme.px(least), theme.fonts["base"].size(text)[0] + theme.px(36))
