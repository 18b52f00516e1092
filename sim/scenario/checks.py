"""Checks of a scenario's structure: references, reachability, endings, file paths."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import TYPE_CHECKING

from sim.scenario.errors import Problem

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

    def unknown(name: str, path: tuple, what: str) -> None:
        close = difflib.get_close_matches(name, beat_ids, n=1)
        fix = f"did you mean `{close[0]}`?" if close else "beats here: " + ", ".join(beat_ids)
        add(path, f"{what} `{name}` is not a beat in this file", fix)

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
                f"beat `{beat_id}` is never reached",
                "lead to it from an option's `next`, or remove it",
                key=True,
            )

    can_end = _can_reach_ending(scenario)
    for beat_id in beat_ids:
        if beat_id in reachable and beat_id not in can_end:
            targets = {t for t in option_targets(scenario, beat_id) if t}
            if targets <= {beat_id}:
                message = f"beat `{beat_id}` is a dead end: no option leaves it or ends the call"
            else:
                stuck = sorted(t for t in targets if t not in can_end)
                message = (
                    f"beat `{beat_id}` is in a loop with no exit (via "
                    + ", ".join(f"`{t}`" for t in stuck)
                    + ")"
                )
            add(
                ("beats", beat_id),
                message,
                "give one option a `next` that leads on, or an `end:`",
                key=True,
            )

    portrait = scenario.customer.portrait
    if portrait is not None:
        path = ("customer", "portrait")
        candidate = Path(portrait)
        if candidate.is_absolute() or ".." in candidate.parts:
            add(
                path,
                "the portrait must be a file inside the scenario's folder",
                "use a plain file name",
            )
        elif folder is not None and not (folder / candidate).is_file():
            add(path, f"no portrait file `{portrait}` beside the scenario", "check the file name")
    return problems


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


def _can_reach_ending(scenario: Scenario) -> set[str]:
    """Beats from which some path of options reaches an `end:`."""
    good = {b for b in scenario.beats if None in option_targets(scenario, b)}
    changed = True
    while changed:
        changed = False
        for beat_id in scenario.beats:
            if beat_id in good:
                continue
            if any(t in good for t in option_targets(scenario, beat_id)):
                good.add(beat_id)
                changed = True
    return good
