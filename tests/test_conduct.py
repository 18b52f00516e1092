"""The score's promise to a trainer: breaches cost every time, silence is real, and the
debrief says so in the trainee's words. Played through the real engine and rubric."""

import pytest

from sim.analysis.conduct import checks, conduct
from sim.authoring.scaffold import scaffold_text
from sim.engine import Session, Timing
from sim.model.state import Promise
from sim.records.record import build_record
from sim.scenario.loader import parse_scenario
from sim.scoring.debrief import _breach_moves, build_debrief, describe_turn
from sim.scoring.score import score_session
from sim.text.render import debrief_text
from tests.conftest import fresh
from tests.lab import Lab


def _play(scenario, picks, timing=None):
    session = fresh(scenario)
    for pick in picks:
        if session.done:
            break
        session.step(pick - 1, timing or Timing())
    return session


def _failed(scenario) -> list[str]:
    return [name for name, held in checks(conduct(scenario)) if held is False]


@pytest.mark.parametrize("sid", ["surprise-charge", "phantom-wine"])
def test_the_score_keeps_its_promises_on_shipped_scenarios(shipped, sid):
    assert _failed(shipped[sid]) == []


@pytest.mark.parametrize("cause, persona", [("late_delivery", "venter"), ("billing", "reasonable")])
def test_the_score_keeps_its_promises_on_a_scenario_a_trainer_starts_from(cause, persona):
    """The rules are general: the scaffold a trainer starts from holds the same orderings."""
    text = scaffold_text("trainer-draft", cause, persona)
    scenario = parse_scenario(text.encode(), "trainer-draft.yaml")
    assert _failed(scenario) == []


def test_three_sorry_buts_cannot_earn_an_a_and_spoil_the_apology_step(shipped):
    # The path from the issue: three "I'm sorry, but..." replies, then a recovery.
    session = _play(shipped["surprise-charge"], [2, 2, 1, 2, 4, 1, 5, 1, 1, 5, 1, 1, 1, 1])
    score = score_session(session)
    assert score.total < 80
    excuses = {b.name: b for b in score.breaches}["excuse"]
    assert excuses.count == 3 and excuses.points > 12
    steps = {s["move"]: s for s in build_debrief(session, score)["seven_steps"]}
    assert steps["apologize"]["status"] == "spoiled"
    assert "excuse" in steps["apologize"]["detail"]


def test_each_breach_costs_again_but_less_and_never_nothing():
    def cost(times: int) -> float:
        lab = Lab(anger=50, story=1).treat()
        for _ in range(times):
            lab.do("minimize")
        lab.do("ask_wish", "propose", "agree", "act", "close")
        return sum(b.points for b in score_session(lab.session).breaches)

    one, two, three = cost(1), cost(2), cost(3)
    assert 0 < one < two < three
    assert three - two < two - one  # diminishing...
    assert three - two > 0.5  # ...but never free


def test_blame_lowers_loyalty_and_costs_more_than_an_excuse():
    excuse = Lab(anger=50, story=1).treat().do("excuse", "ask_wish", "propose", "agree")
    blame = Lab(anger=50, story=1).treat().do("blame", "ask_wish", "propose", "agree")
    for lab in (excuse, blame):
        lab.do("act", "close")
    assert blame.session.epilogue.loyalty < excuse.session.epilogue.loyalty
    assert score_session(blame.session).total < score_session(excuse.session).total


def test_an_over_promise_registers_even_when_brushed_aside():
    lab = Lab(anger=70, story=3).do("overpromise")  # story untold: the fix is brushed aside
    assert "rush" in lab.last().counted_moves
    assert lab.state.promise is Promise.UNREALISTIC
    lab.treat().do("ask_wish", "propose", "agree", "act", "close")
    score = score_session(lab.session)
    assert score.total < 85
    assert "overpromise" in {b.name for b in score.breaches}


def test_soothing_words_said_a_third_time_earn_nothing_and_the_debrief_says_so():
    lab = Lab(anger=70, story=0).do("empathize", "empathize", "empathize")
    third = lab.last()
    assert "repeat" in third.counted_moves
    shown = describe_turn(third, _breach_moves())  # the debrief's view of that turn
    assert any("no longer counts" in note for note in shown["notes"])
    assert "repeated the same soothing words" in " ".join(shown["breaches"])


def test_silence_after_the_story_is_told_reads_as_dead_air_and_costs_points():
    attentive = Lab(anger=50, story=1).do("listen").treat()
    silent = Lab(anger=50, story=1).do("listen").treat()
    silent.do(*["listen"] * 3)
    assert all("dead_air" in t.counted_moves for t in silent.session.turns[-3:])
    for lab in (attentive, silent):
        lab.do("ask_wish", "propose", "agree", "act", "close")
    assert score_session(silent.session).total <= score_session(attentive.session).total - 5


def test_waiting_in_silence_prompts_presses_and_ends_in_a_hang_up(shipped):
    session = fresh(shipped["surprise-charge"])
    events = session.wait(10.0)
    assert any(e.kind == "line" for e in events)  # a prompt: "Hello?"
    anger_then = session.state.anger
    session.wait(30.0)
    assert session.state.anger > anger_then
    session.wait(600.0)
    assert session.done and session.ending in ("hung_up", "walked_out")
    assert session.turns[-1].choice is None


def test_a_scripted_silence_replays_the_same_as_waiting_live(shipped):
    live = fresh(shipped["surprise-charge"])
    live.wait(12.0)
    live.step(3, Timing(delay=12.0))
    scripted = fresh(shipped["surprise-charge"])
    scripted.step(3, Timing(delay=12.0))
    assert live.state == scripted.state


def test_turn_based_play_drops_the_timing_criteria_and_rescales(shipped):
    scenario = shipped["surprise-charge"]
    best = next(t for t in scenario.tests if t.expect.ending == "resolved")
    turn_based = score_session(_play(scenario, best.choices))
    assert "paused to think before answering" in turn_based.dropped
    assert turn_based.total >= 95  # nothing lost for what could not be earned


def test_a_booked_call_back_is_its_own_ending(shipped):
    scenario = shipped["lost-reports"]
    booked = [t for t in scenario.tests if "call_back" in str(t.expect.ending)]
    assert booked, "lost-reports has a self-test that books a call-back"
    session = Session(scenario)
    session.reset(booked[0].seed)
    for pick in booked[0].picks():
        session.step(pick.choice - 1, pick.timing)
    assert session.ending == "call_back"
    dropped = score_session(session).dropped
    assert "agreed on a fix" in dropped  # it belongs to the later call


def test_what_if_is_offered_only_when_it_would_have_scored_better(shipped):
    scenario = shipped["surprise-charge"]
    for test in scenario.tests:
        session = Session(scenario)
        session.reset(test.seed)
        for pick in test.picks():
            session.step(pick.choice - 1, pick.timing)
        score = score_session(session)
        worst = build_debrief(session, score)["worst_moment"] or {}
        best = worst.get("what_if", {}).get("best")
        if best:
            assert best["final_score"] > score.total and best["gain"] > 0


def test_the_terminal_prints_every_reason_of_two_points_or_more(shipped):
    session = _play(shipped["surprise-charge"], [2, 2, 1, 2, 4, 1, 5, 1, 1, 5, 1, 1, 1, 1])
    record = build_record(session)
    text = " ".join(debrief_text(record).split())
    for turn in record["debrief"]["turns"]:
        for reason in turn["reasons"]:
            if max(abs(v) for v in reason["changes"].values()) >= 2:
                assert reason["reason"] in text, reason["reason"]
