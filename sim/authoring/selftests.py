"""Running a scenario's own self-tests (the `tests:` list in the file)."""

from __future__ import annotations

from dataclasses import dataclass

from sim.engine import Session
from sim.scenario.errors import Problem
from sim.scenario.models import Scenario, SelfTest
from sim.scenario.yaml_source import Located
from sim.scoring.score import score_session


@dataclass(frozen=True)
class SelfTestResult:
    test: SelfTest
    passed: bool
    problem: Problem | None
    transcript: tuple[str, ...]


def run_self_tests(scenario: Scenario, located: Located, filename: str) -> list[SelfTestResult]:
    results = []
    for index, test in enumerate(scenario.tests):
        where = located.mark(("tests", index, "choices"))
        failure, transcript = _run_one(scenario, test)
        problem = None
        if failure:
            problem = Problem(
                filename,
                *where,
                f"self-test '{test.name}' failed: {failure}",
                "change the choices or the expectation, or the scenario",
            )
        results.append(SelfTestResult(test, failure is None, problem, tuple(transcript)))
    return results


def _run_one(scenario: Scenario, test: SelfTest) -> tuple[str | None, list[str]]:
    session = Session(scenario)
    session.reset(test.seed)
    transcript: list[str] = []
    for number, pick in enumerate(test.picks(), start=1):
        if session.done:
            return (
                f"the conversation ended ({session.ending}) before choice {number} of "
                f"{len(test.choices)}",
                transcript,
            )
        count = len(session.options)
        if not 1 <= pick.choice <= count:
            return (
                f"choice {number} is {pick.choice}, but that beat has {count} options",
                transcript,
            )
        option = session.options[pick.choice - 1]
        session.step(pick.choice - 1, pick.timing)
        turn = session.turns[-1]
        said = option.text if turn.choice else "(no answer: they hung up in the silence)"
        transcript.append(f"{number}. [{turn.beat}] {said}  -> anger {turn.after.anger:.0f}")
    if not session.done:
        return (
            f"the choices ran out at beat `{session.beat_id}` before the conversation ended",
            transcript,
        )
    expect = test.expect
    score = score_session(session).total
    anger = session.state.anger
    endings = [expect.ending] if isinstance(expect.ending, str) else expect.ending
    if endings and session.ending not in endings:
        return f"expected ending {' or '.join(endings)}, got {session.ending}", transcript
    bounds = (
        (expect.min_score, score, "score", "below", lambda v, b: v >= b),
        (expect.max_score, score, "score", "above", lambda v, b: v <= b),
        (expect.min_anger, anger, "final anger", "below", lambda v, b: v >= b),
        (expect.max_anger, anger, "final anger", "above", lambda v, b: v <= b),
    )
    for bound, value, what, side, within in bounds:
        if bound is not None and not within(value, bound):
            return f"{what} {value:.0f} is {side} {bound:g}", transcript
    return None, transcript
