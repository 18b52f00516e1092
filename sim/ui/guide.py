"""The guided first call and the glossary, read from assets/guide.yaml (trainers may reword
it). Read once, safely and within a limit; if the file is broken the game still runs, with
one line saying what is wrong."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import yaml

from sim.fileio import FileProblem, in_words, read_limited
from sim.paths import ASSETS_DIR

GUIDE_FILE = ASSETS_DIR / "guide.yaml"
GUIDE_LIMIT = 256 * 1024
SPOTS = ("face", "meter", "gauges", "speech", "history", "replies")


@dataclass(frozen=True)
class Card:
    title: str
    text: str
    spot: str | None = None


@dataclass(frozen=True)
class Guide:
    tour: tuple[Card, ...]
    glossary: tuple[tuple[str, str], ...]
    how_to_play: str
    problem: str = ""  # one line if the file could not be used


def _text(value, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{where} must be some text")
    return " ".join(value.split())


def parse_guide(data) -> Guide:
    if not isinstance(data, dict):
        raise ValueError("the file must hold `tour`, `glossary` and `how_to_play`")
    tour = []
    for n, card in enumerate(data.get("tour") or [], start=1):
        if not isinstance(card, dict):
            raise ValueError(f"tour card {n} must have a title and a text")
        spot = card.get("spot")
        if spot is not None and spot not in SPOTS:
            raise ValueError(f"tour card {n}: spot must be one of {', '.join(SPOTS)}")
        tour.append(
            Card(
                _text(card.get("title"), f"tour card {n} title"),
                _text(card.get("text"), f"tour card {n} text"),
                spot,
            )
        )
    glossary = []
    for n, entry in enumerate(data.get("glossary") or [], start=1):
        if not isinstance(entry, dict):
            raise ValueError(f"glossary entry {n} must have a term and a meaning")
        glossary.append(
            (
                _text(entry.get("term"), f"glossary entry {n} term"),
                _text(entry.get("meaning"), f"glossary entry {n} meaning"),
            )
        )
    return Guide(tuple(tour), tuple(glossary), _text(data.get("how_to_play"), "how_to_play"))


@lru_cache(maxsize=1)
def load_guide() -> Guide:
    try:
        data = yaml.safe_load(read_limited(GUIDE_FILE, GUIDE_LIMIT).decode("utf-8"))
        return parse_guide(data)
    except FileProblem as exc:
        problem = f"{GUIDE_FILE}: {exc.message} ({exc.fix}); the guided call is skipped"
    except OSError as exc:
        problem = f"{GUIDE_FILE} could not be read ({in_words(exc)}); the guided call is skipped"
    except (yaml.YAMLError, UnicodeDecodeError, ValueError) as exc:
        problem = f"{GUIDE_FILE} could not be used: {exc}; fix it and restart"
    return Guide((), (), "", problem)
