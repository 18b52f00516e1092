"""How to play and the glossary: one scrollable page, by keyboard too (arrows, Page Up/Down,
Home/End), reachable from the menu, the briefing (H) and a call (G, while paused)."""

from __future__ import annotations

from html import escape

import pygame
from pygame_gui.elements import UIButton, UILabel

from sim.scoring.debrief import SEVEN_STEPS
from sim.ui.app import Screen
from sim.ui.guide import load_guide
from sim.ui.richtext import RichText
from sim.ui.screens.layout import button_width, column, scaled
from sim.ui.widgets import FocusRing


def glossary_html() -> str:
    guide = load_guide()
    out = ["<b>How to play</b>", escape(guide.how_to_play or "See the README."), ""]
    out.append("<b>The seven steps</b>")
    out += [f"{n}. {escape(label)}" for n, (_, _, label) in enumerate(SEVEN_STEPS, start=1)]
    out += ["", "<b>Glossary</b>"]
    out += [f"<b>{escape(term)}</b>: {escape(meaning)}" for term, meaning in guide.glossary]
    if guide.problem:
        out += ["", f"<i>{escape(guide.problem)}</i>"]
    return "<br>".join(out)


class GlossaryScreen(Screen):
    def __init__(self, app, back: Screen | None = None):
        super().__init__(app)
        self.back_to = back  # the screen to return to, as it was (default: a fresh menu)

    def build(self) -> None:
        app, theme = self.app, self.app.theme
        row = scaled(theme.base_size)
        col = column(app.size, theme.px(900), 20)
        self.ring = FocusRing()
        self.add(
            UILabel(
                pygame.Rect(col.x, col.y, col.w, row),
                "How to play and glossary",
                app.manager,
                object_id="@heading",
            )
        )
        body = pygame.Rect(col.x, col.y + row + 10, col.w, col.h - 2 * row - 30)
        self.text = RichText(glossary_html(), body, app.manager, theme.fonts)
        back_w = button_width(theme, "Back (Esc)", 220)
        back = self.add(
            UIButton(pygame.Rect(col.x, body.bottom + 10, back_w, row), "Back (Esc)", app.manager)
        )
        self.ring.add(back, self.back)
        hint = "Up/Down and Page Up/Page Down scroll"
        self.add(
            UILabel(
                pygame.Rect(col.x + back_w + 10, body.bottom + 10, col.w - back_w - 10, row),
                hint,
                app.manager,
                object_id="@muted",
            )
        )

    def back(self) -> None:
        if self.back_to is not None:
            self.app.show(self.back_to)
        else:
            self.app.go("menu")

    def scroll(self, fraction: float) -> None:
        """Scroll the page by a fraction of its visible height (negative: up)."""
        self.text.page(fraction)

    @property
    def scrolled(self) -> float:
        """How far down the page is scrolled, 0 to 1."""
        return self.text.scroll / self.text.most if self.text.most else 0.0

    def draw(self, surface: pygame.Surface) -> None:
        self.text.draw(surface)

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN:
            keys = {
                pygame.K_DOWN: 0.15,
                pygame.K_UP: -0.15,
                pygame.K_PAGEDOWN: 0.9,
                pygame.K_PAGEUP: -0.9,
                pygame.K_END: 100.0,
                pygame.K_HOME: -100.0,
            }
            if event.key in keys:
                self.scroll(keys[event.key])
                return
            if event.key == pygame.K_ESCAPE:
                self.back()
                return
        if self.text.handle(event):
            return
        self.ring.handle(event)
