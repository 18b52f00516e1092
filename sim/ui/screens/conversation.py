"""The conversation: the customer's face and words, your options, in real time.

The call itself (the core Session, the reply clock, the run record) is held by a
SessionHost: this screen drives it and lays out and draws from the Events it returns. It
holds no rules of its own.
"""

from __future__ import annotations

from html import escape

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UILabel, UITextBox

from sim.engine import Event, Session
from sim.scenario.models import Scenario
from sim.ui.app import Screen
from sim.ui.guide import load_guide
from sim.ui.meter import draw_anger_meter, draw_gauge
from sim.ui.portrait import customer_face
from sim.ui.screens.call_layout import (
    column_width,
    ending_strip,
    left_column,
    reply_stack,
    speech_heights,
)
from sim.ui.screens.call_pause import CallPause
from sim.ui.screens.call_tour import CallTour, spotlight
from sim.ui.screens.layout import scaled
from sim.ui.session_host import SessionHost
from sim.ui.widgets import DrawnRow, DrawnRows, FocusRing, Panels, TranscriptView

SPIKE = 8.0  # an anger jump this big in one reply gets a sound cue
# Keys that scroll the conversation so far (Up, Down and Tab move between the replies).
HISTORY_KEYS = (pygame.K_PAGEUP, pygame.K_PAGEDOWN, pygame.K_HOME, pygame.K_END)

# The end of the call, as a banner on the call screen ({name}: the customer's first name).
END_BANNERS = {
    "resolved": "{name} is satisfied",
    "unresolved": "The call ended unresolved",
    "handed_off": "{name} was handed to a senior colleague",
    "walked_out": "{name} walked out",
    "hung_up": "{name} hung up",
    "parted_ways": "You parted ways with {name}",
    "call_back": "A call-back is booked with {name}",
}
# What the gauges mean, under them (and on hover).
GAUGE_HELP = {
    "anger": "Anger: how upset they are now (furious from 75).",
    "trust": "Trust: how far they believe you.",
    "patience": "Patience: at zero they give up.",
}


class ConversationScreen(Screen):
    def __init__(
        self,
        app,
        scenario: Scenario,
        seed: int | None = None,
        *,
        resume: Session | None = None,
        original: tuple[Session, dict] | None = None,
    ):
        super().__init__(app)
        self.scenario = scenario
        self.original = original  # the run this "what if" branches from
        self.host = SessionHost(
            scenario,
            seed if seed is not None else int(pygame.time.get_ticks()) % 100_000,
            app.settings,
            keep_score=app.record_score,
            notices=app.notices,
            resume=resume,
            branch=original is not None,
        )
        self.face = customer_face(scenario)
        self.history: list[tuple[str, str, str]] = []  # (speaker, name, text) shown so far
        self.speech_text = ""
        self.pending_ending = False
        self.after_ending = 0.0
        self.pause_menu = CallPause(app, self.host)
        self.flash = ""
        self.flash_left = 0.0
        self.focus_moved = False
        self.customer_name = scenario.customer.name.split()[0]
        self.feedback = ""  # one line on the last reply, when the setting asks for it
        self.entered = False  # the opening lines are shown once, not again after Settings
        self.debrief_button: DrawnRow | None = None
        self.end_rows: DrawnRows | None = None  # the debrief button's, once the call is over
        self.end_ring = FocusRing()
        # The guided first call: on a player's first run only, not on a "what if".
        first = app.tour_due and original is None and resume is None
        self.tour = CallTour(app, load_guide().tour if first else ())
        # Live reload: a trainer editing the file sees the change at once (or with F5).
        self.reload_errors: UITextBox | None = None
        self.panels = Panels()
        self.start_events = self._resume_events() if resume is not None else self.host.start()

    # building ------------------------------------------------------------------------

    def enter(self) -> None:
        self.build()
        if not self.entered:  # coming back from the settings, the call just goes on
            self.entered = True
            self.show_events(self.start_events)
            if self.tour.active:
                self.host.paused = True  # the clock waits for the tour

    def _resume_events(self) -> list[Event]:
        """Going back to a past turn: the history as the call had it (the customer's opening,
        their prompts in a silence, each reply and its answer), then carry on from there."""
        session = self.host.session
        # The turns start at the first reply: the opening comes from the same seed again.
        opening = Session(self.scenario).reset(session.seed)[0].data["text"]
        said = [("customer", opening)]
        for turn in session.turns:
            said += [("customer", line) for line in turn.prompts]
            if turn.text:  # empty: a silence that ended the call
                said.append(("agent", turn.text))
            if turn.customer:  # one entry, as the call showed the answer
                said.append(("customer", " ".join(turn.customer)))
        current = list(session.last_lines)
        # What the customer is saying now is spoken again, not yet part of the transcript.
        if said[-1] == ("customer", " ".join(current)):
            said.pop()
        names = {"customer": self.customer_name, "agent": "You"}
        self.history += [(speaker, names[speaker], text) for speaker, text in said]
        return [
            Event("line", {"speaker": "customer", "text": " ".join(current), "reaction": None}),
            Event("options", {"options": self.host.options}),
        ]

    def build(self) -> None:
        app, theme = self.app, self.app.theme
        w = app.size[0]
        self.panels = Panels()
        self.left_w = column_width(app.size, theme)
        # the gauges explained under them, when the face can spare the room (always on hover)
        small = theme.fonts["small"]
        help_lines = [
            small.render(GAUGE_HELP[k], True, theme.palette["muted"], wraplength=self.left_w - 40)
            for k in ("anger", "trust", "patience")
        ]
        help_h = sum(s.get_height() + 2 for s in help_lines) + 6
        # Feedback on the last reply goes there too, beside the gauges it talks about (the
        # right column has no room to spare on a short window): five lines are kept for it.
        feedback = app.settings.feedback == "each_reply"
        if feedback:
            help_h = max(help_h, 5 * small.get_linesize() + 8)
        left = left_column(app.size, theme, help_h, feedback)
        self.gauge_help: list[pygame.Surface] = help_lines if left.help_fits else []
        self.face_rect = left.face
        self.face.prepare(self.face_rect.size)  # draw the cached layers now, not mid-call
        self.name_pos = left.name_pos
        self.meter_rect = left.meter
        self.gauge_rects = list(left.gauges)
        top = left.top
        title = self.scenario.title + ("   (what if...)" if self.original else "")
        title_w = theme.fonts["big"].size(title)[0] + 40
        self.add(
            UILabel(pygame.Rect(10, 4, title_w, top - 8), title, app.manager, object_id="@heading")
        )
        mode = "real time" if self.host.real_time else "turn-based"
        hint = f"{mode}  |  1-9 reply  |  Space listen  |  Esc pause"
        hint_w = theme.fonts["small"].size(hint)[0] + 40
        if 10 + title_w + hint_w + 10 > w:  # no room beside the title: the title comes first
            hint = "Esc pause"
            hint_w = theme.fonts["small"].size(hint)[0] + 40
        self.add(
            UILabel(
                pygame.Rect(w - hint_w - 10, 4, hint_w, top - 8),
                hint,
                app.manager,
                object_id="@muted",
            )
        )
        right_x = self.left_w
        right_w = w - right_x - 20
        speech_h = speech_heights(theme)[1]
        self.speech = self.add(
            self.panels.track(
                UITextBox(
                    "",
                    pygame.Rect(right_x, top, right_w, speech_h),
                    app.manager,
                    object_id="@speech",
                )
            )
        )
        self.option_elements: list[tuple[UIButton, UITextBox]] = []  # (number key, reply)
        self.option_texts: list[str] = []  # the replies those elements show
        self.ring = FocusRing(digits=True)
        self._build_options(self.host.options)
        if self.pending_ending:
            self._build_ending()
        self.transcript = TranscriptView(theme.fonts, theme.palette)
        self.transcript.set_width(self.transcript_rect.w - 10, self.history)
        if self.speech_text:
            self.speech.set_text(escape(self.speech_text))
        if self.pause_menu.shown:
            self.pause_menu.build(self.add)

    def _build_options(self, texts: list[str]) -> None:
        """Show the replies, numbered, stacked from the bottom. The elements stay from turn to
        turn and change only where a reply's text did: building them is most of a pick."""
        app, theme = self.app, self.app.theme
        w, h = app.size
        key_w = scaled(theme.base_size)
        x = self.left_w + key_w + 8
        width = w - x - 20
        while len(self.option_elements) > len(texts):
            self.option_texts.pop()
            for element in self.option_elements.pop():
                element.kill()
                self.elements.remove(element)
        for index, text in enumerate(texts):
            html = f"<a href='{index}'>{escape(text)}</a>"
            if index < len(self.option_elements):
                key, box = self.option_elements[index]
                if self.option_texts[index] != text:
                    box.set_text(html)
                    self.option_texts[index] = text
                if key.is_selected:
                    key.unselect()
                continue
            # Text boxes size themselves to their text (height -1); stacked below.
            box = UITextBox(html, pygame.Rect(x, 0, width, -1), app.manager, object_id="@option")
            key = UIButton(
                pygame.Rect(self.left_w, 0, key_w, key_w),
                str(index + 1),
                app.manager,
                object_id="@option_key",
            )
            self.panels.track(box)
            self.option_elements.append((key, box))
            self.option_texts.append(text)
            self.elements += [key, box]
        heights = [max(key_w, box.rect.height) for _, box in self.option_elements]
        stack = reply_stack(h, theme, self.speech.rect, heights)
        if self.speech.rect.h != stack.speech_h:
            self.speech.set_dimensions((self.speech.rect.w, stack.speech_h))
        self.transcript_rect = stack.history
        self.options_top = stack.top
        self.ring.clear()
        self.focus_moved = False
        for index, ((key, box), height, y) in enumerate(
            zip(self.option_elements, heights, stack.tops, strict=True)
        ):
            if key.rect.topleft != (self.left_w, y):
                key.set_relative_position((self.left_w, y))
            if key.rect.height != height:
                key.set_dimensions((key_w, height))
                key.rebuild()  # a shorter button keeps its number where it was otherwise
            if box.rect.topleft != (x, y):
                box.set_relative_position((x, y))
            if box.rect.height < height:
                box.set_dimensions((width, height))
            self.ring.add(key, lambda i=index: self.pick(i), label=f"{index + 1}. {texts[index]}")
        if self.ring.items:
            self.ring.items[0][0].unselect()

    # the conversation ----------------------------------------------------------------

    def show_events(self, events: list[Event]) -> None:
        spoken: list[str] = []
        for event in events:
            if event.kind == "line":
                if event.data["speaker"] == "agent":
                    self._retire_speech()
                    self.history.append(("agent", "You", event.data["text"]))
                    self.transcript.add("agent", "You", event.data["text"])
                elif event.data["reaction"] in ("dead_air", "pressing"):
                    self._nudge(event.data["text"])  # the silence goes on counting
                else:
                    spoken.append(event.data["text"])
            elif event.kind == "state":
                before, after = event.data["before"], event.data["after"]
                if after["anger"] - before["anger"] >= SPIKE:
                    self.app.sounds.play("spike")
            elif event.kind == "options":
                self._build_options(event.data["options"])
            elif event.kind == "ending":
                self.pending_ending = True
                self._build_options([])
                self._build_ending()
                self.app.sounds.play("ending_good" if self.host.ended_well else "ending_bad")
        if spoken:
            self._say(" ".join(spoken))

    def _retire_speech(self) -> None:
        if self.speech_text:
            self.history.append(("customer", self.customer_name, self.speech_text))
            self.transcript.add("customer", self.customer_name, self.speech_text)
            self.speech_text = ""

    def _cut_speech(self) -> None:
        """Cut off mid-line: the history keeps the words said so far, not the whole line."""
        out = self.host.clock.letters_out(self.speech_text)
        if out < len(self.speech_text):
            self.speech_text = self.speech_text[:out].rstrip() + "—"

    def _say(self, text: str) -> None:
        self._retire_speech()
        self.speech_text = text
        self.speech.set_text(escape(text))
        per_letter = self.host.customer_says(text)
        self.speech.set_active_effect(
            pygame_gui.TEXT_EFFECT_TYPING_APPEAR, params={"time_per_letter": per_letter}
        )
        self.app.sounds.play("line")
        self._speak(text)

    def _nudge(self, text: str) -> None:
        """The customer prompts you after a long silence; the silence keeps counting."""
        self._retire_speech()
        self.speech_text = text
        self.speech.set_text(escape(text))
        self.app.sounds.play("line")
        self._speak(text)

    def _speak(self, text: str) -> None:
        self.app.say_customer(text, self.scenario.customer.persona, self.host.anger)

    def pick(self, index: int) -> None:
        if self.pause_menu.shown or not self.host.can_pick(index):
            return
        if self.host.interrupting:
            self._cut_speech()
        self.app.voice.stop()  # cut off mid-line, the voice stops where the text does
        self.show_events(self.host.pick(index))
        said = self.host.last_feedback()
        if self.app.settings.feedback == "each_reply" and said is not None:
            self.feedback = said

    def _option_at(self, pos) -> int | None:
        """The reply whose row (number and box) is under the mouse, if any."""
        for index, (key, box) in enumerate(self.option_elements):
            if any(e.alive() and e.rect.collidepoint(pos) for e in (key, box)):
                return index
        return None

    def intercept(self, event: pygame.event.Event) -> bool:
        """A click anywhere on a reply's box picks it (not only on its words); while the
        guided tour is shown, every input belongs to it."""
        if self.tour.active and event.type in (pygame.KEYDOWN, pygame.MOUSEBUTTONDOWN):
            self.handle(event)
            return True
        if (
            event.type == pygame.MOUSEBUTTONDOWN
            and event.button == 1
            and not self.pause_menu.shown
            and not self.pending_ending
        ):
            index = self._option_at(event.pos)
            if index is not None:
                self.pick(index)
                return True
        return False

    def _build_ending(self) -> None:
        """Leave a strip under the conversation for the end-of-call banner and the button
        to the debrief, so neither covers the last line."""
        self.ending_rect = ending_strip(self.app.size[1], self.app.theme, self.transcript_rect)
        self.transcript_rect.height = max(40, self.ending_rect.y - 8 - self.transcript_rect.y)
        self.options_top = self.ending_rect.y
        self.debrief_button = None
        self.end_rows = None

    def ending_banner(self) -> str:
        ending = self.host.ending or "unresolved"
        words = END_BANNERS.get(ending, END_BANNERS["unresolved"]).format(name=self.customer_name)
        return f"Call over: {words}."

    def listen(self) -> None:
        index = self.host.quiet_option()
        if index is not None:
            self.pick(index)
            return
        self.flash = "There is no quiet option here: pick a reply."
        self.flash_left = 2.5

    # live reload --------------------------------------------------------------------

    def reload(self) -> None:
        """Load the scenario file again; carry on from the current beat if it still exists."""
        reloaded = self.host.reload()
        if reloaded is None:
            return
        if reloaded.scenario is None:
            self._show_reload_errors(reloaded.problems)
            return
        if self.reload_errors is not None:
            self.reload_errors.kill()
            self.reload_errors = None
        file_name = self.host.watch_path.name if self.host.watch_path else ""
        if reloaded.goes_on:
            where = "the call goes on from where you were"
        else:
            fresh = self.app.go("conversation", scenario=reloaded.scenario, seed=self.host.seed)
            fresh.flash = (
                f"The scenario {file_name} changed and this part of the call is "
                "gone from it, so the call starts again."
            )
            fresh.flash_left = 4.0
            return
        self.scenario = reloaded.scenario
        self._build_options(self.host.options)
        self.flash = f"The scenario {file_name} was updated: {where}."
        self.flash_left = 4.0

    def _show_reload_errors(self, lines: list[str]) -> None:
        if self.reload_errors is not None:
            self.reload_errors.kill()
        text = "<b>The file no longer loads; the game keeps the last good version.</b><br>"
        text += "<br>".join(escape(line) for line in lines[:8])
        text += "<br><i>Fix it and save: it reloads by itself (or press F5).</i>"
        self.reload_errors = self.add(
            self.panels.track(
                UITextBox(text, self.transcript_rect.copy(), self.app.manager, object_id="@broken")
            )
        )

    def go_to_debrief(self) -> None:
        assert self.host.record is not None
        self.app.go(
            "debrief",
            session=self.host.session,
            record=self.host.record,
            original=self.original,
            new_best=self.host.new_best,
        )

    def closing(self) -> None:
        self.host.keep_run()  # the window closed mid-call or on its ending: the run is kept

    # per frame -----------------------------------------------------------------------

    @property
    def frozen(self) -> bool:
        return self.pause_menu.shown or self.tour.active

    def tour_spot(self, spot: str | None) -> pygame.Rect | None:
        """The part of the screen a tour card points at (the guide's names for them)."""
        rects = {
            "face": [self.face_rect],
            "meter": [self.meter_rect],
            "gauges": self.gauge_rects,
            "speech": [self.speech.rect],
            "history": [self.transcript_rect],
            "replies": [e.rect for pair in self.option_elements for e in pair if e.alive()],
        }.get(spot or "", [])
        return spotlight(rects)

    def open_glossary(self) -> None:
        """The glossary in the middle of a call: the call waits, paused."""
        if not self.pause_menu.shown:
            self.pause_menu.show(self.add)
        self.app.go("glossary", back=self)

    def focused_label(self) -> str | None:
        # The replies are read only once the player moves to them: reading reply 1 at once
        # would talk over the customer.
        if self.pause_menu.shown:
            return self.pause_menu.label()
        return self.ring.label() if self.focus_moved and self.ring.items else None

    def handle(self, event: pygame.event.Event) -> None:
        if self.tour.active:
            self.tour.handle(event)
            if not self.tour.active:  # done or skipped: the call starts (unless paused)
                self.host.paused = self.pause_menu.shown
            return
        if event.type == pygame.KEYDOWN and event.key == pygame.K_g:
            self.open_glossary()
            return
        if self.pause_menu.shown:
            self.pause_menu.handle(event)
            return
        if event.type == pygame_gui.UI_TEXT_BOX_LINK_CLICKED:
            self.pick(int(event.link_target))
            return
        if event.type == pygame.MOUSEWHEEL:
            self.transcript.scroll_by(event.y * 40, self.note_layout()[0].h)
            return
        if event.type == pygame.KEYDOWN:
            if event.key == pygame.K_ESCAPE:
                self.pause_menu.show(self.add)
                return
            if event.key == pygame.K_F5:
                self.reload()
                return
            if event.key in HISTORY_KEYS:  # after the call too, before the debrief
                self.scroll_history(event.key)
                return
            confirm = event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE)
            if self.pending_ending:
                if confirm and self.after_ending > 0.3:
                    self.go_to_debrief()
                return
            if event.key in (pygame.K_TAB, pygame.K_UP, pygame.K_DOWN):
                self.focus_moved = True
            elif confirm and not (self.focus_moved and event.key != pygame.K_SPACE):
                self.listen()  # Space always listens; Enter too until Tab/arrows pick a reply
                return
        if self.end_rows is not None and self.end_rows.handle(event, self.end_ring):
            return
        self.ring.handle(event)

    def scroll_history(self, key: int) -> None:
        """PgUp/PgDn half a view back or on, Home to the first line, End to the newest. Up,
        Down and Tab stay with the replies."""
        view = self.note_layout()[0].h  # as drawn: a note at its foot takes some of it
        whole = self.transcript.total_height
        page = max(40, view // 2)  # a line or so at least, when the view is small
        step = {pygame.K_PAGEUP: page, pygame.K_PAGEDOWN: -page}
        step |= {pygame.K_HOME: whole, pygame.K_END: -whole}
        self.transcript.scroll_by(step[key], view)

    def update(self, dt: float) -> None:
        if self.tour.active:  # the call waits; the face still shows how they feel
            self.face.update(dt, self.host.anger, False)
            return
        if self.pause_menu.shown:
            return
        self.show_events(self.host.tick(dt))
        self.host.update()
        self.face.update(dt, self.host.anger, self.host.speaking)
        if self.host.file_changed(dt):
            self.reload()
        if self.flash_left > 0:
            self.flash_left -= dt
        if self.pending_ending and not self.host.speaking:
            self.after_ending += dt
            if self.after_ending > 0.3 and self.debrief_button is None:
                row = scaled(self.app.theme.base_size)
                label = "See your debrief (Enter)"
                strip = self.ending_rect
                # Drawn, not a pygame_gui button: a wide rounded button took 20 ms to build at
                # 1920x1080, in a frame the record's worker already shares.
                self.end_rows = DrawnRows(self.app.manager, object_id=None)
                words = self.end_rows.font.size(label)[0] + 2 * self.end_rows.padding
                bw = words + scaled(24)  # the theme's button font and padding, and some air
                rect = pygame.Rect(strip.right - bw, strip.centery - row // 2, bw, row)
                self.debrief_button = self.end_rows.add(rect, label)
                self.end_ring = FocusRing()
                self.end_ring.add(self.debrief_button, self.go_to_debrief)  # Enter's, shown so

    def draw(self, surface: pygame.Surface) -> None:
        theme = self.app.theme
        self.face.draw(surface, self.face_rect)
        host = self.host
        draw_anger_meter(surface, self.meter_rect, host.anger, theme.fonts["bold"], theme.palette)
        draw_gauge(
            surface,
            self.gauge_rects[0],
            "Trust",
            host.trust,
            theme.fonts["small"],
            theme.palette["trust"],
            theme.palette,
        )
        draw_gauge(
            surface,
            self.gauge_rects[1],
            "Patience",
            host.patience,
            theme.fonts["small"],
            theme.palette["patience"],
            theme.palette,
        )
        name = theme.fonts["bold"].render(self.scenario.customer.name, True, theme.palette["text"])
        surface.blit(name, self.name_pos)
        feedback = self.feedback_layout()
        if feedback is not None:
            surface.blit(*feedback)
        else:
            y = self.gauge_rects[-1].bottom + 8
            for line in self.gauge_help:
                surface.blit(line, (20, y))
                y += line.get_height() + 2
        rect, note, note_pos = self.note_layout()
        if note is not None:
            surface.blit(note, note_pos)
        self.transcript.draw(surface, rect)
        self.panels.draw(surface)
        if self.pending_ending:
            banner = theme.fonts["big"].render(
                self.ending_banner(),
                True,
                theme.palette["text"],
                wraplength=self.ending_rect.w
                - (self.debrief_button.rect.w + 20 if self.debrief_button else 0),
            )
            pygame.draw.rect(surface, theme.palette["panel"], self.ending_rect, border_radius=8)
            pygame.draw.rect(surface, theme.palette["border"], self.ending_rect, 2, border_radius=8)
            surface.blit(
                banner,
                (self.ending_rect.x + 12, self.ending_rect.centery - banner.get_height() // 2),
            )
            if self.end_rows is not None:
                self.end_rows.draw(surface)

    def feedback_layout(self) -> tuple[pygame.Surface, tuple[int, int]] | None:
        """The feedback on the last reply, under the gauges (in place of their explanations,
        which stay in the tooltips): the words drawn and where; None when there is none."""
        if not self.feedback or self.pending_ending:
            return None
        theme = self.app.theme
        text = theme.fonts["small"].render(
            self.feedback, True, theme.palette["accent"], wraplength=self.left_w - 40
        )
        return text, (20, self.gauge_rects[-1].bottom + 8)

    def note_layout(self) -> tuple[pygame.Rect, pygame.Surface | None, tuple[int, int]]:
        """A message (a reload, no quiet option) takes a line of its own at the foot of the
        conversation, never over its last line: the
        conversation's rect, the message drawn, and where it goes."""
        theme = self.app.theme
        rect = self.transcript_rect
        if self.flash_left <= 0:
            return rect, None, (0, 0)
        colour = theme.palette["focus"]
        text = theme.fonts["base"].render(self.flash, True, colour, wraplength=rect.w - 10)
        rect = rect.copy()
        rect.height = max(20, rect.height - text.get_height() - 8)
        return rect, text, (rect.x, rect.bottom + 4)

    def draw_over(self, surface: pygame.Surface) -> None:
        """The gauges explained in a tooltip while the mouse is over one; the guided tour."""
        if self.tour.active:
            self.tour.draw(surface, self.tour_spot(self.tour.card.spot))
            return
        if self.pause_menu.shown:
            return
        pos = pygame.mouse.get_pos()
        spots = zip(
            (self.meter_rect, *self.gauge_rects), ("anger", "trust", "patience"), strict=True
        )
        for rect, key in spots:
            if rect.collidepoint(pos):
                theme = self.app.theme
                text = theme.fonts["small"].render(
                    GAUGE_HELP[key], True, theme.palette["text"], wraplength=320
                )
                box = text.get_rect(topleft=(rect.x + 8, rect.bottom + 4)).inflate(16, 12)
                box.clamp_ip(surface.get_rect())
                pygame.draw.rect(surface, theme.palette["button"], box, border_radius=6)
                pygame.draw.rect(surface, theme.palette["border"], box, 1, border_radius=6)
                surface.blit(text, (box.x + 8, box.y + 6))
                return
