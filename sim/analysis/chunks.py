"""Many playthroughs of one scenario: CHUNK at a time, side by side on the machine's cores.

A chunk is one batch (sim/analysis/batch.py) with its own random generator, seeded from
one draw of the caller's generator and the chunk's number. So the results are the same,
bit for bit, whether the chunks are played one after another in this process or by
worker processes in any order. Memory stays bounded at any ``--runs``: a process holds
one chunk at a time, and only a few numbers per run come back from it.

Workers are forked, so they start in milliseconds with the scenario already compiled.
Where processes are not forked (Windows and macOS start them afresh, which costs more
than a 100k-run analysis saves), where only one core is free, or if the workers cannot
be started, the chunks are played here, one by one, with the same results.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import warnings
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np

from sim.analysis.batch import Compiled, Start, play_batch

# Playthroughs per batch: each costs about 1.7 KB while it plays, so chunks keep the
# analyzer's memory bounded at any --runs. 25k beat 5k, 10k and 50k on every scenario.
CHUNK = 25_000
# Memory at a million runs, counted as PSS (each shared page split between the processes
# that share it), all processes together: one process 108 MB; two workers 183 MB for the
# whole of `analyze` (258 MB if each process's RSS is added up); four workers 301 MB. Two
# keep the analysis well inside 300 MB however the pages are counted.
MAX_WORKERS = 2


@dataclass
class Tally:
    """What the report keeps of many playthroughs: a few numbers per run, so memory stays
    bounded however many runs are asked for."""

    total: np.ndarray
    ending: np.ndarray
    won: np.ndarray
    reached: np.ndarray  # per beat, the share of conversations that passed through it
    workers: int = 1  # the processes that played the chunks (1: this one)


def usable_cores() -> int:
    """The cores this process may run on (a container or `taskset` may allow fewer)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def play_many(
    compiled: Compiled, player: Any, runs: int, rng: np.random.Generator, workers: int = 0
) -> Tally:
    """``runs`` playthroughs by ``player``, CHUNK at a time, on up to ``workers`` processes
    (0: as many as there are usable cores, at most MAX_WORKERS)."""
    sizes = [min(CHUNK, runs - begin) for begin in range(0, runs, CHUNK)]
    entropy = int(rng.integers(2**63))  # one draw, however many chunks there are
    jobs = [(size, (entropy, number)) for number, size in enumerate(sizes)]
    wanted = min(workers or usable_cores(), MAX_WORKERS, len(jobs))
    chunks = _in_workers(compiled, player, jobs, wanted) if wanted > 1 and _forks() else None
    used = wanted
    if chunks is None:  # one process (by choice, or because no worker could be started)
        chunks, used = [_play_chunk(compiled, player, *job) for job in jobs], 1
    return Tally(
        total=np.concatenate([c[0] for c in chunks]) if chunks else np.empty(0, np.float32),
        ending=np.concatenate([c[1] for c in chunks]) if chunks else np.empty(0, np.int8),
        won=np.concatenate([c[2] for c in chunks]) if chunks else np.empty(0, bool),
        reached=sum((c[3] for c in chunks), np.zeros(len(compiled.beat_ids))) / max(runs, 1),
        workers=used,
    )


Chunk = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]
Job = tuple[int, tuple[int, int]]  # a chunk's size and its generator's seed


def _play_chunk(compiled: Compiled, player: Any, size: int, seed: tuple[int, int]) -> Chunk:
    """One chunk: each run's score (to a millionth: plenty for a report), ending and
    whether it was won, and how many runs passed through each beat."""
    rng = np.random.default_rng(seed)
    played = play_batch(compiled, player, Start.opening(compiled, size), rng)
    return (
        played.total.astype(np.float32),
        played.ending.astype(np.int8),
        played.won,
        played.reached.sum(axis=0),
    )


def _forks() -> bool:
    """Whether worker processes can be forked here (Linux): started in milliseconds."""
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def _in_workers(compiled: Compiled, player: Any, jobs: list[Job], count: int) -> list[Chunk] | None:
    """The chunks, in order, played by ``count`` forked workers; None if no worker could
    be started (a process limit, no semaphores). Workers lost on the way (killed, out of
    memory) leave this process the chunks they had not sent back."""
    try:
        pool = ProcessPoolExecutor(
            count,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_start_worker,
            initargs=(compiled, player),
        )
    except (OSError, ImportError, NotImplementedError):
        return None
    try:
        try:
            with _forking():  # the workers are forked at the first submit
                futures = [pool.submit(_work, job) for job in jobs]
        except OSError:  # no process could be forked
            return None
        chunks = []
        for job, future in zip(jobs, futures, strict=True):
            try:
                chunks.append(future.result())
            except BrokenProcessPool:
                chunks.append(_play_chunk(compiled, player, *job))
        return chunks
    finally:  # Ctrl-C included: no chunk is started after this, and no worker outlives it
        pool.shutdown(wait=True, cancel_futures=True)


@contextmanager
def _forking() -> Iterator[None]:
    """Ctrl-C held back while the workers are forked and the pool's own thread starts: an
    interrupt in between would leave a worker that nothing tells to stop, and the exit
    waiting on it for ever. It arrives as soon as the pool can be shut down."""
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        with warnings.catch_warnings():
            # Python 3.12+ warns about forking a process with threads (NumPy's BLAS has
            # idle ones). A worker only plays batches: it never touches those threads' locks.
            warnings.simplefilter("ignore", DeprecationWarning)
            yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


_WORK: tuple[Compiled, Any] | None = None  # in a worker: what its chunks are played with


def _start_worker(compiled: Compiled, player: Any) -> None:
    global _WORK
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle...
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # (held back at the fork)
    _WORK = (compiled, player)


def _work(job: Job) -> Chunk:
    assert _WORK is not None, "a worker plays chunks only once started"
    return _play_chunk(*_WORK, *job)
