"""Small pieces shared by the screens: keyboard focus over buttons, the transcript view.

The transcript is drawn here rather than in a pygame_gui text box on purpose: a text box
re-lays out its whole history on every append, so a long conversation would make each new
line slower. Here each entry is rendered once and only the visible ones are blitted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

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
    surface: pygame.Surface
    speaker: str


class TranscriptView:
    """The conversation so far, newest at the bottom; each line rendered once."""

    def __init__(self, fonts: dict[str, pygame.font.Font], colours: dict[str, pygame.Color]):
        self.fonts = fonts
        self.colours = colours
        self.entries: list[Entry] = []
        self.width = 0
        self.total_height = 0
        self.scroll = 0  # pixels scrolled up from the bottom
        self.gap = 8

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

    def set_width(self, width: int, history: list[tuple[str, str, str]]) -> None:
        """Lay out again for a new width (a resize); history is (speaker, name, text)."""
        self.width = width
        self.entries = []
        self.total_height = 0
        for speaker, name, text in history:
            self.add(speaker, name, text)

    def add(self, speaker: str, name: str, text: str) -> None:
        entry = Entry(self._render(speaker, name, text), speaker)
        self.entries.append(entry)
        self.total_height += entry.surface.get_height() + self.gap
        self.scroll = 0

    def scroll_by(self, pixels: int, view_height: int) -> None:
        most = max(0, self.total_height - view_height)
        self.scroll = max(0, min(most, self.scroll + pixels))

    def draw(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        previous_clip = surface.get_clip()
        surface.set_clip(rect)
        y = rect.bottom + self.scroll
        # Walk back from the newest entry and stop at the first one above the view.
        for entry in reversed(self.entries):
            height = entry.surface.get_height()
            y -= height + self.gap
            if y > rect.bottom:
                continue
            if y < rect.top:
                break  # only whole entries: a half-cut line reads badly
            surface.blit(entry.surface, (rect.x + 4, y))
        surface.set_clip(previous_clip)
