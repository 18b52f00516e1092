"""A read-only marked-up text that the screen draws itself, for the long panels (the
debrief's details, the briefing's ticket, the glossary).

A pygame_gui text box renders its whole text into one image as tall as the text: the
debrief's details took 50-65 MB and 170 ms to build at 1920x1080, in the frame after the
last reply. Here the words are laid out once (positions only) and only the lines in view are
rendered. The markup is the little the screens write: <b>, <i>, <font color>, <br>, and
entities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

import pygame
import pygame_gui

from sim.ui.widgets import PanelStyle, paint_panel, theme_misc

WORD = re.compile(r"\S+\s*|\s+")
BAR = 12  # the strip at the right kept for the scroll bar (and a little air)
WHEEL_LINES = 3  # lines scrolled per wheel notch


@dataclass(frozen=True)
class Style:
    bold: bool = False
    italic: bool = False
    colour: tuple[int, int, int] | None = None  # None: the text box's text colour


class _Markup(HTMLParser):
    """Paragraphs of (text, style) runs; <br> (or a newline) starts the next paragraph."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[list[tuple[str, Style]]] = [[]]
        self.stack: list[Style] = [Style()]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        style = self.stack[-1]
        if tag == "br":
            self.paragraphs.append([])
            return
        if tag in ("b", "strong"):
            style = Style(True, style.italic, style.colour)
        elif tag in ("i", "em"):
            style = Style(style.bold, True, style.colour)
        elif tag == "font":
            colour = dict(attrs).get("color")
            try:
                c = pygame.Color(colour) if colour else None
            except ValueError:
                c = None
            style = Style(style.bold, style.italic, (c.r, c.g, c.b) if c else style.colour)
        self.stack.append(style)

    def handle_endtag(self, tag: str) -> None:
        if tag != "br" and len(self.stack) > 1:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        first, *rest = data.split("\n")
        if first:
            self.paragraphs[-1].append((first, self.stack[-1]))
        for text in rest:
            self.paragraphs.append([(text, self.stack[-1])] if text else [])


def parse(html: str) -> list[list[tuple[str, Style]]]:
    markup = _Markup()
    markup.feed(html)
    markup.close()
    return markup.paragraphs


@dataclass(frozen=True)
class Piece:
    text: str
    style: Style
    x: int


@dataclass(frozen=True)
class Line:
    pieces: tuple[Piece, ...]
    y: int
    height: int


class RichText:
    """Laid out like the theme's text box of `object_id` (panel, padding, text colour), drawn
    by Screen.draw; the mouse wheel and the bar scroll it, and the screen's keys call
    `page`."""

    def __init__(
        self,
        html: str,
        rect: pygame.Rect,
        manager: pygame_gui.UIManager,
        fonts: dict[str, pygame.font.Font],
        object_id: str | None = None,
    ):
        theme = manager.get_theme()
        ids = theme.build_all_combined_ids([None], ["text_box"], [None], [object_id])
        self.style = PanelStyle.from_theme(theme, ids)
        self.padding = _pair(theme_misc(theme, ids, "padding", "8,6"), (8, 6))
        self.spacing = float(theme_misc(theme, ids, "line_spacing", "1.25"))
        self.colour = tuple(theme.get_colour("normal_text", ids))[:3]
        self.fonts = _styled_fonts(fonts)
        self.rect = pygame.Rect(rect)
        self.html_text = ""
        self.lines: list[Line] = []
        self.total_height = 0
        self.scroll = 0  # pixels from the top
        self.images: dict[int, pygame.Surface] = {}  # the lines in view, rendered
        self.dragging: int | None = None  # the mouse's offset into the thumb, while dragged
        self.set_text(html)

    # --- text and layout ------------------------------------------------------------------

    @property
    def inner(self) -> pygame.Rect:
        """Where the words go: inside the shadow, border and padding, as in a text box (which
        starts its text 2 px further in than those add up to; measured on screenshots)."""
        inset = self.style.inset + self.style.border_width + 2
        px, py = self.padding
        return self.rect.inflate(-2 * (inset + px), -2 * (inset + py - 2))

    def set_text(self, html: str) -> None:
        self.html_text = html
        self.scroll = 0
        self._layout()

    def _font(self, style: Style) -> pygame.font.Font:
        return self.fonts[(style.bold, style.italic)]

    def _layout(self) -> None:
        width = max(20, self.inner.w - BAR)
        self.images.clear()
        self.lines, y = [], 0
        blank = round(self.fonts[(False, False)].get_linesize() * self.spacing)
        for paragraph in parse(self.html_text):
            pieces: list[Piece] = []
            x = 0
            for text, style in paragraph:
                font = self._font(style)
                for word in WORD.findall(text):
                    w = font.size(word)[0]
                    if x + font.size(word.rstrip())[0] > width and pieces:
                        y = self._add_line(pieces, y, blank)
                        pieces, x = [], 0
                        if word.isspace():
                            continue  # spaces at a break vanish, as in a text box
                    while w > width and len(word) > 1:  # a word wider than the box: cut it
                        cut = _fitting_prefix(font, word, width - x)
                        pieces.append(Piece(word[:cut], style, x))
                        y = self._add_line(pieces, y, blank)
                        pieces, x, word = [], 0, word[cut:]
                        w = font.size(word)[0]
                    pieces.append(Piece(word, style, x))
                    x += w
            y = self._add_line(pieces, y, blank)
        self.total_height = y
        self.scroll = min(self.scroll, self.most)

    def _add_line(self, pieces: list[Piece], y: int, blank: int) -> int:
        fonts = [self._font(p.style) for p in pieces]
        height = round(max((f.get_linesize() for f in fonts), default=0) * self.spacing) or blank
        self.lines.append(Line(tuple(pieces), y, height))
        return y + height

    # --- scrolling --------------------------------------------------------------------------

    @property
    def most(self) -> int:
        return max(0, self.total_height - self.inner.h)

    def scroll_to(self, pixels: int) -> None:
        self.scroll = max(0, min(self.most, pixels))

    def page(self, fraction: float) -> None:
        """Scroll by a fraction of the view (0.9 for Page Down, -0.9 for Page Up)."""
        self.scroll_to(self.scroll + round(self.inner.h * fraction))

    def _thumb(self) -> pygame.Rect | None:
        if self.most <= 0:
            return None
        inner = self.inner
        track = pygame.Rect(inner.right - 4, inner.y, 4, inner.h)
        thumb_h = min(track.h, max(16, track.h * inner.h // self.total_height))
        thumb_y = track.y + (track.h - thumb_h) * self.scroll // self.most
        return pygame.Rect(track.x, thumb_y, track.w, thumb_h)

    def handle(self, event: pygame.event.Event) -> bool:
        """The wheel over the text, and the bar dragged; True if the event was used."""
        if event.type == pygame.MOUSEWHEEL:
            if self.rect.collidepoint(pygame.mouse.get_pos()) and self.most:
                line = self.fonts[(False, False)].get_linesize()
                self.scroll_to(self.scroll - event.y * WHEEL_LINES * line)
                return True
            return False
        if event.type not in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEMOTION, pygame.MOUSEBUTTONUP):
            return False
        thumb = self._thumb()
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == pygame.BUTTON_LEFT and thumb:
            grip = thumb.inflate(12, 0)  # a thin bar is hard to hit: a wider grip
            bar = pygame.Rect(grip.x, self.inner.y, grip.w, self.inner.h)
            if grip.collidepoint(event.pos):
                self.dragging = event.pos[1] - thumb.y
                return True
            if bar.collidepoint(event.pos):  # on the bar, off the thumb: a page that way
                self.page(0.9 if event.pos[1] > thumb.y else -0.9)
                return True
            return False
        if event.type == pygame.MOUSEMOTION and self.dragging is not None and thumb:
            room = self.inner.h - thumb.h
            top = event.pos[1] - self.dragging - self.inner.y
            self.scroll_to(round(top * self.most / room) if room > 0 else 0)
            return True
        if event.type == pygame.MOUSEBUTTONUP and self.dragging is not None:
            self.dragging = None
            return True
        return False

    # --- drawing --------------------------------------------------------------------------

    def _render(self, line: Line, width: int) -> pygame.Surface:
        fill = self.style.fill
        if fill[3] == 255:  # opaque: copied each frame, not blended
            image = pygame.Surface((width, line.height))
            image.fill(fill)
        else:
            image = pygame.Surface((width, line.height), pygame.SRCALPHA)
        for piece in line.pieces:
            font = self._font(piece.style)
            words = font.render(piece.text, True, piece.style.colour or self.colour)
            image.blit(words, (piece.x, (line.height - font.get_linesize()) // 2))
        return image

    def draw(self, surface: pygame.Surface) -> None:
        paint_panel(surface, self.rect, self.style)
        inner = self.inner
        previous_clip = surface.get_clip()
        surface.set_clip(inner.clip(previous_clip) if previous_clip else inner)
        shown: dict[int, pygame.Surface] = {}
        for index, line in enumerate(self.lines):
            top = inner.y + line.y - self.scroll
            if top >= inner.bottom:
                break
            if top + line.height <= inner.y or not line.pieces:
                continue
            image = self.images.get(index) or self._render(line, inner.w - BAR)
            shown[index] = image
            surface.blit(image, (inner.x, top))
        self.images = shown  # only the lines in view stay rendered
        surface.set_clip(previous_clip)
        thumb = self._thumb()
        if thumb:
            muted = self.colour
            pygame.draw.rect(surface, muted, (thumb.x + 1, inner.y, 1, inner.h))
            pygame.draw.rect(surface, muted, thumb, border_radius=2)


def _pair(text: str, default: tuple[int, int]) -> tuple[int, int]:
    try:
        x, y = (int(part) for part in text.split(","))
    except ValueError:
        return default
    return x, y


def _fitting_prefix(font: pygame.font.Font, word: str, width: int) -> int:
    """How many of the word's letters fit `width` (at least one)."""
    cut = 1
    while cut < len(word) and font.size(word[: cut + 1])[0] <= width:
        cut += 1
    return cut


def _styled_fonts(fonts: dict[str, pygame.font.Font]) -> dict[tuple[bool, bool], pygame.font.Font]:
    """(bold, italic) -> the theme's font for it."""
    return {
        (False, False): fonts["base"],
        (True, False): fonts["bold"],
        (False, True): fonts["italic"],
        (True, True): fonts["bold_italic"],
    }
