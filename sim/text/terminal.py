"""The terminal front end: a host that drives a Session with typed numbers.

Turn-based: the terminal has no reliable way to tell an interruption from a pause, so
replies carry no timing (the window front end feeds real time).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from typing import TextIO

from sim.engine import Event, Session
from sim.model.timing import TURN_BASED, Pick
from sim.printable import printable
from sim.text.render import change_mark, fancy, meter, text_width, ticket, wrap

# Picks the next reply: its option (0-based) and timing, None to stop, or LEAVE to end the
# call here and see the debrief of the turns so far.
LEAVE = "leave"
Chooser = Callable[[Session], Pick | int | str | None]


class TerminalHost:
    """Prints a conversation as it happens; asks a chooser for each reply."""

    def __init__(self, session: Session, out: TextIO | None = None, *, show_gauges: bool = True):
        self.session = session
        self.out = out or sys.stdout
        self.unicode = fancy(self.out)
        self.show_gauges = show_gauges
        self.name = session.scenario.customer.name.split()[0]

    def say(self, text: str = "") -> None:
        # Escaped: nothing a scenario says can move the cursor, clear the screen or fake a
        # prompt (sim/printable.py).
        print(printable(text, keep_newlines=True), file=self.out)

    def show(self, events: list[Event]) -> None:
        for event in events:
            if event.kind == "line":
                who = "You" if event.data["speaker"] == "agent" else self.name
                self.say(
                    wrap(f'{who}: "{event.data["text"]}"', "")
                    if who != "You"
                    else wrap(f"You: {event.data['text']}", "")
                )
            elif event.kind == "state" and self.show_gauges:
                before, after = event.data["before"], event.data["after"]
                mark = change_mark(after["anger"] - before["anger"], unicode=self.unicode)
                self.say(
                    "  "
                    + meter("Anger", after["anger"], unicode=self.unicode, width=self._bar())
                    + mark
                )
                self.say()
            elif event.kind == "options":
                self._options(event.data["options"])
            elif event.kind == "ending":
                ending = event.data["ending"].replace("_", " ")
                self.say()
                over = f"*** The conversation is over: {ending} ({event.data['reason']}). ***"
                self.say(wrap(over, ""))

    def _bar(self) -> int:
        """The anger bar's cells: narrower on a narrow terminal, so its line fits."""
        return 20 if text_width() >= 60 else 10

    def _options(self, options: list[str]) -> None:
        for number, text in enumerate(options, start=1):
            self.say(wrap(f"{number}) {text}", "   ").replace("   ", "  ", 1))

    def run(self, seed: int | None, choose: Chooser) -> bool:
        """Play to the end; False if the chooser gave up (quit or no input)."""
        self.say(ticket(self.session.scenario))
        self.say()
        events = self.session.reset(seed)
        self.show(events[:-1])
        if self.show_gauges:
            self.say(
                "  "
                + meter("Anger", self.session.state.anger, unicode=self.unicode, width=self._bar())
            )
            self.say()
        self.show(events[-1:])
        while not self.session.done:
            choice = choose(self.session)
            if choice is None:
                return False
            if choice == LEAVE:
                self.say()
                self.show(self.session.leave())
                return True
            self.say()
            if isinstance(choice, Pick):
                self.show(self.session.step(choice.choice - 1, choice.timing))
            else:
                self.show(self.session.step(choice, TURN_BASED))
        return True


def number_in(answer: str, count: int) -> int | None:
    """The option number typed, if it is one from 1 to ``count`` in plain digits (`²` is a
    digit to Python but not to int(); a 5000-digit number is refused by int())."""
    if answer.isascii() and answer.isdigit() and len(answer) <= 3 and 1 <= int(answer) <= count:
        return int(answer)
    return None


def typed_chooser(read: Callable[[str], str], out: TextIO) -> Chooser:
    """Ask for an option number at the prompt until a valid one (or q) is typed. Enter
    alone listens, where a quiet option exists (as Space does in the window)."""

    def choose(session: Session) -> int | str | None:
        count = len(session.options)
        quiet = session.quiet_option()
        enter = f", Enter to listen ({quiet + 1})" if quiet is not None else ""
        while True:
            try:
                answer = read(f"Your reply (1-{count}{enter}, q to quit): ").strip().lower()
            except EOFError:
                print(
                    "\nNo more input: the conversation is left unfinished. "
                    "To play without typing, use --choices 1,2,... or --policy best.",
                    file=out,
                )
                return None
            if answer in ("q", "quit", "exit"):
                return _leave(read, out, len(session.turns))
            if not answer and quiet is not None:
                return quiet
            picked = number_in(answer, count)
            if picked is not None:
                return picked - 1
            print(f"  Type a number from 1 to {count}{enter}, or q to quit.", file=out)

    return choose


def _leave(read: Callable[[str], str], out: TextIO, turns: int) -> str | None:
    """`q` mid-call: say what it does, and offer the debrief of the turns so far."""
    print(
        f"\nLeaving now ends the call unresolved after {turns} "
        f"repl{'y' if turns == 1 else 'ies'}; the customer is left waiting.",
        file=out,
    )
    try:
        answer = read("See the debrief so far? (y/n): ").strip().lower()
    except EOFError:
        return None
    return LEAVE if answer in ("y", "yes") else None


def scripted_chooser(choices: list[Pick]) -> Chooser:
    """Pick the given options (1-based, with their timing) in order; raises if they run out
    or don't exist."""
    queue: Iterator[Pick] = iter(choices)

    def choose(session: Session) -> Pick | None:
        try:
            choice = next(queue)
        except StopIteration:
            raise ScriptError(
                f"--choices ran out after {len(choices)} picks, before the conversation "
                f"ended (at beat `{session.beat_id}`); add more numbers"
            ) from None
        count = len(session.options)
        if not 1 <= choice.choice <= count:
            raise ScriptError(
                f"--choices: pick {len(session.turns) + 1} is {choice.choice}, but there are "
                f"only {count} options at beat `{session.beat_id}`; use 1 to {count}"
            )
        return choice

    return choose


class ScriptError(Exception):
    """A scripted play that cannot go on (choices ran out, or a number out of range)."""
