"""The scenario analyzer: its batch of playthroughs is the engine, many times over."""

import json
import os
import sys

import numpy as np
import pytest

from sim.analysis import chunks
from sim.analysis.batch import Compiled, Start, play_batch
from sim.analysis.players import BEGINNER_WEIGHTS, Beginner, RandomPlayer
from sim.analysis.report import analyze, analyzer_figures, estimate_difficulty
from sim.engine import Session, Timing
from sim.model.endings import ENDINGS
from sim.model.state import MOVE_CODE
from sim.players import random_chooser
from sim.scoring.score import score_session
from tests.conftest import SHIPPED_IDS
from tests.test_cli import no_traceback, run

ON_LINUX = sys.platform.startswith("linux")
# Chi-square critical values at the 0.1% level, by degrees of freedom.
CHI2_999 = {1: 10.83, 2: 13.82, 3: 16.27, 4: 18.47, 5: 20.52}


def _engine_random(scenario, runs: int) -> tuple[np.ndarray, list[str]]:
    scores, endings = [], []
    for seed in range(runs):
        session = Session(scenario)
        session.reset(seed)
        pick = random_chooser(seed)
        while not session.done:
            session.step(pick(session))
        scores.append(score_session(session).total)
        endings.append(session.ending)
    return np.array(scores), endings


def _chi_square(a: np.ndarray, b: np.ndarray) -> tuple[float, int]:
    """Homogeneity of two count vectors; categories expected below 5 are pooled."""
    table = np.array([a, b], dtype=float)
    expected = table.sum(axis=1, keepdims=True) * table.sum(axis=0) / table.sum()
    small = expected.min(axis=0) < 5
    if small.any():
        table = np.column_stack([table[:, ~small], table[:, small].sum(axis=1)])
        table = table[:, table.sum(axis=0) > 0]
        expected = table.sum(axis=1, keepdims=True) * table.sum(axis=0) / table.sum()
    return float(((table - expected) ** 2 / expected).sum()), table.shape[1] - 1


@pytest.mark.parametrize("sid", SHIPPED_IDS)
def test_batch_statistics_match_the_engine_played_one_at_a_time(shipped, sid):
    scenario = shipped[sid]
    compiled = Compiled.of(scenario)
    batch = play_batch(
        compiled, RandomPlayer(), Start.opening(compiled, 20_000), np.random.default_rng(1)
    )
    scores, endings = _engine_random(scenario, 500)
    # Endings: the same distribution (chi-square at the 0.1% level).
    ours = np.bincount(batch.ending, minlength=len(ENDINGS))
    theirs = np.array([endings.count(e) for e in ENDINGS])
    statistic, df = _chi_square(ours, theirs)
    if df:
        assert statistic < CHI2_999[df], (ours, theirs)
    # Mean score: within four standard errors.
    error = np.sqrt(batch.total.var() / len(batch.total) + scores.var() / len(scores))
    assert abs(batch.total.mean() - scores.mean()) < 4 * error


class _Drawn:
    """Picks from pre-drawn numbers: option int(u * options) at turn t, cutting in where
    ``cut`` says (so the engine can replay exactly the same choices and timings)."""

    def __init__(self, u: np.ndarray, cut: np.ndarray):
        self.u, self.cut = u, cut

    def pick(self, compiled, beat, rows, turn, rng):
        choice = (self.u[rows, turn] * compiled.options[beat]).astype(np.int64)
        return choice, self.cut[rows, turn]


@pytest.mark.parametrize("sid", SHIPPED_IDS)
def test_fixed_choices_give_exactly_the_engine_numbers(shipped, sid):
    """Row by row, choice by choice (interruptions included), the same customer and score."""
    scenario = shipped[sid]
    compiled = Compiled.of(scenario)
    rng = np.random.default_rng(7)
    rows, turns = 40, 60
    u, cut = rng.random((rows, turns)), rng.random((rows, turns)) < 0.15
    played = play_batch(compiled, _Drawn(u, cut), Start.opening(compiled, rows), rng, True)
    for row in range(rows):
        session = Session(scenario)
        session.reset(0)
        for turn, choice in enumerate(played.choices[row]):
            if choice < 0:
                break
            session.step(int(choice), Timing(interrupted=bool(cut[row, turn])))
        assert session.done
        assert session.ending == ENDINGS[played.ending[row]]
        assert session.state == played.state.state(row)
        assert score_session(session).total == played.total[row]


@pytest.mark.parametrize("sid", SHIPPED_IDS)
def test_the_report_finds_a_winning_path_that_the_engine_replays(shipped, sid):
    scenario = shipped[sid]
    analysis = analyze(scenario, runs=2_000, measure_speed=False)
    data = json.loads(json.dumps(analysis.to_dict()))
    assert data["winnable"]
    session = Session(scenario)
    session.reset(0)
    for step in data["best_path"]:
        assert session.beat_id == step["beat"]
        session.step(step["choice"] - 1)
    assert session.done and session.ending == data["players"]["best"]["ending"]
    assert score_session(session).total == pytest.approx(data["scores"]["best"], abs=1e-9)
    assert data["scores"]["worst"] <= data["scores"]["median"] <= data["scores"]["best"]
    assert 1 <= data["difficulty"]["estimated"] <= 5
    for name in ("random", "beginner"):
        assert sum(data["endings"][name].values()) == pytest.approx(1.0)
        assert sum(data["histogram"][name]) == 2_000
    assert set(data["beats_reached"]) == set(scenario.beats)
    assert data["beats_reached"][scenario.start] == 1.0
    for beat in data["options_by_beat"]:
        assert len(beat["options"]) in (0, len(scenario.beats[beat["beat"]].options))


def test_difficulty_follows_how_rarely_an_unskilled_player_wins():
    assert estimate_difficulty(0.2, 0.1, 100_000) == 1
    assert estimate_difficulty(0.01, 0.01, 100_000) == 2
    assert estimate_difficulty(0.001, 0.0, 100_000) == 3
    assert estimate_difficulty(0.0, 0.0, 100_000) == 5
    assert estimate_difficulty(0.0, 0.0, 10) == 1  # too few runs to tell: no claim of hardness


def test_the_beginner_weights_name_real_moves_and_favour_the_tempting_ones(shipped):
    assert set(BEGINNER_WEIGHTS) <= set(MOVE_CODE)
    assert BEGINNER_WEIGHTS["excuse"] > 1 > BEGINNER_WEIGHTS["listen"]
    compiled = Compiled.of(shipped["surprise-charge"])
    weights = Beginner().option_weights(compiled)
    assert np.allclose(weights.sum(axis=1), 1.0)
    assert (weights[np.arange(weights.shape[1]) >= compiled.options[:, None]] == 0).all()


def test_analyze_json_has_the_documented_keys_and_plot_writes_a_png(tmp_path):
    png = tmp_path / "scores.png"
    result = run("analyze", "surprise-charge", "--runs", "2000", "--json", "--plot", str(png))
    no_traceback(result)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    for key in ("scenario", "runs", "winnable", "best_path", "scores", "players", "endings",
                "difficulty", "dominating_options", "never_good_options", "options_by_beat",
                "rare_beats", "beats_reached", "histogram", "speed", "rules"):  # fmt: skip
        assert key in data, key
    assert set(data["scores"]) == {"best", "worst", "median"}
    assert set(data["players"]) == {"random", "beginner", "best", "worst"}
    assert set(data["difficulty"]) == {"estimated", "declared"}
    assert set(data["speed"]) == {
        "engine_playthroughs_per_s",
        "batch_playthroughs_per_s",
        "speedup",
        "workers",
    }
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_analyze_text_report_and_a_bad_id(tmp_path):
    result = run("analyze", "surprise-charge", "--runs", "500")
    assert result.returncode == 0, result.stderr
    for words in ("Winnable: yes", "Difficulty: estimated", "Endings", "dominate", "never good",
                  "rarely reached", "Scores:", "Speed: engine"):  # fmt: skip
        assert words in result.stdout, words
    bad = run("analyze", "surprise-charg")
    no_traceback(bad)
    assert bad.returncode == 1 and "did you mean `surprise-charge`" in bad.stderr


def _tallies_equal(a: chunks.Tally, b: chunks.Tally) -> bool:
    return all(
        np.array_equal(getattr(a, name), getattr(b, name))
        for name in ("total", "ending", "won", "reached")
    )


@pytest.fixture
def small_chunks(monkeypatch):
    """Chunks of 300 runs, so that a test plays several of them in a blink."""
    monkeypatch.setattr(chunks, "CHUNK", 300)


def test_chunks_played_side_by_side_give_the_same_tally_as_one_by_one(shipped, small_chunks):
    compiled = Compiled.of(shipped["estimated-reading"])
    here = chunks.play_many(compiled, Beginner(), 1_000, np.random.default_rng(7), workers=1)
    side = chunks.play_many(compiled, Beginner(), 1_000, np.random.default_rng(7), workers=2)
    assert here.workers == 1
    assert side.workers == (2 if ON_LINUX else 1)  # forked on Linux only
    assert len(side.total) == 1_000 and _tallies_equal(here, side)
    assert 0.0 < side.reached.max() <= 1.0
    first, second = side.total[:300], side.total[300:600]
    assert not np.array_equal(first, second)  # each chunk draws its own runs
    other = chunks.play_many(compiled, Beginner(), 1_000, np.random.default_rng(8), workers=2)
    assert not np.array_equal(other.total, side.total)  # the seed still matters


@pytest.mark.skipif(not ON_LINUX, reason="workers are forked on Linux only")
def test_a_worker_lost_mid_analysis_leaves_its_chunks_to_this_process(
    shipped, small_chunks, monkeypatch
):
    compiled = Compiled.of(shipped["late-sofa"])
    expected = chunks.play_many(compiled, RandomPlayer(), 1_500, np.random.default_rng(4), 1)
    parent, play = os.getpid(), chunks._play_chunk

    def dies_on_its_second_chunk(compiled, player, size, seed):
        if os.getpid() != parent and seed[1] == 1:
            os._exit(9)  # as if killed (out of memory): no exception, no result
        return play(compiled, player, size, seed)

    monkeypatch.setattr(chunks, "_play_chunk", dies_on_its_second_chunk)  # forked along
    tally = chunks.play_many(compiled, RandomPlayer(), 1_500, np.random.default_rng(4), 2)
    assert tally.workers == 2 and _tallies_equal(expected, tally)


def test_workers_that_cannot_start_leave_the_chunks_to_this_process(
    shipped, small_chunks, monkeypatch
):
    def no_processes(*args, **kwargs):
        raise OSError("no more processes")

    compiled = Compiled.of(shipped["sea-view"])
    expected = chunks.play_many(compiled, RandomPlayer(), 700, np.random.default_rng(1), 1)
    monkeypatch.setattr(chunks, "ProcessPoolExecutor", no_processes)
    monkeypatch.setattr(chunks, "_forks", lambda: True)
    tally = chunks.play_many(compiled, RandomPlayer(), 700, np.random.default_rng(1), 2)
    assert tally.workers == 1 and _tallies_equal(expected, tally)


def test_the_bench_reports_the_analyzer_as_analyze_runs_it_and_in_one_process(small_chunks):
    figures = analyzer_figures(runs=900, seconds=0.02)
    for suffix in ("", "_one_process"):
        assert figures[f"analyzer_playthroughs_per_s{suffix}"] > 0
        slowest = figures[f"analyzer_slowest_scenario_per_s{suffix}"]
        assert 0 < slowest <= figures[f"analyzer_playthroughs_per_s{suffix}"]
    cores = min(chunks.MAX_WORKERS, chunks.usable_cores())
    assert figures["analyzer_workers"] == (cores if ON_LINUX else 1)
    assert figures["analyzer_speedup"] > 0
