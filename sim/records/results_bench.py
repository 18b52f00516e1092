"""`python main.py results bench`: what storing a run and reporting on a class cost.

Figures only (printed, never asserted): the machine and its load decide them.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path


def main_bench(runs: int = 1000) -> int:
    from sim.records.class_report import build_report
    from sim.records.results import ResultsStore, save_run
    from sim.records.results_csv import to_csv
    from sim.records.sample import fill_store, sample_runs
    from sim.records.xapi import statements

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "results.sqlite3"
        played = sample_runs(12)
        with ResultsStore(path) as store:
            start = time.perf_counter()
            fill_store(store, runs, distinct=12)
            fill = time.perf_counter() - start
        print(f"store {runs} runs in one connection: {1000 * fill / runs:.1f} ms a run")
        notices: list[str] = []
        store_times = []
        for record, scenario in played:
            start = time.perf_counter()
            save_run(record, scenario, learner="bench", started_at=time.time(), notices=notices,
                     path=path)  # fmt: skip
            store_times.append(time.perf_counter() - start)
        print(
            f"store one run as the game does (open and check, write, close) into a database of "
            f"{runs} runs: median {1000 * statistics.median(store_times):.1f} ms, worst "
            f"{1000 * max(store_times):.1f} ms over {len(store_times)} runs"
        )
        with ResultsStore(path) as store:
            start = time.perf_counter()
            loaded = store.runs()
            load = time.perf_counter() - start
        start = time.perf_counter()
        page = build_report(loaded)
        report = time.perf_counter() - start
        print(
            f"report for {len(loaded)} runs: {load + report:.2f} s "
            f"(load {load:.2f} s, build {report:.2f} s), {len(page) / 1e6:.2f} MB of HTML"
        )
        start = time.perf_counter()
        to_csv(loaded)
        print(f"csv for {len(loaded)} runs: {time.perf_counter() - start:.2f} s")
        start = time.perf_counter()
        count = sum(1 for run in loaded for _ in statements(run))
        print(f"xapi for {len(loaded)} runs: {count} statements in "
              f"{time.perf_counter() - start:.2f} s")  # fmt: skip
        print(f"database size for {len(loaded)} runs: {path.stat().st_size / 1e6:.1f} MB")
    return 0
