"""The class debrief on the projector: three phases (reactions, analysis, summary), each with
the questions to put to the room; the bookmarks, opened with their number; the plus/delta
typed in; the groups' anger curves side by side when several groups played.

A hot seat's score is never shown (one person's score); a room's or a team's is.
"""

from __future__ import annotations

import pygame
import pygame_gui
from pygame_gui.elements import UITextEntryLine

from sim.classroom.session import ClassError
from sim.ui.app import App
from sim.ui.class_mode import ClassRoom
from sim.ui.screens.class_common import (
    BACK_KEYS,
    NEXT_KEYS,
    ClassScreen,
    gauges,
    lh,
    panel,
    text,
    wrap,
)

GROUP_COLOURS = ("furious", "trust", "calm", "patience", "angry", "upset")
STEP_NAMES = ("Reactions", "Analysis", "Summary")


class ClassDebriefScreen(ClassScreen):
    def __init__(self, app: App, room: ClassRoom):
        super().__init__(app)
        self.room = room
        self.flow = room.flow
        self.report = self.flow.debrief()
        self.moment: dict | None = None  # a bookmark opened
        self.entry: UITextEntryLine | None = None
        self.entry_kind = ""

    def end_class(self) -> None:
        self.room.close()

    @property
    def phase(self) -> dict:
        return self.report["phases"][self.flow.phase]

    # Input --------------------------------------------------------------------------------

    def handle(self, event: pygame.event.Event) -> None:
        if self.entry is not None:
            self._typing(event)
            return
        if self.handle_overlays(event) or event.type != pygame.KEYDOWN:
            return
        if self.moment is not None:
            self.moment = None
            return
        key, flow = event.key, self.flow
        if flow.stage == "over":
            if key in (*NEXT_KEYS, pygame.K_RETURN):
                self.leave()
            return
        if key in NEXT_KEYS or key == pygame.K_RETURN:
            if flow.phase < 2:
                flow.phase += 1
            else:
                self._next_scenario()
        elif key in BACK_KEYS:
            flow.phase = max(0, flow.phase - 1)
        elif self.phase["phase"] == "analysis" and pygame.K_1 <= key <= pygame.K_9:
            self.jump(key - pygame.K_1)
        elif self.phase["phase"] == "summary" and (
            key in (pygame.K_p, pygame.K_d, pygame.K_MINUS, pygame.K_KP_MINUS, pygame.K_KP_PLUS)
            or event.unicode in ("+", "-")
        ):
            plus = key in (pygame.K_p, pygame.K_KP_PLUS) or event.unicode == "+"
            self._start_entry("plus" if plus else "delta")

    def jump(self, index: int) -> None:
        """Open a bookmark: the moment as the projector showed it, with the gauges then."""
        try:
            self.moment = self.flow.finished[-1].at_bookmark(index)
        except ClassError as exc:
            self.say(str(exc)[:1].upper() + str(exc)[1:] + ".")

    def _next_scenario(self) -> None:
        self.flow.next_scenario()
        if self.flow.stage == "call":
            self.app.go("class_call", room=self.room)
        else:
            self.room.close()  # the workshop is over: the vote page closes with it

    def _start_entry(self, kind: str) -> None:
        w, h = self.app.size
        self.entry_kind = kind
        row = int(h * 0.075)
        self.entry = UITextEntryLine(
            pygame.Rect(int(w * 0.05), h - row - int(h * 0.12), int(w * 0.9), row),
            self.app.manager,
            placeholder_text=f"The room's {kind}, then Enter (Esc: cancel)",
        )
        self.entry.length_limit = 200
        self.entry.focus()

    def _typing(self, event: pygame.event.Event) -> None:
        assert self.entry is not None
        done = event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED and event.ui_element is self.entry
        cancel = event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE
        if done:
            self.add_point(self.entry_kind, self.entry.get_text())
        if done or cancel:
            self.entry.kill()
            self.entry = None

    def add_point(self, kind: str, words: str) -> None:
        self.flow.plus_delta.add(kind, words)
        self.report = self.flow.debrief()

    def clear(self) -> None:
        super().clear()
        if self.entry is not None:
            self.entry.kill()
            self.entry = None

    # Drawing ------------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface) -> None:
        w, h = self.app.size
        f, c = self.fonts, self.colour
        margin = int(h * 0.035)
        if self.flow.stage == "over":
            self._draw_over(surface)
            return
        text(
            surface,
            f["heading"],
            f"Debrief: {self.report['scenario']}",
            (margin, margin),
            c("text"),
            width=int(w * 0.55),
            max_lines=1,
        )
        x = w - margin
        for number in range(3, 0, -1):  # the three steps, right-aligned, the current one lit
            words = f"{number} {STEP_NAMES[number - 1]}"
            image = f["bold"].render(
                words, True, c("on_accent") if number - 1 == self.flow.phase else c("text")
            )
            box = image.get_rect(topright=(x, margin)).inflate(28, 12)
            if number - 1 == self.flow.phase:
                pygame.draw.rect(surface, c("accent"), box, border_radius=10)
            else:
                pygame.draw.rect(surface, c("border"), box, width=2, border_radius=10)
            surface.blit(image, image.get_rect(center=box.center))
            x = box.left - 16
        y = margin + lh(f["heading"]) + 10
        phase = self.phase
        y = text(surface, f["title"], phase["title"], (margin, y), c("text")) + 6
        # The questions for the room.
        inner = w - 2 * margin - 48
        lines = [ln for p in phase["prompts"] for ln in self._bullet(f["text"], p, inner)]
        box = pygame.Rect(margin, y, w - 2 * margin, len(lines) * lh(f["text"]) + 28)
        panel(surface, self.app, box, "speech")
        yy = box.y + 14
        for line in lines:
            surface.blit(f["text"].render(line, True, c("text")), (box.x + 24, yy))
            yy += lh(f["text"])
        body = pygame.Rect(
            margin,
            box.bottom + 24,
            w - 2 * margin,
            h - box.bottom - 24 - margin - lh(f["small"]) - 10,
        )
        {"reactions": self._reactions, "analysis": self._analysis, "summary": self._summary}[
            phase["phase"]
        ](surface, phase, body)
        keys = "PgDn: next · PgUp: back · Esc: menu"
        if phase["phase"] == "analysis" and phase["bookmarks"]:
            keys = "1-9: open a bookmark · " + keys
        if phase["phase"] == "summary":
            keys = "P: a plus · D: a delta · " + keys
        image = f["small"].render(keys, True, c("muted"))
        surface.blit(image, (margin, h - margin - image.get_height() + 8))

    @staticmethod
    def _bullet(font: pygame.font.Font, words: str, width: int) -> list[str]:
        lines = wrap(font, words, width - font.size("•  ")[0])
        return ["•  " + lines[0], *("    " + ln for ln in lines[1:])]

    def _reactions(self, surface: pygame.Surface, phase: dict, area: pygame.Rect) -> None:
        f, c = self.fonts, self.colour
        y = (
            text(
                surface,
                f["heading"],
                f"{phase['ending']}: {phase['reason']}.",
                area.topleft,
                c("text"),
                width=area.w,
            )
            + 16
        )
        y = (
            text(
                surface,
                f["line"],
                f"“{phase['last_words'][0]}”",
                (area.x, y),
                c("text"),
                width=area.w,
                max_lines=3,
            )
            + 16
        )
        text(
            surface,
            f["text"],
            f"What the customer wanted: {phase['customer_wanted']}",
            (area.x, y),
            c("muted"),
            width=area.w,
            max_lines=max(1, (area.bottom - y) // lh(f["text"])),
        )

    def _analysis(self, surface: pygame.Surface, phase: dict, area: pygame.Rect) -> None:
        f, c = self.fonts, self.colour
        groups = self.report["groups"]
        chart = pygame.Rect(area.x, area.y, int(area.w * 0.5), area.h)
        curves = (
            [(f"Group {g['group']}", g["anger_curve"]) for g in groups]
            if groups
            else [("Anger", phase["anger_curve"])]
        )
        self._chart(surface, chart, curves)
        x = chart.right + 40
        right = pygame.Rect(x, area.y, area.right - x, area.h)
        y = right.y
        if groups:
            for index, g in enumerate(groups):
                score = f", {g['score']}/100" if "score" in g else ""
                path = "-".join(str(p + 1) for p in g["path"])
                colour = c(GROUP_COLOURS[index % len(GROUP_COLOURS)])
                pygame.draw.rect(surface, colour, (right.x, y + 10, 28, 28))
                y = text(
                    surface,
                    f["text"],
                    f"Group {g['group']}: {g['ending']}{score}",
                    (right.x + 40, y),
                    c("text"),
                    width=right.w - 40,
                    max_lines=1,
                )
                y = (
                    text(
                        surface,
                        f["small"],
                        f"replies {path}",
                        (right.x + 40, y),
                        c("muted"),
                        width=right.w - 40,
                        max_lines=1,
                    )
                    + 6
                )
        elif "score" in phase:
            y = (
                text(
                    surface,
                    f["heading"],
                    f"The room's score: {phase['score']}/100 ({phase['grade']})",
                    (right.x, y),
                    c("text"),
                    width=right.w,
                )
                + 10
            )
        marks = phase["bookmarks"]
        if marks:
            y = (
                text(surface, f["bold"], "Bookmarks (press the number):", (right.x, y), c("text"))
                + 2
            )
            for mark in marks[:5]:
                y = text(
                    surface,
                    f["text"],
                    f"{mark['index'] + 1}  {mark['label']}",
                    (right.x + 20, y),
                    c("text"),
                    width=right.w - 20,
                    max_lines=1,
                )
            y += 12
        if phase["what_if"] and y < right.bottom - lh(f["text"]):
            text(
                surface,
                f["text"],
                phase["what_if"],
                (right.x, y),
                c("text"),
                width=right.w,
                max_lines=max(1, (right.bottom - y) // lh(f["text"])),
            )

    def _chart(self, surface: pygame.Surface, rect: pygame.Rect, curves) -> None:
        f, c = self.fonts, self.colour
        panel(surface, self.app, rect, "background")
        label_w = f["small"].size("100")[0] + 20
        plot = pygame.Rect(
            rect.x + label_w, rect.y + 30, rect.w - label_w - 30, rect.h - 60 - lh(f["small"])
        )
        for level in (0, 50, 100):
            y = plot.bottom - level * plot.h // 100
            pygame.draw.line(surface, c("chart_grid"), (plot.x, y), (plot.right, y), 2)
            image = f["small"].render(str(level), True, c("muted"))
            surface.blit(image, image.get_rect(midright=(plot.x - 10, y)))
        longest = max(len(v) for _, v in curves)
        text(surface, f["small"], "anger, turn by turn", (plot.x, plot.bottom + 8), c("muted"))
        for index, (_, values) in enumerate(curves):
            colour = c(GROUP_COLOURS[index % len(GROUP_COLOURS)])
            step = plot.w / max(1, longest - 1)
            points = [
                (round(plot.x + i * step), round(plot.bottom - max(0, min(100, v)) / 100 * plot.h))
                for i, v in enumerate(values)
            ]
            if len(points) > 1:
                pygame.draw.lines(surface, colour, False, points, 6)
            for point in points:
                pygame.draw.circle(surface, colour, point, 9)

    def _summary(self, surface: pygame.Surface, phase: dict, area: pygame.Rect) -> None:
        f, c = self.fonts, self.colour
        half = (area.w - 40) // 2
        y = area.y
        if phase["goals"]:
            y = text(surface, f["bold"], "Today's goals", (area.x, y), c("text"))
            for goal in phase["goals"][:3]:
                y = text(
                    surface,
                    f["text"],
                    f"•  {goal}",
                    (area.x, y),
                    c("text"),
                    width=area.w,
                    max_lines=1,
                )
            y += 16
        for column, kind, title in (
            (0, "plus", "Plus: what worked"),
            (1, "delta", "Delta: what to change"),
        ):
            x = area.x + column * (half + 40)
            box = pygame.Rect(x, y, half, area.bottom - y)
            panel(surface, self.app, box, "panel")
            yy = text(surface, f["heading"], title, (x + 20, y + 12), c("text")) + 6
            items = phase[kind] or ["(press P)" if kind == "plus" else "(press D)"]
            for item in items:
                if yy > box.bottom - lh(f["text"]):
                    break
                yy = text(
                    surface,
                    f["text"],
                    f"•  {item}",
                    (x + 20, yy),
                    c("text") if phase[kind] else c("muted"),
                    width=half - 40,
                    max_lines=2,
                )

    def _draw_over(self, surface: pygame.Surface) -> None:
        w, h = self.app.size
        f, c = self.fonts, self.colour
        y = int(h * 0.25)
        y = (
            text(
                surface,
                f["title"],
                "The workshop is over. Thank you!",
                (0, y),
                c("text"),
                width=w,
                centre=True,
            )
            + 30
        )
        y = (
            text(
                surface,
                f["text"],
                "The vote page is closed. The class's runs are in the "
                "results: `python main.py results report class.html`.",
                (int(w * 0.1), y),
                c("text"),
                width=int(w * 0.8),
                centre=True,
            )
            + 30
        )
        text(
            surface,
            f["small"],
            "PageDown or Enter: main menu",
            (0, y),
            c("muted"),
            width=w,
            centre=True,
        )

    def draw_over(self, surface: pygame.Surface) -> None:
        if self.moment is not None:
            m = self.moment
            self.draw_card(
                surface,
                f"Bookmark: {m['label']}",
                [
                    f"“{' '.join(m['customer'][-1:])}”",
                    f"The customer was thinking: “{m['thinking']}”",
                ],
                "Any key: back to the debrief",
            )
            w, h = self.app.size
            card_bottom = h // 2 + int(h * 0.39)
            area = pygame.Rect(int(w * 0.15), card_bottom - int(h * 0.33), int(w * 0.6), 0)
            gauges(surface, self.app, self.fonts, m["gauges"], area)
        self.draw_overlays(surface)
