"""Small PNG files made in code, for portrait tests (no image library needed)."""

from __future__ import annotations

import struct
import zlib


def _chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def png(width: int, height: int, kind: str = "rgb", *, pixels: bool = True) -> bytes:
    """A valid PNG of ``kind`` rgb, rgba, gray or palette. With ``pixels=False`` only the
    header is real (a "decompression bomb" that claims any size in a few bytes)."""
    colour_type, channels = {"gray": (0, 1), "rgb": (2, 3), "palette": (3, 1), "rgba": (6, 4)}[kind]
    header = struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0)
    chunks = [_chunk(b"IHDR", header)]
    if kind == "palette":
        chunks.append(_chunk(b"PLTE", bytes([200, 60, 40, 40, 90, 200])))
    if pixels:
        row = b"\x00" + bytes((x * 7) % 2 for x in range(width * channels))
        data = zlib.compress(row * height)
    else:
        data = zlib.compress(b"\x00" * 64)
    chunks.append(_chunk(b"IDAT", data))
    chunks.append(_chunk(b"IEND", b""))
    return b"\x89PNG\r\n\x1a\n" + b"".join(chunks)
