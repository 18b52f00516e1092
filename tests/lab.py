"""A laboratory scenario built in code: one beat offering every move on its own.

Behaviour tests use it to play any sequence of moves through the real engine, without
depending on how the shipped scenarios happen to be written.
"""

from sim.engine import TURN_BASED, Session, Timing
from sim.model.vocabulary import AUTHORED_MOVES
from sim.scenario.models import Scenario

CLOSERS = {"close": "resolved", "part": "parted_ways", "handoff": "handed_off"}


def lab_scenario(
    persona="reasonable",
    anger=60.0,
    story=2,
    legitimate=True,
    escalation_warranted=False,
) -> Scenario:
    options = [{"text": f"[{m}]", "moves": [m]} for m in AUTHORED_MOVES]
    options += [
        {"text": "[close]", "moves": ["thank"], "end": "resolved"},
        {"text": "[part]", "moves": ["part_ways"], "end": "parted_ways"},
        {"text": "[handoff]", "moves": ["escalate"], "end": "handed_off"},
        {"text": "[sorry but]", "moves": ["apologize", "excuse"]},
    ]
    return Scenario.model_validate(
        {
            "id": "lab",
            "title": "Lab",
            "cause": "our_error" if legitimate else "imagined",
            "summary": "A test bench.",
            "difficulty": 1,
            "customer": {
                "name": "Pat Lab",
                "persona": persona,
                "anger": anger,
                "story": [f"piece {i}" for i in range(story)],
                "wants": "a fix",
                "legitimate": legitimate,
            },
            "authority": {"escalation_warranted": escalation_warranted},
            "start": "lab",
            "beats": {"lab": {"say": "Well?", "options": options}},
        }
    )


class Lab:
    """Drive the lab scenario by move name: lab.do("listen", "apologize")."""

    def __init__(self, seed=0, **kwargs):
        self.scenario = lab_scenario(**kwargs)
        self.session = Session(self.scenario)
        self.session.reset(seed)
        self.index = {
            o.text.strip("[]"): i for i, o in enumerate(self.scenario.beats["lab"].options)
        }

    def do(self, *names: str, timing: Timing = TURN_BASED) -> "Lab":
        for name in names:
            self.session.step(self.index[name], timing)
        return self

    @property
    def state(self):
        return self.session.state

    def last(self) -> dict:
        return self.session.turns[-1]

    def push_away(self) -> "Lab":
        """Blame, argue and snap until the customer walks out."""
        rude = ("blame", "argue", "lose_calm")
        while not self.session.done:
            self.do(rude[len(self.session.turns) % 3])
        return self

    def treat(self) -> "Lab":
        """Listen to the whole story and make them feel heard."""
        for _ in range(self.state.story_left):
            self.do("listen")
        return self.do("apologize", "reflect", "empathize")
