"""Class mode in the terminal: a facilitator runs a workshop without a window.

The same keys a presenter remote sends work here (PageDown: next, PageUp: rewind one turn,
B: pause/resume), each also as a letter. What is marked "facilitator only" is never part
of the projector view; nothing printed names a person or shows one person's score.
"""

from __future__ import annotations

import sys
import textwrap
import time
from collections.abc import Callable
from contextlib import ExitStack
from typing import TextIO

from sim.classroom.debrief import PlusDelta, class_debrief
from sim.classroom.server import HELP, VoteServer, qr_text
from sim.classroom.session import ClassError, ClassSession
from sim.classroom.votes import VoteBox
from sim.classroom.workshop import MODE_WORDS, LoadedWorkshop
from sim.records.results import save_run
from sim.text.render import WIDTH

NEXT = {"n", "", "\x1b[6~", "pgdn", "next"}  # PageDown on a presenter remote
BACK = {"r", "\x1b[5~", "pgup", "rewind"}  # PageUp
PAUSE = {"b", "pause", "."}  # B (and the "black screen" key some remotes send as .)

KEYS = """\
Keys: n or PageDown: next (lock the vote and play the winner) | r or PageUp: rewind one turn
      b: pause/resume | m [label]: bookmark | v: reveal gauges and tally | 1-9: play that
      reply (hot seat, a team's answer) | t 3 5 0 ...: a typed tally, one count per reply
      (missing ones count 0) | c: time left | ?: help | q: stop"""


def _wrap(text: str, rest: str) -> str:
    """Wrapped to the terminal's width: the first line keeps its own indent."""
    body = text.lstrip()
    return textwrap.fill(
        body, WIDTH, initial_indent=text[: len(text) - len(body)], subsequent_indent=rest
    )


class ClassTerminal:
    def __init__(
        self,
        workshop: LoadedWorkshop,
        *,
        ask: Callable[[str], str] = input,
        out: TextIO | None = None,
        seed: int = 0,
        teams: int | None = None,
        mode: str | None = None,
        host: str | None = None,
        port: int = 0,
        clock: Callable[[], float] = time.monotonic,
        on_server: Callable[[VoteServer], None] | None = None,
        facilitator: str = "",
        keep_runs: bool = True,
    ):
        self.workshop = workshop
        self.ask = ask
        self.out = out or sys.stdout
        self.seed = seed
        self.teams = teams or workshop.workshop.teams
        self.mode = mode
        self.host, self.port = host, port
        self.clock = clock
        self.on_server = on_server
        self.box = VoteBox(clock)
        self.server: VoteServer | None = None
        self.debriefs: list[dict] = []
        self.facilitator = facilitator
        self.keep_runs = keep_runs  # store each group's run in the results, as for a player
        # One name for this class session in the results: when it started, and what.
        self.class_id = f"{time.strftime('%Y-%m-%d %H:%M')} {workshop.workshop.title}"

    def say(self, text: str = "") -> None:
        print(text, file=self.out)

    def _input(self, prompt: str) -> str | None:
        try:
            return self.ask(prompt)
        except EOFError:
            return None

    # The workshop ------------------------------------------------------------------------

    def run(self) -> int:
        w = self.workshop.workshop
        self.say(f"=== {w.title} ===")
        for goal in w.goals:
            self.say(f"  - {goal}")
        modes = [self._mode(i) for i in range(len(self.workshop.scenarios))]
        with ExitStack() as stack:
            if "vote" in modes:
                self.server = stack.enter_context(VoteServer(self.box, self.host, self.port))
                self._show_vote_address()
                if self.on_server:
                    self.on_server(self.server)
            for index, scenario in enumerate(self.workshop.scenarios):
                item = w.scenarios[index]
                self.say()
                self.say(f"--- {index + 1}/{len(modes)}: {scenario.title} ({item.minutes} min)")
                self.say(f"    Mode: {MODE_WORDS[modes[index]]}.")
                runs = []
                for group in range(1, item.groups + 1):
                    if item.groups > 1:
                        self.say(f"\n    Group {group} of {item.groups}")
                    run = ClassSession(scenario, modes[index], self.teams, self.seed, group)
                    started = time.time()
                    if not self._play(run):
                        self.say("Class session stopped.")
                        return 0
                    self._keep(run, started)
                    runs.append(run)
                if not self._debrief(runs):
                    self.say("Class session stopped.")
                    return 0
        self.say("\nThe workshop is over; the vote page is closed. Thank you!")
        return 0

    def _keep(self, run: ClassSession, started: float) -> None:
        """The group's run goes into the results store before its debrief, like a player's.
        The group, not a person, is the learner: the room decided together."""
        if not self.keep_runs:
            return
        group = f"group {run.group}"
        record = {**run.record(), "player": group}
        notices: list[str] = []
        save_run(
            record,
            run.scenario,
            learner=group,
            started_at=started,
            notices=notices,
            group=group,
            session=self.class_id,
            facilitator=self.facilitator,
            source="class",
        )
        for notice in notices:
            self.say(notice)

    def _mode(self, index: int) -> str:
        return self.mode or self.workshop.mode_for(index)

    def _show_vote_address(self) -> None:
        assert self.server is not None
        self.say()
        self.say(f"Phones: join the same Wi-Fi and open {self.server.url}")
        self.say(qr_text(self.server.url))
        self.say("(Phones cannot connect? Type ? for what usually goes wrong.)")

    # One group's conversation ------------------------------------------------------------

    def _play(self, run: ClassSession) -> bool:
        shown_turn = -1
        paused_at: set[int] = set()
        countdown_end: float | None = None
        while not run.done:
            if run.turn != shown_turn:
                shown_turn = run.turn
                self._show(run)
                countdown_end = self._start_round(run)
                if run.pause_point and run.turn not in paused_at:
                    paused_at.add(run.turn)
                    run.paused = True
                    self.say("  ** Pause point: discuss with the room; b to resume. **")
            answer = self._input(self._prompt(run))
            if answer is None:
                return False
            command = answer.strip()
            low = command.lower()
            try:
                if low in ("q", "quit"):
                    return False
                if command in NEXT or low in NEXT:
                    self._next(run)
                elif command in BACK or low in BACK:
                    run.rewind()
                    self.say(f"  Rewound: back to turn {run.turn + 1}.")
                    shown_turn = -1
                elif low in PAUSE:
                    self.say("  Paused." if run.toggle_pause() else "  Resumed.")
                elif low.startswith("m"):
                    mark = run.bookmark(command[1:].strip())
                    self.say(f"  Bookmark {len(run.bookmarks)}: {mark.label}")
                elif low == "v":
                    if run.toggle_reveal():
                        self.box.reveal()
                    self._show(run)
                elif low == "c":
                    left = max(0, round(countdown_end - self.clock())) if countdown_end else None
                    self.say(f"  {left} s left." if left is not None else "  No countdown.")
                elif low == "?":
                    self.say(KEYS)
                    self.say(HELP)
                elif low.startswith("t"):
                    counts = [int(x) for x in low[1:].replace(",", " ").split()]
                    missing = len(run.session.options) - len(counts)
                    self._played(run, run.decide(counts + [0] * max(0, missing)))
                elif low.isdigit():
                    self._played(run, run.choose(int(low) - 1))
                else:
                    self.say("  Not a key here; ? lists them.")
            except ValueError:
                self.say("  A tally is whole numbers, one per reply: t 3 5 0")
            except ClassError as exc:
                self.say(f"  {exc}")
        self.say(f"\n  *** {run.session.ending_reason.capitalize()}: the call is over. ***")
        return True

    def _start_round(self, run: ClassSession) -> float | None:
        w = self.workshop.workshop
        view = run.projector()
        if run.mode == "vote" and not run.done:
            self.box.open_round(
                run.turn + 1 + 1000 * run.group,
                view["customer"],
                view["options"],
                seconds=w.vote_seconds,
                prompt=view["prompt"],
            )
            self.say(
                f"  Vote open: {w.vote_seconds} s. n (PageDown) locks it and plays the winner."
            )
            return self.clock() + w.vote_seconds
        if run.mode == "teams":
            self.say(
                f"  Team {run.team}: discuss for {w.discussion_seconds} s, then type a number."
            )
            return self.clock() + w.discussion_seconds
        return None

    def _next(self, run: ClassSession) -> None:
        if run.mode != "vote":
            raise ClassError("type the reply's number (or a tally: t 3 5 0)")
        if not self.box.view()["votes_in"]:
            raise ClassError("no votes yet: wait, or type a show of hands as a tally (t 3 5 0)")
        tally = self.box.lock()
        self.say(f"  Votes locked: {sum(tally)} in.")
        self._played(run, run.decide(tally))

    def _played(self, run: ClassSession, decision) -> None:
        self.box.reveal()  # the round is decided: its tally may be shown
        if decision.tally:
            counts = ", ".join(f"{i + 1}: {n}" for i, n in enumerate(decision.tally))
            self.say(f"  The room decided ({counts}).")
            if decision.tied:
                self.say("  A draw: the first of the tied replies was played.")
        for event in run.events:
            if event.kind == "line":
                who = "Agent" if event.data["speaker"] == "agent" else "Customer"
                self.say(_wrap(f"    {who}: {event.data['text']}", "      "))

    def _show(self, run: ClassSession) -> None:
        view = run.projector()
        self.say()
        team = f", team {view['team']}" if view["team"] else ""
        self.say(f"[Projector] Turn {view['turn']}{team}")
        for line in view["customer"]:
            self.say(_wrap(f'  Customer: "{line}"', "    "))
        if view["prompt"]:
            self.say(_wrap(f"  Discuss: {view['prompt']}", "    "))
        for number, text in enumerate(view["options"], start=1):
            self.say(_wrap(f"  {number}) {text}", "     "))
        if view["revealed"]:
            gauges = ", ".join(f"{k} {v}" for k, v in view["gauges"].items())
            self.say(f"  Gauges: {gauges}")
            self.say(f'  Thinking: "{view["thinking"]}"')
        notes = run.notes
        if notes and notes.note:
            self.say(_wrap(f"  (facilitator only) {notes.note}", "    "))

    def _prompt(self, run: ClassSession) -> str:
        state = " [paused]" if run.paused else ""
        return f"class{state}> "

    # The class debrief -------------------------------------------------------------------

    def _debrief(self, runs: list[ClassSession]) -> bool:
        plus_delta = PlusDelta()
        goals = list(self.workshop.workshop.goals)
        for index in range(3):
            report = class_debrief(runs, goals, plus_delta)
            phase = report["phases"][index]
            self.say(f"\n=== Debrief {index + 1}/3: {phase['title']} ===")
            self._phase(phase, report, runs[-1])
            for prompt in phase["prompts"]:
                self.say(_wrap(f"  ? {prompt}", "    "))
            while True:
                hint = "+ text / - text: plus or delta; " if phase["phase"] == "summary" else ""
                jump = "j N: jump to bookmark N; " if phase["phase"] == "analysis" else ""
                answer = self._input(f"debrief ({hint}{jump}n: next)> ")
                if answer is None:
                    return False
                command = answer.strip()
                if command.lower() in ("q", "quit"):
                    return False
                if command in NEXT or command.lower() in NEXT:
                    break
                if phase["phase"] == "summary" and command[:1] in "+-":
                    plus_delta.add("plus" if command[0] == "+" else "delta", command[1:])
                    self.say(f"  {'Plus' if command[0] == '+' else 'Delta'} noted.")
                elif phase["phase"] == "analysis" and command.lower().startswith("j"):
                    self._jump(runs[-1], command[1:].strip())
                else:
                    self.say("  Not a key here.")
        final = class_debrief(runs, goals, plus_delta)
        self.debriefs.append(final)
        summary = final["phases"][2]
        for kind in ("plus", "delta"):
            for text in summary[kind]:
                self.say(f"  {kind.capitalize()}: {text}")
        return True

    def _phase(self, phase: dict, report: dict, lead: ClassSession) -> None:
        if phase["phase"] == "reactions":
            self.say(f"  {phase['ending']}: {phase['reason']}.")
            self.say(_wrap(f'  Last words: "{phase["last_words"][0]}"', "    "))
            self.say(_wrap(f"  What the customer wanted: {phase['customer_wanted']}", "    "))
        elif phase["phase"] == "analysis":
            if "score" in phase:
                self.say(f"  The room's score: {phase['score']}/100 ({phase['grade']})")
            curve = " ".join(f"{a:.0f}" for a in phase["anger_curve"])
            self.say(f"  Anger, turn by turn: {curve}")
            for turn in phase["turns"]:
                why = "; ".join(turn["why"])
                self.say(
                    _wrap(
                        f"  {turn['turn']}. {turn['said']} (anger {turn['anger_before']} -> "
                        f"{turn['anger_after']}: {why})",
                        "     ",
                    )
                )
            for step in phase["seven_steps"]:
                self.say(f"    {step['step']}: {step['status']}")
            if phase["what_if"]:
                self.say(_wrap(f"  {phase['what_if']}", "    "))
            for mark in phase["bookmarks"]:
                self.say(f"  Bookmark {mark['index'] + 1}: {mark['label']} (turn {mark['turn']})")
            for group in report["groups"]:
                score = f", score {group['score']}" if "score" in group else ""
                path = "-".join(str(c) for c in group["path"])
                curve = " ".join(f"{a:.0f}" for a in group["anger_curve"])
                ending = f"{group['ending']}{score}"
                self.say(f"  Group {group['group']}: path {path}, {ending}; anger {curve}")
        else:
            for goal in phase["goals"]:
                self.say(f"  Goal: {goal}")
            for tip in phase["tips"]:
                self.say(_wrap(f"  Tip: {tip}", "    "))

    def _jump(self, run: ClassSession, which: str) -> None:
        if not which.isdigit():
            self.say("  Give the bookmark's number: j 1")
            return
        try:
            moment = run.at_bookmark(int(which) - 1)
        except ClassError as exc:
            self.say(f"  {exc}")
            return
        self.say(f"  [Bookmark] {moment['label']}, turn {moment['turn']}")
        for line in moment["customer"]:
            self.say(_wrap(f'    Customer: "{line}"', "      "))
        gauges = ", ".join(f"{k} {v}" for k, v in moment["gauges"].items())
        self.say(f"    Gauges then: {gauges}")
        self.say(f'    Thinking: "{moment["thinking"]}"')
