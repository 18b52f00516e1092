"""Commands: `python main.py [play|list|validate] ...`. See the README for the whole list."""

from __future__ import annotations

import argparse
import contextlib
import importlib
import importlib.util
import json
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from sim.fileio import FileProblem, in_words, read_limited
from sim.paths import SCENARIOS_DIR
from sim.scenario.errors import ScenarioError, printable

# Only what every command needs is imported here: `python main.py` opens the window's menu
# without the scenario models, the engine or NumPy, and each command imports its own
# modules when it runs.
if TYPE_CHECKING:
    from sim.model.timing import Pick


class _Choices:
    """A parser's choices read from a module only when argparse consults them (a value to
    check, help to print), so building the parser imports nothing heavy. Set them on the
    action after add_argument, which would otherwise read them at once."""

    def __init__(self, module: str, name: str):
        self.module, self.name = module, name

    def _values(self) -> list[str]:
        return list(getattr(importlib.import_module(self.module), self.name))

    def __iter__(self):
        return iter(self._values())

    def __contains__(self, value: object) -> bool:
        return value in self._values()


class CommandError(Exception):
    """A problem with what was asked on the command line: one line, non-zero exit."""


def has_display() -> bool:
    if os.environ.get("SDL_VIDEODRIVER") in ("dummy", "offscreen"):
        return False
    if sys.platform.startswith("linux") or "bsd" in sys.platform:
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def window_available() -> bool:
    return all(importlib.util.find_spec(name) for name in ("pygame", "pygame_gui"))


def _choices(text: str) -> list[Pick]:
    from sim.model.timing import parse_picks

    try:
        return parse_picks(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


MAX_SEED = 2**63 - 1


def _seed(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or int(text) > MAX_SEED:
        raise argparse.ArgumentTypeError(
            f"'{printable(text)}' is not a seed; use a whole number from 0 to {MAX_SEED}"
        )
    return int(text)


def read_answer(prompt: str) -> str:
    """input(), with a closed or missing standard input read as the end of input."""
    if sys.stdin is None or sys.stdin.closed:
        raise EOFError
    try:
        return input(prompt)
    except (RuntimeError, ValueError, OSError):  # lost sys.stdin, closed file, bad fd
        raise EOFError from None
    except UnicodeDecodeError:
        return ""  # bytes that are not text: asked again


def _terminal_can_print_anything() -> None:
    """An ASCII or Latin-1 terminal gets `?` for what it cannot show, never a crash."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):  # a stream that is closed
                reconfigure(errors="replace")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python main.py",
        description="Defuse: practise handling an unhappy customer.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    play = commands.add_parser("play", help="play a scenario (a shipped id or a YAML file)")
    play.add_argument("scenario", help="a shipped scenario id, or a path to a .yaml file")
    play.add_argument("--text", action="store_true", help="play in the terminal")
    play.add_argument("--seed", type=_seed, default=None, help="fix the randomness (0 or more)")
    play.add_argument(
        "--choices",
        type=_choices,
        help="pick these options in order, e.g. 2,1,3; 2@i picks 2 while the customer is "
        "still speaking, 3@4.5 picks 3 four and a half seconds after they finished",
    )
    policy = play.add_argument("--policy", help="let a built-in player choose")
    policy.choices = _Choices("sim.players", "POLICIES")
    play.add_argument("--json", metavar="FILE", help="write the run record as JSON (- for stdout)")
    play.add_argument("--player", default="", help="your name, for the record")

    commands.add_parser("list", help="list the shipped scenarios")

    validate = commands.add_parser("validate", help="check scenario files and run their self-tests")
    validate.add_argument("paths", nargs="*", help="files to check (default: all shipped)")
    validate.add_argument("--strict", action="store_true", help="warnings fail too")
    validate.add_argument(
        "--format",
        choices=["text", "json"],
        default="text",
        help="json: machine-readable diagnostics",
    )

    klass = commands.add_parser(
        "class", help="run a class session or workshop for a room (votes, teams, hot seat)"
    )
    klass.add_argument(
        "target",
        nargs="?",
        help="a scenario id or file, or a workshop file (default: the first shipped workshop)",
    )
    klass.add_argument("--mode", choices=["vote", "teams", "hot_seat", "tally"], default=None)
    klass.add_argument("--teams", type=int, choices=range(2, 7), default=None, metavar="2-6")
    klass.add_argument("--seed", type=_seed, default=0, help="fix the customer's lines")
    klass.add_argument(
        "--host", default=None, help="address for the vote page (default: this laptop's LAN one)"
    )
    klass.add_argument("--port", type=int, default=0, help="port for the vote page (default: any)")
    klass.add_argument(
        "--facilitator", default="", help="your name, kept with the class's runs in the results"
    )
    klass.add_argument("--text", action="store_true", help="run it in the terminal")
    klass.add_argument(
        "--windowed", action="store_true", help="a window instead of fullscreen (the default)"
    )

    new = commands.add_parser("new", help="write a commented scenario scaffold that plays as is")
    new.add_argument("id", help="the new scenario's id: lowercase letters, digits, dashes")
    cause = new.add_argument("--cause", default="our_error")
    cause.choices = _Choices("sim.scenario.models", "CAUSE_LABELS")
    persona = new.add_argument("--persona", default=None)
    persona.choices = _Choices("sim.model.vocabulary", "PERSONAS")
    new.add_argument("--dir", default=None, help="folder to write to (default: scenarios/)")

    schema = commands.add_parser("schema", help="write the JSON Schema of the scenario format")
    schema.add_argument("--out", default=None, help="file to write (default: standard output)")

    demo = commands.add_parser("demo", help="play one scenario in the window, saving screenshots")
    demo.add_argument("--screenshots", metavar="DIR", required=True, help="where to save PNGs")
    demo.add_argument("--theme", choices=["all", "default", "large", "contrast"], default="all")
    demo.add_argument(
        "--class",
        dest="klass",
        action="store_true",
        help="instead, play the shipped workshop in the class screens (1920x1080, projector)",
    )
    demo.add_argument(
        "--size", default="1280x720", metavar="WxH", help="window size (default 1280x720)"
    )

    bench = commands.add_parser("bench", help="measure startup, frame times, load time, memory")
    bench.add_argument("--json", action="store_true", help="print one JSON object")
    bench.add_argument(
        "--votes", action="store_true", help="the class vote server's response times instead"
    )

    analyze = commands.add_parser(
        "analyze", help="play a scenario many times at once and report on it (NumPy)"
    )
    analyze.add_argument(
        "scenario",
        nargs="?",
        help="a shipped scenario id, or a path to a .yaml file (with --conduct: default all)",
    )
    analyze.add_argument(
        "--runs", type=_runs, default=100_000, help="playthroughs per player (default 100000)"
    )
    analyze.add_argument("--json", action="store_true", help="print the report as JSON")
    analyze.add_argument("--plot", metavar="FILE", help="also draw the score histogram as a PNG")
    analyze.add_argument(
        "--seed", type=_seed, default=0, help="fix the randomness (0 or more, default 0)"
    )
    analyze.add_argument(
        "--conduct",
        action="store_true",
        help="score the best path with breaches put in (excuses, blame, an over-promise, "
        "silences, interruptions) and check that each costs what the score promises",
    )
    from sim.records.results_args import add_parser as add_results_parser

    add_results_parser(commands)
    return parser


def _runs(text: str) -> int:
    try:
        runs = int(text.replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of playthroughs") from None
    if not 1 <= runs <= 10_000_000:
        raise argparse.ArgumentTypeError("give between 1 and 10000000 playthroughs")
    return runs


def main(argv: list[str] | None = None) -> int:
    _terminal_can_print_anything()
    try:
        return _main(argv)
    except KeyboardInterrupt:  # Ctrl-C anywhere, even while starting up: one line, 130
        print("\nStopped.", file=sys.stderr)
        return 130


def _main(argv: list[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "play":
            return _scripted(cmd_play, args)
        if args.command == "list":
            return cmd_list()
        if args.command == "validate":
            return cmd_validate(args.paths, args.strict, args.format == "json")
        if args.command == "class":
            return cmd_class(args)
        if args.command == "new":
            return cmd_new(args.id, args.cause, args.persona, args.dir)
        if args.command == "schema":
            return cmd_schema(args.out)
        if args.command == "demo":
            return cmd_demo(args.screenshots, args.theme, args.klass, args.size)
        if args.command == "bench" and args.votes:
            from sim.classroom.bench import main_vote_bench

            return main_vote_bench(args.json)
        if args.command == "bench":
            from sim.ui.bench import main_bench

            return main_bench(args.json)
        if args.command == "analyze":
            from sim.commands.analyze import cmd_analyze, cmd_conduct

            if args.conduct:
                return cmd_conduct(args.scenario, args.json)
            if not args.scenario:
                raise CommandError("name the scenario to analyze (see `python main.py list`)")
            return cmd_analyze(args.scenario, args.runs, args.json, args.plot, args.seed)
        if args.command == "results":
            from sim.records.results_cli import ResultsCommandError
            from sim.records.results_cli import run as cmd_results

            try:
                return cmd_results(args)
            except ResultsCommandError as exc:
                raise CommandError(str(exc)) from None
        return _scripted(cmd_default)
    except ScenarioError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    except CommandError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\nStopped.", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head` and the like: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:  # a file that could not be used: say which, no traceback
        where = f" {printable(str(exc.filename))}" if exc.filename else ""
        problem = exc if isinstance(exc, FileProblem) else None
        reason = f"{problem.message}; {problem.fix}" if problem else in_words(exc)
        print(f"error: could not use{where}: {reason}", file=sys.stderr)
        return 1


def _scripted(command, *args) -> int:
    """Run a command that may play in the terminal; a bad --choices script is the player's
    mistake on the command line (one line, exit 2), not a crash. The terminal game is only
    imported by the commands that play, so its error type is looked up once raised."""
    try:
        return command(*args)
    except Exception as exc:
        terminal = sys.modules.get("sim.text.terminal")
        if terminal is not None and isinstance(exc, terminal.ScriptError):
            raise CommandError(str(exc)) from None
        raise


def cmd_new(scenario_id: str, cause: str, persona: str | None, folder: str | None) -> int:
    import re

    from sim.authoring.scaffold import scaffold_text
    from sim.records.store import write_text_atomic

    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", scenario_id):
        raise CommandError(
            f"`{scenario_id}` is not a valid id; use lowercase letters, digits and dashes"
        )
    target = (Path(folder) if folder else SCENARIOS_DIR) / f"{scenario_id}.yaml"
    if target.exists():
        raise CommandError(f"{target} already exists; choose another id or remove the file")
    shown = _shown(target)
    write_text_atomic(target, scaffold_text(scenario_id, cause, persona, shown, target.parent))
    print(
        f"Wrote {shown}. Check it with `python main.py validate {shown}`, "
        f"play it with `python main.py play {shown} --text`."
    )
    return 0


def cmd_class(args: argparse.Namespace) -> int:
    from sim.classroom.workshop import (
        LoadedWorkshop,
        is_workshop_file,
        load_workshop,
        workshop_files,
    )
    from sim.scenario.catalog import resolve
    from sim.scenario.loader import load_scenario
    from sim.text.classroom import ClassTerminal

    target = args.target
    if target is None:
        shipped = workshop_files()
        if not shipped:
            raise CommandError("name a scenario or a workshop file to run")
        target = str(shipped[0])
        print(f"Running the workshop {_shown(shipped[0])}")
    path = Path(target)
    if path.suffix in (".yaml", ".yml") and path.is_file() and is_workshop_file(path):
        workshop = load_workshop(path)
    else:
        workshop = LoadedWorkshop.single(load_scenario(resolve(target)), args.mode or "vote")
    if not args.text and has_display() and window_available():  # pragma: no cover - a display
        code = _class_window(args, workshop)
        if code is not None:
            return code
    terminal = ClassTerminal(
        workshop,
        seed=args.seed,
        teams=args.teams,
        mode=args.mode,
        host=args.host,
        port=args.port,
        facilitator=args.facilitator,
    )
    return terminal.run()


def _class_window(args: argparse.Namespace, workshop) -> int | None:
    """The class screens, fullscreen; None if the window cannot open here."""
    from sim.ui.app import WindowUnavailable
    from sim.ui.class_mode import ClassOptions, run_class_window

    options = ClassOptions(
        workshop,
        mode=args.mode,
        teams=args.teams,
        seed=args.seed,
        host=args.host,
        port=args.port,
        facilitator=args.facilitator,
    )
    try:
        return run_class_window(options, windowed=args.windowed)
    except WindowUnavailable as exc:
        print(f"The window could not open ({exc}). Running the class in the terminal instead.")
        return None


def cmd_schema(out: str | None) -> int:
    from sim.records.store import write_text_atomic
    from sim.scenario.schema import schema_text

    if out:
        write_text_atomic(out, schema_text())
        print(f"Schema written to {out}")
    else:
        sys.stdout.write(schema_text())
    return 0


def cmd_demo(folder: str, theme: str, klass: bool = False, size: str = "1280x720") -> int:
    try:
        width, height = (int(n) for n in size.lower().split("x"))
    except ValueError:
        raise CommandError(f"--size {size}: give it as WIDTHxHEIGHT, like 1280x720") from None
    if width < 960 or height < 600:
        raise CommandError(f"--size {size}: the window is at least 960x600")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    if not has_display():
        os.environ["SDL_VIDEODRIVER"] = "dummy"  # screenshots need no screen
    from sim.ui.app import WindowUnavailable
    from sim.ui.demo import run_demo

    try:
        if klass:
            from sim.ui.class_demo import run_class_demo, tally_shot

            out = Path(folder) / "class"
            shots = run_class_demo(out) + tally_shot(out)
        else:
            shots = run_demo(Path(folder), None if theme == "all" else [theme], (width, height))
    except WindowUnavailable as exc:
        raise CommandError(
            f"the window could not open ({exc}); set SDL_VIDEODRIVER=dummy"
        ) from None
    for shot in shots:
        print(shot)
    return 0


def _open_window(**kwargs) -> int | None:
    """Run the game window; None if it cannot open here (then the terminal game runs)."""
    from sim.ui.app import WindowUnavailable, run_window

    try:
        return run_window(**kwargs)
    except WindowUnavailable as exc:
        print(f"The game window could not open ({exc}). Starting the terminal game instead.")
        return None


def cmd_default() -> int:
    if has_display() and window_available():  # pragma: no cover - needs a real display
        code = _open_window()
        if code is not None:
            return code
    elif not has_display():
        print(
            "No display found, so the game window cannot open here. "
            "Starting the terminal game instead (the same scenarios and debrief)."
        )
    return terminal_menu()


def terminal_menu() -> int:
    from sim.scenario.catalog import catalog
    from sim.text.terminal import number_in

    entries = catalog()
    playable = [e for e in entries if e.scenario]
    if not playable:
        print("No playable scenarios found; `python main.py validate` says what is wrong.")
        return 1
    print("\nScenarios:")
    for number, entry in enumerate(playable, start=1):
        s = entry.scenario
        assert s is not None
        title, setting = printable(s.title), printable(s.setting or "")
        print(f"  {number}) {title}  ({setting}, difficulty {s.difficulty}/5)")
    for entry in entries:
        if not entry.scenario:
            print(f"  -- {printable(entry.path.name)} is broken: {entry.problems[0]}")
    while True:
        try:
            answer = (
                read_answer(f"Pick a scenario (1-{len(playable)}, q to quit): ").strip().lower()
            )
        except EOFError:
            print(
                "\nNo keyboard input. Run `python main.py play ID --text` to play, "
                "or `python main.py list` to see the scenarios."
            )
            return 0
        if answer in ("q", "quit", "exit"):
            return 0
        picked = number_in(answer, len(playable))
        if picked is not None:
            scenario = playable[picked - 1].scenario
            assert scenario is not None
            record = _play_in_terminal(scenario, None, None, None, "", quiet=False)
            if record is None:
                return 0
        else:
            print(f"  Type a number from 1 to {len(playable)}, or q.")


def cmd_play(args: argparse.Namespace) -> int:
    from sim.records.store import to_json, write_json_atomic
    from sim.scenario.catalog import resolve
    from sim.scenario.loader import load_scenario

    if args.choices and args.policy:
        raise CommandError("use either --choices or --policy, not both")
    scenario = load_scenario(resolve(args.scenario))
    interactive = not (args.choices or args.policy)
    if interactive and args.json == "-":
        raise CommandError(
            "--json - prints only the record, so there is no game to type into; "
            "add --choices or --policy, or write the record to a file"
        )
    if interactive and not args.text and has_display() and window_available():  # pragma: no cover
        code = _open_window(scenario=scenario, seed=args.seed, player=args.player)
        if code is not None:
            return code
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
    from sim.engine import Session
    from sim.model.timing import Pick
    from sim.players import random_chooser, search
    from sim.records.record import build_record
    from sim.records.results import keep_terminal_run
    from sim.text.render import debrief_text, fancy
    from sim.text.terminal import ScriptError, TerminalHost, scripted_chooser, typed_chooser

    # A fresh seed from the system (the secrets module would load OpenSSL at every start).
    seed = int.from_bytes(os.urandom(4), "big") >> 1 if seed is None else seed
    session = Session(scenario)
    started = time.time()
    out = open(os.devnull, "w") if quiet else sys.stdout  # noqa: SIM115 - closed below
    try:
        host = TerminalHost(session, out)
        if policy in ("best", "worst"):
            planner = Session(scenario)
            planner.reset(seed)
            best = search(planner, policy == "best")
            chooser = scripted_chooser([Pick(c + 1) for c in best])
        elif policy == "random":
            chooser = random_chooser(seed)
        elif choices:
            chooser = scripted_chooser(choices)
        else:
            chooser = typed_chooser(read_answer, out)
        if not host.run(seed, chooser):
            keep_terminal_run(None, session, player, started, stored=policy is None)
            return None
        if choices and len(choices) > len(session.turns):
            raise ScriptError(
                f"--choices: the conversation ended ({session.ending}) after "
                f"{len(session.turns)} picks, but {len(choices)} were given; remove the extra ones"
            )
        record = build_record(session, player)
        # Stored before the debrief shows; a built-in player's runs are not a learner's.
        keep_terminal_run(record, session, player, started, stored=policy is None)
        print(printable(debrief_text(record, unicode=fancy(out)), keep_newlines=True), file=out)
        return record
    finally:
        if out is not sys.stdout:
            out.close()


def cmd_list() -> int:
    from sim.records.listing import list_lines

    for line in list_lines():
        print(line)
    return 0


def _excerpt(path: Path, problem) -> list[str]:
    """The offending line of the file with a caret under the column."""
    from sim.scenario.yaml_source import MAX_BYTES

    try:
        raw = read_limited(path, MAX_BYTES)  # never a FIFO or a device, never too much
    except OSError:
        return []
    lines = raw.decode("utf-8", errors="replace").splitlines()
    if not 1 <= problem.line <= len(lines):
        return []
    text = printable(lines[problem.line - 1].replace("\t", " "))
    if len(text) > 120:
        return []
    gutter = f"{problem.line:>5} | "
    return [f"{gutter}{text}", " " * (len(gutter) + problem.column - 1) + "^"]


def cmd_validate(paths: list[str], strict: bool = False, as_json: bool = False) -> int:
    from sim.authoring.lint import scenario_warnings
    from sim.authoring.selftests import run_self_tests
    from sim.classroom.workshop import is_workshop_file, workshop_files
    from sim.scenario.catalog import shipped_files
    from sim.scenario.loader import load_scenario_located

    files = [Path(p) for p in paths] if paths else shipped_files() + workshop_files()
    if not files:
        raise CommandError("no scenario files to check")
    failed = 0
    report = []
    for path in files:
        entry = {"file": _shown(path), "errors": [], "warnings": [], "self_tests": []}
        report.append(entry)
        out: list[str] = []
        if is_workshop_file(path):
            failed += _validate_workshop(path, entry, out)
            if not as_json:
                print("\n".join(out))
            continue
        try:
            scenario, located = load_scenario_located(path)
        except ScenarioError as exc:
            for problem in exc.problems:
                out.append(str(problem))
                out += [f"  {line}" for line in _excerpt(path, problem)]
                entry["errors"].append(problem.to_dict())
        else:
            for result in run_self_tests(scenario, located, _shown(path)):
                entry["self_tests"].append(
                    {
                        "name": result.test.name,
                        "passed": result.passed,
                        "problem": result.problem.to_dict() if result.problem else None,
                        "transcript": list(result.transcript),
                    }
                )
                if result.problem:
                    out.append(str(result.problem))
                    out += [f"    {line}" for line in result.transcript]
                    entry["errors"].append(result.problem.to_dict())
            for warning in scenario_warnings(scenario, located, _shown(path)):
                where = f"{warning.file}:{warning.line}:{warning.column}: "
                out.append(where + "warning: " + str(warning)[len(where) :])
                entry["warnings"].append(warning.to_dict())
        bad = entry["errors"] or (strict and entry["warnings"])
        entry["valid"] = not bad
        failed += bool(bad)
        if not entry["errors"]:
            tests = len(entry["self_tests"])
            passed = f"{tests} self-test(s) passed" if tests else "no self-tests yet"
            warned = f", {len(entry['warnings'])} warning(s)" if entry["warnings"] else ""
            out.append(
                f"{'FAILED (--strict)' if bad else 'ok'}  {_shown(path)}  ({passed}{warned})"
            )
        if not as_json:
            print("\n".join(out))
    total = len(files)
    if as_json:
        print(json.dumps({"valid": total - failed, "total": total, "files": report}, indent=2))
    else:
        print(f"{total - failed} of {total} scenario file(s) valid")
    return 1 if failed else 0


def _validate_workshop(path: Path, entry: dict, out: list[str]) -> bool:
    """A workshop file: its keys, and that each scenario it names loads. True if it failed."""
    from sim.classroom.workshop import load_workshop

    try:
        workshop = load_workshop(path)
    except ScenarioError as exc:
        for problem in exc.problems:
            out.append(str(problem))
            out += [f"  {line}" for line in _excerpt(path, problem)]
            entry["errors"].append(problem.to_dict())
        entry["valid"] = False
        return True
    entry["valid"] = True
    out.append(f"ok  {_shown(path)}  (workshop, {len(workshop.scenarios)} scenario(s))")
    return False


def _shown(path: Path) -> str:
    """A path as the user gave it, relative to here when inside (links are not resolved:
    one that loops must still be shown)."""
    try:
        return str(Path(os.path.abspath(path)).relative_to(Path.cwd()))
    except (ValueError, OSError):
        return str(path)
