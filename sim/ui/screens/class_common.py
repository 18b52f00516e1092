"""What the class screens share: type sized for the back of a room, wrapping, the QR code,
gauges, the Esc menu and the help for phones that cannot connect.

Every size is a share of the window's height, so the projector rule holds at any
resolution: no text smaller than 3.5% of the screen's height (38 px at 1080 lines).
Text is drawn with plain pygame, like the transcript, so long lines wrap exactly where
the room can read them.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import pygame

from sim.ui.app import App, Screen
from sim.ui.theme import FONT_BOLD, FONT_REGULAR, PROJECTOR

MIN_SHARE = 0.035  # the smallest text, as a share of the screen's height
# name -> (share of the height, bold)
TYPE = {
    "small": (0.036, False),  # key hints, captions
    "text": (0.040, False),  # replies, lists
    "bold": (0.040, True),
    "line": (0.048, False),  # the customer's line
    "heading": (0.050, True),
    "title": (0.075, True),
    "huge": (0.140, True),  # the countdown, "Paused"
}
GAUGES = ("anger", "trust", "heard", "patience")
GAUGE_COLOURS = {"anger": "furious", "trust": "trust", "heard": "calm", "patience": "patience"}

# A presenter remote sends PageDown, PageUp and B (some send "." for the black screen).
NEXT_KEYS = (pygame.K_PAGEDOWN, pygame.K_n)
BACK_KEYS = (pygame.K_PAGEUP, pygame.K_r)
PAUSE_KEYS = (pygame.K_b, pygame.K_PERIOD)


def fonts_for(height: int) -> dict[str, pygame.font.Font]:
    out = {}
    for name, (share, bold) in TYPE.items():
        out[name] = pygame.font.Font(
            str(FONT_BOLD if bold else FONT_REGULAR), font_px(height, share)
        )
    return out


def font_px(height: int, share: float) -> int:
    return max(12, math.ceil(height * share))


def lh(font: pygame.font.Font) -> int:
    """The line step: tighter than the font's own (Noto leaves room for stacked accents),
    so more of a reply fits a projector line without lines touching."""
    return round(font.get_height() * 0.86)


def wrap(font: pygame.font.Font, text: str, width: int) -> list[str]:
    """Words to lines no wider than ``width`` (a word too long for a line is cut)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            trial = f"{line} {word}" if line else word
            if font.size(trial)[0] <= width:
                line = trial
                continue
            if line:
                lines.append(line)
            while font.size(word)[0] > width and len(word) > 1:
                cut = max(1, int(len(word) * width / font.size(word)[0]) - 1)
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    return lines


def text(
    surface: pygame.Surface,
    font: pygame.font.Font,
    words: str,
    pos: tuple[int, int],
    colour: pygame.Color,
    *,
    width: int | None = None,
    centre: bool = False,
    max_lines: int | None = None,
) -> int:
    """Draw (wrapped when a width is given); returns the y just below the last line."""
    x, y = pos
    lines = wrap(font, words, width) if width else [words]
    if max_lines is not None and len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip(".,;: ") + "..."
    step = lh(font)
    for line in lines:
        image = font.render(line, True, colour)
        left = x + ((width or 0) - image.get_width()) // 2 if centre else x
        surface.blit(image, (left, y))
        y += step
    return y


def text_height(font: pygame.font.Font, words: str, width: int) -> int:
    return len(wrap(font, words, width)) * lh(font)


def qr_surface(url: str, size: int) -> pygame.Surface:
    """The URL's QR code drawn from segno's module matrix (no image file in between),
    black on white with the quiet zone scanners need."""
    import segno

    code = segno.make(url, error="m")
    border = 2
    rows = [list(row) for row in code.matrix_iter(scale=1, border=border)]
    modules = len(rows)
    cell = max(1, size // modules)
    image = pygame.Surface((cell * modules, cell * modules))
    image.fill((255, 255, 255))
    for y, row in enumerate(rows):
        for x, dark in enumerate(row):
            if dark:
                image.fill((0, 0, 0), (x * cell, y * cell, cell, cell))
    return image


def panel(surface: pygame.Surface, app: App, rect: pygame.Rect, fill: str = "panel") -> None:
    pygame.draw.rect(surface, app.theme.colour(fill), rect, border_radius=10)
    pygame.draw.rect(surface, app.theme.colour("border"), rect, width=3, border_radius=10)


def gauges(
    surface: pygame.Surface,
    app: App,
    fonts: dict[str, pygame.font.Font],
    values: dict[str, int],
    rect: pygame.Rect,
) -> int:
    """The four gauges as labelled bars with their numbers; returns the y below them."""
    label_w = max(fonts["text"].size(g.capitalize())[0] for g in GAUGES) + 20
    number_w = fonts["bold"].size("100")[0] + 16
    row = lh(fonts["text"]) + 14
    y = rect.y
    for gauge in GAUGES:
        value = max(0, min(100, int(values.get(gauge, 0))))
        text(surface, fonts["text"], gauge.capitalize(), (rect.x, y), app.theme.colour("text"))
        bar = pygame.Rect(rect.x + label_w, y + row // 5, rect.w - label_w - number_w, row // 2)
        pygame.draw.rect(surface, app.theme.colour("background"), bar)
        filled = bar.copy()
        filled.w = round(bar.w * value / 100)
        pygame.draw.rect(surface, app.theme.colour(GAUGE_COLOURS[gauge]), filled)
        pygame.draw.rect(surface, app.theme.colour("border"), bar, width=2)
        text(surface, fonts["bold"], str(value), (bar.right + 12, y), app.theme.colour("text"))
        y += row
    return y


HELP_LINES = [
    "Phones cannot open the vote page?",
    "Same network: guest Wi-Fi often keeps devices apart. Use a phone's hotspot "
    "or a staff network.",
    'A firewall may block the port. On Windows, set the network to "Private" or '
    "allow Python when asked.",
    "Type the address exactly, with http:// (not https://), or scan the code.",
    "A VPN on this laptop can hide it from the room: switch it off for the session.",
    "Nothing works? Ask for a show of hands and press T to type the counts.",
]


class ClassScreen(Screen):
    """A class screen: the projector theme, fonts scaled to the window, an Esc menu."""

    def __init__(self, app: App):
        super().__init__(app)
        self.fonts: dict[str, pygame.font.Font] = {}
        self.menu_open = False
        self.help_open = False
        self.message = ""  # one line of feedback for the facilitator (and the room)
        self.message_left = 0.0

    def enter(self) -> None:
        self.app.wear(PROJECTOR)
        super().enter()

    def build(self) -> None:
        self.fonts = fonts_for(self.app.size[1])

    def say(self, words: str, seconds: float = 4.0) -> None:
        self.message, self.message_left = words, seconds

    def update(self, dt: float) -> None:
        if self.message_left > 0:
            self.message_left -= dt
            if self.message_left <= 0:
                self.message = ""

    @property
    def colour(self) -> Callable[[str], pygame.Color]:
        return self.app.theme.colour

    # The Esc menu -------------------------------------------------------------------------

    def keys_help(self) -> list[str]:
        return []

    def menu_items(self) -> list[tuple[str, Callable[[], None]]]:
        return [
            ("Resume", self.close_menu),
            ("Help: phones cannot connect", self.open_help),
            ("End the class (main menu)", self.leave),
            ("Quit Defuse", self.quit),
        ]

    def close_menu(self) -> None:
        self.menu_open = self.help_open = False

    def open_help(self) -> None:
        self.menu_open, self.help_open = False, True

    def leave(self) -> None:
        self.end_class()
        self.app.wear(None)
        self.app.go("menu")

    def quit(self) -> None:
        self.end_class()
        self.app.running = False

    def end_class(self) -> None:
        """Close what the class opened (the vote server)."""

    def handle_overlays(self, event: pygame.event.Event) -> bool:
        """The Esc menu and the help take the keys while they are open."""
        if event.type != pygame.KEYDOWN:
            return self.menu_open or self.help_open
        if self.help_open:
            self.help_open = False
            return True
        if self.menu_open:
            items = self.menu_items()
            number = event.key - pygame.K_1
            if event.key == pygame.K_ESCAPE:
                self.close_menu()
            elif 0 <= number < len(items):
                self.menu_open = False
                items[number][1]()
            return True
        if event.key == pygame.K_ESCAPE:
            self.menu_open = True
            return True
        return False

    def draw_overlays(self, surface: pygame.Surface) -> None:
        if self.message:
            self.draw_message(surface)
        if self.menu_open:
            lines = [f"{i}  {label}" for i, (label, _) in enumerate(self.menu_items(), start=1)]
            keys = self.keys_help()
            if keys:
                lines += ["", "Keys:", *keys]
            self.draw_card(surface, "Menu", lines, "Esc: back to the class")
        elif self.help_open:
            self.draw_card(surface, HELP_LINES[0], HELP_LINES[1:], "Any key: back")

    def draw_message(self, surface: pygame.Surface) -> None:
        w, h = self.app.size
        font = self.fonts["bold"]
        image = font.render(self.message, True, self.colour("on_accent"))
        box = image.get_rect(midbottom=(w // 2, h - int(h * 0.03))).inflate(48, 24)
        pygame.draw.rect(surface, self.colour("accent"), box, border_radius=10)
        surface.blit(image, image.get_rect(center=box.center))

    def draw_card(
        self, surface: pygame.Surface, title: str, lines: list[str], foot: str, big: bool = False
    ) -> None:
        w, h = self.app.size
        shade = pygame.Surface((w, h), pygame.SRCALPHA)
        shade.fill((255, 255, 255, 200))
        surface.blit(shade, (0, 0))
        card = pygame.Rect(0, 0, int(w * 0.78), int(h * 0.78))
        card.center = (w // 2, h // 2)
        panel(surface, self.app, card, "background")
        inner = card.inflate(-80, -60)
        y = text(
            surface,
            self.fonts["title"],
            title,
            inner.topleft,
            self.colour("text"),
            width=inner.w,
            max_lines=2,
        )
        y += 20
        for line in lines:
            if not line:
                y += 14
                continue
            y = text(
                surface, self.fonts["text"], line, (inner.x, y), self.colour("text"), width=inner.w
            )
            y += 8
        text(
            surface,
            self.fonts["small"],
            foot,
            (inner.x, inner.bottom - lh(self.fonts["small"])),
            self.colour("muted"),
        )
