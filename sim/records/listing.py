"""`python main.py list` without loading what has not changed.

Checking a scenario takes the scenario models, the checks and the model's tables (NumPy,
pydantic), about twice the time of importing those libraries. The line printed for each
file is kept in the player's data folder with the file's stamp (size, times, inode, mode,
and its folder's time, as the catalog stamps it) and a stamp of the game's own code, so a
changed file, a file beside it, a new version of the game or another folder is checked
again; an unchanged file prints its kept line. A broken file's line (its first problem)
is kept the same way: fixed, its stamp changes and it is checked again.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from sim.paths import PACKAGE_DIR, SCENARIOS_DIR

CACHE_NAME = "list-cache.json"
VERSION = 1
CACHE_LIMIT = 4 << 20  # bytes: far more than a line per scenario needs; a bigger file is ignored


def _stamp(path: Path) -> list[int] | None:
    try:
        file, folder = path.stat(), path.parent.stat()
    except OSError:
        return None
    return [
        file.st_mtime_ns,
        file.st_ctime_ns,
        file.st_size,
        file.st_ino,
        file.st_mode,
        folder.st_mtime_ns,
    ]


def code_stamp() -> list:
    """Every source and data file of the game: any change to the code that checks a file."""
    stamps = []
    for folder, dirs, files in os.walk(PACKAGE_DIR):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith((".py", ".yaml", ".json")):
                try:
                    info = os.stat(os.path.join(folder, name))
                except OSError:
                    continue
                stamps.append([name, info.st_mtime_ns, info.st_size])
    return stamps


def line_for(entry) -> str:
    """The line `list` prints for a catalog entry."""
    from sim.scenario.errors import printable

    if entry.scenario:
        s = entry.scenario
        return f"{s.id:<24} {s.cause:<24} difficulty {s.difficulty}  {printable(s.title)}"
    return f"{printable(entry.id):<24} BROKEN  {entry.problems[0]}"


def _cache_path() -> Path:
    from sim.records.userdata import data_dir

    return data_dir() / CACHE_NAME


def _read(path: Path) -> dict:
    from sim.fileio import read_limited

    try:  # only a regular file, and never more than the limit (FileProblem is an OSError)
        data = json.loads(read_limited(path, CACHE_LIMIT))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def list_lines(folder: Path = SCENARIOS_DIR) -> list[str]:
    """The lines of `python main.py list`, one per *.yaml in the folder, in order."""
    try:  # as catalog.shipped_files, which would import the loader
        files = sorted(folder.glob("*.yaml"))
    except OSError:
        files = []
    cache_path = _cache_path()
    cached = _read(cache_path)
    key = {"version": VERSION, "folder": str(folder.resolve()), "code": code_stamp()}
    known = cached.get("files", {}) if cached.get("key") == key else {}
    lines: list[str] = []
    kept: dict[str, dict] = {}
    for path in files:
        stamp = _stamp(path)
        hit = known.get(str(path))
        if stamp is not None and isinstance(hit, dict) and hit.get("stamp") == stamp:
            line = hit.get("line")
            if isinstance(line, str):
                lines.append(line)
                kept[str(path)] = hit
                continue
        from sim.scenario.catalog import catalog_entry

        line = line_for(catalog_entry(path))
        lines.append(line)
        if stamp is not None and stamp == _stamp(path):  # unchanged while it was read
            kept[str(path)] = {"stamp": stamp, "line": line}
    if kept != known:
        try:
            from sim.records.store import write_json_atomic

            cache_path.parent.mkdir(parents=True, exist_ok=True)
            write_json_atomic(cache_path, {"key": key, "files": kept})
        except OSError:  # a read-only folder: the list is still right, only slower
            pass
    return lines
