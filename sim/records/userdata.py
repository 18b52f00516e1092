"""The player's own files: settings and best scores, in the per-user folders of the OS.

Bad files never stop the game: a corrupt file is moved aside (nothing is lost), a one-line
notice says where it went, and the defaults are used.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from sim.fileio import FileProblem, read_limited
from sim.printable import printable
from sim.records.store import write_json_atomic

APP = "defuse"


def config_dir() -> Path:
    override = os.environ.get("DEFUSE_HOME")
    return Path(override) / "config" if override else Path(platformdirs.user_config_dir(APP))


def data_dir() -> Path:
    override = os.environ.get("DEFUSE_HOME")
    return Path(override) / "data" if override else Path(platformdirs.user_data_dir(APP))


THEMES = ("default", "large", "contrast")
FEEDBACK = ("end", "each_reply")


@dataclass
class Settings:
    """What a player can change on the settings screen, kept between runs.

    A plain dataclass with its own checks (not a pydantic model): it is read before the
    first frame, and start-up time is measured.
    """

    player: str = ""
    real_time: bool = True
    text_speed: float = 1.0  # 1.0 = speaking pace; 0.25 to 4
    theme: str = "default"  # default | large | contrast
    sound: bool = True
    fullscreen: bool = False
    window: tuple[int, int] = (1280, 720)
    voice: bool | None = None  # the customer's lines spoken; None = on where espeak-ng is
    self_voicing: bool = False  # menus read aloud (the focused item)
    voice_volume: int = 80  # 0-100
    feedback: str = "end"  # end: all in the debrief | each_reply: one line after each reply
    tour_done: bool = False  # the guided first call was shown (or skipped)

    @classmethod
    def from_dict(cls, data: Any) -> Settings:
        if not isinstance(data, dict):
            raise ValueError("settings must be a JSON object")
        fresh = cls()
        checks = {
            "player": lambda v: isinstance(v, str) and len(v) <= 80,
            "real_time": lambda v: isinstance(v, bool),
            "text_speed": lambda v: isinstance(v, int | float) and 0.25 <= v <= 4.0,
            "theme": lambda v: v in THEMES,
            "sound": lambda v: isinstance(v, bool),
            "fullscreen": lambda v: isinstance(v, bool),
            "feedback": lambda v: v in FEEDBACK,
            "tour_done": lambda v: isinstance(v, bool),
            "window": lambda v: (
                isinstance(v, list | tuple)
                and len(v) == 2
                and all(isinstance(n, int) and 320 <= n <= 10000 for n in v)
            ),
            "voice": lambda v: v is None or isinstance(v, bool),
            "self_voicing": lambda v: isinstance(v, bool),
            "voice_volume": lambda v: type(v) is int and 0 <= v <= 100,
        }
        for key, ok in checks.items():
            # A value that does not fit keeps its default; the rest are kept.
            if key in data and ok(data[key]):
                setattr(fresh, key, tuple(data[key]) if key == "window" else data[key])
        return fresh

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["window"] = list(self.window)
        return data


@dataclass
class Results:
    """Best score per player and scenario."""

    best: dict[str, dict[str, int]] = field(default_factory=dict)  # player -> scenario -> score

    @classmethod
    def from_dict(cls, data: Any) -> Results:
        if not isinstance(data, dict):
            raise ValueError("the file must hold a JSON object")
        best = data.get("best", {})  # `{}` is an empty results file, not a broken one
        if not isinstance(best, dict) or not all(
            isinstance(scores, dict) and all(isinstance(v, int) for v in scores.values())
            for scores in best.values()
        ):
            raise ValueError("`best` must map players to scenario scores")
        return cls(best)

    def to_dict(self) -> dict[str, Any]:
        return {"best": self.best}

    def best_for(self, player: str, scenario: str) -> int | None:
        return self.best.get(player or "", {}).get(scenario)

    def add(self, player: str, scenario: str, score: int) -> bool:
        """Record a score; True if it is a new best."""
        mine = self.best.setdefault(player or "", {})
        if score > mine.get(scenario, -1):
            mine[scenario] = score
            return True
        return False


USER_FILE_LIMIT = 1024 * 1024  # settings and results are a few KiB; more is not ours


def _load(path: Path, model: type, notices: list[str]) -> Any:
    try:
        # A regular file only, at most the limit: a FIFO here must not hang the start.
        raw = read_limited(path, USER_FILE_LIMIT)
    except FileProblem as exc:
        if exc.message != "no such file":
            shown = printable(str(path))
            notices.append(f"{shown}: {exc.message}; defaults are used ({exc.fix})")
        return model()
    try:
        # utf-8-sig: Notepad saves JSON with a byte-order mark; it is still the player's file.
        return model.from_dict(json.loads(raw.decode("utf-8-sig")))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        kept = path.with_name(f"{path.name}.broken-{time.strftime('%Y%m%d-%H%M%S')}")
        try:
            path.replace(kept)
            where = f"it was kept as {printable(str(kept))}"
        except OSError:
            where = "it could not be moved aside"
        notices.append(
            f"{printable(str(path))} could not be read: {_in_words(exc)}; "
            f"{where}, defaults are used"
        )
        return model()


def _in_words(exc: Exception) -> str:
    """Why a user file could not be read, as a player reads it."""
    if isinstance(exc, json.JSONDecodeError):
        return f"it is not valid JSON (line {exc.lineno}, column {exc.colno})"
    if isinstance(exc, UnicodeDecodeError):
        return "it is not UTF-8 text"
    if isinstance(exc, RecursionError):
        return "it is nested too deeply"
    return f"it does not hold what was expected ({exc})"


def load_settings(notices: list[str] | None = None) -> Settings:
    return _load(config_dir() / "settings.json", Settings, notices if notices is not None else [])


def save_settings(settings: Settings) -> Path:
    return write_json_atomic(config_dir() / "settings.json", settings.to_dict())


def load_results(notices: list[str] | None = None) -> Results:
    return _load(data_dir() / "results.json", Results, notices if notices is not None else [])


def save_results(results: Results) -> Path:
    return write_json_atomic(data_dir() / "results.json", results.to_dict())


def debrief_dir() -> Path:
    return data_dir() / "debriefs"
