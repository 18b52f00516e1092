"""The scenario picker: title, cause, difficulty and your best score; broken files shown as such."""

from __future__ import annotations

from html import escape

import pygame
from pygame_gui.elements import UIButton, UILabel, UITextBox

from sim.scenario.catalog import Entry, catalog
from sim.ui.app import Screen
from sim.ui.screens.layout import button_width, column, scaled
from sim.ui.widgets import DrawnRows, FocusRing, Panels

SHORT_CAUSES = {
    "billing": "unexpected charge",
    "not_as_expected": "not as expected",
    "late_delivery": "late delivery",
    "misunderstood_procedure": "misunderstood procedure",
    "our_error": "our error",
    "imagined": "imagined complaint",
}


def difficulty_text(level: int) -> str:
    return f"difficulty {level}/5"


class PickerScreen(Screen):
    def __init__(self, app, entries: list[Entry] | None = None):
        super().__init__(app)
        self.entries = entries if entries is not None else catalog()
        self.page = 0

    def build(self) -> None:
        app, theme = self.app, self.app.theme
        w, h = app.size
        row = scaled(theme.base_size)
        col = column(app.size, min(theme.px(1100), w - 60), 20)
        self.ring = FocusRing(digits=True)
        self.panels = Panels()
        self.rows = DrawnRows(app.manager)
        self.add(
            UILabel(
                pygame.Rect(col.x, col.y, col.w, row),
                "Choose a scenario",
                app.manager,
                object_id="@heading",
            )
        )
        y = col.y + row + 10
        per_page = max(1, (h - y - 2 * row - 40) // (row + 8))
        pages = max(1, -(-len(self.entries) // per_page))
        self.page = min(self.page, pages - 1)
        shown = self.entries[self.page * per_page : (self.page + 1) * per_page]
        number = 0
        for entry in shown:
            rect = pygame.Rect(col.x, y, col.w, row)
            if entry.scenario is None:
                problem = entry.problems[0] if entry.problems else "could not be read"
                broken = UITextBox(
                    f"<b>{escape(entry.path.name)}: broken</b>  {escape(str(problem))}",
                    rect,
                    app.manager,
                    object_id="@broken",
                )
                self.add(self.panels.track(broken))
            else:
                s = entry.scenario
                number += 1
                best = app.results.best_for(app.settings.player, s.id)
                best_text = f"best {best}" if best is not None else "not played yet"
                cause = SHORT_CAUSES.get(s.cause, s.cause)
                # The longest wording that fits the row (large text on a small window).
                labels = (
                    f"{number}  {s.title}  |  {cause}  |  "
                    f"{difficulty_text(s.difficulty)}  |  {best_text}",
                    f"{number}  {s.title}  |  {cause}  |  {s.difficulty}/5  |  {best_text}",
                    f"{number}  {s.title}  |  {s.difficulty}/5  |  {best_text}",
                    f"{number}  {s.title}",
                )
                label = next((t for t in labels if self.rows.fits(t, rect.w)), labels[-1])
                button = self.rows.add(rect, label)
                self.ring.add(button, lambda s=s: self.choose(s))
            y += row + 8
        footer = f"Page {self.page + 1} of {pages}: PgUp/PgDn" if pages > 1 else ""
        back_w = button_width(theme, "Back (Esc)", 200)
        back = self.add(
            UIButton(pygame.Rect(col.x, h - row - 20, back_w, row), "Back (Esc)", app.manager)
        )
        self.ring.add(back, self.back)
        if footer:
            self.add(
                UILabel(
                    pygame.Rect(col.x + back_w + 20, h - row - 20, col.w - back_w - 20, row),
                    footer,
                    app.manager,
                    object_id="@muted",
                )
            )
        self.pages = pages

    def choose(self, scenario) -> None:
        self.app.go("briefing", scenario=scenario)

    def back(self) -> None:
        self.app.go("menu")

    def draw(self, surface: pygame.Surface) -> None:
        self.panels.draw(surface)
        self.rows.draw(surface)

    def handle(self, event: pygame.event.Event) -> None:
        if self.rows.handle(event, self.ring):
            return
        if event.type == pygame.KEYDOWN:
            if event.key == pygame.K_ESCAPE:
                self.back()
                return
            if event.key in (pygame.K_PAGEDOWN, pygame.K_PAGEUP):
                step = 1 if event.key == pygame.K_PAGEDOWN else -1
                self.page = max(0, min(self.pages - 1, self.page + step))
                self.rebuild()
                return
        self.ring.handle(event)
