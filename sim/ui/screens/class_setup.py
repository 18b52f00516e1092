"""Setting up a class session: a workshop or a single scenario, how the room decides, how
many teams. Up/Down choose, Left/Right the mode, + and - the teams, PageDown starts."""

from __future__ import annotations

import pygame

from sim.classroom.session import MODES, ClassError
from sim.classroom.workshop import MODE_WORDS, LoadedWorkshop, load_workshop, workshop_files
from sim.scenario.catalog import catalog
from sim.scenario.errors import ScenarioError
from sim.ui.app import App
from sim.ui.class_mode import ClassOptions, ClassRoom
from sim.ui.screens.class_common import NEXT_KEYS, ClassScreen, lh, panel, text

AS_PLANNED = "as planned"


class ClassSetupScreen(ClassScreen):
    def __init__(self, app: App, options: ClassOptions | None = None):
        super().__init__(app)
        self.options = options or ClassOptions()
        self.choices: list[LoadedWorkshop] = []
        self.problems: list[str] = []
        if self.options.workshop is not None:
            self.choices.append(self.options.workshop)
        for path in workshop_files():
            try:
                loaded = load_workshop(path)
            except ScenarioError as exc:
                self.problems.append(str(exc.problems[0]))
                continue
            if all(c.source != loaded.source for c in self.choices):
                self.choices.append(loaded)
        for entry in catalog():
            if entry.scenario and all(c.source != entry.path for c in self.choices):
                self.choices.append(LoadedWorkshop.single(entry.scenario))
        self.index = 0
        self.mode = self.options.mode or AS_PLANNED
        self.teams = self.options.teams or 0  # 0: the workshop's

    @property
    def chosen(self) -> LoadedWorkshop:
        return self.choices[self.index]

    @property
    def is_workshop(self) -> bool:
        return len(self.chosen.scenarios) > 1 or self.chosen.workshop.scenarios[0].groups > 1

    def modes(self) -> list[str]:
        return [AS_PLANNED, *MODES]

    # Input --------------------------------------------------------------------------------

    def handle(self, event: pygame.event.Event) -> None:
        if self.handle_overlays(event) or event.type != pygame.KEYDOWN or not self.choices:
            return
        key = event.key
        if key == pygame.K_UP:
            self.index = (self.index - 1) % len(self.choices)
        elif key == pygame.K_DOWN:
            self.index = (self.index + 1) % len(self.choices)
        elif key in (pygame.K_LEFT, pygame.K_RIGHT):
            modes = self.modes()
            step = 1 if key == pygame.K_RIGHT else -1
            self.mode = modes[(modes.index(self.mode) + step) % len(modes)]
        elif key in (
            pygame.K_PLUS,
            pygame.K_KP_PLUS,
            pygame.K_EQUALS,
            pygame.K_MINUS,
            pygame.K_KP_MINUS,
        ):
            grow = key in (pygame.K_PLUS, pygame.K_KP_PLUS, pygame.K_EQUALS)
            now = self.teams or self.chosen.workshop.teams
            self.teams = max(2, min(6, now + (1 if grow else -1)))
        elif key in (*NEXT_KEYS, pygame.K_RETURN):
            self.start()

    def start(self) -> None:
        o = self.options
        try:
            room = ClassRoom(
                self.chosen,
                mode=None if self.mode == AS_PLANNED else self.mode,
                teams=self.teams or None,
                seed=o.seed,
                host=o.host,
                port=o.port,
                facilitator=o.facilitator,
            )
        except ClassError as exc:
            self.say(str(exc))
            return
        except OSError as exc:  # the vote page could not listen there (port taken, bad host)
            self.say(f"The vote page could not open ({exc.strerror or exc}); try another --port.")
            return
        self.app.go("class_call", room=room)

    # Drawing ------------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface) -> None:
        w, h = self.app.size
        f, c = self.fonts, self.colour
        margin = int(h * 0.035)
        y = text(surface, f["title"], "Class session", (margin, margin), c("text"))
        if not self.choices:
            text(
                surface,
                f["text"],
                "No workshop or scenario could be loaded; "
                "`python main.py validate` says what is wrong.",
                (margin, y + 20),
                c("text"),
                width=w - 2 * margin,
            )
            return
        y += 10
        left = pygame.Rect(margin, y, int(w * 0.42), h - y - margin * 2 - lh(f["small"]))
        row = lh(f["text"]) + 12
        first = max(0, min(self.index - left.h // row // 2, len(self.choices) - left.h // row))
        yy = left.y
        for i in range(first, len(self.choices)):
            if yy + row > left.bottom:
                break
            choice = self.choices[i]
            kind = "Workshop" if len(choice.scenarios) > 1 else "Scenario"
            box = pygame.Rect(left.x, yy, left.w, row - 6)
            if i == self.index:
                pygame.draw.rect(surface, c("accent"), box, border_radius=10)
            colour = c("on_accent") if i == self.index else c("text")
            text(
                surface,
                f["text"],
                f"{kind}: {choice.title}",
                (box.x + 16, box.y + 3),
                colour,
                width=box.w - 32,
                max_lines=1,
            )
            yy += row
        right = pygame.Rect(left.right + 40, y, w - left.right - 40 - margin, left.h)
        panel(surface, self.app, right, "panel")
        self._details(surface, right.inflate(-48, -36))
        keys = "Up/Down: choose · Left/Right: mode · +/-: teams · PgDn: start · Esc: menu"
        image = f["small"].render(keys, True, c("muted"))
        surface.blit(image, (margin, h - margin - image.get_height() + 8))

    def _details(self, surface: pygame.Surface, area: pygame.Rect) -> None:
        f, c = self.fonts, self.colour
        chosen = self.chosen
        w = chosen.workshop
        y = (
            text(
                surface,
                f["heading"],
                chosen.title,
                area.topleft,
                c("text"),
                width=area.w,
                max_lines=2,
            )
            + 10
        )
        for goal in w.goals[:3]:
            y = text(
                surface, f["text"], f"•  {goal}", (area.x, y), c("text"), width=area.w, max_lines=1
            )
        y += 14
        if len(chosen.scenarios) > 1:
            for i, scenario in enumerate(chosen.scenarios):
                item = w.scenarios[i]
                mode = self.mode if self.mode != AS_PLANNED else chosen.mode_for(i)
                groups = f", {item.groups} groups" if item.groups > 1 else ""
                y = text(
                    surface,
                    f["small"],
                    f"{i + 1}. {scenario.title}: {mode.replace('_', ' ')}{groups}",
                    (area.x, y),
                    c("text"),
                    width=area.w,
                    max_lines=1,
                )
            y += 14
        mode = self.mode if self.mode != AS_PLANNED else chosen.mode_for(0)
        label = "as planned" if self.mode == AS_PLANNED else mode.replace("_", " ")
        y = text(surface, f["bold"], f"Mode:  ‹ {label} ›", (area.x, y), c("accent")) + 2
        if self.mode != AS_PLANNED:
            y = text(
                surface,
                f["small"],
                MODE_WORDS[mode],
                (area.x, y),
                c("text"),
                width=area.w,
                max_lines=2,
            )
        teams = self.teams or w.teams
        y = text(
            surface, f["bold"], f"Teams:  ‹ {teams} ›  (teams mode)", (area.x, y + 10), c("text")
        )
