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
from sim.ui.app import App
from sim.ui.class_mode import ClassRoom
from sim.ui.screens.class_common import (
    BACK_KEYS,
    NEXT_KEYS,
    PAUSE_KEYS,
    ClassScreen,
    gauges,
    lh,
    panel,
    qr_surface,
    text,
    text_height,
    wrap,
)

MODE_TITLES = {
    "vote": "Class vote",
    "teams": "Teams",
    "hot_seat": "Hot seat",
    "tally": "Show of hands",
}


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
            self.app.go("class_debrief", room=self.room)
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
        text(
            surface,
            f["heading"],
            title,
            (margin, margin),
            c("text"),
            width=int(w * 0.62),
            max_lines=1,
        )
        y = margin + lh(f["heading"])
        where = f"Turn {view['turn']}  ·  {MODE_TITLES[view['mode']]}"
        if len(flow.workshop.scenarios) > 1:
            where = f"Scenario {flow.index + 1} of {len(flow.workshop.scenarios)}  ·  " + where
        text(surface, f["small"], where, (margin, y), c("muted"))
        y += lh(f["small"]) + int(h * 0.015)

        main = pygame.Rect(margin, y, int(w * 0.635) - margin, h - y - margin)
        side_h = h - 2 * margin - lh(f["small"])  # the key hint sits below it
        side = pygame.Rect(int(w * 0.665), margin, w - int(w * 0.665) - margin, side_h)
        self._draw_main(surface, view, main)
        self._draw_side(surface, view, side)
        self._draw_keys(surface)

    def _draw_main(self, surface: pygame.Surface, view: dict, area: pygame.Rect) -> None:
        f, c = self.fonts, self.colour
        pad = 24
        # The customer's line, large (the quotation marks say who speaks).
        line = " ".join(view["customer"][-2:]) or "..."
        inner_w = area.w - 2 * pad
        lines = wrap(f["line"], f"“{line}”", inner_w)
        if len(lines) > 4:
            lines = lines[:4]
            lines[-1] = lines[-1].rstrip(".,;:” ") + "...”"
        box = pygame.Rect(area.x, area.y, area.w, len(lines) * lh(f["line"]) + 2 * pad)
        panel(surface, self.app, box, "speech")
        y = box.y + pad - 4
        for part in lines:
            surface.blit(f["line"].render(part, True, c("text")), (box.x + pad, y))
            y += lh(f["line"])
        y = box.bottom + 16

        if view["prompt"]:
            prompt = f"Discuss: {view['prompt']}"
            tall = text_height(f["bold"], prompt, inner_w) + 20
            pygame.draw.rect(surface, c("accent"), (area.x, y, area.w, tall), border_radius=10)
            text(surface, f["bold"], prompt, (area.x + pad, y + 8), c("on_accent"), width=inner_w)
            y += tall + 16
        # The facilitator's note, when shown, sits under the replies, never over them.
        bottom = area.bottom - self._note_height()
        self._draw_options(surface, view, pygame.Rect(area.x, y, area.w, bottom - y))

    def _draw_options(self, surface: pygame.Surface, view: dict, area: pygame.Rect) -> None:
        f, c = self.fonts, self.colour
        options = view["options"]
        if view["done"] or not options:
            return
        tally = self._shown_tally(view)
        badge = f["bold"].size("9")[0] + 30
        count_w = f["bold"].size("000")[0] + 30 if tally is not None else 0
        width = area.w - badge - count_w - 10
        gap = 10
        # The reply text at the usual size if it all fits, else a little smaller (never
        # under the projector minimum), else each reply cut to its share of the room.
        for font in (f["text"], f["small"]):
            wrapped = [wrap(font, words, width) for words in options]
            needed = sum(len(w) for w in wrapped) * lh(font) + gap * len(options)
            if needed <= area.h:
                break
        line_h = lh(font)
        budget = max(len(options), (area.h - gap * len(options)) // line_h)
        while sum(len(w) for w in wrapped) > budget:
            longest = max(range(len(wrapped)), key=lambda i: len(wrapped[i]))
            if len(wrapped[longest]) <= 1:
                break
            wrapped[longest] = wrapped[longest][:-1]
            wrapped[longest][-1] = wrapped[longest][-1].rstrip(".,;: ") + "..."
        most = max(tally) if tally else 0
        y = area.y
        for index, shown in enumerate(wrapped):
            chip = pygame.Rect(area.x, y + 4, badge - 14, line_h - 2)
            pygame.draw.rect(surface, c("text"), chip, border_radius=8)
            number = f["bold"].render(str(index + 1), True, c("background"))
            surface.blit(number, number.get_rect(center=chip.center))
            if tally is not None:
                x = area.right - count_w
                if self._tallying and index == self.cursor:
                    pygame.draw.rect(
                        surface, c("accent"), (x, y, count_w, line_h + 4), width=4, border_radius=8
                    )
                winner = most and tally[index] == most
                colour = c("accent") if winner else c("text")
                count = f["bold"].render(str(tally[index]), True, colour)
                surface.blit(count, count.get_rect(midright=(area.right - 12, chip.centery)))
            yy = y
            for part in shown:
                surface.blit(font.render(part, True, c("text")), (area.x + badge, yy))
                yy += line_h
            y = yy + gap

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
            y += lh(f["huge"])
            y = (
                text(
                    surface,
                    f["text"],
                    "talks it over, then says its reply's number.",
                    (area.x, y),
                    c("text"),
                    width=area.w,
                )
                + 20
            )
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
            text(
                surface,
                f["text"],
                label,
                (area.x + number.get_width() + 20, y + number.get_height() - lh(f["text"]) - 20),
                c("muted"),
            )
            y += number.get_height() + 10
        if view["mode"] == "vote" and self.room.url and not self.typing_tally:
            y = self._draw_vote(surface, pygame.Rect(area.x, y, area.w, area.bottom - y))

    def _draw_vote(self, surface: pygame.Surface, area: pygame.Rect) -> int:
        f, c = self.fonts, self.colour
        url = self.room.url
        votes = self.flow.votes_in()
        counted = f"{votes} phone{'s' if votes != 1 else ''} voted"
        bottom_text = lh(f["bold"]) + 2 * lh(f["small"]) + 40
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
        box.h = area.h - lh(f["small"]) - 20
        panel(surface, self.app, box, "panel")
        inner = box.inflate(-48, -40)
        y = text(surface, f["heading"], "Revealed", inner.topleft, c("text")) + 10
        y = (
            gauges(
                surface, self.app, self.fonts, view["gauges"], pygame.Rect(inner.x, y, inner.w, 0)
            )
            + 20
        )
        y = (
            text(
                surface,
                f["bold"],
                "What the customer is thinking:",
                (inner.x, y),
                c("text"),
                width=inner.w,
            )
            + 6
        )
        text(
            surface,
            f["line"],
            f"“{view['thinking']}”",
            (inner.x, y),
            c("text"),
            width=inner.w,
            max_lines=max(1, (inner.bottom - y) // lh(f["line"])),
        )

    def keys_help(self) -> list[str]:
        first = {
            "vote": "PageDown or N: lock the vote and play · T: type a show of hands",
            "tally": "digits: the count · Tab: next reply · PageDown: play",
            "teams": "1-9: play the team's reply",
            "hot_seat": "1-9: play the volunteer's pick",
        }[self.run.mode]
        return [
            first,
            "PageUp or R: rewind a turn · B: pause · M: bookmark",
            "V: reveal gauges and tally · F: the facilitator's note",
        ]

    def _draw_keys(self, surface: pygame.Surface) -> None:
        w, h = self.app.size
        image = self.fonts["small"].render("Esc: menu and keys", True, self.colour("muted"))
        surface.blit(image, image.get_rect(bottomright=(w - int(h * 0.035), h - int(h * 0.02))))

    def _note_box(self) -> tuple[pygame.Rect, str] | None:
        """Where the facilitator's note goes (bottom left), when it is shown."""
        notes = self.run.notes
        if not (self.notes_shown and notes and notes.note):
            return None
        w, h = self.app.size
        margin = int(h * 0.035)
        width = int(w * 0.635) - margin
        words = f"Facilitator's note: {notes.note}"
        tall = text_height(self.fonts["small"], words, width - 48) + 24
        return pygame.Rect(margin, h - margin - tall, width, tall), words

    def _note_height(self) -> int:
        found = self._note_box()
        return found[0].height + 16 if found else 0

    def _draw_note(self, surface: pygame.Surface) -> None:
        found = self._note_box()
        if found is None:
            return
        box, words = found
        f, c = self.fonts, self.colour
        width = box.width
        panel(surface, self.app, box, "background")
        text(surface, f["small"], words, (box.x + 24, box.y + 10), c("text"), width=width - 48)

    def draw_over(self, surface: pygame.Surface) -> None:
        self._draw_note(surface)
        if self.run.paused and self.flow.stage == "call":
            self._draw_paused(surface)
        if self.flow.stage == "ended":
            self._draw_ended(surface)
        self.draw_overlays(surface)

    def _draw_paused(self, surface: pygame.Surface) -> None:
        w, h = self.app.size
        f, c = self.fonts, self.colour
        shade = pygame.Surface((w, h), pygame.SRCALPHA)
        shade.fill((255, 255, 255, 242))
        surface.blit(shade, (0, 0))
        y = int(h * 0.22)
        text(surface, f["huge"], "Paused", (0, y), c("text"), width=w, centre=True)
        y += lh(f["huge"]) + 20
        prompt = self.run.projector()["prompt"]
        if prompt:
            y = (
                text(
                    surface,
                    f["line"],
                    prompt,
                    (int(w * 0.12), y),
                    c("text"),
                    width=int(w * 0.76),
                    centre=True,
                )
                + 20
            )
        text(surface, f["text"], "B: resume", (0, y + 20), c("muted"), width=w, centre=True)

    def _draw_ended(self, surface: pygame.Surface) -> None:
        session = self.run.session
        flow = self.flow
        lines = [f"“{session.last_lines[-1]}”" if session.last_lines else ""]
        if len(flow.finished) < flow.groups:
            lines.append(
                f"Next: group {len(flow.finished) + 1} of {flow.groups} plays the same call."
            )
            foot = "PageDown: the next group"
        else:
            lines.append("Next: the class debrief, in three steps.")
            foot = "PageDown: the debrief"
        self.draw_card(surface, f"The call is over: {session.ending_reason}", lines, foot, big=True)
