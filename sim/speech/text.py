"""What is spoken: the words of a line, without the stage directions a reader would skip."""

from __future__ import annotations

import re

LIMIT = 600  # characters spoken per line: a runaway line must not tie up the voice

_DIRECTIONS = re.compile(r"\[[^\]]*\]|\*[^*]*\*|\([^)]*\)")
_SPACES = re.compile(r"\s+")
_BEFORE_STOP = re.compile(r"\s+([.,!?;:])")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


def spoken_text(line: str) -> str:
    """The words to say: [stage directions], *actions* and (asides) dropped, spaces tidied."""
    words = _SPACES.sub(" ", _DIRECTIONS.sub(" ", line)).strip()
    words = _BEFORE_STOP.sub(r"\1", words)
    if len(words) > LIMIT:
        cut = words.rfind(" ", 0, LIMIT)
        words = words[: cut if cut > 0 else LIMIT]
    return words


def sentences(text: str, first_max: int = 60) -> list[str]:
    """The text in pieces to render one after another, so the first is heard sooner.

    The first piece is a short sentence (or the whole text if the first sentence is long);
    the rest stays in one piece, since espeak-ng's own phrasing is better over longer text.
    """
    text = text.strip()
    if not text:
        return []
    parts = _SENTENCE_END.split(text, maxsplit=1)
    if len(parts) == 2 and len(parts[0]) <= first_max:
        return [parts[0], parts[1]]
    return [text]


def label_text(label: str) -> str:
    """A menu button's label as it should be read: no leading key number, no key hints."""
    label = re.sub(r"^\s*\d+\s+", "", label)
    label = re.sub(r"\s*\((?:Esc|Enter|F\d+)\)", "", label)
    label = re.sub(r"\s*\|\s*", ", ", label)  # column separators: a pause, not "vertical line"
    return _SPACES.sub(" ", label).strip()
