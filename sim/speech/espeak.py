"""The espeak-ng program: finding it, the command line for one line, rendering to WAV.

The program rather than a Python binding: espeak-ng is one package on every platform, its
command line is stable, and a separate process can be stopped at once when a line is cut.
The text goes in on stdin, so nothing in it can be read as an option.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import struct
import subprocess
import sys
import threading
from pathlib import Path

from sim.speech.voices import Voice

TIMEOUT = 10.0  # seconds; espeak-ng renders a long line in well under one
NICENESS = 10  # espeak-ng's scheduling priority, lowered
MAX_WAV = 16 * 1024 * 1024  # bytes read from espeak-ng at most (about six minutes of speech)

# Where the Windows installer puts it (not on PATH by default).
_WINDOWS_PLACES = (
    r"C:\Program Files\eSpeak NG\espeak-ng.exe",
    r"C:\Program Files (x86)\eSpeak NG\espeak-ng.exe",
)


def find_espeak() -> str | None:
    """The espeak-ng program's path, or None. DEFUSE_ESPEAK overrides (empty = none)."""
    override = os.environ.get("DEFUSE_ESPEAK")
    if override is not None:
        return shutil.which(override) if override else None
    found = shutil.which("espeak-ng")
    if found or sys.platform != "win32":
        return found
    return next((p for p in _WINDOWS_PLACES if Path(p).is_file()), None)


def how_to_get() -> str:
    """One line: how to install espeak-ng on this system."""
    if sys.platform == "darwin":
        way = "brew install espeak-ng"
    elif sys.platform == "win32":
        way = "run the installer from github.com/espeak-ng/espeak-ng/releases"
    else:
        way = "sudo apt install espeak-ng"
    return f"The voice needs espeak-ng: {way}, then restart Defuse."


def command(program: str, voice: Voice, wav: Path | None = None) -> list[str]:
    """espeak-ng's arguments to speak stdin in this voice, as WAV to a file or to stdout."""
    args = [program, "-v", voice.name, "-s", str(voice.rate), "-p", str(voice.pitch), "--stdin"]
    return [*args, "-w", str(wav)] if wav is not None else [*args, "--stdout"]


class SpeechError(Exception):
    """espeak-ng could not render a line (one line saying why)."""


def _run(args: list[str], text: str, timeout: float, started=None) -> bytes:
    """Run espeak-ng on the text; stdout, read up to MAX_WAV. ``started(proc)`` lets a
    caller keep the process to stop it early (a line cut short)."""
    try:
        proc = subprocess.Popen(
            args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
    except OSError as exc:
        raise SpeechError(f"espeak-ng did not run ({exc.strerror or type(exc).__name__})") from None
    if hasattr(os, "setpriority"):
        # Below the game: on a busy machine the frame comes first, the voice a moment later.
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, proc.pid, NICENESS)
    if started is not None:
        started(proc)
    timer = threading.Timer(timeout, proc.kill)
    timer.start()
    try:
        try:
            proc.stdin.write(text.encode("utf-8"))  # a short line: fits the pipe's buffer
            proc.stdin.close()
        except OSError:
            pass  # it died early; its exit status says why
        out = proc.stdout.read(MAX_WAV)
        proc.stdout.close()
        why = proc.stderr.read(4096).decode("utf-8", "replace").strip().splitlines()
        code = proc.wait()
    finally:
        timer.cancel()
        for stream in (proc.stdout, proc.stderr):
            stream.close()
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    if code != 0:
        raise SpeechError(f"espeak-ng failed: {why[-1] if why else f'exit status {code}'}")
    return out


def render(program: str, text: str, voice: Voice, timeout: float = TIMEOUT, started=None) -> bytes:
    """The line as WAV bytes (espeak-ng makes 22050 Hz, 16-bit mono)."""
    out = _run(command(program, voice), text, timeout, started)
    if not out.startswith(b"RIFF"):
        raise SpeechError("espeak-ng gave no sound (is the voice installed?)")
    return fix_sizes(out)


def fix_sizes(wav: bytes) -> bytes:
    """Put the real lengths in a streamed WAV's header.

    Writing to a pipe, espeak-ng cannot go back to fill in the lengths, so it writes
    "as long as possible"; readers then take the file for hours of sound.
    """
    data = wav.find(b"data", 12)
    if data < 0 or data + 8 > len(wav):
        raise SpeechError("espeak-ng gave a WAV without sound data")
    body = len(wav) - data - 8
    return b"".join(
        (
            wav[:4],
            struct.pack("<I", len(wav) - 8),
            wav[8 : data + 4],
            struct.pack("<I", body),
            wav[data + 8 :],
        )
    )


def render_file(program: str, text: str, voice: Voice, wav: Path, timeout: float = TIMEOUT) -> Path:
    """The line written to a WAV file by espeak-ng itself (-w)."""
    _run(command(program, voice, wav), text, timeout)
    return wav
