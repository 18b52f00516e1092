"""Writing files so that a crash never leaves a half-written one behind."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sim.fileio import write_text_safely


def write_text_atomic(path: str | Path, text: str) -> Path:
    """Atomic for a regular file; a device or a symlink at ``path`` is respected, never
    replaced (sim/fileio.py)."""
    return write_text_safely(path, text)


def to_json(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, default=_plain) + "\n"


def write_json_atomic(path: str | Path, data: Any) -> Path:
    return write_text_atomic(path, to_json(data))


def _plain(value: Any) -> Any:
    if hasattr(value, "to_dict"):
        return value.to_dict()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")
