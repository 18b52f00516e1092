"""Does the score keep its promise? ``python main.py analyze --conduct``.

For a scenario: the best and the worst path the model can find, the model path (the file's
own textbook self-test, or the best path), and the model path with the articles' don'ts put
in: one breach, three, one blame or argument, an over-promise, five silences after the
story is told, and in real time an interruption and a long silence. Every variant is played
through the real engine and scored by the real rubric; wherever the don't goes in, the rest
of the call is played as well as the model can (so a variant shows the most forgiving place
for that mistake, not an unlucky one). The orderings a trainer relies on are then checked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sim.engine import Session
from sim.model.timing import TURN_BASED, Pick, Timing
from sim.model.vocabulary import MOVES
from sim.players import search
from sim.scenario.models import Option, Scenario
from sim.scoring.score import score_session

# Breaches a reply can carry (the derived ones come from timing and order, tried apart).
AUTHORED_BREACHES = frozenset(m for m, info in MOVES.items() if info.kind == "provoke")
# What the "best + 1 blame or argue" variant inserts: named in its report, so kept by
# name (the `rude` trait of moves.yaml also holds lose_calm).
RUDE = frozenset({"blame", "argue"})
THOUGHTFUL = Timing(delay=2.5)  # a real-time reply after a short, thoughtful pause
SILENT_TURNS = 5


@dataclass
class Variant:
    name: str
    score: float | None  # None: the scenario offers no way to make this mistake
    picks: list[Pick] = field(default_factory=list)
    ending: str | None = None


def play(scenario: Scenario, picks: Iterable[Pick], seed: int = 0) -> Session:
    session = Session(scenario)
    session.reset(seed)
    for pick in picks:
        if session.done or not 1 <= pick.choice <= len(session.options):
            break  # a self-test that no longer fits the file plays as far as it goes
        session.step(pick.choice - 1, pick.timing)
    return session


def finish_best(session: Session, timing: Timing = TURN_BASED) -> list[Pick]:
    """Play on as well as the model can; the picks made."""
    if session.done:
        return []
    picks = [Pick(c + 1, timing) for c in search(session, delay=timing.delay)]
    for pick in picks:
        session.step(pick.choice - 1, pick.timing)
    return picks


def _result(name: str, scenario: Scenario, picks: list[Pick]) -> Variant:
    session = play(scenario, picks)
    return Variant(name, score_session(session).total, picks, session.ending)


def textbook_path(scenario: Scenario) -> list[Pick] | None:
    """The file's own textbook path: its first self-test that reaches the best ending this
    complaint allows (None: it has none)."""
    best = "resolved" if Session(scenario).context().resolvable else "parted_ways"
    for test in scenario.tests:
        ending = test.expect.ending
        endings = ending if isinstance(ending, list) else [ending]
        if best in endings:
            session = play(scenario, test.picks(), test.seed)
            if session.done and session.ending == best:
                return test.picks()[: len(session.turns)]
    return None


def insert_best(
    scenario: Scenario,
    path: list[Pick],
    wanted: Callable[[Option], bool],
    after: int = 0,
    timing: Timing = TURN_BASED,
) -> tuple[list[Pick], int] | None:
    """The most forgiving place on ``path`` (from turn ``after`` on) to make a reply whose
    moves satisfy ``wanted``: that reply, then the rest played as well as possible. Returns
    the new path and where the reply went in, or None if no such reply is ever on offer."""
    found: tuple[float, list[Pick], int] | None = None
    for at in range(after, len(path) + 1):
        session = play(scenario, path[:at])
        if session.done:
            break
        for index, option in enumerate(session.options):
            if not wanted(option):
                continue
            trial = session.clone()
            pick = Pick(index + 1, timing)
            trial.step(index, timing)
            picks = [*path[:at], pick, *finish_best(trial, timing)]
            score = score_session(trial).total
            if found is None or score > found[0]:
                found = (score, picks, at)
    return None if found is None else (found[1], found[2])


def with_timing(scenario: Scenario, path: list[Pick], at: int, timing: Timing) -> list[Pick]:
    """The path in real time (thoughtful pauses), with turn ``at`` picked with ``timing``,
    the rest replayed where it still fits and otherwise played as well as possible."""
    timed = [Pick(p.choice, THOUGHTFUL) for p in path]
    session = play(scenario, timed[:at])
    picks = list(timed[:at])
    if session.done:
        return picks
    picks.append(Pick(timed[at].choice, timing))
    session.step(timed[at].choice - 1, timing)
    if not session.done:
        picks += finish_best(session, THOUGHTFUL)
    return picks


def silent_path(scenario: Scenario, path: list[Pick]) -> list[Pick] | None:
    """The path with five silent replies once the story is told, at the first beat after
    that where a quiet option is on offer; None if there is none."""
    for at in range(len(path) + 1):
        session = play(scenario, path[:at])
        if session.done:
            return None
        quiet = session.quiet_option()
        if session.state.story_left == 0 and quiet is not None:
            picks = list(path[:at])
            for _ in range(SILENT_TURNS):
                if session.done:
                    return picks
                picks.append(Pick(quiet + 1))
                session.step(quiet, TURN_BASED)
            return picks + finish_best(session)
    return None


def conduct(scenario: Scenario) -> list[Variant]:
    """The score of every variant (see the module's docstring)."""
    best = finish_best(play(scenario, []))
    worst = [Pick(c + 1) for c in search(play(scenario, []), maximize=False)]
    textbook = textbook_path(scenario)
    rows = [
        _result(BEST, scenario, best),
        _result("worst path", scenario, worst),
        _result("textbook path", scenario, textbook)
        if textbook
        else Variant("textbook path", None),
    ]
    warranted = scenario.authority.escalation_warranted

    def breach(option: Option) -> bool:
        if AUTHORED_BREACHES & set(option.moves):
            return True  # handing over what you could fix yourself is passing the buck
        return "escalate" in option.moves and not (warranted or option.needs_supervisor)

    rows.append(_variant("best + 1 breach", scenario, insert_best(scenario, best, breach)))
    path, after = best, 0
    for _ in range(3):
        found = insert_best(scenario, path, breach, after)
        if found is None:
            path = []
            break
        path, after = found[0], found[1] + 1
    rows.append(_variant("best + 3 breaches", scenario, (path, 0) if path else None))
    rude = insert_best(scenario, best, lambda option: bool(RUDE & set(option.moves)))
    rows.append(_variant("best + 1 blame or argue", scenario, rude))
    over = insert_best(scenario, best, lambda option: "overpromise" in option.moves)
    rows.append(_variant("best + over-promise", scenario, over))
    silent = silent_path(scenario, best)
    rows.append(_variant("best + 5 silent turns", scenario, (silent, 0) if silent else None))
    rows.append(_result(REAL_TIME, scenario, [Pick(p.choice, THOUGHTFUL) for p in best]))
    speaking = [i for i in range(len(best)) if not _silent(scenario, best, i)]
    for name, timing in (
        ("real time + 1 interruption", Timing(interrupted=True)),
        ("real time + 1 long silence", Timing(delay=10.0)),
    ):
        places = speaking if timing.interrupted else range(len(best))
        tried = [_result(name, scenario, with_timing(scenario, best, i, timing)) for i in places]
        rows.append(max(tried, key=lambda v: v.score or 0.0, default=Variant(name, None)))
    return rows


BEST, REAL_TIME = "best path", "best in real time"


def _silent(scenario: Scenario, path: list[Pick], at: int) -> bool:
    """Whether pick ``at`` of the path only listens (silence never interrupts anyone)."""
    session = play(scenario, path[:at])
    option = session.options[path[at].choice - 1]
    return set(option.moves) <= {"listen", "pause"}


def _variant(name: str, scenario: Scenario, found) -> Variant:
    if found is None:
        return Variant(name, None)
    return _result(name, scenario, found[0])


def checks(rows: list[Variant]) -> list[tuple[str, bool | None]]:
    """The orderings the score promises, each against the path its variant was made from
    (None: the scenario offers no such mistake)."""
    score = {v.name: v.score for v in rows}
    best, timed = score[BEST] or 0.0, score[REAL_TIME] or 0.0

    def holds(name: str, test: Callable[[float], bool]) -> bool | None:
        value = score[name]
        return None if value is None else test(value)

    return [
        ("the best path reaches 95 or more", holds(BEST, lambda s: s >= 95)),
        ("the worst path stays at 20 or less", holds("worst path", lambda s: s <= 20)),
        ("one breach costs at least 4", holds("best + 1 breach", lambda s: s <= best - 4)),
        ("three breaches stay under 80", holds("best + 3 breaches", lambda s: s < 80)),
        (
            "one blame or argument costs at least 8",
            holds("best + 1 blame or argue", lambda s: s <= best - 8),
        ),
        ("an over-promise stays under 85", holds("best + over-promise", lambda s: s < 85)),
        ("five silences cost at least 5", holds("best + 5 silent turns", lambda s: s <= best - 5)),
        (
            "an interruption costs at least 4",
            holds("real time + 1 interruption", lambda s: s <= timed - 4),
        ),
        (
            "a long silence costs at least 4",
            holds("real time + 1 long silence", lambda s: s <= timed - 4),
        ),
    ]


SHORT = {
    "best path": "best",
    "worst path": "worst",
    "textbook path": "textbk",
    "best + 1 breach": "+1 br",
    "best + 3 breaches": "+3 br",
    "best + 1 blame or argue": "+blame",
    "best + over-promise": "+over",
    "best + 5 silent turns": "+5 sil",
    "best in real time": "rt",
    "real time + 1 interruption": "rt+int",
    "real time + 1 long silence": "rt+sil",
}


def conduct_text(results: list[tuple[Scenario, list[Variant]]], unicode: bool = True) -> str:
    """One table: a row per scenario, a column per variant; then each check that failed."""
    names = [v.name for v in results[0][1]]
    width = max(len(s.id) for s, _ in results) + 2
    lines = ["".join([f"{'scenario':<{width}}", *(f"{SHORT[n]:>8}" for n in names)])]
    problems = []
    for scenario, rows in results:
        cells = ["     n/a" if v.score is None else f"{v.score:8.1f}" for v in rows]
        lines.append(f"{scenario.id:<{width}}" + "".join(cells))
        problems += [f"  {scenario.id}: {text}" for text, ok in checks(rows) if ok is False]
    lines.append("")
    lines += [f"{SHORT[n]:>8}  {n}" for n in names]
    lines.append("")
    total = len(results) * len(checks(results[0][1]))
    if problems:
        lines.append(f"{len(problems)} of {total} checks FAILED:")
        lines += problems
    else:
        mark = "✔" if unicode else "ok"
        lines.append(f"{mark} all {total} checks hold (n/a: the scenario offers no such reply)")
    return "\n".join(lines)
