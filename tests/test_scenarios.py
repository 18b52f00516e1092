"""Every shipped scenario: valid, self-tested, well-formed, won by best and lost by worst."""

import statistics

import pytest

from sim.model.vocabulary import MOVES
from sim.players import play
from sim.records.record import build_record
from sim.scenario.catalog import catalog
from sim.scenario.models import CAUSE_LABELS, BandLines
from tests.conftest import SHIPPED_IDS, fresh

CAUSES = set(CAUSE_LABELS)  # every cause the format knows
FAILED_ENDINGS = {"walked_out", "hung_up"}


def best_available(scenario) -> str:
    return "resolved" if scenario.customer.legitimate else "parted_ways"


def test_at_least_six_scenarios_cover_the_six_causes():
    entries = catalog()
    assert all(e.scenario for e in entries), [str(p) for e in entries for p in e.problems]
    assert len(entries) >= 6
    assert {e.scenario.cause for e in entries} >= CAUSES
    personas = {e.scenario.customer.persona for e in entries}
    settings = {e.scenario.setting for e in entries}
    assert len(personas) >= 6 and len(settings) >= 6


@pytest.mark.parametrize("sid", SHIPPED_IDS)
def test_file_name_matches_the_id(shipped, sid):
    assert shipped[sid].id == sid


@pytest.mark.parametrize("sid", SHIPPED_IDS)
def test_shape_six_decision_points_four_options_a_tempting_mistake_each(shipped, sid):
    scenario = shipped[sid]
    assert len(scenario.beats) >= 6
    for beat_id, beat in scenario.beats.items():
        assert len(beat.options) >= 4, beat_id
        mistakes = [o for o in beat.options if any(MOVES[m].kind == "provoke" for m in o.moves)]
        assert mistakes, f"{sid}: beat {beat_id} offers no tempting mistake"
        assert isinstance(beat.say, BandLines), f"{sid}: beat {beat_id} line ignores anger"
        written = [b for b in ("calm", "upset", "angry", "furious") if getattr(beat.say, b)]
        assert len(written) >= 2, f"{sid}: beat {beat_id} has one anger band only"
    assert len(scenario.tests) >= 2


def _run(scenario, policy, seed):
    session = fresh(scenario, seed)
    play(session, policy, seed)
    return build_record(session)


@pytest.mark.parametrize("sid", SHIPPED_IDS)
def test_best_wins_worst_loses_random_in_between(shipped, sid):
    scenario = shipped[sid]
    best = _run(scenario, "best", 0)
    worst = _run(scenario, "worst", 0)
    randoms = [_run(scenario, "random", seed)["score"] for seed in range(10)]
    assert best["ending"] == best_available(scenario)
    assert best["score"] >= 80
    assert worst["ending"] in FAILED_ENDINGS
    assert worst["score"] <= 30
    assert best["score"] > statistics.mean(randoms) > worst["score"]
