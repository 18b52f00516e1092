"""The class call on the projector: the customer's line large, the replies numbered, and
how the room decides (the vote address and QR code with the count of phones that voted, a
team's countdown, the hot seat, a show of hands being typed in).

Gauges, tallies and the "what the customer is thinking" line appear only when the
facilitator reveals them (V); the facilitator's notes only when toggled (F). Nothing here
names a person or shows a score.
"""

from __future__ import annotations

import pygame

from sim.classroom.session import ClassError
from sim.classroom.workshop import MODE_WORDS
from sim.ui.app import App
from sim.ui.class_mode import ClassRoom
from sim.ui.screens.class_common import (
    BACK_KEYS,
    NEXT_KEYS,
    PAUSE_KEYS,
    ClassScreen,
    gauges,
    panel,
    qr_surface,
    text,
    text_height,
    wrap,
)

MODE_TITLES = {"vote": "Class vote", "teams": "Teams", "hot_seat": "Hot seat", "tally": "Show of hands"}


class ClassCallScreen(ClassScreen):
    def __init__(self, app: App, room: ClassRoom):
        super().__init__(app)
        self.room = room
        self.flow = room.flow
        self.notes_shown = False
        self.typing_tally = False  # in a vote: the facilitator types a show of hands instead
        self.cursor = 0  # the reply whose count is being typed
        self._qr: tuple[str, int, pygame.Surface] | None = None

    @property
    def run(self):
        return self.flow.run

    @property
    def frozen(self) -> bool:
        return self.run.paused or self.menu_open

    def end_class(self) -> None:
        self.room.close()

    # Input --------------------------------------------------------------------------------

    def handle(self, event: pygame.event.Event) -> None:
        if self.handle_overlays(event) or event.type != pygame.KEYDOWN:
            return
        try:
            self._key(event)
        except ClassError as exc:
            self.say(str(exc)[:1].upper() + str(exc)[1:] + ".")

    def _key(self, event: pygame.event.Event) -> None:
        key, flow = event.key, self.flow
        if flow.stage == "ended":
            if key in NEXT_KEYS or key == pygame.K_RETURN:
                self._after_call()
            return
        if key in NEXT_KEYS or (key == pygame.K_RETURN and self._tallying):
            self._played(flow.lock_and_play())
        elif key in BACK_KEYS:
            flow.rewind()
            self.typing_tally, self.cursor = False, 0
            self.say(f"Rewound: back to turn {self.run.turn + 1}. Try again.")
        elif key in PAUSE_KEYS:
            self.say("Paused." if self.run.toggle_pause() else "Resumed.", 2.0)
        elif key == pygame.K_m:
            mark = self.run.bookmark()
            self.say(f"Bookmark {len(self.run.bookmarks)}: {mark.label}")
        elif key == pygame.K_v:
            flow.toggle_reveal()
        elif key == pygame.K_f:
            self.notes_shown = not self.notes_shown
        elif key == pygame.K_t and self.run.mode == "vote":
            self.typing_tally, self.cursor = not self.typing_tally, 0
        elif self._tallying and key in (pygame.K_TAB, pygame.K_RIGHT, pygame.K_SPACE):
            self.cursor = (self.cursor + 1) % len(flow.tally)
        elif self._tallying and key == pygame.K_LEFT:
            self.cursor = (self.cursor - 1) % len(flow.tally)
        elif self._tallying and key == pygame.K_BACKSPACE:
            flow.tally[self.cursor] //= 10
        elif pygame.K_0 <= key <= pygame.K_9 or pygame.K_KP0 <= key <= pygame.K_KP9:
            digit = key - (pygame.K_0 if key <= pygame.K_9 else pygame.K_KP0)
            if self._tallying:
                flow.type_count(self.cursor, digit)
            elif digit:
                self._played(flow.pick(digit - 1))

    @property
    def _tallying(self) -> bool:
        return self.run.mode == "tally" or self.typing_tally

    def _played(self, decision) -> None:
        self.typing_tally, self.cursor = False, 0
        if decision.tally:
            counts = " · ".join(str(n) for n in decision.tally)
            draw = " (a draw: the first was played)" if decision.tied else ""
            self.say(f"The room chose reply {decision.choice + 1}: {counts}{draw}")
        else:
            self.say(f"Reply {decision.choice + 1} played.", 2.5)

    def _after_call(self) -> None:
        flow = self.flow
        flow.next_group_or_debrief()
        if flow.stage == "debrief":
            from sim.ui.screens.class_debrief import ClassDebriefScreen

            self.app.show(ClassDebriefScreen(self.app, self.room))
        else:
            self.say(f"Group {self.run.group} of {flow.groups}: same customer, fresh start.")

    def update(self, dt: float) -> None:
        super().update(dt)
        if not self.frozen and self.flow.stage == "call":
            self.room.clock.advance(dt)

    # Drawing ------------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface) -> None:
        w, h = self.app.size
        f, c = self.fonts, self.colour
        margin = int(h * 0.035)
        view = self.run.projector()
        flow = self.flow

        # The header: what is playing, which turn, how the room decides.
        title = view["title"]
        if flow.groups > 1:
            title += f"  ·  group {view['group']} of {flow.groups}"
        text(surface, f["heading"], title, (margin, margin), c("text"), width=int(w * 0.62), max_lines=1)
        y = margin + f["heading"].get_linesize()
        where = f"Turn {view['turn']}  ·  {MODE_TITLES[view['mode']]}"
        if len(flow.workshop.scenarios) > 1:
            where = f"Scenario {flow.index + 1} of {len(flow.workshop.scenarios)}  ·  " + where
        text(surface, f["small"], where, (margin, y), c("muted"))
        y += f["small"].get_linesize() + int(h * 0.015)

        main = pygame.Rect(margin, y, int(w * 0.635) - margin, h - y - margin)
        side = pygame.Rect(int(w * 0.665), margin, w - int(w * 0.665) - margin, h - 2 * margin)
        self._draw_main(surface, view, main)
        self._draw_side(surface, view, side)
        self._draw_keys(surface)

    def _draw_main(self, surface: pygame.Surface, view: dict, area: pygame.Rect) -> None:
        f, c = self.fonts, self.colour
        pad = 24
        # The customer's line, large.
        line = " ".join(view["customer"][-2:]) or "..."
        inner_w = area.w - 2 * pad
        lines = wrap(f["line"], f"“{line}”", inner_w)[:4]
        box_h = f["small"].get_linesize() + len(lines) * f["line"].get_linesize() + 2 * pad
        box = pygame.Rect(area.x, area.y, area.w, box_h)
        panel(surface, self.app, box, "speech")
        text(surface, f["small"], "The customer", (box.x + pad, box.y + pad // 2), c("muted"))
        y = box.y + pad // 2 + f["small"].get_linesize()
        for part in lines:
            surface.blit(f["line"].render(part, True, c("text")), (box.x + pad, y))
            y += f["line"].get_linesize()
        y = box.bottom + 18

        if view["prompt"]:
            prompt = f"Discuss: {view['prompt']}"
            tall = text_height(f["bold"], prompt, inner_w) + 20
            pygame.draw.rect(surface, c("accent"), (area.x, y, area.w, tall), border_radius=10)
            text(surface, f["bold"], prompt, (area.x + pad, y + 10), c("on_accent"), width=inner_w)
            y += tall + 18

        notes = self.run.notes
        note = notes.note if notes and notes.note and self.notes_shown else ""
        note_h = text_height(f["small"], f"Note (facilitator): {note}", inner_w) + 20 if note else 0
        bottom = area.bottom - f["small"].get_linesize() - 16 - (note_h + 12 if note else 0)
        self._draw_options(surface, view, pygame.Rect(area.x, y, area.w, bottom - y))
        if note:
            box = pygame.Rect(area.x, bottom + 6, area.w, note_h)
            pygame.draw.rect(surface, c("border"), box, width=3, border_radius=10)
            text(surface, f["small"], f"Note (facilitator): {note}", (box.x + pad, box.y + 10),
                 c("text"), width=inner_w)

    def _draw_options(self, surface: pygame.Surface, view: dict, area: pygame.Rect) -> None:
        f, c = self.fonts, self.colour
        options = view["options"]
        if view["done"] or not options:
            return
        tally = self._shown_tally(view)
        badge = f["bold"].size("9")[0] + 30
        count_w = f["bold"].size("000")[0] + 30 if tally is not None else 0
        width = area.w - badge - count_w - 10
        room_per = max(1, (area.h - 10 * len(options)) // len(options))
        line_h = f["text"].get_linesize()
        most = max(tally) if tally else 0
        y = area.y
        for index, words in enumerate(options):
            lines = wrap(f["text"], words, width)
            max_lines = max(1, room_per // line_h)
            fits = len(lines) <= max_lines or (
                y + len(lines) * line_h <= area.bottom - (len(options) - index - 1) * (line_h + 10)
            )
            shown = lines if fits else lines[:max_lines]
            if not fits:
                shown[-1] = shown[-1].rstrip(".,;: ") + "..."
            tall = len(shown) * line_h + 8
            chip = pygame.Rect(area.x, y, badge - 12, line_h + 4)
            pygame.draw.rect(surface, c("text"), chip, border_radius=8)
            number = f["bold"].render(str(index + 1), True, c("background"))
            surface.blit(number, number.get_rect(center=chip.center))
            if tally is not None:
                x = area.right - count_w
                if self._tallying and index == self.cursor:
                    pygame.draw.rect(surface, c("accent"), (x, y, count_w, line_h + 4), width=4,
                                     border_radius=8)
                winner = most and tally[index] == most
                colour = c("accent") if winner else c("text")
                count = f["bold"].render(str(tally[index]), True, colour)
                surface.blit(count, count.get_rect(midright=(area.right - 12, chip.centery)))
            yy = y + 2
            for part in shown:
                surface.blit(f["text"].render(part, True, c("text")), (area.x + badge, yy))
                yy += line_h
            y += tall + 10

    def _shown_tally(self, view: dict) -> list[int] | None:
        """The counts next to the replies: a typed show of hands always (the facilitator
        types it in front of the room), a phone vote only once revealed."""
        if self._tallying:
            return list(self.flow.tally)
        if view["mode"] == "vote" and view["revealed"]:
            return self.room.box.view().get("tally") or [0] * len(view["options"])
        return None

    def _draw_side(self, surface: pygame.Surface, view: dict, area: pygame.Rect) -> None:
        f, c = self.fonts, self.colour
        flow = self.flow
        y = area.y
        left = flow.seconds_left()
        if view["revealed"]:
            self._draw_reveal(surface, view, area)
            return
        if view["mode"] == "teams":
            text(surface, f["huge"], f"Team {view['team']}", (area.x, y), c("accent"))
            y += f["huge"].get_linesize()
            y = text(surface, f["text"], "talks it over, then says its reply's number.",
                     (area.x, y), c("text"), width=area.w) + 20
        elif view["mode"] in ("hot_seat", "tally") or self.typing_tally:
            title = "Show of hands" if self._tallying else "Hot seat"
            y = text(surface, f["title"], title, (area.x, y), c("text")) + 10
            words = (
                "Count the hands for each reply and type it in. Tab: the next reply. "
                "PageDown: play the most raised."
                if self._tallying
                else "One volunteer picks; the room watches and notes what works."
            )
            y = text(surface, f["text"], words, (area.x, y), c("text"), width=area.w) + 20
        if left is not None:
            label = "to vote" if view["mode"] == "vote" else "to discuss"
            number = f["huge"].render(f"{left} s", True, c("furious") if left <= 10 else c("text"))
            surface.blit(number, (area.x, y))
            text(surface, f["text"], label, (area.x + number.get_width() + 20,
                 y + number.get_height() - f["text"].get_linesize() - 20), c("muted"))
            y += number.get_height() + 10
        if view["mode"] == "vote" and self.room.url and not self.typing_tally:
            y = self._draw_vote(surface, pygame.Rect(area.x, y, area.w, area.bottom - y))

    def _draw_vote(self, surface: pygame.Surface, area: pygame.Rect) -> int:
        f, c = self.fonts, self.colour
        url = self.room.url
        votes = self.flow.votes_in()
        counted = f"{votes} phone{'s' if votes != 1 else ''} voted"
        bottom_text = f["bold"].get_linesize() + 2 * f["small"].get_linesize() + 40
        size = max(120, min(area.w, area.h - bottom_text))
        if self._qr is None or self._qr[:2] != (url, size):
            self._qr = (url, size, qr_surface(url, size))
        image = self._qr[2]
        surface.blit(image, (area.x, area.y))
        y = area.y + image.get_height() + 10
        address = url.removeprefix("http://")
        host, _, rest = address.partition("/")
        y = text(surface, f["small"], host, (area.x, y), c("text"))
        y = text(surface, f["small"], "/" + rest, (area.x, y), c("text")) + 10
        y = text(surface, f["bold"], counted, (area.x, y), c("accent"))
        return y

    def _draw_reveal(self, surface: pygame.Surface, view: dict, area: pygame.Rect) -> None:
        f, c = self.fonts, self.colour
        box = area.copy()
        box.h = area.h - f["small"].get_linesize() - 20
        panel(surface, self.app, box, "panel")
        inner = box.inflate(-48, -40)
        y = text(surface, f["heading"], "Revealed", inner.topleft, c("text")) + 10
        y = gauges(surface, self.app, self.fonts, view["gauges"],
                   pygame.Rect(inner.x, y, inner.w, 0)) + 20
        y = text(surface, f["bold"], "What the customer is thinking:", (inner.x, y), c("text"),
                 width=inner.w) + 6
        text(surface, f["line"], f"“{view['thinking']}”", (inner.x, y), c("text"), width=inner.w,
             max_lines=max(1, (inner.bottom - y) // f["line"].get_linesize()))

    def _draw_keys(self, surface: pygame.Surface) -> None:
        w, h = self.app.size
        f, c = self.fonts, self.colour
        if self.flow.stage == "ended":
            return
        mode = self.run.mode
        first = {
            "vote": "PgDn: lock & play",
            "tally": "PgDn: play",
            "teams": "1-9: the team's reply",
            "hot_seat": "1-9: the pick",
        }[mode]
        hint = f"{first} · PgUp: rewind · B: pause · M: bookmark · V: reveal · Esc: menu"
        image = f["small"].render(hint, True, c("muted"))
        surface.blit(image, (int(h * 0.035), h - int(h * 0.035) - image.get_height() + 8))

    def draw_over(self, surface: pygame.Surface) -> None:
        if self.run.paused and self.flow.stage == "call":
            self._draw_paused(surface)
        if self.flow.stage == "ended":
            self._draw_ended(surface)
        self.draw_overlays(surface)

    def _draw_paused(self, surface: pygame.Surface) -> None:
        w, h = self.app.size
        f, c = self.fonts, self.colour
        shade = pygame.Surface((w, h), pygame.SRCALPHA)
        shade.fill((255, 255, 255, 215))
        surface.blit(shade, (0, 0))
        y = int(h * 0.22)
        text(surface, f["huge"], "Paused", (0, y), c("text"), width=w, centre=True)
        y += f["huge"].get_linesize() + 20
        prompt = self.run.projector()["prompt"]
        if prompt:
            y = text(surface, f["line"], prompt, (int(w * 0.12), y), c("text"), width=int(w * 0.76),
                     centre=True) + 20
        text(surface, f["text"], "B (or PageDown on the remote's pause key): resume",
             (0, y + 20), c("muted"), width=w, centre=True)

    def _draw_ended(self, surface: pygame.Surface) -> None:
        session = self.run.session
        flow = self.flow
        lines = [f"“{session.last_lines[-1]}”" if session.last_lines else ""]
        if len(flow.finished) < flow.groups:
            lines.append(f"Next: group {len(flow.finished) + 1} of {flow.groups} plays the same call.")
            foot = "PageDown: the next group"
        else:
            lines.append("Next: the class debrief, in three steps.")
            foot = "PageDown: the debrief"
        self.draw_card(surface, f"The call is over: {session.ending_reason}", lines, foot)
