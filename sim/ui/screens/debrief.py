"""The debrief on screen: score, curves, turn by turn, the seven steps, "what if" replay."""

from __future__ import annotations

import time
from dataclasses import dataclass
from html import escape

import pygame
from pygame_gui.elements import UILabel

from sim.engine import Session
from sim.fileio import in_words, write_folder_whole
from sim.printable import printable
from sim.records.report import markdown_report
from sim.records.store import to_json
from sim.records.userdata import debrief_dir
from sim.scoring.debrief_view import debrief_view
from sim.ui.app import Screen
from sim.ui.chart import draw_chart, save_chart_png
from sim.ui.richtext import RichText
from sim.ui.screens.layout import scaled
from sim.ui.widgets import DrawnRows, FocusRing

# Noto Sans has no tick glyphs; a coloured word reads as well, and without colour too.
STATUS_COLOURS = {
    "done": "calm",
    "missed": "furious",
    "spoiled": "furious",
    "out of order": "upset",
    "not needed here": "muted",
}


@dataclass(frozen=True)
class Branch:
    """The run a "what if" replay branched from, and the turn it went back to."""

    session: Session
    record: dict
    at: int  # turns kept from the original before choosing differently


def details_html(record: dict, palette: dict) -> str:
    """The right-hand panel: the core's view (debrief_view.py), laid out as HTML."""
    v = debrief_view(record)
    out = ["<b>The seven steps</b>"]
    for step in v.steps:
        colour = palette.get(STATUS_COLOURS[step.status], palette["text"])
        hex_colour = f"#{colour.r:02x}{colour.g:02x}{colour.b:02x}"
        status = f"<font color='{hex_colour}'><b>{step.status.upper()}</b></font>"
        out.append(f"{status}  {escape(step.words)}")
    if v.no_worse:
        out += ["", f"<b>{escape(v.no_worse)}</b>"]
    if v.worst:
        out += ["", f"<b>Worst moment: turn {v.worst.turn}</b>", f"“{escape(v.worst.said)}”"]
        out += [escape(line) for line in v.worst.reasons]
        if v.what_if:
            out.append(f"<i>{escape(v.what_if)}</i>")
    if v.best:
        out += ["", f"<b>Best moment: turn {v.best.turn}</b>", f"“{escape(v.best.said)}”"]
        out += [escape(line) for line in v.best.reasons]
    out += ["", "<b>Afterwards</b>"] + [escape(line) for line in v.afterwards]
    out += ["", "<b>Try next time</b>"] + [f"• {escape(tip)}" for tip in v.tips]
    out += ["", "<b>Score breakdown</b>"]
    for section in v.sections:
        out.append(f"{escape(section.label)}: {section.points:.1f} of {section.possible:.0f}")
        for c in section.missed:
            out.append(f"   – {escape(c.label)}: {c.points:.1f} of {c.possible:.1f}")
    if v.breaches:
        out.append(f"Breaches: {-v.breach_points:.1f}")
        out += [f"   – {escape(b.label)}, {b.when}: -{b.points:.1f}" for b in v.breaches]
    if v.not_counted:
        out.append(escape(v.not_counted))
    out += ["", "<b>Turn by turn</b>"]
    for t in v.turns:
        out.append(f"{t.number}. “{escape(t.said)}”")
        anger = f"anger {t.anger_before} to {t.anger_after}"
        out.append(f"   [{escape(t.moves)}] {anger} ({t.verdict})")
    return "<br>".join(out)


def coach_html(record: dict) -> str:
    """The coach's summary: three takeaways and one reply to say instead (from the core)."""
    coach = debrief_view(record).coach
    if not coach:
        return "<b>Coach's summary</b><br>Play a call to see one."
    out = ["<b>Coach's summary</b>"] + [f"• {escape(line)}" for line in coach.takeaways]
    if coach.say_instead:
        out.append(f"<b>Say this instead:</b> <i>{escape(coach.say_instead)}</i>")
    return "<br>".join(out)


def turn_html(record: dict, index: int) -> str:
    v = debrief_view(record)
    if index == 0:
        return (
            f"<b>Start</b>: anger {v.anger_curve[0]:.0f}, trust {v.trust_curve[0]:.0f}. "
            "Select a turn with the Left/Right keys or the mouse; W goes back to it to try "
            "another reply."
        )
    t = v.turn(index)
    lines = [
        f"<b>Turn {t.number}</b>: “{escape(t.said)}”",
        f"moves: {escape(t.moves)}; anger {t.anger_before} to {t.anger_after}, "
        f"trust {t.trust_after}",
    ]
    lines += [escape(line) for line in (*t.reasons, *t.notes)]
    lines += [f"<b>breach:</b> {escape(b)}" for b in t.breaches]
    if t.principle:
        lines.append(f"<i>{escape(t.principle)}</i>")
    return "<br>".join(lines)


class DebriefScreen(Screen):
    def __init__(
        self,
        app,
        session: Session,
        record: dict,
        *,
        original: Branch | None = None,
        new_best: bool = False,
    ):
        super().__init__(app)
        self.session = session
        self.record = record
        self.original = original
        self.new_best = new_best
        # open on the worst moment, so W (what if) replays from there
        coach = record["debrief"].get("coach") or {}
        self.worst_turn: int | None = coach.get("retry_turn")
        self.selected = self.worst_turn or len(record["debrief"]["anger_curve"]) - 1
        self.saved_to = ""
        self.marks: list[tuple[int, int]] = []
        self.age = 0.0

    def headline(self) -> str:
        text = self.record["debrief"]["headline"]
        if self.original:
            before = self.original.record["score"]
            diff = self.record["score"] - before
            text = f"What if: {self.record['score']} instead of {before} ({diff:+d}). " + text
        elif self.new_best:
            text += "  New personal best!"
        return text

    def build(self) -> None:
        app, theme = self.app, self.app.theme
        w, h = app.size
        row = scaled(theme.base_size)
        gap = 10
        self.ring = FocusRing()
        self.add(
            UILabel(
                pygame.Rect(20, 8, w - 40, row), self.headline(), app.manager, object_id="@heading"
            )
        )
        # bottom up: the buttons, then a status line (hints, or where the debrief was saved)
        buttons_y = h - row - 12
        status_rect = pygame.Rect(20, buttons_y - row - 4, w - 40, row)
        top = row + 16
        # on top, the coach's summary, with the retry button beside it
        line = round(theme.fonts["base"].get_linesize() * 1.3)  # a text box line
        coach_h = min(int((status_rect.y - top) * 0.38), 7 * line + 16)
        retry_w = max(160, int(w * 0.16))
        # The three text panels are drawn here, not pygame_gui text boxes: a long call's
        # details made a text box 50 MB and 170 ms to build at 1920x1080 (see richtext.py),
        # and the turn panel changes with every turn picked on the chart.
        self.coach_box = RichText(
            coach_html(self.record),
            pygame.Rect(20, top, w - 40 - retry_w - gap, coach_h),
            app.manager,
            theme.fonts,
        )
        panels_top = top + coach_h + gap
        left_w = int(w * 0.55)
        panels_h = status_rect.y - gap - panels_top
        self.chart_rect = pygame.Rect(20, panels_top, left_w - 30, int(panels_h * 0.64))
        turn_rect = pygame.Rect(
            20,
            self.chart_rect.bottom + gap,
            left_w - 30,
            panels_top + panels_h - self.chart_rect.bottom - gap,
        )
        self.turn_box = RichText(
            turn_html(self.record, self.selected), turn_rect, app.manager, theme.fonts
        )
        self.details = RichText(
            details_html(self.record, theme.palette),
            pygame.Rect(left_w, panels_top, w - left_w - 20, panels_h),
            app.manager,
            theme.fonts,
        )
        # The buttons are drawn rows (see widgets.DrawnRows): six rounded pygame_gui buttons
        # were half of the 45-60 ms frame that opens the debrief at 1920x1080.
        self.rows = rows = DrawnRows(app.manager, object_id=None)
        self.retry_button = None
        if self.worst_turn:
            rect = pygame.Rect(w - 20 - retry_w, top, retry_w, min(coach_h, 2 * row))
            label = "Retry worst moment (T)"
            self.retry_button = rows.add(rect, label if rows.fits(label, retry_w) else "Retry (T)")
            self.ring.add(self.retry_button, self.retry_worst)
        actions = (
            ("Replay (R)", "Replay (R)", self.replay),
            ("What if... (W)", "What if (W)", self.what_if),
            ("Another scenario (A)", "Another (A)", self.another),
            ("Save debrief (S)", "Save (S)", self.save),
            ("Menu (Esc)", "Menu (Esc)", self.menu),
        )
        bw = (w - 40 - 8 * (len(actions) - 1)) // len(actions)
        for i, (label, short, action) in enumerate(actions):
            rect = pygame.Rect(20 + i * (bw + 8), buttons_y, bw, row)
            self.ring.add(rows.add(rect, label if rows.fits(label, bw) else short), action)
        self.status_label = self.add(
            UILabel(status_rect, self.status_text(), app.manager, object_id="@muted")
        )

    def status_text(self) -> str:
        if self.saved_to:
            # A long folder keeps its end (where the files are) and loses its start.
            font, room = self.app.theme.fonts["small"], self.app.size[0] - 40 - 8
            text, cut = f"Saved to {self.saved_to}", 0
            while font.size(text)[0] > room and cut < len(self.saved_to):
                cut += 1
                text = f"Saved to ...{self.saved_to[cut:]}"
            return text
        return "Left/Right picks a turn on the chart; W tries that turn again with another reply."

    def _show_saved(self) -> None:
        self.status_label.set_text(self.status_text())

    # actions -------------------------------------------------------------------------

    def select(self, index: int) -> None:
        index = max(0, min(len(self.record["debrief"]["anger_curve"]) - 1, index))
        if index != self.selected:
            self.selected = index
            self.turn_box.set_text(turn_html(self.record, index))

    def retry_worst(self) -> None:
        """Go back to the worst moment and choose differently."""
        if self.worst_turn:
            self.select(self.worst_turn)
            self.what_if()

    def replay(self) -> None:
        self.app.go("conversation", scenario=self.session.scenario)

    def what_if(self) -> None:
        turn = max(1, self.selected)  # redo this turn: keep the turns before it
        root = self.original.session if self.original else self.session
        base_record = self.original.record if self.original else self.record
        if self.original and turn - 1 > self.original.at:
            root, base_record = self.session, self.record  # branching again, later on
        start = root.replay(min(turn - 1, len(root.turns) - 1))
        branch = Branch(root, base_record, len(start.turns))
        self.app.go(
            "conversation", scenario=root.scenario, seed=root.seed, resume=start, original=branch
        )

    def another(self) -> None:
        self.app.go("picker")

    def menu(self) -> None:
        self.app.go("menu")

    def save(self) -> None:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        folder = debrief_dir() / f"{self.record['scenario']}-{stamp}"
        theme = self.app.theme
        files = {
            "chart.png": lambda path: save_chart_png(path, self.record, theme.fonts, theme.palette),
            "debrief.md": markdown_report(self.record, "chart.png").encode("utf-8"),
            "record.json": to_json(self.record).encode("utf-8"),
        }
        try:
            # The folder appears whole (written as a temp folder, then renamed) or not at all.
            write_folder_whole(folder, files)
        except OSError as exc:
            self.saved_to = (
                f"nowhere: {printable(str(folder))} could not be written ({in_words(exc)})"
            )
            self._show_saved()
            return
        except pygame.error as exc:
            self.saved_to = f"nowhere: the chart could not be drawn ({exc})"
            self._show_saved()
            return
        self.saved_to = str(folder)
        self._show_saved()

    # per frame -----------------------------------------------------------------------

    def update(self, dt: float) -> None:
        self.age += dt

    def handle(self, event: pygame.event.Event) -> None:
        if self.age < 0.4 and event.type in (pygame.KEYDOWN, pygame.MOUSEBUTTONDOWN):
            return  # the Enter that opened the debrief must not also press Replay
        if event.type == pygame.KEYDOWN:
            keys = {
                pygame.K_r: self.replay,
                pygame.K_w: self.what_if,
                pygame.K_t: self.retry_worst,
                pygame.K_a: self.another,
                pygame.K_s: self.save,
                pygame.K_ESCAPE: self.menu,
            }
            if event.key in keys:
                keys[event.key]()
                return
            if event.key in (pygame.K_LEFT, pygame.K_RIGHT):
                self.select(self.selected + (1 if event.key == pygame.K_RIGHT else -1))
                return
            if event.key in (pygame.K_PAGEUP, pygame.K_PAGEDOWN):
                self.details.page(0.9 if event.key == pygame.K_PAGEDOWN else -0.9)
                return
        if any(text.handle(event) for text in (self.coach_box, self.turn_box, self.details)):
            return
        if self.rows.handle(event, self.ring):
            return
        if event.type == pygame.MOUSEMOTION and self.chart_rect.collidepoint(event.pos):
            nearest = min(
                range(len(self.marks)),
                default=None,
                key=lambda i: abs(self.marks[i][0] - event.pos[0]),
            )
            if nearest is not None:
                self.select(nearest)
            return
        if event.type == pygame.MOUSEBUTTONDOWN and self.chart_rect.collidepoint(event.pos):
            return
        self.ring.handle(event)

    def draw(self, surface: pygame.Surface) -> None:
        for text in (self.coach_box, self.turn_box, self.details):
            text.draw(surface)
        self.rows.draw(surface)
        d = self.record["debrief"]
        compare = self.original.record["debrief"]["anger_curve"] if self.original else None
        self.marks = draw_chart(
            surface,
            self.chart_rect,
            d["anger_curve"],
            d["trust_curve"],
            self.app.theme.fonts,
            self.app.theme.palette,
            self.selected,
            compare,
            self.original.at if self.original else None,
            patience=d.get("patience_curve"),
            scale=self.app.theme.scale,
        )
