"""Themes: a pygame_gui theme file per look, plus the palette and fonts we draw with.

The files live in assets/themes/ (default, large for projectors, high contrast), so a
facilitator can change colours and sizes without touching code.
"""

from __future__ import annotations

import copy
import json
import math
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

# The theme files give sizes for a 1280x720 window; other windows scale them, so text fills
# a 1080p screen or a projector and still fits the 960x600 minimum.
DESIGN_SIZE = (1280, 720)
NARROWEST = 960  # the width below which the scale stops following the height
SCALE_RANGE = (0.8, 3.0)
SMALLEST_FONT = 12  # pixels: below this Noto Sans stops being readable


def window_scale(size: tuple[int, int]) -> float:
    """How much bigger than the design size things are drawn in a window of this size.

    The height leads (text lines stack downwards); a tall narrow window is held back by its
    width. Rounded down to 0.05 so a window dragged by a few pixels keeps its fonts.
    """
    w, h = size
    raw = min(h / DESIGN_SIZE[1], w / NARROWEST)
    raw = min(max(raw, SCALE_RANGE[0]), SCALE_RANGE[1])
    return math.floor(raw * 20 + 1e-9) / 20


# The theme's misc values that are lengths in pixels, scaled with the fonts so that a big
# window's buttons keep their proportions (padding is "horizontal,vertical").
_PIXEL_MISC = (
    "border_width",
    "shadow_width",
    "shape_corner_radius",
    "padding",
    "text_horiz_alignment_padding",
    "text_vert_alignment_padding",
)


def _scaled_pixels(value: str, scale: float) -> str:
    """``"8,6"`` or ``"2"`` scaled; a length of at least 1 stays at least 1 (a border)."""
    parts = [int(part) for part in value.split(",")]
    return ",".join(str(max(min(part, 1), round(part * scale))) for part in parts)


def _scaled_theme_data(data: dict, scale: float) -> dict:
    """The pygame_gui theme with every font size and pixel length scaled."""
    data = copy.deepcopy(data)
    for block in data.values():
        if not isinstance(block, dict):
            continue
        font = block.get("font")
        if isinstance(font, dict) and "size" in font:
            font["size"] = str(max(SMALLEST_FONT, round(int(font["size"]) * scale)))
        misc = block.get("misc")
        if isinstance(misc, dict):
            for key in _PIXEL_MISC:
                if key in misc:
                    misc[key] = _scaled_pixels(misc[key], scale)
    return data


def _font(path: Path, size: int, italic: bool = False) -> pygame.font.Font:
    # Not cached across themes: fonts die with pygame.quit(), and loading is cheap.
    font = pygame.font.Font(str(path), size)
    font.italic = italic  # slanted by pygame: the font files have no italic face
    return font


class Fonts(dict):
    """The theme's fonts by name, each loaded when first used: the menu's first frame needs
    none of them, and seven fonts took a few ms of the start."""

    def __init__(self, specs: dict[str, tuple[Path, int, bool]]):
        super().__init__()
        self.specs = specs

    def __missing__(self, name: str) -> pygame.font.Font:
        path, size, italic = self.specs[name]
        self[name] = font = _font(path, size, italic)
        return font


@dataclass
class Theme:
    name: str
    path: Path
    palette: dict[str, pygame.Color]
    base_size: int
    scale: float = 1.0
    manager_data: dict = field(default_factory=dict)  # the pygame_gui theme, scaled
    fonts: dict[str, pygame.font.Font] = field(default_factory=dict)

    @classmethod
    def load(cls, name: str, size: tuple[int, int] = DESIGN_SIZE) -> Theme:
        """The theme for a window of this size (fonts and spacing scaled to it)."""
        if name not in (*THEME_NAMES, PROJECTOR):
            name = "default"
        path = THEMES_DIR / f"{name}.json"
        data = json.loads(path.read_text(encoding="utf-8"))
        palette = {k: pygame.Color(v) for k, v in data["defuse_palette"]["colours"].items()}
        scale = window_scale(size)
        manager_data = _scaled_theme_data(data, scale)
        base = int(manager_data["defaults"]["font"]["size"])
        theme = cls(name, path, palette, base, scale, manager_data)
        theme.fonts = Fonts(
            {
                "small": (FONT_REGULAR, max(12, base - 2), False),
                "base": (FONT_REGULAR, base, False),
                "bold": (FONT_BOLD, base, False),
                "italic": (FONT_REGULAR, base, True),
                "bold_italic": (FONT_BOLD, base, True),
                "big": (FONT_BOLD, round(base * 1.3), False),
                "title": (FONT_BOLD, round(base * 2.6), False),
            }
        )
        return theme

    def colour(self, name: str) -> pygame.Color:
        return self.palette[name]

    def px(self, length: float) -> int:
        """A length given for the design size, in this window's pixels."""
        return round(length * self.scale)

    def fits(self, name: str, size: tuple[int, int]) -> bool:
        """True if this theme, as loaded, is the one for a window of this size."""
        return self.name == name and self.scale == window_scale(size)
