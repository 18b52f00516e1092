"""Warnings about a scenario that loads fine but may not play the way its author means.

Found by playing it: random playthroughs through the real engine show which beats are
rarely reached and at which anger each beat is entered (so a missing line for that anger
band matters); options are compared by their moves.
Warnings never fail `validate` unless it is run with --strict.
"""

from __future__ import annotations

from collections import defaultdict

from sim.engine import Session
from sim.model.rules import anger_word
from sim.model.vocabulary import MOVES
from sim.players import random_chooser
from sim.scenario.errors import Problem
from sim.scenario.models import BANDS, BandLines, Scenario
from sim.scenario.yaml_source import Located

PLAYTHROUGHS = 300
RARE = 0.02  # a beat entered in fewer than 2% of random playthroughs


def _is_mistake(option) -> bool:
    return any(MOVES[m].kind == "provoke" for m in option.moves)


def scenario_warnings(scenario: Scenario, located: Located, filename: str) -> list[Problem]:
    entered: dict[str, int] = defaultdict(int)  # beat -> playthroughs that entered it
    bands: dict[str, set[str]] = defaultdict(set)  # beat -> anger bands it was entered in
    for seed in range(PLAYTHROUGHS):
        session = Session(scenario)
        session.reset(seed)
        pick = random_chooser(seed)
        seen: set[str] = set()
        previous = None
        while not session.done:
            beat = session.beat_id
            if beat != previous:
                seen.add(beat)
                bands[beat].add(anger_word(session.state.anger))
            previous = beat
            session.step(pick(session))
        for beat in seen:
            entered[beat] += 1

    warnings: list[Problem] = []

    def warn(path: tuple, message: str, fix: str, *, key: bool = False) -> None:
        line, col = located.mark(path, key=key)
        warnings.append(Problem(filename, line, col, message, fix, "warning"))

    for beat_id, beat in scenario.beats.items():
        share = entered.get(beat_id, 0) / PLAYTHROUGHS
        if beat_id != scenario.start and share < RARE:
            warn(
                ("beats", beat_id),
                f"beat `{beat_id}` is reached in only {share:.0%} of random playthroughs",
                "check the options that lead to it are ones a trainee might pick",
                key=True,
            )
        if isinstance(beat.say, BandLines):
            for band in sorted(bands.get(beat_id, set()), key=BANDS.index):
                if not getattr(beat.say, band):
                    warn(
                        ("beats", beat_id, "say"),
                        f"beat `{beat_id}` can be reached while "
                        f"the customer is {band}, but has no `{band}` line (the nearest "
                        "band is used)",
                        f"add `{band}:` under `say`",
                    )
        _dominated(scenario, beat_id, warn)
        if len(beat.options) > 9:
            warn(
                ("beats", beat_id, "options"),
                f"beat `{beat_id}` offers {len(beat.options)} "
                "replies, but only 1-9 have keys and the window has room for about six",
                "keep the replies that teach the most",
            )
    return warnings


def _dominated(scenario: Scenario, beat_id: str, warn) -> None:
    """An option another option beats by doing all it does and more, going the same way.

    (Options are compared by their moves rather than by one step of the model: a question
    can look weak for a turn and still be the better move two turns later.)
    """
    options = scenario.beats[beat_id].options
    for i, option in enumerate(options):
        if _is_mistake(option):
            continue  # tempting mistakes are meant to lose
        mine = set(option.moves)
        for k, other in enumerate(options):
            same_way = (other.next, other.end) == (option.next, option.end)
            theirs = set(other.moves)
            if k != i and same_way and mine < theirs and not _is_mistake(other):
                extra = ", ".join(sorted(theirs - mine))
                warn(
                    ("beats", beat_id, "options", i),
                    f"option {i + 1} at `{beat_id}` is never better than option {k + 1}, "
                    f"which does the same and also {extra}",
                    "make them differ, or drop the weaker one",
                )
                break
