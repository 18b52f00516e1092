"""The arguments of `python main.py results ...`, apart from the command itself: building
the parser runs on every start of the game, and must not import the results store (SQLite,
YAML) to do it."""

from __future__ import annotations

import argparse
import datetime as dt


def add_parser(commands: argparse._SubParsersAction) -> None:
    results = commands.add_parser(
        "results", help="list and export the runs kept in the results store"
    )
    sub = results.add_subparsers(dest="results_command", metavar="SUBCOMMAND", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--learner", help="only this learner's runs")
    common.add_argument("--group", help="only this group's runs")
    common.add_argument("--scenario", help="only runs of this scenario id")
    common.add_argument("--since", type=_date, help="runs started on or after (YYYY-MM-DD)")
    common.add_argument("--until", type=_date, help="runs started on or before (YYYY-MM-DD)")
    common.add_argument("--db", help="the results database (default: the user data folder)")
    sub.add_parser("list", parents=[common], help="one line per run")
    out = sub.add_parser("csv", parents=[common], help="a CSV table, one row per run")
    out.add_argument("file", help="the CSV file to write, or - for standard output")
    report = sub.add_parser("report", parents=[common], help="a class report as one HTML page")
    report.add_argument("file", help="the HTML file to write")
    xapi = sub.add_parser("xapi", parents=[common], help="xAPI 1.0.3 statements, one per line")
    xapi.add_argument("file", help="the .jsonl file to write, or - for standard output")
    xapi.add_argument("--home-page", default=None, help="your organisation's address (actors)")
    send = sub.add_parser("send", parents=[common], help="send statements to an LRS")
    send.add_argument("--lrs", required=True, help="the LRS's xAPI address, e.g. …/xAPI")
    send.add_argument("--user", required=True, help="the LRS account (basic authentication)")
    send.add_argument("--password", required=True, help="its password")
    send.add_argument("--home-page", default=None, help="your organisation's address (actors)")
    bench = sub.add_parser("bench", help="time storing a run and reporting on 1000 runs")
    bench.add_argument("--runs", type=_batch, default=1000, help="runs in the report (1000)")
    send.add_argument(
        "--batch", type=_batch, default=100, help="statements per request (default 100)"
    )


def _date(text: str) -> str:
    try:
        if len(text) == 10:
            dt.date.fromisoformat(text)
        else:
            dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date; use YYYY-MM-DD") from None
    return text


def _batch(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 10_000:
        raise argparse.ArgumentTypeError(f"'{text}': give a whole number from 1 to 10000")
    return int(text)
