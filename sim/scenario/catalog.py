"""Finding scenarios: the shipped ones by id, or any file by path."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from sim.paths import SCENARIOS_DIR
from sim.scenario.errors import Problem, ScenarioError
from sim.scenario.loader import load_scenario
from sim.scenario.models import Scenario


@dataclass(frozen=True)
class Entry:
    """A scenario file as a menu lists it: loaded, or broken with its problems."""

    path: Path
    scenario: Scenario | None
    problems: tuple[Problem, ...] = ()

    @property
    def id(self) -> str:
        return self.scenario.id if self.scenario else self.path.stem


def shipped_files(folder: Path = SCENARIOS_DIR) -> list[Path]:
    """Every *.yaml in the folder, whatever it is: a FIFO, a device or a looping link is
    listed (and then refused by the loader with one line), never opened here."""
    try:
        return sorted(folder.glob("*.yaml"))
    except OSError:
        return []


# Loaded scenarios by file, with the stamp they were loaded at: the picker opens every time
# a player goes back to it, and loading every file again took ~100 ms.
_LOADED: dict[Path, tuple[tuple[int, ...], Scenario]] = {}


def _stamp(path: Path) -> tuple[int, ...] | None:
    """Changes when the file does, or its folder (a portrait added beside it)."""
    try:
        file, folder = path.stat(), path.parent.stat()
    except OSError:
        return None
    return (file.st_mtime_ns, file.st_size, file.st_ino, folder.st_mtime_ns)


def _entry(path: Path) -> Entry:
    stamp = _stamp(path)
    known = _LOADED.get(path)
    if stamp is not None and known is not None and known[0] == stamp:
        return Entry(path, known[1])
    try:
        scenario = load_scenario(path)
    except ScenarioError as exc:  # broken files are read again each time: fixed, they show
        _LOADED.pop(path, None)
        return Entry(path, None, tuple(exc.problems))
    if stamp is not None:
        _LOADED[path] = (stamp, scenario)
    return Entry(path, scenario)


def catalog_entry(path: Path) -> Entry:
    """One scenario file, loaded or broken (unchanged files are not read again)."""
    return _entry(path)


def catalog(folder: Path = SCENARIOS_DIR) -> list[Entry]:
    """Every scenario file in the folder, loaded or broken; unchanged files are not read
    again."""
    return [_entry(path) for path in shipped_files(folder)]


def resolve(ref: str, folder: Path = SCENARIOS_DIR) -> Path:
    """A shipped scenario id, or a path to a YAML file, to the file's path."""
    candidate = Path(ref)
    if candidate.suffix in (".yaml", ".yml") or candidate.exists():
        return candidate
    by_name = folder / f"{ref}.yaml"
    if by_name.is_file():
        return by_name
    ids = [p.stem for p in shipped_files(folder)]
    close = difflib.get_close_matches(ref, ids, n=1)
    hint = f"did you mean `{close[0]}`?" if close else "run `python main.py list` to see them"
    raise ScenarioError([Problem(ref, 0, 0, f"no scenario with the id `{ref}`", hint)])


def load(ref: str, folder: Path = SCENARIOS_DIR) -> Scenario:
    return load_scenario(resolve(ref, folder))
