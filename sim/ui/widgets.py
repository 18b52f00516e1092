"""Small pieces shared by the screens: keyboard focus over buttons, the transcript view, the
rounded panels under text boxes.

The transcript is drawn here rather than in a pygame_gui text box on purpose: a text box
re-lays out its whole history on every append, so a long conversation would make each new
line slower. Here each entry is rendered once and only the visible ones are blitted.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import pygame
import pygame_gui

Action = Callable[[], None]


class FocusRing:
    """Buttons reachable by keyboard: arrows/Tab move, Enter presses, digits pick directly."""

    def __init__(self, digits: bool = False):
        self.items: list[tuple[pygame_gui.elements.UIButton, Action]] = []
        self.labels: list[str | None] = []  # what is read aloud, when not the button's text
        self.focus = 0
        self.digits = digits

    def add(
        self, button: pygame_gui.elements.UIButton, action: Action, label: str | None = None
    ) -> None:
        self.items.append((button, action))
        self.labels.append(label)
        if len(self.items) == 1:
            button.select()

    def label(self) -> str:
        """The focused item's words (for reading menus aloud)."""
        return self.labels[self.focus] or self.items[self.focus][0].text

    def clear(self) -> None:
        self.items = []
        self.labels = []
        self.focus = 0

    def set_focus(self, index: int) -> None:
        if self.items:
            self.items[self.focus][0].unselect()
            self.focus = max(0, min(len(self.items) - 1, index))
            self.items[self.focus][0].select()

    def move(self, step: int) -> None:
        if not self.items:
            return
        self.items[self.focus][0].unselect()
        self.focus = (self.focus + step) % len(self.items)
        self.items[self.focus][0].select()

    def handle(self, event: pygame.event.Event) -> bool:
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            for button, action in self.items:
                if event.ui_element is button:
                    action()
                    return True
            return False
        if event.type != pygame.KEYDOWN or not self.items:
            return False
        if event.key in (pygame.K_DOWN, pygame.K_RIGHT) or (
            event.key == pygame.K_TAB and not event.mod & pygame.KMOD_SHIFT
        ):
            self.move(1)
            return True
        if event.key in (pygame.K_UP, pygame.K_LEFT, pygame.K_TAB):
            self.move(-1)
            return True
        if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
            self.items[self.focus][1]()
            return True
        if self.digits and pygame.K_1 <= event.key <= pygame.K_9:
            index = event.key - pygame.K_1
            if index < len(self.items):
                self.set_focus(index)  # so what changed is shown (and read aloud) in place
                self.items[index][1]()
                return True
        return False


@dataclass
class Entry:
    speaker: str
    name: str
    text: str
    height: int  # of its rendered image, kept when the image is dropped


class TranscriptView:
    """The conversation so far, newest at the bottom. Each line is rendered once when added;
    only the newest images are kept (a long call would otherwise hold a screen-wide image for
    every line), and a line scrolled back into view is rendered again."""

    KEEP = 64  # rendered lines kept: more than a tall window shows at once

    def __init__(self, fonts: dict[str, pygame.font.Font], colours: dict[str, pygame.Color]):
        self.fonts = fonts
        self.colours = colours
        self.entries: list[Entry] = []
        self.images: OrderedDict[int, pygame.Surface] = OrderedDict()  # by entry, newest last
        self.width = 0
        self.total_height = 0
        self.scroll = 0  # pixels scrolled up from the bottom
        self.gap = 8
        self.shown: list[int] = []  # the entries the last draw showed, newest first

    def _render(self, speaker: str, name: str, text: str) -> pygame.Surface:
        colour = self.colours["muted"] if speaker == "agent" else self.colours["text"]
        label_font, text_font = self.fonts["bold"], self.fonts["base"]
        label = label_font.render(
            name, True, self.colours["accent"] if speaker == "agent" else colour
        )
        body = text_font.render(text, True, colour, wraplength=max(50, self.width - 12))
        surface = pygame.Surface(
            (self.width, label.get_height() + body.get_height()), pygame.SRCALPHA
        )
        surface.blit(label, (0, 0))
        surface.blit(body, (12, label.get_height()))
        return surface

    def _keep(self, index: int, image: pygame.Surface) -> pygame.Surface:
        self.images[index] = image
        self.images.move_to_end(index)
        while len(self.images) > self.KEEP:
            self.images.popitem(last=False)
        return image

    def image(self, index: int) -> pygame.Surface:
        """The rendered line: kept, or rendered again."""
        image = self.images.get(index)
        if image is None:
            entry = self.entries[index]
            image = self._render(entry.speaker, entry.name, entry.text)
        return self._keep(index, image)

    def set_width(self, width: int, history: list[tuple[str, str, str]]) -> None:
        """Lay out again for a new width (a resize); history is (speaker, name, text)."""
        self.width = width
        self.entries = []
        self.images.clear()
        self.total_height = 0
        for speaker, name, text in history:
            self.add(speaker, name, text)

    def add(self, speaker: str, name: str, text: str) -> None:
        image = self._render(speaker, name, text)
        self.entries.append(Entry(speaker, name, text, image.get_height()))
        self._keep(len(self.entries) - 1, image)
        self.total_height += image.get_height() + self.gap
        self.scroll = 0

    def scroll_by(self, pixels: int, view_height: int) -> None:
        most = max(0, self.total_height - view_height)
        self.scroll = max(0, min(most, self.scroll + pixels))

    def draw(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        # Scrolled against a taller view (a note at its foot has come since): back in range,
        # so the top still stops at the first line.
        self.scroll_by(0, rect.h)
        previous_clip = surface.get_clip()
        surface.set_clip(rect)
        y = rect.bottom + self.scroll
        self.shown = []
        # Walk back from the newest entry and stop at the first one above the view.
        for index in range(len(self.entries) - 1, -1, -1):
            y -= self.entries[index].height + self.gap
            if y > rect.bottom:
                continue
            # Only whole entries above the first: a half-cut line reads badly, but an entry
            # taller than the view is shown in part rather than not at all.
            if y < rect.top and self.shown:
                break
            surface.blit(self.image(index), (rect.x + 4, y))
            self.shown.append(index)
        surface.set_clip(previous_clip)
        self._draw_scroll_bar(surface, rect)

    def _draw_scroll_bar(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        """Where the view is in the whole conversation, so it shows there is more above: a
        thin bar in the strip at the right that the lines leave free (see set_width)."""
        hidden = self.total_height - rect.h
        if hidden <= 0:
            return
        track = pygame.Rect(rect.right - 5, rect.y, 4, rect.h)
        thumb_h = min(track.h, max(16, track.h * rect.h // self.total_height))
        above = hidden - self.scroll  # pixels of older lines above the view
        thumb_y = track.y + (track.h - thumb_h) * above // hidden
        rail = pygame.Rect(track.x + 1, track.y, 1, track.h)  # the whole length, thin
        pygame.draw.rect(surface, self.colours["muted"], rail)
        thumb = pygame.Rect(track.x, thumb_y, track.w, thumb_h)
        pygame.draw.rect(surface, self.colours["muted"], thumb, border_radius=2)


# --- rounded panels under text boxes -------------------------------------------------------
#
# pygame_gui draws a rounded text box at four times its size to smooth the corners, and does
# it again on every set_text: 40-220 ms for one reply at 1920x1080, and up to 400 MB for a
# moment behind a big briefing. So the themes give text boxes a plain transparent rectangle
# (the same border width, padding and shadow, so the text sits where it did) and keep the
# colours in `panel_bg` and `panel_border`; the screen draws that panel under the box: one
# surface per size, only the corners smoothed.


@dataclass(frozen=True)
class PanelStyle:
    fill: tuple[int, int, int, int]
    border: tuple[int, int, int, int]
    radius: int
    border_width: int
    inset: int  # pygame_gui's shadow around the box, which the box still draws

    @classmethod
    def of(cls, element: pygame_gui.core.UIElement) -> PanelStyle:
        theme, ids = element.ui_theme, element.combined_element_ids
        # The box's own border, corners and shadow, as pygame_gui read them from the theme.
        border = element.border_width
        radius = element.shape_corner_radius
        return cls(
            tuple(theme.get_colour("panel_bg", ids)),
            tuple(theme.get_colour("panel_border", ids)),
            int(radius[0] if isinstance(radius, list | tuple) else radius),
            int(border["top"] if isinstance(border, dict) else border),
            int(element.shadow_width),
        )


SUPERSAMPLE = 4  # as pygame_gui smooths its rounded shapes


@lru_cache(maxsize=16)
def _corners(style: PanelStyle) -> tuple[int, list[pygame.Surface]]:
    """The four smoothed corners (top-left, top-right, bottom-left, bottom-right) of a
    bordered rounded rectangle, each `size` square: the only part that needs smoothing."""
    size = style.radius + style.border_width
    big = pygame.Surface((2 * size * SUPERSAMPLE,) * 2, pygame.SRCALPHA)
    big.fill((*style.border[:3], 0))
    rect = big.get_rect()
    pygame.draw.rect(big, style.border, rect, border_radius=style.radius * SUPERSAMPLE)
    inner = rect.inflate(
        -2 * style.border_width * SUPERSAMPLE, -2 * style.border_width * SUPERSAMPLE
    )
    pygame.draw.rect(big, style.fill, inner, border_radius=style.radius * SUPERSAMPLE)
    small = pygame.transform.smoothscale(big, (2 * size, 2 * size))
    spots = ((0, 0), (size, 0), (0, size), (size, size))
    return size, [small.subsurface((x, y, size, size)).copy() for x, y in spots]


@lru_cache(maxsize=24)  # bounded: a few boxes on screen, each a few hundred KB
def panel_surface(size: tuple[int, int], style: PanelStyle) -> pygame.Surface:
    w, h = size
    surface = pygame.Surface(size, pygame.SRCALPHA)
    x, y, w, h = style.inset, style.inset, w - 2 * style.inset, h - 2 * style.inset
    c, (top_left, top_right, bottom_left, bottom_right) = _corners(style)
    if w < 2 * c or h < 2 * c:  # too small for corners: a plain box
        surface.fill(style.border, (x, y, w, h))
        bw = style.border_width
        surface.fill(style.fill, (x + bw, y + bw, w - 2 * bw, h - 2 * bw))
        return surface
    bw = style.border_width
    surface.fill(style.fill, (x + c, y + bw, w - 2 * c, h - 2 * bw))
    surface.fill(style.fill, (x + bw, y + c, w - 2 * bw, h - 2 * c))
    for edge in (
        (x + c, y, w - 2 * c, bw),
        (x + c, y + h - bw, w - 2 * c, bw),
        (x, y + c, bw, h - 2 * c),
        (x + w - bw, y + c, bw, h - 2 * c),
    ):
        surface.fill(style.border, edge)
    surface.blit(top_left, (x, y))
    surface.blit(top_right, (x + w - c, y))
    surface.blit(bottom_left, (x, y + h - c))
    surface.blit(bottom_right, (x + w - c, y + h - c))
    return surface


class Panels:
    """The text boxes of one screen whose panels it draws (call draw from Screen.draw)."""

    def __init__(self) -> None:
        self.boxes: list[tuple[pygame_gui.core.UIElement, PanelStyle]] = []

    def track(self, element):
        self.boxes.append((element, PanelStyle.of(element)))
        return element

    def draw(self, surface: pygame.Surface) -> None:
        self.boxes = [(e, style) for e, style in self.boxes if e.alive()]
        for element, style in self.boxes:
            if element.visible:
                panel = panel_surface(element.rect.size, style)
                surface.blit(panel, element.rect.topleft)
