"""The same seed gives the same call in another process: no hidden dependence on set or dict
order under a different hash seed, on import order, or on state left by an earlier run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Every shipped scenario played from seed 0 with replies drawn by a seeded generator, to its
# ending; the full run record (score, debrief, the "say this instead" search), hashed.
PLAY = """
import hashlib, json
import numpy as np
from sim.engine import Session
from sim.records.record import build_record
from sim.scenario.catalog import catalog

digest = hashlib.sha256()
for entry in catalog():
    if entry.scenario is None:
        continue
    session = Session(entry.scenario)
    session.reset(0)
    pick = np.random.default_rng(0)
    while not session.done:
        session.step(int(pick.integers(len(session.options))))
    digest.update(json.dumps(build_record(session, "p"), sort_keys=True).encode())
print(digest.hexdigest())
"""


def run_in_a_process(hash_seed: str, home: Path) -> str:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed, "DEFUSE_HOME": str(home)}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    done = subprocess.run(
        [sys.executable, "-c", PLAY], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip()


def test_two_processes_with_different_hash_seeds_play_the_same_calls(tmp_path):
    first = run_in_a_process("1", tmp_path / "a")
    second = run_in_a_process("2", tmp_path / "b")
    assert len(first) == 64 and first == second


def test_the_analyzer_reports_the_same_in_two_processes(tmp_path):
    """The batch of playthroughs (players, chunks, random draws) under one --seed."""
    argv = [sys.executable, str(ROOT / "main.py"), "analyze", "surprise-charge"]
    argv += ["--runs", "3000", "--seed", "5", "--json"]
    reports = []
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed, "DEFUSE_HOME": str(tmp_path / hash_seed)}
        done = subprocess.run(argv, env=env, cwd=ROOT, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr[-2000:]
        reports.append(without_timings(json.loads(done.stdout)))
    assert reports[0] and reports[0] == reports[1]


def without_timings(report):
    """The report less its speed figures (playthroughs per second), which vary by run."""
    if isinstance(report, dict):
        return {
            k: without_timings(v)
            for k, v in report.items()
            if not (k.endswith("_per_s") or k == "speedup")
        }
    if isinstance(report, list):
        return [without_timings(v) for v in report]
    return report
