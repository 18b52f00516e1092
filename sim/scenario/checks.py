"""Checks of a scenario's structure: references, reachability, endings, file paths."""

from __future__ import annotations

import difflib
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING

from sim.scenario.errors import Problem, shorten

if TYPE_CHECKING:
    from sim.scenario.models import Scenario
    from sim.scenario.yaml_source import Located


def option_targets(scenario: Scenario, beat_id: str) -> list[str | None]:
    """Where each option of a beat leads: a beat id, or None for an ending."""
    beat = scenario.beats[beat_id]
    targets: list[str | None] = []
    for option in beat.options:
        if option.end:
            targets.append(None)
        else:
            targets.append(option.next or beat.next or beat_id)
    return targets


def check_structure(
    scenario: Scenario, located: Located, filename: str, folder: Path | None
) -> list[Problem]:
    problems: list[Problem] = []

    def add(path: tuple, message: str, fix: str, *, key: bool = False, severity="error") -> None:
        line, col = located.mark(path, key=key)
        problems.append(Problem(filename, line, col, message, fix, severity))

    beat_ids = list(scenario.beats)

    listed = ", ".join(shorten(b) for b in beat_ids[:8]) + (", ..." if len(beat_ids) > 8 else "")
    suggested = 0

    def unknown(name: str, path: tuple, what: str) -> None:
        nonlocal suggested
        suggested += 1  # suggestions cost time: a file full of broken links gets a few
        close = difflib.get_close_matches(name, beat_ids, n=1) if suggested <= 20 else []
        fix = f"did you mean `{close[0]}`?" if close else "beats here: " + listed
        add(path, f"{what} `{shorten(name)}` is not a beat in this file", fix)

    if scenario.start not in scenario.beats:
        unknown(scenario.start, ("start",), "start:")

    for beat_id, beat in scenario.beats.items():
        if beat.next and beat.next not in scenario.beats:
            unknown(beat.next, ("beats", beat_id, "next"), "next:")
        for i, option in enumerate(beat.options):
            where = ("beats", beat_id, "options", i)
            if option.next and option.end:
                add(
                    (*where, "end"),
                    "an option cannot have both `next` and `end`",
                    "keep one: `next` continues, `end` closes the conversation",
                )
            if option.next and option.next not in scenario.beats:
                unknown(option.next, (*where, "next"), "next:")
    if problems:
        return problems  # the graph below needs valid references

    reachable = _reachable(scenario)
    for beat_id in beat_ids:
        if beat_id not in reachable:
            add(
                ("beats", beat_id),
                f"beat `{shorten(beat_id)}` is never reached",
                "lead to it from an option's `next`, or remove it",
                key=True,
            )

    # Beats the conversation can reach but never get out of to an ending. A dead end (no
    # option leaves it) is its own fault; the beats leading into it are fixed with it. Any
    # stuck beats left go round a loop: one line names them.
    can_end = _can_reach_ending(scenario)
    stuck = [b for b in beat_ids if b in reachable and b not in can_end]
    dead = [b for b in stuck if {t for t in option_targets(scenario, b) if t} <= {b}]
    for beat_id in dead:
        add(
            ("beats", beat_id),
            f"beat `{shorten(beat_id)}` is a dead end: no option leaves it or ends the call",
            "give one option an `end:`, or a `next` that leads on",
            key=True,
        )
    into_dead_ends = _leading_to(scenario, set(dead), set(stuck))
    looping = [b for b in stuck if b not in into_dead_ends]
    if looping:
        named = ", ".join(f"`{shorten(b)}`" for b in looping[:5])
        add(
            ("beats", looping[0]),
            f"beat{'s' if len(looping) > 1 else ''} {named}{', ...' if len(looping) > 5 else ''} "
            "go round in a loop that never reaches an ending",
            "give one of their options an `end:`, or a `next` that leads out of the loop",
            key=True,
        )

    for index, test in enumerate(scenario.tests):
        for number, choice in enumerate(test.choices):
            if isinstance(choice, int) and choice < 1:
                add(
                    ("tests", index, "choices", number),
                    f"choice {choice} does not exist: options are counted from 1, as displayed",
                    "use 1 for the first option, 2 for the second...",
                )

    portrait = scenario.customer.portrait
    if portrait is not None:
        _check_portrait(
            portrait, folder, lambda message, fix: add(("customer", "portrait"), message, fix)
        )
    return problems


def _check_portrait(portrait: str, folder: Path | None, add) -> None:
    """A portrait is a plain file beside the scenario: never a path out of its folder."""
    as_posix, as_windows = PurePosixPath(portrait), PureWindowsPath(portrait)
    if not portrait.strip() or "\0" in portrait:
        add("the portrait must be a file name", "write the image's file name, e.g. `dana.png`")
        return
    if (
        as_posix.is_absolute()
        or as_windows.is_absolute()
        or as_windows.drive
        or ".." in as_posix.parts
        or ".." in as_windows.parts
        or portrait.startswith("~")
    ):
        add(
            "the portrait must be a file inside the scenario's folder",
            "put the image beside the scenario and write its plain file name",
        )
        return
    if folder is None:
        return
    try:
        base = folder.resolve()
        target = (folder / portrait).resolve()
        inside = target.is_relative_to(base)
        found = inside and target.is_file()
    except (OSError, ValueError, RuntimeError):
        inside = found = False
    if not inside:
        add(
            "the portrait leads outside the scenario's folder (through a link)",
            "copy the image into the scenario's folder",
        )
    elif not found:
        add(f"no portrait file `{portrait}` beside the scenario", "check the file name")
    else:
        refused = portrait_problem(target)
        if refused:
            add(*refused)


MAX_PORTRAIT_SIDE = 4096
MAX_PORTRAIT_PIXELS = 16_000_000
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def portrait_problem(path: Path) -> tuple[str, str] | None:
    """Why an image cannot be a portrait (message, fix), read from its header alone: a
    110 KB PNG can claim 30000x30000 pixels, which would take 3.6 GB to decode."""
    try:
        with path.open("rb") as handle:
            head = handle.read(33)
    except OSError:
        return ("the portrait file cannot be read", "check its permissions")
    if not head.startswith(_PNG_SIGNATURE):
        return ("the portrait is not a PNG image", "save the picture as PNG")
    if len(head) < 33 or head[12:16] != b"IHDR":
        return ("the portrait is a damaged PNG image", "save the picture again as PNG")
    width = int.from_bytes(head[16:20], "big")
    height = int.from_bytes(head[20:24], "big")
    if width == 0 or height == 0:
        return ("the portrait is a damaged PNG image", "save the picture again as PNG")
    if max(width, height) > MAX_PORTRAIT_SIDE or width * height > MAX_PORTRAIT_PIXELS:
        return (
            f"the portrait is {width}x{height} pixels, over the limit of "
            f"{MAX_PORTRAIT_SIDE} on a side and 16 megapixels",
            "scale it down (a few hundred pixels is plenty)",
        )
    return None


def _reachable(scenario: Scenario) -> set[str]:
    seen = {scenario.start}
    todo = [scenario.start]
    while todo:
        beat_id = todo.pop()
        for target in option_targets(scenario, beat_id):
            if target and target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def _leading_to(scenario: Scenario, targets: set[str], among: set[str]) -> set[str]:
    """The beats of ``among`` (and ``targets``) from which a path through ``among`` reaches
    one of ``targets``: a walk backwards along the options."""
    leads_here: dict[str, set[str]] = {b: set() for b in scenario.beats}
    for beat_id in among:
        for target in option_targets(scenario, beat_id):
            if target is not None:
                leads_here[target].add(beat_id)
    found = set(targets)
    todo = list(found)
    while todo:
        for source in leads_here[todo.pop()]:
            if source not in found:
                found.add(source)
                todo.append(source)
    return found


def _can_reach_ending(scenario: Scenario) -> set[str]:
    """Beats from which some path of options reaches an `end:`."""
    ending = {b for b in scenario.beats if None in option_targets(scenario, b)}
    return _leading_to(scenario, ending, set(scenario.beats))
