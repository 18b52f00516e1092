"""The voice for each persona, with rate and pitch rising with anger (data in voices.yaml)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from sim.paths import read_data

VOICES_FILE = Path(__file__).with_name("voices.yaml")

RATE_RANGE = (80, 450)  # words per minute espeak-ng speaks intelligibly
PITCH_RANGE = (0, 99)


@dataclass(frozen=True)
class Voice:
    """What espeak-ng needs to speak one line."""

    name: str  # an espeak-ng voice, optionally with a +variant
    rate: int  # words per minute
    pitch: int  # 0-99


@dataclass(frozen=True)
class VoiceTable:
    personas: dict[str, Voice]
    default: Voice
    narrator: Voice
    anger_rate: float
    anger_pitch: float

    def for_persona(self, persona: str, anger: float = 0.0, speed: float = 1.0) -> Voice:
        """This persona's voice at this anger (0-100); speed is the text-speed setting."""
        base = self.personas.get(persona, self.default)
        heat = min(100.0, max(0.0, float(anger))) / 100.0
        rate = (base.rate + self.anger_rate * heat) * max(0.25, min(4.0, speed))
        pitch = base.pitch + self.anger_pitch * heat
        return Voice(base.name, _clamp(rate, RATE_RANGE), _clamp(pitch, PITCH_RANGE))


def _clamp(value: float, bounds: tuple[int, int]) -> int:
    return round(min(bounds[1], max(bounds[0], value)))


def _voice(data: Any, where: str) -> Voice:
    if not isinstance(data, dict) or not isinstance(data.get("voice"), str):
        raise ValueError(f"{VOICES_FILE.name}: `{where}` needs a `voice:` name")
    try:
        return Voice(data["voice"], int(data.get("rate", 175)), int(data.get("pitch", 50)))
    except (TypeError, ValueError):
        raise ValueError(f"{VOICES_FILE.name}: `{where}` rate and pitch must be numbers") from None


def parse_table(data: Any) -> VoiceTable:
    if not isinstance(data, dict):
        raise ValueError(f"{VOICES_FILE.name}: expected a mapping at the top")
    anger = data.get("anger") or {}
    personas = data.get("personas") or {}
    if not isinstance(anger, dict) or not isinstance(personas, dict):
        raise ValueError(f"{VOICES_FILE.name}: `anger` and `personas` must be mappings")
    default = _voice(data.get("default"), "default")
    return VoiceTable(
        personas={name: _voice(v, f"personas.{name}") for name, v in personas.items()},
        default=default,
        narrator=_voice(data.get("narrator", {"voice": default.name}), "narrator"),
        anger_rate=float(anger.get("rate", 0)),
        anger_pitch=float(anger.get("pitch", 0)),
    )


@cache
def voice_table() -> VoiceTable:
    """The shipped table (read once)."""
    return parse_table(read_data(VOICES_FILE))
