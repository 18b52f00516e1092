"""The runs as CSV: one row per run, then one column per principle of the rubric."""

from __future__ import annotations

import csv
import io

from sim.records.results import Run

CSV_COLUMNS = [
    "learner",
    "group",
    "session",
    "scenario",
    "scenario_version",
    "attempt",
    "started_at",
    "completed_at",
    "duration_s",
    "score",
    "score_scaled",
    "grade",
    "outcome",
    "final_anger",
    "final_trust",
    "turns",
]


def to_csv(runs: list[Run]) -> str:
    principles = sorted({p for r in runs for p in r.principles})
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS + principles)
    for r in runs:
        values = [
            r.learner,
            r.group,
            r.session,
            r.scenario,
            r.scenario_version,
            r.attempt,
            r.started_at,
            r.completed_at,
            r.duration_s,
            r.score,
            r.score_scaled,
            r.grade,
            r.outcome,
            r.final_anger,
            r.final_trust,
            r.turns,
        ]
        values += [r.principles.get(p) for p in principles]
        writer.writerow([_cell(v) for v in values])
    return buffer.getvalue()


def _cell(value: object) -> str:
    if value is None:
        return ""
    text = str(value)
    # A spreadsheet would run a cell that starts like a formula; a name is never one.
    return "'" + text if text[:1] in ("=", "+", "-", "@") and not _number(text) else text


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
