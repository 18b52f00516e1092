"""The session: deterministic under a seed, savable mid-conversation, honest about choices."""

import json

import pytest

from sim.engine import Session, SessionError, Timing
from sim.players import play, random_chooser
from sim.records.record import build_record
from sim.records.store import to_json
from tests.conftest import SHIPPED_IDS, fresh


def _random_run(scenario, seed, save_at=None):
    """Play randomly; optionally save to JSON and restore at turn `save_at`."""
    session = fresh(scenario, seed)
    pick = random_chooser(seed)
    while not session.done:
        if save_at is not None and len(session.turns) == save_at:
            saved = json.loads(json.dumps(session.save()))
            session = Session.restore(scenario, saved)
        session.step(pick(session))
    return build_record(session)


@pytest.mark.parametrize("sid", SHIPPED_IDS)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_same_seed_same_choices_same_record(shipped, sid, seed):
    first = to_json(_random_run(shipped[sid], seed))
    second = to_json(_random_run(shipped[sid], seed))
    assert first == second


@pytest.mark.parametrize("sid", SHIPPED_IDS)
@pytest.mark.parametrize("seed", [0, 3])
def test_save_and_restore_mid_run_gives_the_same_record(shipped, sid, seed):
    straight = _random_run(shipped[sid], seed)
    for save_at in (0, 1, 2):
        if save_at < len(straight["turns"]):
            assert _random_run(shipped[sid], seed, save_at=save_at) == straight


@pytest.mark.parametrize("sid", SHIPPED_IDS)
def test_scenario_self_tests_pass_again_through_save_and_restore(shipped, sid):
    """Like Ink running its suite twice: every self-test, restored after each turn."""
    scenario = shipped[sid]
    for test in scenario.tests:
        direct = fresh(scenario, test.seed)
        for pick in test.picks():
            direct.step(pick.choice - 1, pick.timing)
        hopping = fresh(scenario, test.seed)
        for pick in test.picks():
            hopping = Session.restore(scenario, json.loads(json.dumps(hopping.save())))
            hopping.step(pick.choice - 1, pick.timing)
        assert to_json(build_record(hopping)) == to_json(build_record(direct))


def test_different_seeds_can_vary_the_customer_lines(shipped):
    lines = set()
    for seed in range(12):
        session = fresh(shipped["surprise-charge"], seed)
        session.step(2)  # a rushed fix: the customer answers from the `rushed` lines
        lines.add(session.turns[-1].customer[0])
    assert len(lines) > 1


def test_a_bad_option_number_is_refused_without_changing_anything(shipped):
    session = fresh(shipped["surprise-charge"])
    before = session.save()
    with pytest.raises(SessionError, match="pick 1 to 5"):
        session.step(9)
    assert session.save() == before


def test_stepping_after_the_end_is_refused(shipped):
    session = fresh(shipped["surprise-charge"])
    play(session, "worst", 0)
    with pytest.raises(SessionError, match="already ended"):
        session.step(0)


def test_restore_refuses_a_save_from_another_scenario(shipped):
    saved = fresh(shipped["surprise-charge"]).save()
    with pytest.raises(SessionError, match="belongs to scenario"):
        Session.restore(shipped["phantom-wine"], saved)


def test_events_tell_the_host_everything_it_shows(shipped):
    session = Session(shipped["surprise-charge"])
    opening = session.reset(0)
    assert [e.kind for e in opening] == ["line", "options"]
    assert len(opening[1].data["options"]) == 5
    events = session.step(0)
    kinds = [e.kind for e in events]
    assert kinds[0] == "line" and events[0].data["speaker"] == "agent"
    assert "state" in kinds and kinds[-1] == "options"
    state = next(e for e in events if e.kind == "state")
    reasons = [str(effect) for effect in state.data["effects"]]
    assert any("listening while they tell their story" in r for r in reasons)
    assert any(effect.code == "listen_to_story" for effect in state.data["effects"])


def test_interrupting_is_worse_than_waiting_for_the_same_reply(shipped):
    scenario = shipped["surprise-charge"]
    waited, cut_in = fresh(scenario), fresh(scenario)
    for session in (waited, cut_in):
        session.step(0)  # listen: she tells the first part of her story
    waited.step(3, Timing(delay=1.0))  # thank and apologize, once she has finished
    cut_in.step(3, Timing(interrupted=True))  # the same words, cutting in
    assert cut_in.state.anger > waited.state.anger
    assert "interrupt" in cut_in.turns[-1].counted_moves
    assert cut_in.turns[-1].reaction == "interrupted"
    # The cut-off part of the story is still to come.
    assert cut_in.state.story_left > waited.state.story_left


def test_dead_air_drains_patience_and_reaches_the_record(shipped):
    scenario = shipped["surprise-charge"]
    prompt, silent = fresh(scenario), fresh(scenario)
    prompt.step(0, Timing(delay=1.0))
    silent.step(0, Timing(delay=15.0))
    assert silent.state.patience < prompt.state.patience - 10
    assert "dead_air" in silent.turns[-1].counted_moves
    assert "dead_air" not in prompt.turns[-1].counted_moves
    # She prompted before the reply came: "Hello? Did you fall asleep?"
    assert silent.turns[-1].prompts == ("Hello? Did you fall asleep?",)
    assert silent.turns[-1].timing == Timing(delay=15.0)


def test_a_short_pause_reads_as_thoughtful(shipped):
    scenario = shipped["surprise-charge"]
    quick, thoughtful = fresh(scenario), fresh(scenario)
    quick.step(3, Timing(delay=0.3))
    thoughtful.step(3, Timing(delay=2.5))
    assert "pause" in thoughtful.turns[-1].counted_moves
    assert thoughtful.state.anger < quick.state.anger


def test_listening_while_they_speak_is_not_an_interruption(shipped):
    session = fresh(shipped["surprise-charge"])
    session.step(0, Timing(interrupted=True))
    assert "interrupt" not in session.turns[-1].counted_moves
