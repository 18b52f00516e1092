"""Developer check: how the built-in players do on one scenario (best, worst, random mean).

.venv/bin/python tools/policy_check.py scenarios/ID.yaml
"""

import sys
import time

from sim.engine import Session
from sim.players import play
from sim.records.record import build_record
from sim.scenario.loader import load_scenario


def run(path: str) -> None:
    scenario = load_scenario(path)
    for policy, seeds in (("best", range(3)), ("worst", range(3)), ("random", range(12))):
        start = time.perf_counter()
        results = []
        for seed in seeds:
            session = Session(scenario)
            session.reset(seed)
            play(session, policy, seed)
            record = build_record(session)
            results.append((record["score"], record["ending"], session.choices()))
        scores = [r[0] for r in results]
        endings = sorted({r[1] for r in results})
        print(
            f"{policy:<6} mean {sum(scores) / len(scores):5.1f}  scores {scores}  "
            f"endings {endings}  ({time.perf_counter() - start:.1f}s)"
        )
        if policy != "random":
            print(f"       path {results[0][2]}")


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        print(arg)
        run(arg)
