"""What a trainer wants to know about a scenario, from many simulated playthroughs.

``analyze(scenario)`` plays the scenario ``runs`` times with the random player and as many
with the nervous beginner (sim/analysis/players.py), all at once with NumPy, and once
each with the best and the worst player (the beam search of sim/players.py). It reports:

- whether the scenario can be won, and the best player's path, option by option;
- the best, worst and median score, and each player's endings and scores;
- an estimated difficulty (1-5), next to the one the file declares;
- per beat, the options that dominate (as good as the best, or nearly, whatever the
  situation) and the options that are never good, judged by the model over the situations
  players reached;
- the beats that rarely come up; a histogram of the scores.

The rules behind these words (also in the JSON, under "rules"):

- **won**: the ending is worth full marks in the rubric: resolved (for an imagined
  complaint: parted ways with dignity), and not through a broken promise or a passed buck.
- **difficulty**: how rarely a player without skill wins. ``p`` is the mean of the random
  and the beginner players' win rates (floored at 1 / (2 x runs)); the difficulty is
  ``-log10(p)`` rounded and kept within 1..5: p above about 3% gives 1, above 0.3% gives 2,
  above 0.03% gives 3, above 0.003% gives 4, and anything rarer 5.
- **judging an option**: up to JUDGED_STATES situations (customer state and beat) reached
  by the random and the beginner players are sampled per beat; from each, every option is
  taken and the conversation finished by a quick expert (the beam search with a beam of
  one: at each turn the option that leaves the customer best off, closing when that
  scores best). An option **dominates** when its score is within DOMINATES_WITHIN points
  of the best option's in at least DOMINATES_SHARE of the situations; it is **never good**
  when it is at least NEVER_GOOD_BY points below the best in at least NEVER_GOOD_SHARE.
- **rare beat**: reached in fewer than RARE_BEAT of the random player's playthroughs.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sim.analysis.batch import Compiled, Start, Visits, play_batch, score_endings, take_turn
from sim.analysis.chunks import play_many
from sim.analysis.players import Beginner, RandomPlayer, Scripted
from sim.engine import Session
from sim.model.endings import ENDINGS, NO_ENDING
from sim.players import outlook, random_chooser, search
from sim.scenario.models import Scenario
from sim.scoring.score import score_session

RUNS = 100_000
RARE_BEAT = 0.05
JUDGED_STATES = 48
VISIT_RUNS = 2_000
DOMINATES_WITHIN = 1.0
DOMINATES_SHARE = 0.9
NEVER_GOOD_BY = 5.0
NEVER_GOOD_SHARE = 0.95
HISTOGRAM_BINS = 20
RULES = {
    "won": "the ending is worth full marks in the rubric (resolved; for an imagined complaint, "
    "parted ways), not through a broken promise or a passed buck",
    "difficulty": "p = mean of the random and beginner win rates (floored at 1 / (2 x runs)); "
    "difficulty = round(-log10(p)) kept within 1..5",
    "judging": f"up to {JUDGED_STATES} situations reached per beat; each option taken, then "
    "finished by a quick expert (beam search, beam 1); dominates: within "
    f"{DOMINATES_WITHIN:g} points of the best in {DOMINATES_SHARE:.0%} of situations; never "
    f"good: {NEVER_GOOD_BY:g}+ points below the best in {NEVER_GOOD_SHARE:.0%}",
    "rare_beat": f"reached in fewer than {RARE_BEAT:.0%} of the random player's playthroughs",
}


def player_summary(name: str, total: np.ndarray, ending: np.ndarray, won: np.ndarray) -> dict:
    endings = {e: float(np.mean(ending == code)) for code, e in enumerate(ENDINGS)}
    return {
        "player": name,
        "runs": len(total),
        "won": float(np.mean(won)),
        "mean": float(np.mean(total)),
        "median": float(np.median(total)),
        "best": float(np.max(total)),
        "worst": float(np.min(total)),
        "p10": float(np.percentile(total, 10)),
        "p90": float(np.percentile(total, 90)),
        "endings": {e: share for e, share in endings.items() if share > 0},
    }


def estimate_difficulty(random_won: float, beginner_won: float, runs: int) -> int:
    p = max((random_won + beginner_won) / 2, 1.0 / (2 * runs))
    return int(min(5, max(1, round(-math.log10(p)))))


def histogram(scores: dict[str, np.ndarray], bins: int = HISTOGRAM_BINS) -> dict:
    edges = np.linspace(0.0, 100.0, bins + 1)
    return {
        "edges": edges.tolist(),
        **{name: np.histogram(s, bins=edges)[0].tolist() for name, s in scores.items()},
    }


def _replay(scenario: Scenario, choices: list[int]) -> Session:
    session = Session(scenario)
    session.reset(0)
    for choice in choices:
        session.step(choice)
    return session


def _path_player(scenario: Scenario, name: str, maximize: bool) -> dict:
    planner = Session(scenario)
    planner.reset(0)
    choices = search(planner, maximize)
    session = _replay(scenario, choices)
    score = score_session(session)
    return {
        "player": name,
        "score": score.total,
        "grade": score.grade,
        "ending": session.ending,
        "path": [{"beat": t.beat, "choice": t.choice, "text": t.text} for t in session.turns],
    }


def _quick_expert(compiled: Compiled, start: Start, first: np.ndarray) -> np.ndarray:
    """The score a quick expert reaches from each row after taking option ``first``: the
    beam search with a beam of one, for every row at once (row = its own search)."""
    n = len(first)
    best = np.full(n, -np.inf)
    root = np.arange(n)
    state, beat, curves, lengths = start.state, start.beat, start.curves, start.lengths
    choice = first
    while len(root):
        turn = take_turn(compiled, state, beat, choice)
        curves = curves.copy()
        curves[np.arange(len(root)), lengths] = turn.shown
        lengths = lengths + 1
        over = turn.ending != NO_ENDING
        if over.any():
            score, _ = score_endings(
                compiled, turn.state[over], turn.ending[over], curves[over], lengths[over]
            )
            np.maximum.at(best, root[over], score.total)
        going = np.flatnonzero(~over)
        if not len(going):
            break
        # Keep, for each search, the going-on conversation that leaves the customer best
        # off (the first of equals), and let it try every option next.
        value = outlook(turn.state[going])
        order = np.lexsort((-value, root[going]))
        _, firsts = np.unique(root[going][order], return_index=True)
        keep = going[order[firsts]]
        options = compiled.options[turn.beat[keep]]
        parent = np.repeat(keep, options)
        choice = np.concatenate([np.arange(k) for k in options])
        root, state, beat = root[parent], turn.state[parent], turn.beat[parent]
        curves, lengths = curves[parent], lengths[parent]
    return best


def judge_options(compiled: Compiled, visits: Start, rng: np.random.Generator) -> list[dict]:
    """Per beat: each option's score by the quick expert, over sampled situations."""
    picks, options = [], []
    for b in range(len(compiled.beat_ids)):
        rows = np.flatnonzero(visits.beat == b)
        if len(rows) > JUDGED_STATES:
            rows = rng.choice(rows, JUDGED_STATES, replace=False)
        k = int(compiled.options[b])
        picks.append(np.repeat(rows, k))
        options.append(np.tile(np.arange(k), len(rows)))
    rows, first = np.concatenate(picks), np.concatenate(options)
    value = _quick_expert(compiled, visits[rows], first)
    beats = []
    at = 0
    for b, beat_id in enumerate(compiled.beat_ids):
        k = int(compiled.options[b])
        situations = len(picks[b]) // k
        q = value[at : at + situations * k].reshape(situations, k)
        at += situations * k
        if not situations:
            beats.append({"beat": beat_id, "situations": 0, "options": []})
            continue
        gap = q.max(axis=1, keepdims=True) - q
        judged = []
        for o in range(k):
            near = float(np.mean(gap[:, o] <= DOMINATES_WITHIN))
            far = float(np.mean(gap[:, o] >= NEVER_GOOD_BY))
            judged.append(
                {
                    "choice": o + 1,
                    "text": compiled.option_text(b, o),
                    "mean_score": float(q[:, o].mean()),
                    "best_share": near,
                    "dominates": near >= DOMINATES_SHARE,
                    "never_good": far >= NEVER_GOOD_SHARE,
                }
            )
        beats.append({"beat": beat_id, "situations": situations, "options": judged})
    return beats


def engine_rate(scenario: Scenario, seconds: float = 1.0, at_least: int = 50) -> float:
    """Playthroughs a second, one at a time through the engine (Session), random player."""
    played, took = _engine_plays(scenario, seconds, at_least)
    return played / took


def _engine_plays(scenario: Scenario, seconds: float, at_least: int) -> tuple[int, float]:
    played, started = 0, time.perf_counter()
    while played < at_least or time.perf_counter() - started < seconds:
        session = Session(scenario)
        session.reset(played)
        pick = random_chooser(played)
        while not session.done:
            session.step(pick(session))
        played += 1
    return played, time.perf_counter() - started


def analyzer_figures(runs: int = RUNS, seconds: float = 0.5) -> dict[str, float]:
    """For ``bench --json``: the analyzer's playthroughs a second (random player, ``runs``
    on every shipped scenario, played as ``analyze`` plays them: in chunks, on its workers,
    see sim/analysis/chunks.py), over them all and on the slowest scenario; the same in one
    process; and how many times faster ``analyze`` is than playing one at a time through
    the engine (Session), measured in the same run."""
    from sim.scenario.catalog import shipped_files
    from sim.scenario.errors import ScenarioError
    from sim.scenario.loader import load_scenario

    ways = {"": 0, "_one_process": 1}  # figure suffix: workers (0: as analyze picks)
    batch = {suffix: [0, 0.0, float("inf")] for suffix in ways}  # runs, seconds, slowest
    engine = [0, 0.0]
    workers = 1
    rng = np.random.default_rng(0)
    for path in shipped_files():
        try:
            scenario = load_scenario(path)
        except ScenarioError:
            continue  # a broken file is `validate`'s business
        compiled = Compiled.of(scenario)
        play_batch(compiled, RandomPlayer(), Start.opening(compiled, 100), rng)  # warm up
        for suffix, count in ways.items():
            started = time.perf_counter()
            tally = play_many(compiled, RandomPlayer(), runs, rng, workers=count)
            took = time.perf_counter() - started
            figures = batch[suffix]
            figures[0] += runs
            figures[1] += took
            figures[2] = min(figures[2], runs / took)
            workers = max(workers, tally.workers)
        played, took = _engine_plays(scenario, seconds, 20)
        engine[0] += played
        engine[1] += took
    results: dict[str, float] = {}
    for suffix, (played, took, slowest) in batch.items():
        results[f"analyzer_playthroughs_per_s{suffix}"] = round(played / took)
        results[f"analyzer_slowest_scenario_per_s{suffix}"] = round(slowest)
    results["analyzer_workers"] = workers
    results["analyzer_speedup"] = round(
        results["analyzer_playthroughs_per_s"] / (engine[0] / engine[1]), 1
    )
    return results


@dataclass
class Analysis:
    scenario: Scenario
    runs: int
    players: dict[str, dict]
    best: dict
    worst: dict
    difficulty: int
    beats: list[dict]
    reached: dict[str, float]
    histogram: dict
    speed: dict[str, float] = field(default_factory=dict)

    @property
    def winnable(self) -> bool:
        return bool(self.best["won"])

    def to_dict(self) -> dict[str, Any]:
        s = self.scenario
        return {
            "scenario": s.id,
            "title": s.title,
            "runs": self.runs,
            "winnable": self.winnable,
            "best_path": self.best["path"],
            "scores": {
                "best": self.best["score"],
                "worst": self.worst["score"],
                "median": self.players["random"]["median"],
            },
            "players": {**self.players, "best": self.best, "worst": self.worst},
            "endings": {name: p["endings"] for name, p in self.players.items()}
            | {"best": {self.best["ending"]: 1.0}, "worst": {self.worst["ending"]: 1.0}},
            "difficulty": {"estimated": self.difficulty, "declared": s.difficulty},
            "dominating_options": [
                {"beat": b["beat"], "choice": o["choice"], "text": o["text"]}
                for b in self.beats
                for o in b["options"]
                if o["dominates"]
            ],
            "never_good_options": [
                {"beat": b["beat"], "choice": o["choice"], "text": o["text"]}
                for b in self.beats
                for o in b["options"]
                if o["never_good"]
            ],
            "options_by_beat": self.beats,
            "rare_beats": [
                {"beat": b, "reached": share}
                for b, share in self.reached.items()
                if share < RARE_BEAT
            ],
            "beats_reached": self.reached,
            "histogram": self.histogram,
            "speed": self.speed,
            "rules": RULES,
        }


def analyze(
    scenario: Scenario, runs: int = RUNS, seed: int = 0, measure_speed: bool = True
) -> Analysis:
    compiled = Compiled.of(scenario)
    rng = np.random.default_rng(seed)
    started = time.perf_counter()
    randoms = play_many(compiled, RandomPlayer(), runs, rng)
    batch_seconds = time.perf_counter() - started
    beginners = play_many(compiled, Beginner(), runs, rng)
    players = {
        "random": player_summary("random", randoms.total, randoms.ending, randoms.won),
        "beginner": player_summary("beginner", beginners.total, beginners.ending, beginners.won),
    }
    best = _path_player(scenario, "best", True)
    worst = _path_player(scenario, "worst", False)
    for p in (best, worst):
        p["won"] = _won(compiled, p["path"])

    visits = Visits()
    for player in (RandomPlayer(), Beginner()):
        start = Start.opening(compiled, min(VISIT_RUNS, runs))
        play_batch(compiled, player, start, rng, visits=visits)
    beats = judge_options(compiled, visits.all(), rng)

    reached = dict(zip(compiled.beat_ids, randoms.reached.tolist(), strict=True))
    analysis = Analysis(
        scenario=scenario,
        runs=runs,
        players=players,
        best=best,
        worst=worst,
        difficulty=estimate_difficulty(players["random"]["won"], players["beginner"]["won"], runs),
        beats=beats,
        reached=reached,
        histogram=histogram({"random": randoms.total, "beginner": beginners.total}),
    )
    if measure_speed:
        engine = engine_rate(scenario, seconds=min(1.0, runs / 20_000))
        batch = runs / batch_seconds
        analysis.speed = {
            "engine_playthroughs_per_s": engine,
            "batch_playthroughs_per_s": batch,
            "speedup": batch / engine,
            "workers": randoms.workers,
        }
    return analysis


def _won(compiled: Compiled, path: list[dict]) -> bool:
    """Whether a path (options as the engine took them) wins, by the batch's own rules."""
    choices = np.array([[step["choice"] - 1 for step in path]])
    start = Start.opening(compiled, 1)
    played = play_batch(compiled, Scripted(choices), start, np.random.default_rng(0))
    return bool(played.won[0])
