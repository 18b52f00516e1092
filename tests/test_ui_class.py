"""The class window driven headless through a workshop: phones vote over HTTP against the
real vote server on 127.0.0.1, then a reveal, a rewind, a bookmark and the three-phase
debrief, as a facilitator would with a presenter remote."""

import json
import urllib.request

import pygame
import pytest

from sim.records.results import ResultsStore
from sim.records.userdata import Settings
from sim.ui.app import App
from sim.ui.class_demo import Phone, best_choices_from, demo_workshop
from sim.ui.class_mode import ClassOptions
from sim.ui.driver import Driver
from sim.ui.screens.class_common import MIN_SHARE, TYPE, fonts_for
from sim.ui.screens.class_setup import ClassSetupScreen
from sim.ui.theme import THEMES_DIR


@pytest.fixture
def app():
    settings = Settings(player="Tester", theme="default", real_time=False, sound=False)
    window = App((1280, 720), settings=settings)
    yield window
    pygame.quit()


def _state(phone: Phone) -> dict:
    with phone.opener.open(phone.url + "state", timeout=5) as answer:
        return json.loads(answer.read())


def test_a_workshop_in_the_class_window(app):
    d = Driver(app)
    app.show(ClassSetupScreen(app, ClassOptions(demo_workshop(), host="127.0.0.1")))
    d.frames(2)
    assert app.theme.name == "projector"
    d.key(pygame.K_PAGEDOWN)
    call = app.screen
    flow, room = call.flow, call.room
    assert call.name == "classcall" and room.url.startswith("http://127.0.0.1:")
    assert flow.run.paused  # the script's pause point on the opening beat
    d.key(pygame.K_b)
    assert not flow.run.paused

    # Twelve phones vote; the projector counts them but keeps the tally hidden.
    phones = [Phone(room.url) for _ in range(12)]
    for n, phone in enumerate(phones):
        assert json.loads(phone.vote(flow.rounds, 2 if n < 8 else 0)) == {"result": "ok"}
    assert json.loads(phones[0].vote(flow.rounds, 2)) == {"result": "ok"}  # a change, not a second
    d.frames(2)
    assert flow.votes_in() == 12
    assert _state(phones[0])["tally"] is None
    assert call._shown_tally(flow.run.projector()) is None
    d.key(pygame.K_v)  # the reveal: gauges, the thinking line and the tally
    view = flow.run.projector()
    assert view["revealed"] and view["thinking"] and set(view["gauges"]) >= {"anger", "trust"}
    tally = call._shown_tally(view)
    assert tally[2] == 8 and tally[0] == 4 and sum(tally) == 12
    assert _state(phones[1])["tally"][2] == 8
    d.key(pygame.K_v)
    d.key(pygame.K_PAGEDOWN)  # lock and play the room's choice
    assert flow.run.turn == 1 and flow.run.decisions[0].choice == 2
    assert json.loads(phones[0].vote(flow.rounds - 1, 1))["result"] != "ok"  # old round shut

    d.key(pygame.K_m)  # a bookmark
    d.key(pygame.K_PAGEUP)  # rewind: the turn is taken back, a fresh vote opens
    assert flow.run.turn == 0 and flow.votes_in() == 0 and len(flow.run.bookmarks) == 1
    # The room plays on to the end of the first scenario, each turn by phone vote.
    while flow.stage == "call":
        if flow.run.paused:
            d.key(pygame.K_b)
        choice = best_choices_from(flow)
        for phone in phones[:5]:
            phone.vote(flow.rounds, choice)
        d.key(pygame.K_PAGEDOWN)
    assert flow.stage == "ended"
    d.key(pygame.K_PAGEDOWN)

    # The debrief: three phases, the bookmark opened, a plus and a delta typed in.
    debrief = app.screen
    assert debrief.name == "classdebrief" and debrief.phase["phase"] == "reactions"
    d.key(pygame.K_PAGEDOWN)
    assert debrief.phase["phase"] == "analysis" and len(debrief.phase["bookmarks"]) == 1
    d.key(pygame.K_1)
    assert debrief.moment is not None and debrief.moment["turn"] == 2
    d.key(pygame.K_SPACE)
    assert debrief.moment is None
    d.key(pygame.K_PAGEDOWN)
    assert debrief.phase["phase"] == "summary"
    d.key(pygame.K_p)
    d.type_text("We let her finish")
    d.key(pygame.K_RETURN)
    d.key(pygame.K_d)
    d.type_text("Ask before proposing")
    d.key(pygame.K_RETURN)
    assert debrief.phase["plus"] == ["We let her finish"]
    assert debrief.phase["delta"] == ["Ask before proposing"]
    d.key(pygame.K_PAGEDOWN)  # the next scenario: teams, three groups

    # The rest of the workshop by the teams' and the hot seat's numbers.
    while flow.stage != "over":
        if flow.stage == "call":
            d.digit(best_choices_from(flow) + 1)
        else:
            if flow.stage == "debrief" and flow.phase == 1 and flow.groups > 1:
                assert len(app.screen.report["groups"]) == flow.groups
            d.key(pygame.K_PAGEDOWN)
    assert room.server is None  # the vote page closed with the workshop
    with pytest.raises(OSError):
        urllib.request.urlopen(phones[0].url + "state", timeout=2)
    with ResultsStore() as store:
        runs = store.runs()
    assert len(runs) == 5 and all(r.source == "class" for r in runs)
    d.key(pygame.K_PAGEDOWN)
    assert app.screen.name == "menu" and app.theme.name == "default"


def test_no_name_or_score_on_the_call_screen_and_text_is_big_enough(app):
    """The projector shows the group, never the player's name; every class font is at least
    3.5% of the screen's height, at 720 lines as at 1080."""
    d = Driver(app)
    app.show(
        ClassSetupScreen(app, ClassOptions(demo_workshop(), host="127.0.0.1", mode="hot_seat"))
    )
    d.key(pygame.K_PAGEDOWN)
    d.key(pygame.K_b)
    d.digit(1)
    view = app.screen.flow.run.projector()
    assert "score" not in view and "Tester" not in json.dumps(view)
    for height in (720, 1080):
        for name, font in fonts_for(height).items():
            assert font.get_height() >= MIN_SHARE * height, name
    assert min(share for share, _ in TYPE.values()) >= MIN_SHARE
    theme = json.loads((THEMES_DIR / "projector.json").read_text())
    sizes = [int(v["font"]["size"]) for v in theme.values() if isinstance(v, dict) and "font" in v]
    assert min(sizes) >= 38
    app.screen.end_class()
