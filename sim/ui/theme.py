"""Themes: a pygame_gui theme file per look, plus the palette and fonts we draw with.

The files live in assets/themes/ (default, large for projectors, high contrast), so a
facilitator can change colours and sizes without touching code.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pygame
import pygame_gui

from sim.paths import ASSETS_DIR

THEMES_DIR = ASSETS_DIR / "themes"
THEME_NAMES = ("default", "large", "contrast")
# The class screens' look: light, high contrast, text sized for the back of a room. Not a
# player's choice in Settings; class mode switches to it and back.
PROJECTOR = "projector"
FONT_DIR = Path(pygame_gui.__file__).resolve().parent / "data"
# Noto Sans (shipped with pygame_gui) covers accented Latin, Greek and Cyrillic.
FONT_REGULAR = FONT_DIR / "NotoSans-Regular.ttf"
FONT_BOLD = FONT_DIR / "NotoSans-Bold.ttf"


def _font(path: Path, size: int) -> pygame.font.Font:
    # Not cached across themes: fonts die with pygame.quit(), and loading is cheap.
    return pygame.font.Font(str(path), size)


@dataclass
class Theme:
    name: str
    path: Path
    palette: dict[str, pygame.Color]
    base_size: int
    fonts: dict[str, pygame.font.Font] = field(default_factory=dict)

    @classmethod
    def load(cls, name: str) -> Theme:
        if name not in (*THEME_NAMES, PROJECTOR):
            name = "default"
        path = THEMES_DIR / f"{name}.json"
        data = json.loads(path.read_text(encoding="utf-8"))
        palette = {k: pygame.Color(v) for k, v in data["defuse_palette"]["colours"].items()}
        base = int(data["defaults"]["font"]["size"])
        theme = cls(name, path, palette, base)
        theme.fonts = {
            "small": _font(FONT_REGULAR, max(12, base - 2)),
            "base": _font(FONT_REGULAR, base),
            "bold": _font(FONT_BOLD, base),
            "big": _font(FONT_BOLD, round(base * 1.3)),
            "title": _font(FONT_BOLD, round(base * 2.6)),
        }
        return theme

    def colour(self, name: str) -> pygame.Color:
        return self.palette[name]
