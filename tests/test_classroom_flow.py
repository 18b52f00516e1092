"""The class flow the window drives: a workshop's scenarios, groups, rounds and debrief."""

import pytest

from sim.classroom.flow import ClassFlow
from sim.classroom.session import ClassError
from sim.classroom.votes import VoteBox
from sim.classroom.workshop import LoadedWorkshop, load_workshop, workshop_files
from sim.records.results import ResultsStore


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def _flow(workshop, **kwargs):
    clock = Clock()
    return ClassFlow(workshop, VoteBox(clock), clock, **kwargs), clock


def test_a_vote_needs_votes_then_plays_the_winner_and_counts_down(shipped):
    flow, clock = _flow(LoadedWorkshop.single(shipped["late-sofa"], "vote"))
    assert flow.seconds_left() == 45
    clock.now = 10
    assert flow.seconds_left() == 35
    with pytest.raises(ClassError):
        flow.lock_and_play()  # nobody voted yet
    first_round = flow.rounds
    flow.box.cast("a", first_round, 1)
    flow.box.cast("b", first_round, 1)
    flow.box.cast("c", first_round, 0)
    assert flow.votes_in() == 3 and flow.box.view()["tally"] is None  # hidden until reveal
    decision = flow.lock_and_play()
    assert decision.choice == 1 and list(decision.tally)[:2] == [1, 2]
    assert flow.rounds == first_round + 1 and flow.votes_in() == 0  # a fresh round
    flow.rewind()
    assert flow.run.turn == 0 and flow.rounds == first_round + 2


def test_a_typed_tally_plays_the_show_of_hands(shipped):
    flow, _ = _flow(LoadedWorkshop.single(shipped["late-sofa"], "tally"))
    flow.type_count(1, 1)
    flow.type_count(1, 2)
    flow.type_count(0, 3)
    assert flow.tally[:2] == [3, 12]
    assert flow.lock_and_play().choice == 1
    assert flow.tally == [0] * len(flow.run.session.options)


def test_a_workshop_runs_groups_then_debrief_then_the_next_scenario(shipped):
    workshop = load_workshop(workshop_files()[0])
    flow, _ = _flow(workshop, mode="hot_seat")
    seen = []
    while flow.stage != "over":
        if flow.stage == "call":
            flow.pick(0)
        elif flow.stage == "ended":
            seen.append((flow.index, flow.run.group))
            flow.next_group_or_debrief()
        else:
            report = flow.debrief()
            assert len(report["groups"]) == (flow.groups if flow.groups > 1 else 0)
            flow.next_scenario()
    groups = [item.groups for item in workshop.workshop.scenarios]
    assert seen == [(i, g) for i, n in enumerate(groups) for g in range(1, n + 1)]
    assert flow.box.view() == {"open": False, "closed": True}
    # Every group's run is in the results store, as a class run.
    with ResultsStore() as store:
        runs = store.runs()
    assert len(runs) == sum(groups)
    assert {r.group for r in runs} == {f"group {g}" for g in range(1, max(groups) + 1)}
