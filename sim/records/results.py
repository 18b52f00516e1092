"""The results store: every run, solo or in class, in one SQLite database.

One file in the user data folder (``results.sqlite3``), written with the standard library's
sqlite3 in WAL mode so a class server and a report can use it at once. The schema carries a
version (``PRAGMA user_version``) and grows by the migrations below, never by editing one.

A database that cannot be read is moved aside (renamed, nothing deleted), one notice says
where it went, and a new one is started. Earlier JSON records and best scores are imported
once, the first time the store is opened.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sim.fileio import read_limited
from sim.scenario.yaml_source import MAX_BYTES

if TYPE_CHECKING:
    from sim.engine import Session
    from sim.scenario.models import Scenario

DB_NAME = "results.sqlite3"
LEGACY_IMPORT = "json-records-and-best-scores"
MAX_LEGACY_FILE = 5_000_000  # bytes: an earlier record is far smaller; skip anything bigger
# Namespace for run ids made from earlier files, so importing twice gives the same ids.
RUN_NAMESPACE = uuid.UUID("6f1d1b52-3a4e-5c1e-9f0a-2f6b9b5d7c11")

# Each entry moves the schema one version up. Append only: a released database may be at
# any earlier version.
MIGRATIONS: list[str] = [
    # 1: runs and their score per principle (rubric section.criterion)
    """
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        run_id TEXT NOT NULL UNIQUE,
        learner TEXT NOT NULL DEFAULT '',
        grp TEXT NOT NULL DEFAULT '',
        session TEXT NOT NULL DEFAULT '',
        facilitator TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL DEFAULT 'solo',
        scenario TEXT NOT NULL,
        scenario_version TEXT NOT NULL DEFAULT '',
        attempt INTEGER NOT NULL,
        started_at TEXT,
        completed_at TEXT,
        duration_s REAL,
        score INTEGER,
        grade TEXT,
        outcome TEXT NOT NULL,
        final_anger REAL,
        final_trust REAL,
        turns INTEGER NOT NULL DEFAULT 0,
        record TEXT NOT NULL
    );
    CREATE INDEX runs_learner ON runs (learner, scenario);
    CREATE INDEX runs_started ON runs (started_at);
    CREATE TABLE principles (
        run INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        principle TEXT NOT NULL,
        label TEXT NOT NULL,
        value REAL NOT NULL,
        points REAL NOT NULL,
        possible REAL NOT NULL,
        PRIMARY KEY (run, principle)
    );
    """,
    # 2: what was sent to which learning record store, and which one-off imports ran
    """
    CREATE TABLE sent (
        statement_id TEXT NOT NULL,
        lrs TEXT NOT NULL,
        sent_at TEXT NOT NULL,
        PRIMARY KEY (statement_id, lrs)
    );
    CREATE TABLE imports (name TEXT PRIMARY KEY, done_at TEXT NOT NULL, count INTEGER NOT NULL);
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)


class ResultsUnavailable(Exception):
    """The store cannot be used here (the path is not a plain file, or not writable)."""


def default_path() -> Path:
    from sim.records.userdata import data_dir

    return data_dir() / DB_NAME


def now_iso(ts: float | None = None) -> str:
    moment = dt.datetime.fromtimestamp(time.time() if ts is None else ts, dt.UTC)
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")


def scenario_version(scenario: Scenario) -> str:
    """A short fingerprint of the scenario as played: edits to the file change it."""
    explicit = getattr(scenario, "version", None)
    if explicit:
        return str(explicit)
    source = scenario.source
    try:
        data = read_limited(source, MAX_BYTES) if source else b""
    except OSError:
        data = b""
    data = data or scenario.model_dump_json(warnings=False).encode("utf-8")
    return "sha-" + hashlib.sha256(data).hexdigest()[:10]


@dataclass(frozen=True)
class Run:
    """One stored run, as listed and exported (the full record is loaded on demand)."""

    id: int
    run_id: str
    learner: str
    group: str
    session: str
    facilitator: str
    source: str
    scenario: str
    scenario_version: str
    attempt: int
    started_at: str | None
    completed_at: str | None
    duration_s: float | None
    score: int | None
    grade: str | None
    outcome: str
    final_anger: float | None
    final_trust: float | None
    turns: int
    principles: dict[str, float]  # section.criterion -> 0..1
    record_json: str

    @property
    def record(self) -> dict[str, Any]:
        return json.loads(self.record_json)

    @property
    def score_scaled(self) -> float | None:
        return None if self.score is None else round(self.score / 100, 4)


@dataclass(frozen=True)
class Filters:
    learner: str | None = None
    group: str | None = None
    scenario: str | None = None
    since: str | None = None  # ISO date or time, compared with started_at
    until: str | None = None  # a bare date includes the whole day


class ResultsStore:
    def __init__(self, path: Path | str | None = None, notices: list[str] | None = None):
        self.path = Path(path) if path else default_path()
        self.notices = notices if notices is not None else []
        self.db = self._open()

    # opening, migrating, setting aside ----------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        if self.path.is_symlink() or (self.path.exists() and not self.path.is_file()):
            raise ResultsUnavailable(
                f"{self.path} is not a plain file; move it away so Defuse can keep results there"
            )
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ResultsUnavailable(f"{self.path.parent}: {exc.strerror}") from None
        try:
            return self._connect()
        except sqlite3.DatabaseError as exc:
            kept = self._set_aside()
            self.notices.append(
                f"{self.path}: the results database could not be read ({exc}); it was kept as "
                f"{kept} and a new one was started"
            )
            return self._connect()

    def _connect(self) -> sqlite3.Connection:
        try:
            db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        except sqlite3.OperationalError as exc:
            raise ResultsUnavailable(f"{self.path}: {exc}") from None
        try:
            db.execute("PRAGMA busy_timeout = 10000")
            if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise sqlite3.DatabaseError("the integrity check failed")
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
            db.execute("PRAGMA foreign_keys = ON")
            self._migrate(db)
        except sqlite3.OperationalError as exc:
            db.close()
            if "readonly" in str(exc) or "unable to open" in str(exc):
                raise ResultsUnavailable(f"{self.path}: {exc}") from None
            raise sqlite3.DatabaseError(str(exc)) from None
        except BaseException:
            db.close()
            raise
        return db

    @staticmethod
    def _migrate(db: sqlite3.Connection) -> None:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise ResultsUnavailable(
                f"the results database is from a newer Defuse (schema {version}); update Defuse"
            )
        for number in range(version, SCHEMA_VERSION):
            db.execute("BEGIN IMMEDIATE")
            try:
                for statement in MIGRATIONS[number].split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute(f"PRAGMA user_version = {number + 1}")
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise

    def _set_aside(self) -> Path:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        kept = self.path.with_name(f"{self.path.name}.broken-{stamp}")
        self.path.replace(kept)
        for suffix in ("-wal", "-shm"):
            extra = self.path.with_name(self.path.name + suffix)
            if extra.is_file() and not extra.is_symlink():
                extra.replace(kept.with_name(kept.name + suffix))
        return kept

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> ResultsStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    # writing ------------------------------------------------------------------------------

    def add(
        self,
        record: dict[str, Any],
        *,
        learner: str = "",
        group: str = "",
        session: str = "",
        facilitator: str = "",
        source: str = "solo",
        scenario_version: str = "",
        started_at: str | None = None,
        completed_at: str | None = None,
        run_id: str | None = None,
        duration_s: float | None = None,
    ) -> int:
        """Store one run (a finished record, or a partial one with ``abandoned``); its row id."""
        completed_at = completed_at or now_iso()
        duration = (
            duration_s if duration_s is not None else _seconds_between(started_at, completed_at)
        )
        abandoned = bool(record.get("abandoned"))
        final = record.get("final") or {}
        principles = [
            c
            for section in (record.get("breakdown") or {}).values()
            for c in section.get("criteria", [])
        ]
        db = self.db
        db.execute("BEGIN IMMEDIATE")  # the attempt number and the row go in together
        try:
            attempt = (
                1
                + db.execute(
                    "SELECT count(*) FROM runs WHERE learner = ? AND scenario = ?",
                    (learner, record["scenario"]),
                ).fetchone()[0]
            )
            cursor = db.execute(
                "INSERT INTO runs (run_id, learner, grp, session, facilitator, source, scenario,"
                " scenario_version, attempt, started_at, completed_at, duration_s, score, grade,"
                " outcome, final_anger, final_trust, turns, record)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    run_id or str(uuid.uuid4()),
                    learner,
                    group,
                    session,
                    facilitator,
                    source,
                    record["scenario"],
                    scenario_version,
                    attempt,
                    started_at,
                    completed_at,
                    duration,
                    None if abandoned else record.get("score"),
                    None if abandoned else record.get("grade"),
                    "abandoned" if abandoned else (record.get("ending") or "unknown"),
                    final.get("anger"),
                    final.get("trust"),
                    len(record.get("turns") or []),
                    json.dumps(record, ensure_ascii=False),
                ),
            )
            row = cursor.lastrowid
            db.executemany(
                "INSERT OR REPLACE INTO principles VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (
                        row,
                        f"{c['section']}.{c['criterion']}",
                        c.get("label", ""),
                        c["value"],
                        c.get("points", 0.0),
                        c.get("possible", 0.0),
                    )
                    for c in principles
                ],
            )
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        assert row is not None
        return row

    # reading ------------------------------------------------------------------------------

    def runs(self, filters: Filters | None = None) -> list[Run]:
        where, params = _where(filters or Filters())
        rows = self.db.execute(
            "SELECT id, run_id, learner, grp, session, facilitator, source, scenario,"
            " scenario_version, attempt, started_at, completed_at, duration_s, score, grade,"
            " outcome, final_anger, final_trust, turns, record FROM runs"
            f"{where} ORDER BY coalesce(started_at, completed_at), id",
            params,
        ).fetchall()
        scores: dict[int, dict[str, float]] = {row[0]: {} for row in rows}
        if rows:
            for run, principle, value in self.db.execute(
                "SELECT run, principle, value FROM principles"
            ):
                if run in scores:
                    scores[run][principle] = value
        return [Run(*row[:19], principles=scores[row[0]], record_json=row[19]) for row in rows]

    def principle_labels(self) -> dict[str, str]:
        return dict(self.db.execute("SELECT principle, label FROM principles GROUP BY principle"))

    def count(self) -> int:
        return self.db.execute("SELECT count(*) FROM runs").fetchone()[0]

    # what went to a learning record store -------------------------------------------------

    def sent_ids(self, lrs: str) -> set[str]:
        return {
            r[0] for r in self.db.execute("SELECT statement_id FROM sent WHERE lrs = ?", (lrs,))
        }

    def mark_sent(self, lrs: str, ids: Iterable[str]) -> None:
        stamp = now_iso()
        self.db.execute("BEGIN IMMEDIATE")
        try:
            self.db.executemany(
                "INSERT OR IGNORE INTO sent VALUES (?, ?, ?)", [(i, lrs, stamp) for i in ids]
            )
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    # the one-off import of earlier files --------------------------------------------------

    def import_legacy(self, data: Path) -> int:
        """Import earlier JSON run records and best scores, once; how many runs came in."""
        if self.db.execute("SELECT 1 FROM imports WHERE name = ?", (LEGACY_IMPORT,)).fetchone():
            return 0
        count = 0
        skipped = 0
        imported_best: set[tuple[str, str, int]] = set()
        for path in sorted((data / "debriefs").glob("*/record.json")):
            record = _read_json(path)
            if not isinstance(record, dict) or not isinstance(record.get("scenario"), str):
                skipped += 1
                continue
            stamp = _iso_from_mtime(path)
            player = record.get("player") if isinstance(record.get("player"), str) else ""
            try:
                self.add(
                    record,
                    learner=player,
                    source="imported",
                    completed_at=stamp,
                    run_id=str(uuid.uuid5(RUN_NAMESPACE, str(path.parent.name))),
                )
            except (KeyError, TypeError, ValueError, sqlite3.IntegrityError):
                skipped += 1
                continue
            if isinstance(record.get("score"), int):
                imported_best.add((player, record["scenario"], record["score"]))
            count += 1
        best = _read_json(data / "results.json")
        table = best.get("best") if isinstance(best, dict) else None
        for player, scores in (table or {}).items():
            if not isinstance(scores, dict):
                continue
            for scenario, score in scores.items():
                if not isinstance(score, int) or (player, scenario, score) in imported_best:
                    continue  # already there with its full record
                self.add(
                    {"scenario": scenario, "score": score, "player": player, "best_only": True},
                    learner=player,
                    source="imported-best",
                    completed_at=_iso_from_mtime(data / "results.json"),
                    run_id=str(uuid.uuid5(RUN_NAMESPACE, f"best/{player}/{scenario}/{score}")),
                )
                count += 1
        self.db.execute("INSERT INTO imports VALUES (?, ?, ?)", (LEGACY_IMPORT, now_iso(), count))
        if count:
            self.notices.append(f"{count} earlier result(s) were added to {self.path}")
        if skipped:
            self.notices.append(f"{skipped} earlier record file(s) could not be read; left as is")
        return count


def _where(f: Filters) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    for column, value in (("learner", f.learner), ("grp", f.group), ("scenario", f.scenario)):
        if value is not None:
            clauses.append(f"{column} = ?")
            params.append(value)
    if f.since:
        clauses.append("coalesce(started_at, completed_at) >= ?")
        params.append(f.since)
    if f.until:
        clauses.append("coalesce(started_at, completed_at) <= ?")
        # A bare date means the whole of that day.
        params.append(f.until + "T99" if len(f.until) == 10 else f.until)
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def _seconds_between(start: str | None, end: str | None) -> float | None:
    if not start or not end:
        return None
    try:
        a = dt.datetime.fromisoformat(start.replace("Z", "+00:00"))
        b = dt.datetime.fromisoformat(end.replace("Z", "+00:00"))
    except ValueError:
        return None
    return round((b - a).total_seconds(), 1)


def _read_json(path: Path) -> Any:
    try:
        if not path.is_file() or path.stat().st_size > MAX_LEGACY_FILE:
            return None
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return None


def _iso_from_mtime(path: Path) -> str | None:
    try:
        return now_iso(path.stat().st_mtime)
    except OSError:
        return None


# what the front ends call -----------------------------------------------------------------


def open_store(notices: list[str], path: Path | str | None = None) -> ResultsStore | None:
    """The store, with earlier files imported; None (and a notice) when it cannot be used."""
    try:
        store = ResultsStore(path, notices)
        if path is None:
            from sim.records.userdata import data_dir

            store.import_legacy(data_dir())
        return store
    except (ResultsUnavailable, sqlite3.Error, OSError) as exc:
        notices.append(f"results are not being kept: {exc}")
        return None


def save_run(
    record: dict[str, Any],
    scenario: Scenario,
    *,
    learner: str,
    started_at: float,
    notices: list[str],
    group: str = "",
    session: str = "",
    facilitator: str = "",
    source: str = "solo",
    path: Path | str | None = None,
) -> int | None:
    """Store a run before its debrief shows; None (and a notice) if it could not be kept."""
    ended = time.time()
    store = open_store(notices, path)
    if store is None:
        return None
    try:
        with store:
            return store.add(
                record,
                learner=learner,
                group=group,
                session=session,
                facilitator=facilitator,
                source=source,
                scenario_version=scenario_version(scenario),
                started_at=now_iso(started_at),
                completed_at=now_iso(ended),
                duration_s=round(max(0.0, ended - started_at), 1),
            )
    except (sqlite3.Error, OSError) as exc:
        notices.append(f"this run could not be added to the results ({exc})")
        return None


def abandoned_record(session: Session, player: str = "") -> dict[str, Any]:
    """What is known of a call left before its end: the turns played and where it stood."""
    return {
        "record_version": 1,
        "abandoned": True,
        "scenario": session.scenario.id,
        "title": session.scenario.title,
        "seed": session.seed,
        "player": player,
        "choices": session.choices(),
        "start": {k: round(v, 2) for k, v in _start_gauges(session).items()},
        "turns": [
            {
                "turn": t.number,
                "beat": t.beat,
                "choice": t.choice,
                "text": t.text,
                "moves": list(t.counted_moves),
                "timing": t.timing.to_dict(),
                "state": {k: round(v, 2) for k, v in t.after.to_dict().items()},
            }
            for t in session.turns
        ],
        "ending": None,
        "final": {k: round(v) for k, v in session.state.shown().items()},
    }


def _start_gauges(session: Session) -> dict[str, float]:
    if session.turns:
        return session.turns[0].before.to_dict()
    return {k: float(v) for k, v in session.state.shown().items()}


def keep_terminal_run(
    record: dict[str, Any] | None, session: Session, player: str, started: float, *, stored: bool
) -> None:
    """The terminal game's hook: store a finished (or abandoned) run, notices to stderr."""
    if not stored or (record is None and not session.turns):
        return
    import sys

    notices: list[str] = []
    save_run(
        record if record is not None else abandoned_record(session, player),
        session.scenario,
        learner=player,
        started_at=started,
        notices=notices,
    )
    for notice in notices:
        print(f"note: {notice}", file=sys.stderr)
