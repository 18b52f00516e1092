"""Warnings about a scenario that loads fine but may not play the way its author means.

Found by playing it: a batch of random playthroughs through the real update rule (the
analyzer's lockstep batch, sim/analysis/batch.py) shows which beats are rarely reached, at
which anger the customer can be at each beat (so a missing line for that anger band
matters), and whether a customer can get stuck at a beat with no reply that moves the call
on. Options are also compared by their moves.
Warnings never fail `validate` unless it is run with --strict.
"""

from __future__ import annotations

import numpy as np

from sim.analysis.batch import Compiled, Start, Visits, play_batch, take_turn
from sim.analysis.players import RandomPlayer
from sim.model.endings import HUNG_UP, NO_ENDING, WALKED_OUT
from sim.model.explain import anger_word
from sim.model.vocabulary import MOVES
from sim.scenario.errors import Problem
from sim.scenario.models import BANDS, BandLines, Scenario
from sim.scenario.yaml_source import Located

PLAYTHROUGHS = 300
RARE = 0.02  # a beat entered in fewer than 2% of random playthroughs
STUCK_TURNS = 4  # a customer no reply moves on from within this many turns is stuck
BRINK_PATIENCE, BRINK_ANGER = 20.0, 90.0  # a customer this close to leaving is not "stuck"


def _is_mistake(option) -> bool:
    return any(MOVES[m].kind == "provoke" for m in option.moves)


def scenario_warnings(scenario: Scenario, located: Located, filename: str) -> list[Problem]:
    compiled = Compiled.of(scenario)
    visits = Visits()
    played = play_batch(
        compiled,
        RandomPlayer(),
        Start.opening(compiled, PLAYTHROUGHS),
        np.random.default_rng(0),
        visits=visits,
    )
    seen = visits.all()
    reached = played.reached.mean(axis=0)
    warnings: list[Problem] = []

    def warn(path: tuple, message: str, fix: str, *, key: bool = False) -> None:
        line, col = located.mark(path, key=key)
        warnings.append(Problem(filename, line, col, message, fix, "warning"))

    stuck = _stuck(compiled, seen)
    for b, (beat_id, beat) in enumerate(scenario.beats.items()):
        share = reached[b]
        if beat_id != scenario.start and share < RARE:
            warn(
                ("beats", beat_id),
                f"beat `{beat_id}` is reached in only {share:.0%} of random playthroughs",
                "check the options that lead to it are ones a trainee might pick",
                key=True,
            )
        if isinstance(beat.say, BandLines):
            bands = {anger_word(a) for a in seen.state.anger[seen.beat == b].tolist()}
            for band in sorted(bands, key=BANDS.index):
                if not getattr(beat.say, band):
                    warn(
                        ("beats", beat_id, "say"),
                        f"beat `{beat_id}` can be reached while "
                        f"the customer is {band}, but has no `{band}` line (the nearest "
                        "band is used)",
                        f"add `{band}:` under `say`",
                    )
        if b in stuck:
            warn(
                ("beats", beat_id, "options"),
                f"a customer can get stuck at `{beat_id}`: when they {stuck[b][0]}, no reply "
                f"moves the call on within {STUCK_TURNS} turns",
                stuck[b][1],
                key=True,
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


def _stuck(compiled: Compiled, seen: Start) -> dict[int, tuple[str, str]]:
    """Beats where some customer met in play can't be moved on: no sequence of up to
    STUCK_TURNS replies leads to another beat, to an ending the trainee chose (walking
    out and hanging up don't count) or to more of their story. Per beat, how such a
    customer stands and what to add (see STUCK_WORDS)."""
    persona = compiled.ctx.persona
    s = seen.state
    treated = (s.story_left == 0) & (s.heard >= persona.heard_needed)
    # One customer per beat and standing is enough: the first met in each, leaving out
    # those on the brink of leaving (no beat could keep them).
    key = seen.beat * 4 + np.minimum(s.story_left, 1) * 2 + treated
    key = np.where((s.patience >= BRINK_PATIENCE) & (s.anger < BRINK_ANGER), key, -1)
    _, first = np.unique(key, return_index=True)
    first = first[key[first] >= 0]
    roots = np.arange(len(first))
    state, beat, root = s[first], seen.beat[first], roots
    moved = np.zeros(len(first), dtype=bool)
    for _ in range(STUCK_TURNS):
        if not len(root):
            break
        options = compiled.options[beat]
        parent = np.repeat(np.arange(len(root)), options)
        choice = np.concatenate([np.arange(k) for k in options])
        turn = take_turn(compiled, state[parent], beat[parent], choice)
        forced = (turn.ending == WALKED_OUT) | (turn.ending == HUNG_UP)
        chosen_end = (turn.ending != NO_ENDING) & ~forced
        # Drawing out more of the story is progress too: a customer with more to tell is
        # stuck only where no reply lets them tell it.
        told = turn.state.story_left < state.story_left[parent]
        on = (turn.beat != beat[parent]) | chosen_end | told
        moved[root[parent[on]]] = True
        keep = (turn.ending == NO_ENDING) & ~moved[root[parent]]
        state, beat, root = turn.state[keep], turn.beat[keep], root[parent[keep]]
    out: dict[int, tuple[str, str]] = {}
    for r in np.flatnonzero(~moved).tolist():
        row = first[r]
        if s.story_left[row] > 0:
            standing = STUCK_WORDS["story"]
        elif not treated[row]:
            standing = STUCK_WORDS["unheard"]
        else:
            standing = STUCK_WORDS["waiting"]
        out.setdefault(int(seen.beat[row]), standing)
    return out


# How a stuck customer stands, in words, and what to add to the beat.
STUCK_WORDS = {
    "story": (
        "still have more of their story to tell",
        "add a way to let them tell it (a `listen` reply, or a question with `ask`)",
    ),
    "unheard": (
        "have told it all but don't feel understood yet",
        "add a reply that makes them feel heard (reflect, empathize, apologize) and leads on "
        "with `next`",
    ),
    "waiting": (
        "feel heard and are waiting for a fix",
        "add a reply that proposes or acts on a fix and leads on with `next` or `end`",
    ),
}


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
