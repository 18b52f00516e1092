"""A workshop played end to end by script, and the class session's controls."""

import http.client
import io
import json

import pytest

from sim.classroom.debrief import class_debrief
from sim.classroom.session import ClassError, ClassSession
from sim.classroom.thinking import thinking_line
from sim.classroom.workshop import LoadedWorkshop, load_workshop, workshop_files
from sim.engine import Session
from sim.players import search
from sim.text.classroom import ClassTerminal


def _best(scenario):
    planner = Session(scenario)
    planner.reset(0)
    return search(planner, True)


def test_rewind_takes_back_one_turn_and_plays_the_same_again(shipped):
    scenario = shipped["late-sofa"]
    run = ClassSession(scenario, "hot_seat")
    first = list(run.session.last_lines)
    run.choose(0)
    after_one = run.session.save()
    run.choose(1)
    run.rewind()
    assert run.turn == 1 and run.session.save()["turns"] == after_one["turns"]
    run.rewind()
    assert run.turn == 0 and run.session.last_lines == first
    with pytest.raises(ClassError):
        run.rewind()


def test_a_paused_session_takes_no_reply_and_teams_take_turns(shipped):
    run = ClassSession(shipped["late-sofa"], "teams", teams=3)
    assert run.team == 1
    run.toggle_pause()
    with pytest.raises(ClassError):
        run.choose(0)
    run.toggle_pause()
    run.decide([0, 0, 4, 1, 0])
    assert run.team == 2 and run.decisions[0].choice == 2 and run.decisions[0].team == 1


def test_a_draw_goes_to_the_facilitators_pick_among_the_tied(shipped):
    run = ClassSession(shipped["late-sofa"], "tally")
    decision = run.decide([0, 3, 3, 0, 0], tie_break=2)
    assert decision.choice == 2 and decision.tied == (1, 2)
    with pytest.raises(ClassError):
        run.decide([1, 2])  # one count per reply


def test_the_projector_shows_no_gauges_until_the_reveal_and_never_a_name(shipped):
    scenario = shipped["late-sofa"]
    run = ClassSession(scenario, "hot_seat")
    view = run.projector()
    assert "gauges" not in view and "thinking" not in view
    run.toggle_reveal()
    view = run.projector()
    assert view["thinking"] == thinking_line(run.session.state)
    assert set(view["gauges"]) >= {"anger", "trust"}
    assert "score" not in json.dumps(view) and "player" not in view


def test_the_thinking_line_follows_the_state(shipped):
    run = ClassSession(shipped["late-sofa"], "hot_seat")
    calm = run.session.state
    furious = type(calm)(**{**calm.__dict__, "anger": 95.0})
    assert thinking_line(furious) != thinking_line(calm)


def test_groups_runs_side_by_side_and_no_hot_seat_score(shipped):
    scenario = shipped["late-sofa"]
    best = _best(scenario)
    runs = []
    for group, mode in ((1, "vote"), (2, "hot_seat")):
        run = ClassSession(scenario, mode, group=group)
        picks = best if group == 1 else [0] * 60
        for pick in picks:
            if run.done:
                break
            run.choose(min(pick, len(run.session.options) - 1))
        runs.append(run)
    report = class_debrief(runs, ["goal"])
    assert [g["group"] for g in report["groups"]] == [1, 2]
    assert report["groups"][0]["path"] != report["groups"][1]["path"]
    assert "score" in report["groups"][0] and "score" not in report["groups"][1]
    assert "score" not in report["phases"][1]  # the lead run was a hot seat


def _phones(server, count):
    phones = []
    for _ in range(count):
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        conn.request("GET", f"/{server.token}/state")
        response = conn.getresponse()
        response.read()
        phones.append((conn, response.getheader("Set-Cookie").split(";")[0]))
    return phones


def _vote_all(server, phones, choice):
    """Every phone votes for ``choice`` in the round now open."""
    for conn, cookie in phones:
        conn.request("GET", f"/{server.token}/state", headers={"Cookie": cookie})
        response = conn.getresponse()
        state = json.loads(response.read())
        body = f"round={state['round']}&choice={choice}"
        headers = {"Cookie": cookie, "Accept": "application/json"}
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request("POST", f"/{server.token}/vote", body=body, headers=headers)
        response = conn.getresponse()
        assert json.loads(response.read())["result"] == "ok"


def test_a_workshop_plays_end_to_end_with_phones_reveal_rewind_bookmark_and_debrief(shipped):
    scenario = shipped["late-sofa"]
    best = _best(scenario)
    workshop = LoadedWorkshop.single(scenario, "vote")
    out = io.StringIO()
    held = {}
    played = []  # the room's choices, as the script plays them

    def script():
        yield "v"  # reveal gauges and the thinking line
        yield "v"
        yield "m the opening"  # a bookmark during play
        _vote_all(held["server"], held["phones"], 3)  # a wrong turn first...
        yield "n"
        yield "r"  # ...taken back
        for pick in best:
            _vote_all(held["server"], held["phones"], pick)
            played.append(pick)
            yield "\x1b[6~"  # a presenter remote's PageDown
        yield "n"  # debrief phase 1: reactions
        yield "j 1"  # phase 2: jump to the bookmark
        yield "n"
        yield "+ we let her finish"  # phase 3: plus/delta
        yield "- too slow to act"
        yield "n"

    steps = script()

    def on_server(server):
        held["server"] = server
        held["phones"] = _phones(server, 5)

    terminal = ClassTerminal(
        workshop, ask=lambda _prompt: next(steps), out=out, host="127.0.0.1", on_server=on_server
    )
    assert terminal.run() == 0
    text = out.getvalue()
    assert held["server"].url in text
    assert "Thinking:" in text and "Bookmark 1: the opening" in text
    assert "Rewound: back to turn 1" in text
    assert "Votes locked: 5 in." in text
    assert "[Bookmark] the opening, turn 1" in text
    assert played == best
    report = terminal.debriefs[0]
    assert [p["phase"] for p in report["phases"]] == ["reactions", "analysis", "summary"]
    summary = report["phases"][2]
    assert summary["plus"] == ["we let her finish"] and summary["delta"] == ["too slow to act"]
    analysis = report["phases"][1]
    assert [t["tally"] for t in analysis["turns"]] == [
        [5 if i == pick else 0 for i in range(len(t["tally"]))]
        for pick, t in zip(best, analysis["turns"], strict=True)
    ]
    assert analysis["bookmarks"][0]["label"] == "the opening"
    assert report["phases"][0]["ending"] == "Resolved"
    # The room's run is in the results, as a class run of a group, not of a person.
    from sim.records.results import open_store

    store = open_store([])
    with store:
        (kept,) = store.runs()
    assert (kept.source, kept.group, kept.learner) == ("class", "group 1", "group 1")
    assert kept.session == terminal.class_id and kept.outcome == "resolved"
    # The session is over: the vote page is gone with it.
    with pytest.raises(OSError):
        held["phones"][0][0].request("GET", f"/{held['server'].token}/state")
        held["phones"][0][0].getresponse()


@pytest.mark.deep  # the modes differ in the game's own logic; one mode end to end is above
def test_the_shipped_workshop_runs_in_every_mode_by_typed_keys(shipped):
    workshop = load_workshop(workshop_files()[0])
    for mode in ("hot_seat", "tally", "teams"):
        out = io.StringIO()
        key = "t 0 0 1" if mode == "tally" else "3"

        def ask(prompt, key=key):
            return "n" if prompt.startswith("debrief") else key

        assert ClassTerminal(workshop, ask=ask, out=out, mode=mode).run() == 0
        assert "Debrief 1/3" in out.getvalue(), mode
