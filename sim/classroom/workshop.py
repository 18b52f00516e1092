"""The workshop file: what a facilitator prepares (title, scenarios in order, goals, timings,
how the room decides). Loaded like a scenario: safe YAML, every problem one located line."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from sim.fileio import FileProblem, read_limited
from sim.paths import SCENARIOS_DIR
from sim.scenario.errors import Problem, ScenarioError, shorten
from sim.scenario.loader import load_scenario
from sim.scenario.models import Scenario
from sim.scenario.yaml_source import Located, SourceError, read_yaml

WORKSHOPS_DIR = SCENARIOS_DIR / "workshops"
MAX_BYTES = 256 * 1024  # a workshop is a page of YAML; refuse anything far bigger

Mode = Literal["vote", "teams", "hot_seat", "tally"]
MODE_WORDS = {
    "vote": "the class votes from their phones",
    "teams": "teams decide in turn, after a discussion countdown",
    "hot_seat": "one volunteer plays, the room watches",
    "tally": "a show of hands, typed in by the facilitator",
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Item(_Strict):
    """One scenario in the workshop's running order."""

    scenario: str = Field(description="A shipped scenario id, or a .yaml path from this file.")
    minutes: int = Field(20, ge=1, le=240, description="Time planned for play and debrief.")
    mode: Mode | None = Field(None, description="How the room decides here (default: the file's).")
    groups: int = Field(
        1, ge=1, le=6, description="How many groups play it in turn (their runs are compared)."
    )


class Workshop(_Strict):
    """One workshop file."""

    workshop: Literal[1] = Field(description="The workshop format version: 1.")
    title: str = Field(min_length=1, description="Shown on the projector at the start.")
    goals: list[str] = Field(default_factory=list, description="What the room practises.")
    mode: Mode = Field("vote", description="How the room decides a turn: " + ", ".join(MODE_WORDS))
    teams: int = Field(3, ge=2, le=6, description="Teams in `teams` mode, 2 to 6.")
    vote_seconds: int = Field(45, ge=5, le=600, description="The countdown for each vote.")
    discussion_seconds: int = Field(
        60, ge=5, le=1200, description="The discussion countdown before a team decides."
    )
    debrief_minutes: int = Field(15, ge=1, le=120, description="Time for the class debrief.")
    scenarios: list[Item] = Field(min_length=1, description="The scenarios, in order.")


class LoadedWorkshop:
    """A workshop with its scenarios loaded, in order."""

    def __init__(self, workshop: Workshop, scenarios: list[Scenario], source: Path | None):
        self.workshop = workshop
        self.scenarios = scenarios
        self.source = source

    @property
    def title(self) -> str:
        return self.workshop.title

    def mode_for(self, index: int) -> str:
        return self.workshop.scenarios[index].mode or self.workshop.mode

    @classmethod
    def single(cls, scenario: Scenario, mode: str = "vote") -> LoadedWorkshop:
        """A scenario played on its own in class: a one-item workshop."""
        workshop = Workshop(
            workshop=1,
            title=scenario.title,
            goals=list(scenario.learning_goals),
            mode=mode,  # type: ignore[arg-type]
            scenarios=[Item(scenario=scenario.id)],
        )
        return cls(workshop, [scenario], scenario.source)


def is_workshop_file(path: Path) -> bool:
    """Workshops live in a `workshops` folder or start with `workshop: 1`."""
    if path.parent.name == "workshops":
        return True
    try:  # only a regular file is looked into (a FIFO would hang the open)
        head = read_limited(path, MAX_BYTES).decode("utf-8", "replace")
    except OSError:
        return False
    return any(line.startswith("workshop:") for line in head.splitlines())


def workshop_files(folder: Path = WORKSHOPS_DIR) -> list[Path]:
    return sorted(p for p in folder.glob("*.yaml") if p.is_file()) if folder.is_dir() else []


def load_workshop(path: str | Path) -> LoadedWorkshop:
    """Read and check a workshop and every scenario it names; ScenarioError lists problems."""
    path = Path(path)
    shown = _shown(path)
    try:  # only a regular file, and never more than the limit (as for a scenario)
        raw = read_limited(path, MAX_BYTES)
    except FileProblem as exc:
        raise ScenarioError([Problem(shown, 1, 1, exc.message, exc.fix)]) from None
    workshop, located = parse_workshop(raw, shown)
    problems, scenarios = [], []
    for index, item in enumerate(workshop.scenarios):
        where = located.mark(("scenarios", index, "scenario"))
        ref = _scenario_path(item.scenario, path.parent)
        if ref is None:
            ids = [p.stem for p in SCENARIOS_DIR.glob("*.yaml")]
            close = difflib.get_close_matches(item.scenario, ids, n=1)
            fix = f"did you mean `{close[0]}`?" if close else "run `python main.py list`"
            message = f"scenarios[{index}]: no scenario `{shorten(item.scenario)}`"
            problems.append(Problem(shown, *where, message, fix))
            continue
        try:
            scenarios.append(load_scenario(ref))
        except ScenarioError as exc:
            first = exc.problems[0]
            message = f"scenarios[{index}]: `{shorten(item.scenario)}` does not load ({first})"
            problems.append(Problem(shown, *where, message, "fix that scenario first"))
    if problems:
        raise ScenarioError(problems)
    return LoadedWorkshop(workshop, scenarios, path.resolve())


def parse_workshop(raw: bytes, shown: str) -> tuple[Workshop, Located]:
    try:
        located = read_yaml(raw)
    except SourceError as exc:
        raise ScenarioError([Problem(shown, exc.line, exc.column, exc.message, exc.fix)]) from None
    if not isinstance(located.data, dict):
        raise ScenarioError(
            [Problem(shown, 1, 1, "a workshop is lines of `key: value`", "see the guide")]
        )
    try:
        return Workshop.model_validate(located.data), located
    except ValidationError as exc:
        problems = [_problem(error, located, shown) for error in exc.errors()]
        problems.sort(key=lambda p: (p.line, p.column))
        raise ScenarioError(problems) from None


def _problem(error: dict, located: Located, shown: str) -> Problem:
    path = tuple(error["loc"])
    where = ".".join(str(p) if isinstance(p, str) else f"[{p}]" for p in path).replace(".[", "[")
    kind = error["type"]
    if kind == "extra_forbidden":
        known = list(Workshop.model_fields) + list(Item.model_fields)
        close = difflib.get_close_matches(str(path[-1]), known, n=1)
        fix = f"did you mean `{close[0]}`?" if close else "remove it; see the guide's keys"
        return Problem(shown, *located.mark(path, key=True), f"unknown key `{where}`", fix)
    if kind == "missing":
        parent = located.mark(path[:-1])
        return Problem(shown, *parent, f"`{where}` is missing", f"add `{path[-1]}:`")
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        return Problem(shown, *located.mark(path), f"{where}: not allowed here", f"use {expected}")
    value = shorten(error.get("input"))
    ctx = error.get("ctx", {})
    words = {
        "greater_than_equal": (
            f"`{value}` is below the least allowed",
            f"use {ctx.get('ge')} or more",
        ),
        "less_than_equal": (f"`{value}` is above the most allowed", f"use {ctx.get('le')} or less"),
        "too_short": ("is empty", "give at least one"),
        "string_too_short": ("is empty", "write it out"),
    }
    message, fix = words.get(kind, (f"`{value}` is not what goes here", "see the guide's keys"))
    return Problem(shown, *located.mark(path), f"{where}: {message}", fix)


def _scenario_path(ref: str, folder: Path) -> Path | None:
    if ref.endswith((".yaml", ".yml")):
        for candidate in (folder / ref, Path(ref)):
            if candidate.is_file():
                return candidate
        return None
    shipped = SCENARIOS_DIR / f"{ref}.yaml"
    return shipped if shipped.is_file() else None


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except (ValueError, OSError):
        return str(path)
