"""The briefing: the ticket (who, what happened, what you may do) before the call starts."""

from __future__ import annotations

from html import escape

import pygame
from pygame_gui.elements import UIButton, UILabel

from sim.scenario.models import CAUSE_LABELS, Scenario
from sim.ui.app import Screen
from sim.ui.portrait import customer_face
from sim.ui.richtext import RichText
from sim.ui.screens.layout import button_width, scaled
from sim.ui.widgets import FocusRing


def ticket_html(scenario: Scenario, real_time: bool) -> str:
    c, a = scenario.customer, scenario.authority
    parts = [
        f"<b>Customer:</b> {escape(c.name)}",
        f"<i>{escape(c.about)}</i>" if c.about else "",
        "",
        f"<b>What happened</b> ({escape(CAUSE_LABELS[scenario.cause])}, "
        f"{escape(scenario.setting or 'customer service')})",
        escape(scenario.summary),
        "",
    ]
    if a.may:
        parts.append("<b>You may, without asking anyone:</b>")
        parts += [f"  • {escape(item)}" for item in a.may]
    if a.needs_supervisor:
        parts.append("<b>Needs a supervisor:</b>")
        parts += [f"  • {escape(item)}" for item in a.needs_supervisor]
    if scenario.learning_goals:
        parts += ["", "<b>Practise:</b>"]
        parts += [f"  • {escape(goal)}" for goal in scenario.learning_goals]
    mode = (
        "Real time: replying while they are still talking interrupts them; a long silence is "
        "dead air. A short pause before answering reads as thoughtful."
        if real_time
        else "Turn-based: no timers, take all the time you need."
    )
    parts += [
        "",
        f"<b>How to play:</b> 1-{9} pick a reply, Space listens, Esc pauses. {mode} "
        "Press H for the full guide and glossary; Page Up/Down scroll this ticket.",
    ]
    return "<br>".join(parts)


class BriefingScreen(Screen):
    def __init__(self, app, scenario: Scenario, seed: int | None = None):
        super().__init__(app)
        self.scenario = scenario
        self.seed = seed
        self.face = customer_face(scenario)

    def build(self) -> None:
        app, theme = self.app, self.app.theme
        w, h = app.size
        row = scaled(theme.base_size)
        self.ring = FocusRing()
        face_w = min(theme.px(360), w // 3)
        top = 30 + row
        self.face_rect = pygame.Rect(
            30, top, face_w - 20, min(h - top - row - 60, int((face_w - 20) * 1.25))
        )
        self.add(
            UILabel(
                pygame.Rect(20, 20, w - 40, row),
                self.scenario.title,
                app.manager,
                object_id="@heading",
            )
        )
        text_rect = pygame.Rect(face_w + 30, top, w - face_w - 60, h - top - row - 40)
        self.ticket = RichText(
            ticket_html(self.scenario, app.settings.real_time), text_rect, app.manager, theme.fonts
        )
        start_w = button_width(theme, "Start the call (Enter)", 280)
        back_w = button_width(theme, "Back (Esc)", 200)
        how_w = button_width(theme, "How to play (H)", 240)
        bottom = h - row - 20
        start = self.add(
            UIButton(
                pygame.Rect(w - start_w - 20, bottom, start_w, row),
                "Start the call (Enter)",
                app.manager,
            )
        )
        back = self.add(UIButton(pygame.Rect(20, bottom, back_w, row), "Back (Esc)", app.manager))
        how = self.add(
            UIButton(pygame.Rect(30 + back_w, bottom, how_w, row), "How to play (H)", app.manager)
        )
        self.ring.add(start, self.start)
        self.ring.add(how, self.how_to_play)
        self.ring.add(back, self.back)

    def how_to_play(self) -> None:
        self.app.go("glossary", back=self)

    def scroll(self, fraction: float) -> None:
        """The ticket scrolls by keyboard too (Page Up/Down), so nothing is below the fold."""
        self.ticket.page(fraction)

    def start(self) -> None:
        self.app.go("conversation", scenario=self.scenario, seed=self.seed)

    def back(self) -> None:
        self.app.go("picker")

    def update(self, dt: float) -> None:
        self.face.update(dt, self.scenario.customer.anger, False)

    def draw(self, surface: pygame.Surface) -> None:
        self.face.draw(surface, self.face_rect)
        self.ticket.draw(surface)

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.back()
            return
        if event.type == pygame.KEYDOWN and event.key == pygame.K_h:
            self.how_to_play()
            return
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_PAGEUP, pygame.K_PAGEDOWN):
            self.scroll(0.9 if event.key == pygame.K_PAGEDOWN else -0.9)
            return
        if self.ticket.handle(event):
            return
        self.ring.handle(event)
