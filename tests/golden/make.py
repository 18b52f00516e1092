"""Write the golden numbers of the customer model: ``python -m tests.golden.make``.

The golden file holds inputs and the outputs the model gave for them: single turns on random
states (state, effects with their reasons and order, counted moves, reaction), epilogues,
rubric scores, and whole playthroughs of the lab scenario with random timings. It was first
written before the update rule became array-based, so ``test_golden.py`` proves the rewrite
kept every number. Regenerate it only when you change the model's numbers on purpose
(moves.yaml, personas.yaml, rubric.yaml or the rule itself), and say so in the commit.
"""

from __future__ import annotations

import gzip
import json
from collections import Counter
from pathlib import Path

import numpy as np

from sim.engine import Session, Timing
from sim.model.endings import automatic_ending, judge_close
from sim.model.epilogue import settle
from sim.model.rules import TurnContext, apply_turn
from sim.model.state import CustomerState
from sim.model.vocabulary import AUTHORED_MOVES, MOVES, PERSONAS
from sim.scoring.score import Facts, score_facts, score_session
from tests.lab import lab_scenario

GOLDEN = Path(__file__).resolve().parent / "core.json.gz"
ENDINGS = [
    "resolved",
    "unresolved",
    "handed_off",
    "walked_out",
    "hung_up",
    "parted_ways",
    "call_back",
]
LAB_VARIANTS = [
    {"persona": "venter", "anger": 72.0, "story": 3},
    {"persona": "reasonable", "anger": 55.0, "story": 2},
    {"persona": "skeptic", "anger": 65.0, "story": 2, "escalation_warranted": True},
    {"persona": "confused", "anger": 50.0, "story": 1},
    {"persona": "irrational", "anger": 70.0, "story": 2, "legitimate": False},
    {"persona": "influencer", "anger": 80.0, "story": 2},
    {"persona": "hurried", "anger": 60.0, "story": 0},
]


def random_state(rng: np.random.Generator) -> dict:
    total = int(rng.integers(0, 6))
    turn = int(rng.integers(0, 51))

    def gauge() -> float:
        if rng.random() < 0.12:
            return float(rng.choice([0.0, 25.0, 50.0, 75.0, 100.0]))
        return round(rng.uniform(0, 100), 2)

    counts = {str(m): int(rng.integers(0, 5)) for m in rng.choice(list(MOVES), 4, replace=False)}
    flags = ("thanked", "apologized", "clarified", "wish_known", "proposed", "agreed", "acted")
    more = ("follow_up", "extra_given", "explained", "defended_you", "telling")
    return {
        "anger": gauge(),
        "trust": gauge(),
        "heard": gauge(),
        "patience": gauge(),
        "grievance": gauge(),
        "story_left": int(rng.integers(0, total + 1)),
        "story_total": total,
        "trust_ceiling": gauge(),
        **{f: bool(rng.random() < 0.5) for f in flags + more},
        "promise": str(rng.choice(["none", "realistic", "unrealistic"])),
        "agreed_turn": None if rng.random() < 0.5 else int(rng.integers(0, turn + 1)),
        "turn": turn,
        "untold_at_fix": int(rng.integers(-1, total + 1)),
        "counts": dict(list(counts.items())[: int(rng.integers(0, 5))]),
    }


def random_context(rng: np.random.Generator) -> dict:
    roll = rng.random()
    if roll < 0.4:
        delay = None
    elif roll < 0.5:
        delay = float(rng.choice([0.0, 1.5, 5.0, 8.0]))
    else:
        delay = round(rng.uniform(0, 20), 2)
    return {
        "persona": str(rng.choice(list(PERSONAS))),
        "legitimate": bool(rng.random() < 0.7),
        "escalation_warranted": bool(rng.random() < 0.5),
        "interrupted": bool(rng.random() < 0.25),
        "delay": delay,
    }


def context(data: dict) -> TurnContext:
    return TurnContext(**{**data, "persona": PERSONAS[data["persona"]]})


def random_timing(rng: np.random.Generator) -> Timing:
    roll = rng.random()
    if roll < 0.55:
        return Timing()
    if roll < 0.7:
        return Timing(interrupted=True)
    delay = float(rng.choice([round(rng.uniform(0, 12), 2), 1.5, 5.0, 8.0]))
    return Timing(interrupted=bool(rng.random() < 0.15), delay=delay)


GOLDEN_EFFECT = ("quantity", "delta", "reason", "move")


def effects(items) -> list:
    return [[e.quantity, e.delta, e.reason, e.move] for e in items]


def turn_out(state: dict, moves: list[str], ctx: dict) -> dict:
    out = apply_turn(CustomerState.from_dict(state), moves, context(ctx))
    return {
        "state": out.state.to_dict(),
        "effects": effects(out.effects),
        "moves": list(out.moves),
        "reaction": out.reaction,
        "told": out.told_story_piece,
    }


def close_out(state: dict, requested: str, moves: list[str], ctx: dict) -> dict:
    s = CustomerState.from_dict(state)
    return {
        "judged": list(judge_close(s, requested, tuple(moves), context(ctx))),
        "automatic": automatic_ending(s),
    }


def epilogue_out(ep) -> dict:
    return {
        "state": ep.state.to_dict(),
        "effects": effects(ep.effects),
        "verdict": ep.verdict_anger,
        "loyalty": ep.loyalty,
        "broken_promise": ep.broken_promise,
        "word_of_mouth": ep.word_of_mouth.to_dict(),
    }


def score_out(score) -> dict:
    return {
        "total": score.total,
        "grade": score.grade,
        "criteria": [[c.section, c.name, c.value, c.points, c.possible] for c in score.criteria],
        "breaches": [[b.name, b.count, b.points] for b in score.breaches],
    }


def settle_out(case: dict) -> dict:
    ctx = context(case["ctx"])
    state = CustomerState.from_dict(case["state"])
    ep = settle(state, case["ending"], case["curve"], Counter(case["moves"]), ctx)
    facts = Facts(
        resolvable=ctx.resolvable,
        ending=case["ending"],
        passed_buck=case["ending"] == "handed_off" and "pass_buck" in case["moves"],
        state=state,
        epilogue=ep,
        heard_needed=ctx.persona.heard_needed,
        moves=Counter(case["moves"]),
        offered=frozenset(case["offered"]),
        timed=case["timed"],
    )
    return {"epilogue": epilogue_out(ep), "score": score_out(score_facts(facts))}


def golden_turn(saved: dict) -> dict:
    """A turn as the golden file keeps it (it predates effect codes: numbers and words)."""
    return {
        **{k: saved[k] for k in ("counted", "reaction", "after")},
        "effects": [{k: e[k] for k in GOLDEN_EFFECT} for e in saved["effects"]],
    }


def play_out(case: dict) -> dict:
    session = Session(lab_scenario(**LAB_VARIANTS[case["lab"]]))
    session.reset(case["seed"])
    for choice, timing in zip(case["choices"], case["timings"], strict=True):
        session.step(choice, Timing.from_dict(timing))
    assert session.epilogue is not None
    return {
        "turns": [golden_turn(t.to_dict()) for t in session.turns],
        "state": session.state.to_dict(),
        "ending": session.ending,
        "ending_reason": session.ending_reason,
        "epilogue": epilogue_out(session.epilogue),
        "score": score_out(score_session(session)),
    }


def make() -> dict:
    rng = np.random.default_rng(20240611)
    turns, closes, settles, plays = [], [], [], []
    for _ in range(600):
        case = {
            "state": random_state(rng),
            "moves": [str(m) for m in rng.choice(AUTHORED_MOVES, int(rng.integers(0, 5)))],
            "ctx": random_context(rng),
        }
        turns.append({**case, "out": turn_out(**case)})
    for _ in range(200):
        case = {
            "state": random_state(rng),
            "requested": str(
                rng.choice(["resolved", "unresolved", "handed_off", "parted_ways", "call_back"])
            ),
            "moves": [str(m) for m in rng.choice(AUTHORED_MOVES, int(rng.integers(0, 3)))],
            "ctx": random_context(rng),
        }
        closes.append({**case, "out": close_out(**case)})
    for _ in range(150):
        case = {
            "state": random_state(rng),
            "ending": str(rng.choice(ENDINGS)),
            "curve": [round(float(x), 3) for x in rng.uniform(0, 100, int(rng.integers(1, 30)))],
            "moves": [str(m) for m in rng.choice(list(MOVES), int(rng.integers(0, 10)))],
            "offered": sorted(str(m) for m in rng.choice(AUTHORED_MOVES, 20, replace=False)),
            "timed": bool(rng.random() < 0.5),
            "ctx": random_context(rng),
        }
        settles.append({**case, "out": settle_out(case)})
    for lab in range(len(LAB_VARIANTS)):
        options = len(lab_scenario(**LAB_VARIANTS[lab]).beats["lab"].options)
        for seed in range(10):
            session = Session(lab_scenario(**LAB_VARIANTS[lab]))
            session.reset(seed)
            choices, timings = [], []
            while not session.done:
                choice, timing = int(rng.integers(options)), random_timing(rng)
                session.step(choice, timing)  # a long silence may end it before the reply
                choices.append(choice)
                timings.append(timing.to_dict())
            case = {"lab": lab, "seed": seed, "choices": choices, "timings": timings}
            plays.append({**case, "out": play_out(case)})
    return {"turns": turns, "closes": closes, "settles": settles, "plays": plays}


if __name__ == "__main__":
    data = make()
    GOLDEN.write_bytes(gzip.compress(json.dumps(data, separators=(",", ":")).encode(), mtime=0))
    sizes = ", ".join(f"{len(v)} {k}" for k, v in data.items())
    print(f"{GOLDEN}: {GOLDEN.stat().st_size} bytes, {sizes}")
