"""The session host: one call played from frame times and picks, without a window."""

import ast
import os
import threading
from pathlib import Path

import pytest

from sim.records.results import ResultsStore, default_path
from sim.records.userdata import Settings
from sim.scenario.loader import load_scenario
from sim.ui import session_host
from sim.ui.session_host import SessionHost

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def private_home(tmp_path, monkeypatch):
    monkeypatch.setenv("DEFUSE_HOME", str(tmp_path / "home"))


def host_for(scenario, *, real_time=False, branch=False, scores=None, resume=None):
    settings = Settings(player="Tess", sound=False, real_time=real_time)
    scores = [] if scores is None else scores

    def keep_score(scenario, score, grade):
        scores.append((scenario.id, score, grade))
        return True

    return SessionHost(
        scenario, 3, settings, keep_score=keep_score, notices=[], resume=resume, branch=branch
    )


def stored():
    with ResultsStore(default_path()) as store:
        return store.runs()


def test_the_window_core_of_a_call_has_no_pygame():
    tree = ast.parse((ROOT / "sim" / "ui" / "session_host.py").read_text(encoding="utf-8"))
    names = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    names += [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module]
    assert not [n for n in names if n.split(".")[0] in ("pygame", "pygame_gui")]


def test_a_finished_call_is_recorded_stored_and_scored_once(shipped):
    scores = []
    scenario = shipped["surprise-charge"]
    host = host_for(scenario, scores=scores)
    kinds = [e.kind for e in host.start()]
    assert kinds == ["line", "options"] and host.options
    events = []
    for choice in scenario.tests[0].choices:
        assert host.record is None
        events += host.pick(choice - 1)
    assert host.done and host.ending == "resolved" and host.ended_well
    assert "ending" in [e.kind for e in events]
    assert host.record["ending"] == "resolved" and host.new_best
    assert scores == [("surprise-charge", host.record["score"], host.record["grade"])]
    (run,) = stored()
    assert run.outcome == "resolved" and run.score == host.record["score"]
    host.keep_run()  # leaving the debrief later stores nothing more
    assert len(stored()) == 1


def test_the_ending_pick_leaves_the_record_to_a_worker_and_closing_keeps_it(shipped, monkeypatch):
    """The last reply's frame does not build the debrief, store the run or write the best
    score; a worker does, and a window closed at once still keeps the finished run."""
    scores = []
    scenario = shipped["surprise-charge"]
    host = host_for(scenario, scores=scores)
    built_on = []

    def build_record(session, player):
        built_on.append(threading.current_thread())
        return real_build_record(session, player)

    real_build_record = session_host.build_record
    monkeypatch.setattr(session_host, "build_record", build_record)
    host.start()
    for choice in scenario.tests[0].choices:
        host.pick(choice - 1)
    assert host.done
    host.keep_run()  # what closing the window does: waits for the worker's record
    assert built_on and threading.main_thread() not in built_on
    (run,) = stored()
    assert run.outcome == "resolved" and scores == [("surprise-charge", run.score, run.grade)]
    assert host.record["score"] == run.score and host.new_best and not host.finishing
    host.update()  # the frame after: nothing more to keep
    assert len(stored()) == 1 and len(scores) == 1


def test_starting_again_waits_for_the_last_record(shipped):
    scenario = shipped["surprise-charge"]
    host = host_for(scenario)
    host.start()
    for choice in scenario.tests[0].choices:
        host.pick(choice - 1)
    host.start()  # the same host again (a restart on the same screen)
    assert host.record["ending"] == "resolved" and len(stored()) == 1


def test_a_what_if_branch_is_neither_stored_nor_scored(shipped):
    scores = []
    scenario = shipped["surprise-charge"]
    host = host_for(scenario, branch=True, scores=scores)
    host.start()
    for choice in scenario.tests[0].choices:
        host.pick(choice - 1)
    assert host.record is not None and not host.new_best
    assert scores == [] and stored() == []


def test_in_real_time_the_silence_reaches_the_customer_and_the_pause_stops_it(shipped):
    host = host_for(shipped["surprise-charge"], real_time=True)
    line = host.start()[0].data["text"]
    host.customer_says(line)
    assert host.speaking and host.tick(0.1) == []
    host.paused = True
    assert host.tick(60.0) == [] and host.session.waited == 0
    host.paused = False
    events = []
    for _ in range(400):  # 20 seconds of frames
        events += host.tick(0.05)
    assert not host.speaking and host.session.waited > 10
    assert any(e.kind == "line" and e.data["reaction"] for e in events)


def test_a_pick_while_the_customer_speaks_is_an_interruption(shipped):
    host = host_for(shipped["surprise-charge"], real_time=True)
    host.customer_says(host.start()[0].data["text"])
    host.pick(0)
    assert host.session.turns[-1].timing.interrupted is True
    assert not host.can_pick(len(host.options))
    assert host.last_feedback()


def test_the_file_reloads_in_place_or_asks_for_a_fresh_start(tmp_path):
    source = (ROOT / "scenarios" / "surprise-charge.yaml").read_text(encoding="utf-8")
    path = tmp_path / "surprise-charge.yaml"
    path.write_text(source, encoding="utf-8")
    host = host_for(load_scenario(path))
    host.start()
    host.pick(3)  # on to the `details` beat
    assert not host.file_changed(1.0)
    path.write_text(source.replace("moves: [reflect]", "moves: [reflekt]"), encoding="utf-8")
    os.utime(path, (1, 2_000_000_000))
    assert host.file_changed(0.6)
    broken = host.reload()
    assert broken.scenario is None and any("reflect" in p for p in broken.problems)
    path.write_text(source.replace("details:", "facts:").replace("details\n", "facts\n"))
    moved = host.reload()
    assert moved.scenario is not None and not moved.goes_on
    assert host.session.beat_id == "details"  # the old call is left as it was
    path.write_text(source, encoding="utf-8")
    same = host.reload()
    assert same.goes_on and host.session.beat_id == "details" and host.scenario is same.scenario
