"""The guided first call: a few cards over the call screen, each lighting up the part it
talks about, while the call's clock is stopped. Shown once, on a player's first run.

The call screen owns it: it names its parts (the guide's spots) and starts the call once
the tour is over; the tour knows its cards, its keys and how a card is drawn.
"""

from __future__ import annotations

from collections.abc import Sequence

import pygame

from sim.ui.app import App
from sim.ui.guide import Card

# The keys that turn to the next card (a left click does too).
NEXT_KEYS = (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE, pygame.K_RIGHT)
BACK_KEYS = (pygame.K_LEFT, pygame.K_BACKSPACE)


def spotlight(rects: list[pygame.Rect]) -> pygame.Rect | None:
    """The lit-up area around the parts a card points at (None: no part, no spotlight)."""
    if not rects:
        return None
    return rects[0].unionall(rects[1:]).inflate(12, 12)


class CallTour:
    def __init__(self, app: App, cards: Sequence[Card]) -> None:
        self.app = app
        self.cards = list(cards)  # none: no tour on this call
        self.step = 0

    @property
    def active(self) -> bool:
        return self.step < len(self.cards)

    @property
    def card(self) -> Card:
        return self.cards[self.step]

    def handle(self, event: pygame.event.Event) -> None:
        """Every key and click while the tour is shown belongs to it."""
        if event.type == pygame.KEYDOWN:
            if event.key == pygame.K_ESCAPE:
                self.end()
            elif event.key in BACK_KEYS:
                self.turn(-1)
            elif event.key in NEXT_KEYS:
                self.turn()
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            self.turn()

    def turn(self, step: int = 1) -> None:
        """On (or back) a card; on past the last one ends the tour."""
        self.step = max(0, self.step + step)
        if not self.active:
            self.end()

    def end(self) -> None:
        """Done or skipped: not shown again."""
        self.step = len(self.cards)
        self.app.tour_due = False
        self.app.settings.tour_done = True
        self.app.save_settings()

    def draw(self, surface: pygame.Surface, spot: pygame.Rect | None) -> None:
        """The screen shaded but for the spot, and the card beside it."""
        theme = self.app.theme
        card = self.card
        w, h = surface.get_size()
        shade = pygame.Surface((w, h), pygame.SRCALPHA)
        shade.fill((0, 0, 0, 165))
        if spot is not None:
            shade.fill((0, 0, 0, 0), spot)
        surface.blit(shade, (0, 0))
        if spot is not None:
            pygame.draw.rect(surface, theme.palette["focus"], spot, 3, border_radius=8)
        card_w = min(560, w - 40)
        title = theme.fonts["big"].render(card.title, True, theme.palette["text"])
        body = theme.fonts["base"].render(
            card.text, True, theme.palette["text"], wraplength=card_w - 32
        )
        footer = theme.fonts["small"].render(
            f"{self.step + 1} of {len(self.cards)}    Enter: next    "
            "Left: back    Esc: skip the tour",
            True,
            theme.palette["muted"],
            wraplength=card_w - 32,
        )
        card_h = title.get_height() + body.get_height() + footer.get_height() + 48
        box = pygame.Rect(0, 0, card_w, card_h)
        # beside the spotlight, wherever there is more room; centred without one
        if spot is None:
            box.center = (w // 2, h // 2)
        elif spot.right + 20 + card_w <= w:
            box.topleft = (spot.right + 20, spot.y)
        elif spot.x - 20 - card_w >= 0:
            box.topright = (spot.x - 20, spot.y)
        elif spot.y >= h - spot.bottom:
            box.midbottom = (spot.centerx, spot.y - 16)
        else:
            box.midtop = (spot.centerx, spot.bottom + 16)
        box.clamp_ip(surface.get_rect())
        pygame.draw.rect(surface, theme.palette["panel"], box, border_radius=10)
        pygame.draw.rect(surface, theme.palette["focus"], box, 2, border_radius=10)
        y = box.y + 16
        for part in (title, body, footer):
            surface.blit(part, (box.x + 16, y))
            y += part.get_height() + 8
