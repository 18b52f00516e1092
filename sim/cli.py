"""Commands: `python main.py [play|list|validate] ...`. See the README for the whole list."""

from __future__ import annotations

import argparse
import importlib.util
import os
import secrets
import sys
from pathlib import Path

from sim.engine import Session
from sim.players import POLICIES, random_chooser, search
from sim.records import build_record
from sim.records.store import to_json, write_json_atomic
from sim.scenario.catalog import catalog, resolve, shipped_files
from sim.scenario.errors import ScenarioError
from sim.scenario.loader import load_scenario, load_scenario_located
from sim.selftests import run_self_tests
from sim.text.render import debrief_text, fancy
from sim.text.terminal import ScriptError, TerminalHost, scripted_chooser, typed_chooser


class CommandError(Exception):
    """A problem with what was asked on the command line: one line, non-zero exit."""


def has_display() -> bool:
    if os.environ.get("SDL_VIDEODRIVER") in ("dummy", "offscreen"):
        return False
    if sys.platform.startswith("linux") or "bsd" in sys.platform:
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def window_available() -> bool:
    return importlib.util.find_spec("sim.ui.app") is not None


def _choices(text: str) -> list[int]:
    try:
        picks = [int(part) for part in text.replace(" ", "").split(",") if part]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a list of option numbers; write them like 2,1,3"
        ) from None
    if not picks:
        raise argparse.ArgumentTypeError("give at least one option number, like 2,1,3")
    return picks


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python main.py",
        description="Defuse: practise handling an unhappy customer.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    play = commands.add_parser("play", help="play a scenario (a shipped id or a YAML file)")
    play.add_argument("scenario", help="a shipped scenario id, or a path to a .yaml file")
    play.add_argument("--text", action="store_true", help="play in the terminal")
    play.add_argument("--seed", type=int, default=None, help="fix the randomness")
    play.add_argument("--choices", type=_choices, help="pick these options in order, e.g. 2,1,3")
    play.add_argument("--policy", choices=POLICIES, help="let a built-in player choose")
    play.add_argument("--json", metavar="FILE", help="write the run record as JSON (- for stdout)")
    play.add_argument("--player", default="", help="your name, for the record")

    commands.add_parser("list", help="list the shipped scenarios")

    validate = commands.add_parser("validate", help="check scenario files and run their self-tests")
    validate.add_argument("paths", nargs="*", help="files to check (default: all shipped)")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "play":
            return cmd_play(args)
        if args.command == "list":
            return cmd_list()
        if args.command == "validate":
            return cmd_validate(args.paths)
        return cmd_default()
    except ScenarioError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    except (CommandError, ScriptError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\nStopped.", file=sys.stderr)
        return 130


def cmd_default() -> int:
    if has_display() and window_available():  # pragma: no cover - needs a real display
        from sim.ui.app import run_window

        return run_window()
    if not has_display():
        print(
            "No display found, so the game window cannot open here. "
            "Starting the terminal game instead (the same scenarios and debrief)."
        )
    return terminal_menu()


def terminal_menu() -> int:
    entries = catalog()
    playable = [e for e in entries if e.scenario]
    print("\nScenarios:")
    for number, entry in enumerate(playable, start=1):
        s = entry.scenario
        assert s is not None
        print(f"  {number}) {s.title}  ({s.setting}, difficulty {s.difficulty}/5)")
    for entry in entries:
        if not entry.scenario:
            print(f"  -- {entry.path.name} is broken: {entry.problems[0]}")
    while True:
        try:
            answer = input(f"Pick a scenario (1-{len(playable)}, q to quit): ").strip().lower()
        except EOFError:
            print("\nNo keyboard input. Run `python main.py play ID --text` to play, "
                  "or `python main.py list` to see the scenarios.")  # fmt: skip
            return 0
        if answer in ("q", "quit", "exit"):
            return 0
        if answer.isdigit() and 1 <= int(answer) <= len(playable):
            scenario = playable[int(answer) - 1].scenario
            assert scenario is not None
            record = _play_in_terminal(scenario, None, None, None, "", quiet=False)
            if record is None:
                return 0
        else:
            print(f"  Type a number from 1 to {len(playable)}, or q.")


def cmd_play(args: argparse.Namespace) -> int:
    if args.choices and args.policy:
        raise CommandError("use either --choices or --policy, not both")
    scenario = load_scenario(resolve(args.scenario))
    interactive = not (args.choices or args.policy)
    if interactive and not args.text and has_display() and window_available():  # pragma: no cover
        from sim.ui.app import run_window

        return run_window(scenario=scenario, seed=args.seed, player=args.player)
    quiet = args.json == "-"
    record = _play_in_terminal(
        scenario, args.seed, args.choices, args.policy, args.player, quiet=quiet
    )
    if record is None:
        return 1
    if args.json == "-":
        sys.stdout.write(to_json(record))
    elif args.json:
        path = write_json_atomic(args.json, record)
        print(f"Run record written to {path}")
    return 0


def _play_in_terminal(scenario, seed, choices, policy, player, *, quiet: bool) -> dict | None:
    seed = secrets.randbelow(2**31) if seed is None else seed
    session = Session(scenario)
    out = open(os.devnull, "w") if quiet else sys.stdout  # noqa: SIM115 - closed below
    try:
        host = TerminalHost(session, out)
        if policy in ("best", "worst"):
            planner = Session(scenario)
            planner.reset(seed)
            chooser = scripted_chooser([c + 1 for c in search(planner, policy == "best")])
        elif policy == "random":
            chooser = random_chooser(seed)
        elif choices:
            chooser = scripted_chooser(choices)
        else:
            chooser = typed_chooser(input, out)
        if not host.run(seed, chooser):
            return None
        record = build_record(session, player)
        print(debrief_text(record, unicode=fancy(out)), file=out)
        return record
    finally:
        if out is not sys.stdout:
            out.close()


def cmd_list() -> int:
    for entry in catalog():
        if entry.scenario:
            s = entry.scenario
            print(f"{s.id:<24} {s.cause:<24} difficulty {s.difficulty}  {s.title}")
        else:
            print(f"{entry.id:<24} BROKEN  {entry.problems[0]}")
    return 0


def cmd_validate(paths: list[str]) -> int:
    files = [Path(p) for p in paths] if paths else shipped_files()
    if not files:
        raise CommandError("no scenario files to check")
    failed = 0
    for path in files:
        try:
            scenario, located = load_scenario_located(path)
        except ScenarioError as exc:
            failed += 1
            for problem in exc.problems:
                print(problem)
            continue
        results = run_self_tests(scenario, located, _shown(path))
        bad = [r for r in results if not r.passed]
        for result in bad:
            print(result.problem)
            for line in result.transcript:
                print(f"    {line}")
        if bad:
            failed += 1
        else:
            print(f"ok  {_shown(path)}  ({len(results)} self-test(s) passed)")
    total = len(files)
    print(f"{total - failed} of {total} scenario file(s) valid")
    return 1 if failed else 0


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
