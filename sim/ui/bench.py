"""`python main.py bench [--json]`: speed and memory, measured, never asserted in tests.

- startup_ratio: time to the first fully drawn menu frame, divided by the floor (a
  process that only imports pygame and pygame_gui and opens a window); medians of runs.
- frame_p50_ms / frame_p99_ms: frame times on the conversation screen at 1280x720, as
  the CPU time of the frame (so other programs on a busy machine don't count); the
  wall-clock p99 is reported beside it as *_wall.
- frame_p99_ms_after_40_turns: the same after forty turns of transcript.
- scenario_load_ms: loading and checking one shipped scenario (median).
- peak_rss_mb: the peak memory of the process that ran the frames.
- analyzer_playthroughs_per_s / analyzer_speedup: the batch analyzer against the engine
  played one session at a time, in the same run.
- voice_off/voice_on_frame_p99_ms: frame times (CPU, and *_wall) on the conversation
  screen paced at 60 fps with a new customer line every half second, sound cues on, the
  voice off and on (espeak-ng renders on a worker thread; the frame only starts playback).
- voice_first_audio_ms: from asking for a line (a typical shipped line) to its first
  sound starting on the mixer, median of runs; *_max the slowest. Needs espeak-ng.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time

from sim.paths import PROJECT_DIR

FLOOR_CODE = """
import time, sys
t0 = time.perf_counter()
import pygame, pygame_gui
pygame.init()
window = pygame.display.set_mode((1280, 720))
manager = pygame_gui.UIManager((1280, 720))
manager.update(0.0)
window.fill((0, 0, 0))
manager.draw_ui(window)
pygame.display.flip()
print(time.perf_counter() - t0)
"""

OURS_CODE = """
import time, sys
t0 = time.perf_counter()
from sim.records.userdata import Settings
from sim.ui.app import App
from sim.ui.screens.menu import MenuScreen
app = App((1280, 720), settings=Settings(player="Bench", sound=False))
app.show(MenuScreen(app))
app.frame(0.0)
print(time.perf_counter() - t0)
"""


def _time_process(code: str, runs: int) -> float:
    env = dict(os.environ)
    env.setdefault("SDL_VIDEODRIVER", "dummy")
    env.setdefault("SDL_AUDIODRIVER", "dummy")
    env["PYTHONPATH"] = str(PROJECT_DIR) + os.pathsep + env.get("PYTHONPATH", "")
    times = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            env=env,
            check=True,
            cwd=PROJECT_DIR,
        )
        times.append(float(out.stdout.strip().splitlines()[-1]))
    return statistics.median(times)


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def _frame_times(driver, count: int) -> tuple[list[float], list[float]]:
    """Per frame: the CPU time this thread spent (what our code costs, whatever else the
    machine is doing) and the wall-clock time (which includes being pre-empted)."""
    cpu, wall = [], []
    for _ in range(count):
        start_cpu, start_wall = time.thread_time(), time.perf_counter()
        driver.app.frame(1 / 60)
        cpu.append((time.thread_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start_wall) * 1000)
    return cpu, wall


def bench_scenario():
    """A long-lasting conversation for the 40-turn measurement (built in code, no file)."""
    from sim.scenario.models import Scenario

    options = [
        {
            "text": "I hear you, and I'd be frustrated in your place too. " * 2,
            "moves": ["empathize"],
        },
        {"text": "[Stay calm and let them continue.]", "moves": ["stay_calm"]},
        {"text": "So the order came late, and nobody called to say so.", "moves": ["reflect"]},
        {"text": "Sorry, but it's been a busy week.", "moves": ["excuse"]},
    ]
    return Scenario.model_validate(
        {
            "id": "bench",
            "title": "Benchmark: a long conversation",
            "cause": "late_delivery",
            "summary": "A customer who keeps talking, for measuring frame times.",
            "difficulty": 1,
            "customer": {
                "name": "Bench Mark",
                "persona": "reasonable",
                "anger": 50,
                "story": [],
                "wants": "to be heard",
            },
            "start": "talk",
            "beats": {
                "talk": {
                    "say": {
                        "calm": "Go on then.",
                        "upset": "And another thing...",
                        "angry": "I'm not finished!",
                        "furious": "Listen to me!",
                    },
                    "options": options,
                }
            },
        }
    )


def measure_frames() -> dict[str, float]:
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    import tempfile

    from sim.records.userdata import Settings
    from sim.ui.app import App
    from sim.ui.driver import Driver
    from sim.ui.screens.conversation import ConversationScreen

    with tempfile.TemporaryDirectory() as home:
        os.environ["DEFUSE_HOME"] = home
        app = App((1280, 720), settings=Settings(player="Bench", sound=False, real_time=False))
        driver = Driver(app)
        screen = ConversationScreen(app, bench_scenario(), seed=1)
        app.show(screen)
        driver.frames(30)
        fresh, fresh_wall = _frame_times(driver, 600)
        for turn in range(40):
            screen.pick(turn % 3)
            driver.frames(3)
        assert len(screen.session.turns) == 40 and not screen.session.done
        late, late_wall = _frame_times(driver, 600)
    return {
        "frame_p50_ms": round(statistics.median(fresh), 3),
        "frame_p99_ms": round(_percentile(fresh, 99), 3),
        "frame_p50_ms_after_40_turns": round(statistics.median(late), 3),
        "frame_p99_ms_after_40_turns": round(_percentile(late, 99), 3),
        "frame_p99_ms_wall": round(_percentile(fresh_wall, 99), 3),
        "frame_p99_ms_after_40_turns_wall": round(_percentile(late_wall, 99), 3),
    }


def _voice_frames(voice: bool, count: int = 360, every: int = 30) -> dict[str, float]:
    """Frames at a real 60 fps pace, a new line every `every` frames, voice on or off."""
    import tempfile

    from sim.records.userdata import Settings
    from sim.ui.app import App
    from sim.ui.driver import Driver
    from sim.ui.screens.conversation import ConversationScreen

    with tempfile.TemporaryDirectory() as home:
        os.environ["DEFUSE_HOME"] = home
        # Sound cues on in both (the default): the mixer runs either way, only the voice differs.
        settings = Settings(player="Bench", sound=True, real_time=False, voice=voice)
        app = App((1280, 720), settings=settings)
        driver = Driver(app)
        driver.frames(2)  # the speaker is made after the first frame
        screen = ConversationScreen(app, bench_scenario(), seed=1)
        app.show(screen)
        cpu, wall = [], []
        for i in range(count):
            if i % every == 0:
                screen.pick((i // every) % 3)
            start_cpu, start_wall = time.thread_time(), time.perf_counter()
            app.frame(1 / 60)
            cpu.append((time.thread_time() - start_cpu) * 1000)
            wall.append((time.perf_counter() - start_wall) * 1000)
            time.sleep(max(0.0, 1 / 60 - (time.perf_counter() - start_wall)))
        spoken = len(app.voice.latencies) if voice else 0
        app.voice.close()
    key = "voice_on" if voice else "voice_off"
    figures = {
        f"{key}_frame_p99_ms": round(_percentile(cpu, 99), 3),
        f"{key}_frame_p99_ms_wall": round(_percentile(wall, 99), 3),
    }
    if voice:
        figures["voice_lines_played"] = spoken
    return figures


def measure_voice(runs: int = 15) -> dict[str, float | None]:
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    from sim.speech.espeak import find_espeak

    if find_espeak() is None:
        return {"voice_first_audio_ms": None}  # no espeak-ng here
    import pygame

    from sim.speech.voices import voice_table
    from sim.ui.voice import Speaker

    results: dict[str, float | None] = {}
    results.update(_voice_frames(False))
    results.update(_voice_frames(True))
    line = (
        "Saturday. I took the whole morning off for it. "
        "Nobody came, nobody rang, and your website still says out for delivery."
    )
    speaker = Speaker(volume=0)
    firsts = []
    for _ in range(runs):
        speaker.say(line, voice_table().for_persona("hurried", 60))
        asked = len(speaker.latencies)
        deadline = time.perf_counter() + 10
        while len(speaker.latencies) == asked and time.perf_counter() < deadline:
            speaker.poll()
            pygame.time.wait(1)  # a frame polls at most once a frame; this is finer
        if len(speaker.latencies) > asked:
            firsts.append(speaker.latencies[-1] * 1000)
    speaker.close()
    if firsts:
        results["voice_first_audio_ms"] = round(statistics.median(firsts), 1)
        results["voice_first_audio_ms_max"] = round(max(firsts), 1)
    return results


def measure_load() -> float:
    from sim.scenario.catalog import shipped_files
    from sim.scenario.loader import load_scenario

    times = []
    for path in shipped_files():
        for _ in range(10):
            start = time.perf_counter()
            load_scenario(path)
            times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 3)


def peak_rss_mb() -> float | None:
    try:
        import resource
    except ImportError:  # Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024, 1)


def run_bench(runs: int = 5) -> dict[str, float | None]:
    floor = _time_process(FLOOR_CODE, runs)
    ours = _time_process(OURS_CODE, runs)
    results: dict[str, float | None] = {
        "startup_ratio": round(ours / floor, 3),
        "startup_s": round(ours, 3),
        "startup_floor_s": round(floor, 3),
    }
    results.update(measure_frames())
    results["scenario_load_ms"] = measure_load()
    results["peak_rss_mb"] = peak_rss_mb()  # the window and 80 turns of conversation
    from sim.analysis.report import analyzer_figures

    results.update(analyzer_figures())
    results.update(measure_voice())
    return results


def print_table(results: dict) -> None:
    targets = {
        "startup_ratio": "<= 1.5",
        "frame_p99_ms": "< 4",
        "frame_p99_ms_after_40_turns": "< 4",
        "scenario_load_ms": "< 10",
        "peak_rss_mb": "< 150",
        "analyzer_playthroughs_per_s": ">= 100000",
        "analyzer_speedup": ">= 30",
    }
    for key, value in results.items():
        print(f"{key:<32} {value!s:>10}   {targets.get(key, '')}")


def main_bench(as_json: bool) -> int:
    import json

    results = run_bench()
    if as_json:
        print(json.dumps(results))
    else:
        print_table(results)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main_bench("--json" in sys.argv))
