"""The model's numbers stay what they were: states, effects (in order, with their reasons),
reactions, endings, epilogues and scores against the golden file (see ``make.py``)."""

import gzip
import json
import math
from collections import defaultdict

import numpy as np
import pytest

from sim.model.endings import ENDING_CODE, ENDINGS, judge_closes
from sim.model.epilogue import settle_batch
from sim.model.explain import Log
from sim.model.rules import REACTIONS, apply_turns
from sim.model.state import MOVE_CODE, MOVE_NAMES, NO_MOVE, CustomerBatch, CustomerState
from sim.model.tables import encode_replies
from sim.scoring.score import FactsBatch, score_batch
from tests.golden.make import GOLDEN, close_out, context, play_out, settle_out, turn_out

DATA = json.loads(gzip.decompress(GOLDEN.read_bytes()))


def same(want, got, path="") -> list[str]:
    """Differences between two JSON-like values: floats within 1e-9, everything else equal."""
    if isinstance(want, float) or isinstance(got, float):
        ok = isinstance(got, int | float) and isinstance(want, int | float)
        return [] if ok and math.isclose(want, got, rel_tol=0, abs_tol=1e-9) else [path]
    if isinstance(want, dict) and isinstance(got, dict):
        if set(want) != set(got):
            return [f"{path} keys"]
        return [d for k in want for d in same(want[k], got[k], f"{path}.{k}")]
    if isinstance(want, list | tuple) and isinstance(got, list | tuple):
        if len(want) != len(got):
            return [f"{path} length {len(want)} != {len(got)}"]
        pairs = enumerate(zip(want, got, strict=True))
        return [d for i, (w, g) in pairs for d in same(w, g, f"{path}[{i}]")]
    return [] if want == got else [f"{path}: {want!r} != {got!r}"]


def _check(cases, run):
    problems = []
    for i, case in enumerate(cases):
        inputs = {k: v for k, v in case.items() if k != "out"}
        got = json.loads(json.dumps(run(**inputs)))
        problems += [f"case {i}{d}" for d in same(case["out"], got)]
    assert not problems, problems[:10]


def test_single_turns_keep_their_numbers_effects_and_reactions():
    _check(DATA["turns"], turn_out)


def test_closing_judgements_keep_their_answers():
    _check(DATA["closes"], close_out)


def test_epilogues_and_scores_keep_their_numbers():
    _check(DATA["settles"], lambda **case: settle_out(case))


@pytest.mark.parametrize("lab", sorted({p["lab"] for p in DATA["plays"]}))
def test_lab_playthroughs_keep_every_turn(lab):
    _check([p for p in DATA["plays"] if p["lab"] == lab], lambda **case: play_out(case))


# --- The same cases as one batch: the array form of the rule gives the same numbers -------


def _groups(cases):
    """Cases that share a customer and a scenario (one batch each)."""
    groups = defaultdict(list)
    for case in cases:
        c = case["ctx"]
        key = (c["persona"], c["legitimate"], c["escalation_warranted"])
        groups[(*key, tuple(case.get("offered", ())))].append(case)
    return groups.values()


def _without_zero_counts(state: dict) -> dict:
    return {**state, "counts": {m: n for m, n in state["counts"].items() if n}}


@pytest.mark.parametrize("logged", [True, False], ids=["logged", "unlogged"])
def test_single_turns_as_one_batch_give_the_same_numbers_and_effects(logged):
    """Logged, as the debrief explains a turn; unlogged, as the analyzer plays it (each move
    on the rows that have it): the same numbers either way."""
    problems = []
    for cases in _groups(DATA["turns"]):
        ctx = context(cases[0]["ctx"])
        batch = CustomerBatch.from_states([CustomerState.from_dict(c["state"]) for c in cases])
        delay = [np.nan if c["ctx"]["delay"] is None else c["ctx"]["delay"] for c in cases]
        log = Log()
        out = apply_turns(
            batch,
            encode_replies([c["moves"] for c in cases]),
            ctx,
            interrupted=np.array([c["ctx"]["interrupted"] for c in cases]),
            delay=np.array(delay),
            **({"log": log} if logged else {}),
        )
        moves = np.stack(out.moves, axis=1)
        for row, case in enumerate(cases):
            want = {**case["out"], "state": _without_zero_counts(case["out"]["state"])}
            got = {
                "state": _without_zero_counts(out.state.state(row).to_dict()),
                "moves": [MOVE_NAMES[c] for c in moves[row] if c != NO_MOVE],
                "reaction": REACTIONS[out.reaction[row]],
                "told": None if out.told[row] < 0 else int(out.told[row]),
            }
            if logged:  # the whole golden record, effects included
                effects = log.effects(row)
                got["effects"] = [[e.quantity, e.delta, e.reason, e.move] for e in effects]
            else:  # no log, no effects: the rest of the record
                want = {k: want[k] for k in got}
            problems += [f"{row}{d}" for d in same(want, json.loads(json.dumps(got)))]
    assert not problems, problems[:10]


def test_closing_judgements_as_one_batch():
    for cases in _groups(DATA["closes"]):
        ctx = context(cases[0]["ctx"])
        batch = CustomerBatch.from_states([CustomerState.from_dict(c["state"]) for c in cases])
        asked = np.array([ENDING_CODE[c["requested"]] for c in cases])
        buck = np.array(["pass_buck" in c["moves"] for c in cases])
        ending, _ = judge_closes(batch, asked, buck, ctx)
        assert [ENDINGS[e] for e in ending] == [c["out"]["judged"][0] for c in cases]


def test_epilogues_and_scores_as_one_batch():
    for cases in _groups(DATA["settles"]):
        ctx = context(cases[0]["ctx"])
        batch = CustomerBatch.from_states([CustomerState.from_dict(c["state"]) for c in cases])
        ending = np.array([ENDING_CODE[c["ending"]] for c in cases])
        curves = np.zeros((len(cases), 64))
        for row, c in enumerate(cases):
            curves[row, : len(c["curve"])] = c["curve"]
        lengths = np.array([len(c["curve"]) for c in cases])
        moves = np.zeros((len(cases), len(MOVE_NAMES) + 1), dtype=np.int64)
        for row, c in enumerate(cases):
            for m in c["moves"]:
                moves[row, MOVE_CODE[m]] += 1
        ep = settle_batch(batch, ending, (curves, lengths), moves, ctx)
        # One batch is one scenario: group by what it offers too.
        offered = {frozenset(c["offered"]) for c in cases}
        if len(offered) > 1:
            continue
        timed = np.array([c["timed"] for c in cases])
        facts = FactsBatch.of_batch(batch, ending, ep, moves, ctx, offered.pop(), timed)
        score = score_batch(facts)
        for row, c in enumerate(cases):
            want = c["out"]
            got = [ep.verdict_anger[row], ep.loyalty[row], ep.trust[row], score.total[row]]
            wanted = [
                want["epilogue"]["verdict"],
                want["epilogue"]["loyalty"],
                want["epilogue"]["state"]["trust"],
                want["score"]["total"],
            ]
            assert not same(wanted, [float(x) for x in got]), (row, wanted, got)
            n = len(cases)
            values = [
                float(np.broadcast_to(v, n)[row])
                for _, _, _, v, worth in score.criteria
                if np.broadcast_to(worth, n)[row] > 0
            ]
            assert not same([cr[2] for cr in want["score"]["criteria"]], values)
