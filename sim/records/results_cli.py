"""`python main.py results ...`: list, export and send the runs in the results store."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from sim.records.results import Filters, Run, open_store
from sim.records.results_csv import to_csv


class ResultsCommandError(Exception):
    """A one-line problem with a results command."""


def run(args: argparse.Namespace) -> int:
    if args.results_command == "bench":
        from sim.records.results_bench import main_bench

        return main_bench(args.runs)
    notices: list[str] = []
    if args.db and not Path(args.db).is_file():
        raise ResultsCommandError(f"--db {args.db}: no such results database")
    store = open_store(notices, args.db)
    for notice in notices:
        print(f"note: {notice}", file=sys.stderr)
    if store is None:
        return 1
    with store:
        filters = Filters(args.learner, args.group, args.scenario, args.since, args.until)
        runs = store.runs(filters)
        command = args.results_command
        if command == "list":
            return _list(runs)
        if command == "csv":
            _write(args.file, to_csv(runs))
            return _done(args.file, f"{len(runs)} run(s)")
        if command == "report":
            from sim.records.class_report import build_report

            if args.file == "-":
                raise ResultsCommandError("the report is a file; give a name ending .html")
            _write(args.file, build_report(runs))
            return _done(args.file, f"report on {len(runs)} run(s)")
        home = _home(args.home_page)
        statements = [s for r in runs for s in _statements(r, home)]
        if command == "xapi":
            text = "".join(json.dumps(s, ensure_ascii=False) + "\n" for s in statements)
            _write(args.file, text)
            return _done(args.file, f"{len(statements)} statement(s)")
        if command == "send":
            from sim.records.lrs import SendError, send_statements, statements_url

            try:
                target = statements_url(args.lrs)
                report = send_statements(
                    statements,
                    args.lrs,
                    args.user,
                    args.password,
                    store.sent_ids(target),
                    lambda ids: store.mark_sent(target, ids),
                    batch=args.batch,
                )
            except SendError as exc:
                raise ResultsCommandError(str(exc)) from None
            print(
                f"Sent {report.sent} statement(s) in {report.batches} batch(es) to {target}; "
                f"{report.already} were sent before."
            )
            return 0
    raise ResultsCommandError(f"unknown results command {command}")


def _list(runs: list[Run]) -> int:
    if not runs:
        print("No runs match.")
        return 0
    print(f"{'when':<17} {'learner':<16} {'group':<10} {'scenario':<24} score grade  outcome")
    for r in runs:
        when = (r.started_at or r.completed_at or "")[:16].replace("T", " ")
        score = "-" if r.score is None else str(r.score)
        print(
            f"{when:<17} {_cut(r.learner or '-', 16):<16} {_cut(r.group or '-', 10):<10} "
            f"{_cut(r.scenario, 24):<24} {score:>5} {r.grade or '-':<6} {r.outcome}"
        )
    print(f"{len(runs)} run(s)")
    return 0


def _statements(run: Run, home: str):
    from sim.records.xapi import statements

    return statements(run, home)


def _home(home: str | None) -> str:
    from sim.records.xapi import DEFAULT_HOME

    if home and not home.startswith(("http://", "https://")):
        raise ResultsCommandError(f"--home-page {home}: give an address starting https://")
    return home or DEFAULT_HOME


def _write(target: str, text: str) -> None:
    if target == "-":
        sys.stdout.write(text)
        return
    from sim.records.store import write_text_atomic

    path = Path(target)
    if path.is_symlink() or (path.exists() and not path.is_file()):
        raise ResultsCommandError(f"{target} is not a plain file; choose another name")
    write_text_atomic(path, text)


def _done(target: str, what: str) -> int:
    if target != "-":
        print(f"Wrote {what} to {target}")
    return 0


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
