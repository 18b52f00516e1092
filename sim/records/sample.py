"""A made-up class for tests and the bench: real runs of the shipped scenarios by random
players and good ones (a scenario's first self-test path), with learners, groups and times
spread over a few days."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np

from sim.engine import Session
from sim.players import play
from sim.records.record import build_record
from sim.records.results import ResultsStore, abandoned_record, now_iso, scenario_version
from sim.scenario.catalog import catalog

LEARNERS = ["Ada", "Ben", "Chloé", "Dev", "Eun-ji", "Farid", "Greta", "<Hugo & co>"]


def sample_runs(count: int, seed: int = 0) -> list[tuple[dict, object]]:
    """``count`` (record, scenario) pairs; about one in ten is left midway."""
    scenarios = [e.scenario for e in catalog() if e.scenario]
    rng = np.random.default_rng(seed)
    out = []
    for i in range(count):
        scenario = scenarios[i % len(scenarios)]
        session = Session(scenario)
        session.reset(int(rng.integers(1_000_000)))
        if rng.random() < 0.1:
            while len(session.turns) < 2 and not session.done:
                session.step(int(rng.integers(len(session.options))))
            if not session.done:
                out.append((abandoned_record(session), scenario))
                continue
        if rng.random() < 0.3 and scenario.tests:  # a good player: the trainer's own path
            for choice in scenario.tests[0].choices:
                if session.done:
                    break
                session.step(int(choice) - 1)
        if not session.done:
            play(session, "random", int(rng.integers(1000)))
        out.append((build_record(session), scenario))
    return out


def fill_store(store: ResultsStore, count: int, seed: int = 0, distinct: int | None = None) -> None:
    """Store ``count`` runs; ``distinct`` plays only that many and reuses them (faster)."""
    played = sample_runs(min(count, distinct or count), seed)
    start = time.time() - 3 * 86400
    for i in range(count):
        record, scenario = played[i % len(played)]
        learner = LEARNERS[i % len(LEARNERS)]
        began = start + i * 60
        in_class = i % 3 == 0
        store.add(
            {**record, "player": learner},
            learner=learner,
            group=f"team {1 + i % 2}" if in_class else "",
            session="workshop-1" if in_class else "",
            facilitator="Sam Trainer" if in_class else "",
            source="class" if in_class else "solo",
            scenario_version=scenario_version(scenario),
            started_at=now_iso(began),
            completed_at=now_iso(began + 45 + i % 120),
        )


def make_store(path: Path, count: int, seed: int = 0, distinct: int | None = None) -> Path:
    with ResultsStore(path) as store:
        fill_store(store, count, seed, distinct)
    return path
