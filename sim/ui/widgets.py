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
    only the images in view (and the newest few) are kept, since each is as wide as the
    panel (0.8 MB at 1920x1080): a line scrolled back into view is rendered again."""

    KEEP = 4  # the newest lines kept rendered even when out of view (they come back first)
    MOST = 32  # never more images than this (a resize renders the whole history once)

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
        size = (self.width, label.get_height() + body.get_height())
        background = self.colours.get("background")
        if background is not None:
            # Drawn on the window's plain background anyway: an opaque image is copied each
            # frame rather than blended pixel by pixel, several times faster on a big window.
            surface = pygame.Surface(size)
            surface.fill(background)
        else:
            surface = pygame.Surface(size, pygame.SRCALPHA)
        surface.blit(label, (0, 0))
        surface.blit(body, (12, label.get_height()))
        return surface

    def _keep(self, index: int, image: pygame.Surface) -> pygame.Surface:
        self.images[index] = image
        self.images.move_to_end(index)
        while len(self.images) > self.MOST:
            self.images.popitem(last=False)
        return image

    def _forget_unseen(self) -> None:
        newest = len(self.entries) - self.KEEP
        for index in [i for i in self.images if i < newest and i not in self.shown]:
            del self.images[index]

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
        self._forget_unseen()
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


def theme_misc(theme, ids: list[str], name: str, default: str) -> str:
    """A misc value of the pygame_gui theme for these element ids, as its text."""
    try:
        value = theme.get_misc_data(name, ids)
    except LookupError:
        return default
    if isinstance(value, dict):  # per side ({"top": ...}): they are all the same here
        value = value.get("top", default)
    return default if value is None else str(value)


def theme_int(theme, ids: list[str], name: str, default: int) -> int:
    """A whole-number misc value ("2", or "8,8,8,8" per corner: the first)."""
    try:
        return int(theme_misc(theme, ids, name, str(default)).split(",")[0])
    except ValueError:
        return default


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
    def from_theme(
        cls,
        theme,
        ids: list[str],
        fill: str = "panel_bg",
        border: str = "panel_border",
        shadow: int = 2,  # a text box's and a button's default
    ) -> PanelStyle:
        """A panel as the theme describes it (its `fill` and `border` colours, corners, border
        and shadow widths), for a box or row the screen draws itself."""
        return cls(
            tuple(theme.get_colour(fill, ids)),
            tuple(theme.get_colour(border, ids)),
            theme_int(theme, ids, "shape_corner_radius", 2),
            theme_int(theme, ids, "border_width", 1),
            theme_int(theme, ids, "shadow_width", shadow),
        )

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
    surface = pygame.Surface(size, pygame.SRCALPHA)
    return paint_panel(surface, pygame.Rect((0, 0), size), style)


def paint_panel(surface: pygame.Surface, rect: pygame.Rect, style: PanelStyle) -> pygame.Surface:
    """The panel painted straight onto `surface` at `rect`: opaque fills for the edges and
    the inside, small images for the four rounded corners. On a big window this is several
    times cheaper each frame than blitting a whole panel image with its alpha."""
    x, y = rect.x + style.inset, rect.y + style.inset
    w, h = rect.w - 2 * style.inset, rect.h - 2 * style.inset
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
            if not element.visible:
                continue
            if style.fill[3] == 255 and style.border[3] == 255:  # nothing shows through
                paint_panel(surface, element.rect, style)
            else:
                surface.blit(panel_surface(element.rect.size, style), element.rect.topleft)


# --- rows drawn by the screen ------------------------------------------------------------
#
# A pygame_gui button draws each of its states at four times its size to smooth the corners:
# a screen of wide rows (the picker) took 70-300 ms to open and 100 MB for a moment at
# 1920x1080. These rows look the same (the button theme's colours, border, corners and text
# padding) but are drawn from a few cached surfaces: one panel per state and size, one image
# per text and colour.


class DrawnRow:
    """One row, with the parts of a UIButton that a FocusRing uses (text, select, unselect)."""

    def __init__(self, rect: pygame.Rect, text: str):
        self.rect = rect
        self.text = text
        self.selected = False
        self.hovered = False
        self.held = False

    def select(self) -> None:
        self.selected = True

    def unselect(self) -> None:
        self.selected = False

    @property
    def state(self) -> str:
        if self.held:
            return "active"
        if self.selected:
            return "selected"
        return "hovered" if self.hovered else "normal"


class DrawnRows:
    """Rows styled as the theme's buttons of ``object_id``, drawn by Screen.draw; mouse hover
    and click handled here, keys by the screen's FocusRing."""

    STATES = ("normal", "hovered", "selected", "active")

    def __init__(self, manager: pygame_gui.UIManager, object_id: str | None = "@row"):
        theme = manager.get_theme()
        ids = theme.build_all_combined_ids([None], ["button"], [None], [object_id])

        self.styles = {
            state: PanelStyle.from_theme(theme, ids, f"{state}_bg", f"{state}_border")
            for state in self.STATES
        }
        normal = self.styles["normal"]
        self.align = theme_misc(theme, ids, "text_horiz_alignment", "center")
        # Where a button starts its left-aligned text (measured against pygame_gui's); the
        # alignment padding counts only for text set against an edge, as in pygame_gui.
        self.padding = 2 * normal.border_width + normal.inset + 1
        if self.align != "center":
            self.padding += theme_int(theme, ids, "text_horiz_alignment_padding", 0)
        self.font = theme.get_font(ids)
        self.text_colours = {s: theme.get_colour(f"{s}_text", ids) for s in self.STATES}
        self.rows: list[DrawnRow] = []
        self._texts: dict[tuple[str, str], pygame.Surface] = {}

    def fits(self, text: str, width: int) -> bool:
        """True if the words fit a row this wide, padding included."""
        return self.font.size(text)[0] + 2 * self.padding <= width

    def add(self, rect: pygame.Rect, text: str) -> DrawnRow:
        row = DrawnRow(pygame.Rect(rect), text)
        self.rows.append(row)
        return row

    def _text(self, text: str, state: str) -> pygame.Surface:
        image = self._texts.get((text, state))
        if image is None:
            image = self._texts[(text, state)] = self.font.render_premul(
                text, self.text_colours[state]
            )
        return image

    def draw(self, surface: pygame.Surface) -> None:
        for row in self.rows:
            state = row.state
            surface.blit(panel_surface(row.rect.size, self.styles[state]), row.rect.topleft)
            image = self._text(row.text, state)
            inner = row.rect.inflate(-2 * self.padding, 0)
            y = row.rect.centery - image.get_height() // 2
            x = inner.x
            if self.align == "center":
                x = max(inner.x, row.rect.centerx - image.get_width() // 2)
            elif self.align == "right":
                x = max(inner.x, inner.right - image.get_width())
            area = pygame.Rect(0, 0, inner.right - x, image.get_height())  # cut, as a button
            surface.blit(image, (x, y), area, special_flags=pygame.BLEND_PREMULTIPLIED)

    def at(self, pos) -> DrawnRow | None:
        return next((row for row in self.rows if row.rect.collidepoint(pos)), None)

    def handle(self, event: pygame.event.Event, ring: FocusRing) -> bool:
        """Hover and click (pressed and released on the same row, as a button takes it)."""
        if event.type == pygame.MOUSEMOTION:
            for row in self.rows:
                row.hovered = row.rect.collidepoint(event.pos)
            return False
        if getattr(event, "button", None) != pygame.BUTTON_LEFT:
            return False
        if event.type == pygame.MOUSEBUTTONDOWN:
            row = self.at(event.pos)
            if row is not None:
                row.held = True
            return row is not None
        if event.type == pygame.MOUSEBUTTONUP:
            held = [row for row in self.rows if row.held]
            for row in held:
                row.held = False
            row = self.at(event.pos)
            if row is not None and row in held:
                for item, action in ring.items:
                    if item is row:
                        action()
                        return True
            return bool(held)
        return False


class DrawnLabel:
    """A line of words styled as the theme's label of `object_id` (font and colour), centred
    in its rectangle like a UILabel, drawn by the screen: on the menu, three labels cost more
    than the rest of the first frame (pygame_gui renders a label's text several times)."""

    def __init__(
        self,
        manager: pygame_gui.UIManager,
        rect: pygame.Rect,
        text: str,
        object_id: str | None = None,
    ):
        theme = manager.get_theme()
        ids = theme.build_all_combined_ids([None], ["label"], [None], [object_id])
        self.rect = pygame.Rect(rect)
        font = theme.get_font(ids)
        self.image = font.render_premul(text, theme.get_colour("normal_text", ids))

    def draw(self, surface: pygame.Surface) -> None:
        image = self.image
        x = self.rect.centerx - image.get_width() // 2
        y = self.rect.centery - image.get_height() // 2
        surface.blit(image, (x, y), special_flags=pygame.BLEND_PREMULTIPLIED)
