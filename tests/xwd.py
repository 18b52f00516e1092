"""A small reader for X window dumps (`xwd`), enough for the real-display test.

Handles what an X server gives for a 24-bit TrueColor window or root: ZPixmap, 24 or 32
bits per pixel, either byte order. Returns an (height, width, 3) uint8 RGB array.
"""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np

HEADER_FIELDS = [
    "header_size",
    "file_version",
    "pixmap_format",
    "pixmap_depth",
    "width",
    "height",
    "xoffset",
    "byte_order",
    "bitmap_unit",
    "bitmap_bit_order",
    "bitmap_pad",
    "bits_per_pixel",
    "bytes_per_line",
    "visual_class",
    "red_mask",
    "green_mask",
    "blue_mask",
    "bits_per_rgb",
    "colormap_entries",
    "ncolors",
    "window_width",
    "window_height",
    "window_x",
    "window_y",
    "window_bdrwidth",
]
ZPIXMAP = 2
COLOR_SIZE = 12  # one XWDColor entry: pixel (4), r g b (2 each), flags and pad


def _shift(mask: int) -> int:
    return (mask & -mask).bit_length() - 1


def read_xwd(data: bytes) -> np.ndarray:
    if len(data) < 100:
        raise ValueError("too short for an xwd header")
    header = dict(zip(HEADER_FIELDS, struct.unpack(">25I", data[:100]), strict=True))
    if header["file_version"] != 7 or header["pixmap_format"] != ZPIXMAP:
        raise ValueError("not a version-7 ZPixmap xwd dump")
    bpp = header["bits_per_pixel"]
    if bpp not in (24, 32):
        raise ValueError(f"{bpp} bits per pixel is not supported")
    width, height, stride = header["width"], header["height"], header["bytes_per_line"]
    start = header["header_size"] + header["ncolors"] * COLOR_SIZE
    pixels = data[start : start + height * stride]
    if len(pixels) < height * stride:
        raise ValueError("the pixel data is cut short")
    order = "<" if header["byte_order"] == 0 else ">"  # 0 = LSBFirst
    rows = np.frombuffer(pixels, dtype=np.uint8).reshape(height, stride)
    step = bpp // 8
    raw = rows[:, : width * step].reshape(height, width, step).astype(np.uint32)
    weights = [1 << (8 * i) for i in range(step)]  # byte i of a little-endian pixel
    if order == ">":
        weights.reverse()
    words = sum(raw[:, :, i] * w for i, w in enumerate(weights))
    channels = [
        ((words & mask) >> _shift(mask)).astype(np.uint8)
        for mask in (header["red_mask"], header["green_mask"], header["blue_mask"])
    ]
    return np.stack(channels, axis=-1)


def xwd_to_png(xwd: Path, png: Path) -> np.ndarray:
    """Convert a dump to PNG (with pygame) and return its RGB pixels."""
    import pygame

    rgb = read_xwd(xwd.read_bytes())
    surface = pygame.surfarray.make_surface(rgb.swapaxes(0, 1))
    pygame.image.save(surface, str(png))
    return rgb
