"""The turn record: one typed shape for the session, the run record and the debrief, written
to JSON and read back only at the boundary, old saves included."""

import json

from sim.engine import Session
from sim.model.timing import Timing
from sim.model.turn import Turn
from sim.records.record import build_record
from tests.conftest import fresh


def _played(scenario) -> Session:
    session = fresh(scenario, 4)
    session.step(0, Timing(delay=2.0))
    session.step(1)
    return session


def test_a_turn_reads_back_exactly_what_it_wrote(shipped):
    for turn in _played(shipped["surprise-charge"]).turns:
        assert Turn.from_dict(json.loads(json.dumps(turn.to_dict()))) == turn


def test_a_save_from_before_effect_codes_and_prompts_still_restores(shipped):
    scenario = shipped["surprise-charge"]
    saved = json.loads(json.dumps(_played(scenario).save()))
    for turn in saved["turns"]:
        del turn["prompts"]
        for effect in turn["effects"]:
            del effect["code"]
    restored = Session.restore(scenario, saved)
    assert [t.counted_moves for t in restored.turns] == [
        t.counted_moves for t in _played(scenario).turns
    ]
    assert all(e.code == "" for t in restored.turns for e in t.effects)


def test_authored_and_counted_moves_keep_their_record_keys(shipped):
    session = fresh(shipped["surprise-charge"], 3)
    session.step(3, Timing(interrupted=True))  # thank and apologize, cutting in
    turn = session.turns[-1]
    assert "interrupt" in turn.counted_moves and "interrupt" not in turn.authored_moves
    while not session.done:
        session.step(0)
    written = build_record(session)["turns"][0]
    assert written["authored"] == list(turn.authored_moves)
    assert written["moves"] == list(turn.counted_moves)


def test_a_step_words_its_effects_only_when_they_are_read(shipped, monkeypatch):
    """Wording the reasons is a tenth of a step and a game reads them only in the debrief:
    a step keeps the notes, and the words come when the effects are first read, the same
    words and deltas as the turn writes to JSON."""
    import sim.model.explain as explain

    worded = []
    wording = explain.reason_text
    monkeypatch.setattr(explain, "reason_text", lambda *args: worded.append(args) or wording(*args))
    session = _played(shipped["surprise-charge"])
    assert worded == []
    effects = session.turns[-1].effects
    assert [str(e) for e in effects] and worded
    assert effects == Turn.from_dict(json.loads(json.dumps(session.turns[-1].to_dict()))).effects
