"""Saving a surface as PNG through sim/fileio.py: a device or a link at the path is
respected, an unwritable path is an OSError in words (pygame's own save raises pygame.error
and leaves its temp file)."""

from __future__ import annotations

import io
from pathlib import Path

import pygame

from sim.fileio import write_bytes_safely


def save_png(surface: pygame.Surface, path: str | Path) -> Path:
    buffer = io.BytesIO()
    pygame.image.save(surface, buffer, "image.png")  # the name hint picks the format
    return write_bytes_safely(path, buffer.getvalue())
