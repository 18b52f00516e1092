"""`python main.py bench [--json]`: speed and memory, measured, never asserted in tests.

Every process measure is paired with its floor (A B A B ...) and reported as the median
of the pair ratios, so a machine that speeds up or slows down mid-run moves both sides.

- startup_ratio: `python main.py` to its first drawn menu frame (the real path: the CLI,
  then the window), divided by the floor (python, pygame, pygame_gui, a window, one
  frame); the processes' CPU time, with the wall-clock ratio beside it as *_wall.
- list_ratio: `python main.py list` against `python -c "import yaml, numpy, pydantic"`,
  once it has remembered the files' lines; list_cold_ratio: the first `list` of a fresh
  player folder, which checks every file.
- frame_p50_ms / frame_p99_ms: frame times on the conversation screen at 1280x720, as
  the CPU time of the frame (so other programs on a busy machine don't count); the
  wall-clock p99 is reported beside it as *_wall.
- frame_p99_ms_after_40_turns: the same after forty turns of transcript.
- pick_frame_p99_ms_<size>_<theme>: the frame in which a reply is picked (a digit key,
  handled inside the timed frame, as a player's key press is); pick_frame_p99_ms is the
  worst of them. ending_pick_frame_ms: the pick that ends a call (median), apart because
  it starts another job: the run record, score and debrief, built on a worker and kept in
  the results; ending_frames_max_ms: the slowest frame while that is under way.
- picker_open_ms_<size>_<theme>: the frame in which the menu's "Play" opens the scenario
  picker (median of opens after the first); picker_open_ms the worst.
- frame_p99_ms_after_200_turns_1920x1080_large: a long call on a big, large-print window.
- memory_30_scenarios_mb: the peak memory of a fresh process that plays 30 shipped
  scenarios back to back through the real screens (menu, picker, briefing, call, debrief).
- voice_off/voice_on_frame_p99_ms: frame times (CPU, and *_wall) on the conversation
  screen at a real 60 fps pace with a new customer line every half second, sound cues on,
  voice off and on (espeak-ng renders on a worker thread; the frame only starts playback).
- voice_first_audio_ms: from asking for a line (a typical shipped line) to its first
  sound (median, and the slowest as *_max); None where espeak-ng is missing.
- scenario_load_ms: loading and checking one shipped scenario (median).
- step_us: one Session.step (median), over every shipped scenario played to its end with
  random replies; only the steps are timed.
- peak_rss_mb: the peak memory of the process that ran the frames.
- analyzer_playthroughs_per_s / analyzer_speedup: the batch analyzer (100k random
  playthroughs on each shipped scenario, played as `analyze` plays them: in chunks, on
  analyzer_workers processes) against the engine played one session at a time, in the
  same run; analyzer_slowest_scenario_per_s: the scenario it plays slowest; the same two
  with the suffix _one_process: every chunk played in one process.
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import tempfile
import time

from sim.paths import PROJECT_DIR
from sim.ui.router import screen_class

# Both start-up programs stop the moment their first frame is on screen (os._exit: no
# clean-up counted), so the figure is the time to a visible window and nothing after.
FLOOR_CODE = """
import os
import pygame, pygame_gui
pygame.init()
window = pygame.display.set_mode((1280, 720))
manager = pygame_gui.UIManager((1280, 720))
manager.update(0.0)
window.fill((0, 0, 0))
manager.draw_ui(window)
pygame.display.flip()
os._exit(0)
"""

# `python main.py` as a player runs it. The dummy video driver makes the CLI fall back to
# the terminal game, so it is told a display is present; pygame is imported first only to
# catch the first flip (the window path imports it anyway).
REAL_CODE = """
import os, sys
import pygame
pygame.display.flip = lambda *args: os._exit(0)
sys.argv = ["main.py"]
import sim.cli
sim.cli.has_display = lambda: True
sys.exit(sim.cli.main([]))
"""

IMPORT_FLOOR_CODE = "import yaml, numpy, pydantic"

SIZES = ((1280, 720), (1920, 1080))
THEMES = ("default", "large")


def _child_env(home: str) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("SDL_VIDEODRIVER", "dummy")
    env.setdefault("SDL_AUDIODRIVER", "dummy")
    env["PYGAME_HIDE_SUPPORT_PROMPT"] = "1"
    env["DEFUSE_HOME"] = home  # a fresh player: no settings, no scores
    # A player's Python keeps compiled modules (the warm-up run writes them); a machine set
    # not to would charge the game, not the floor, for compiling its sources on every run.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = str(PROJECT_DIR) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _run_child(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """One process from start to exit: (wall seconds, CPU seconds of that child alone)."""
    start = time.perf_counter()
    child = subprocess.Popen(
        argv, env=env, cwd=PROJECT_DIR, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} exited with {child.returncode}")
    return wall, usage.ru_utime + usage.ru_stime


def paired(
    ours: list[str], floor: list[str], runs: int, *, fresh_home: bool = False
) -> dict[str, float]:
    """Run ours and the floor in turn; medians of each and of the pair-by-pair ratios.
    With fresh_home, every run of ours starts from an empty player folder."""
    with tempfile.TemporaryDirectory(prefix="defuse-bench-") as home:
        env = _child_env(home)
        _run_child(ours, env), _run_child(floor, env)  # warm the file cache
        pairs = []
        for _ in range(runs):
            if fresh_home:
                with tempfile.TemporaryDirectory(prefix="defuse-bench-") as empty:
                    mine = _run_child(ours, _child_env(empty))
            else:
                mine = _run_child(ours, env)
            pairs.append((mine, _run_child(floor, env)))
    return {
        "ratio": statistics.median(a[1] / b[1] for a, b in pairs),
        "ratio_wall": statistics.median(a[0] / b[0] for a, b in pairs),
        "s": statistics.median(a[1] for a, _ in pairs),
        "floor_s": statistics.median(b[1] for _, b in pairs),
        "s_wall": statistics.median(a[0] for a, _ in pairs),
        "floor_s_wall": statistics.median(b[0] for _, b in pairs),
    }


def measure_startup(runs: int = 7) -> dict[str, float]:
    python = sys.executable
    start = paired([python, "-c", REAL_CODE], [python, "-c", FLOOR_CODE], runs)
    list_argv = [python, str(PROJECT_DIR / "main.py"), "list"]
    listed = paired(list_argv, [python, "-c", IMPORT_FLOOR_CODE], runs)
    # A first `list` (or one after the files changed) checks every file: measured apart,
    # each run with a fresh player folder, so the remembered lines cannot hide it.
    cold = paired(list_argv, [python, "-c", IMPORT_FLOOR_CODE], runs, fresh_home=True)
    return {
        "startup_ratio": round(start["ratio"], 3),
        "startup_ratio_wall": round(start["ratio_wall"], 3),
        "startup_s": round(start["s"], 3),
        "startup_floor_s": round(start["floor_s"], 3),
        "list_ratio": round(listed["ratio"], 3),
        "list_ratio_wall": round(listed["ratio_wall"], 3),
        "list_s": round(listed["s"], 3),
        "list_floor_s": round(listed["floor_s"], 3),
        "list_cold_ratio": round(cold["ratio"], 3),
        "list_cold_s": round(cold["s"], 3),
    }


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def _timed_frame(app, dt: float = 1 / 60) -> tuple[float, float]:
    """One frame: the CPU time this thread spent (what our code costs, whatever else the
    machine is doing) and the wall-clock time (which includes being pre-empted), in ms."""
    start_cpu, start_wall = time.thread_time(), time.perf_counter()
    app.frame(dt)
    return (time.thread_time() - start_cpu) * 1000, (time.perf_counter() - start_wall) * 1000


def _frame_times(driver, count: int) -> tuple[list[float], list[float]]:
    cpu, wall = [], []
    for _ in range(count):
        c, w = _timed_frame(driver.app)
        cpu.append(c)
        wall.append(w)
    return cpu, wall


def _press(key: int, unicode: str = "") -> None:
    import pygame

    for kind in (pygame.KEYDOWN, pygame.KEYUP):
        pygame.event.post(pygame.event.Event(kind, key=key, mod=0, unicode=unicode, scancode=0))


def _press_digit(number: int) -> None:
    import pygame

    _press(pygame.K_0 + number, str(number))


def bench_scenario():
    """A long-lasting conversation for the turn measurements (built in code, no file)."""
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


def _bench_app(size: tuple[int, int], theme: str = "default"):
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    from sim.records.userdata import Settings
    from sim.ui.app import App

    settings = Settings(player="Bench", sound=False, real_time=False, theme=theme)
    return App(size, settings=settings)


def _carry_on(screen) -> None:
    """A call ends after the engine's turn limit: start it again on the same screen, so the
    transcript keeps growing (the long-call measure is about the transcript's length)."""
    screen.pending_ending = False
    screen.show_events(screen.host.start())


def _pick_turns(
    app,
    screen,
    turns: int,
    endings: list[float] | None = None,
    finishing: list[float] | None = None,
):
    """Pick `turns` replies by key, each inside a timed frame; then two ordinary frames.
    The pick that ends a call goes to `endings`, and the frames after it, while its run
    record is built on a worker and then kept, to `finishing`."""
    cpu, wall = [], []
    finishing = [] if finishing is None else finishing
    for turn in range(turns):
        if screen.host.done:
            _carry_on(screen)
            app.frame(1 / 60)
        _press_digit(turn % 3 + 1)
        c, w = _timed_frame(app)
        if screen.host.done and endings is not None:
            endings.append(c)
            while screen.host.finishing:  # the frames while the record is built and kept
                finishing.append(_timed_frame(app)[0])
        else:
            cpu.append(c)
            wall.append(w)
        app.frame(1 / 60)
        app.frame(1 / 60)
    return cpu, wall


def measure_frames() -> dict[str, float]:
    from sim.ui.driver import Driver

    with tempfile.TemporaryDirectory() as home:
        os.environ["DEFUSE_HOME"] = home
        app = _bench_app((1280, 720))
        driver = Driver(app)
        screen = app.go("conversation", scenario=bench_scenario(), seed=1)
        driver.frames(30)
        fresh, fresh_wall = _frame_times(driver, 600)
        _pick_turns(app, screen, 40)  # 80 lines of transcript (the call restarts if it ends)
        late, late_wall = _frame_times(driver, 600)
    return {
        "frame_p50_ms": round(statistics.median(fresh), 3),
        "frame_p99_ms": round(_percentile(fresh, 99), 3),
        "frame_p50_ms_after_40_turns": round(statistics.median(late), 3),
        "frame_p99_ms_after_40_turns": round(_percentile(late, 99), 3),
        "frame_p99_ms_wall": round(_percentile(fresh_wall, 99), 3),
        "frame_p99_ms_after_40_turns_wall": round(_percentile(late_wall, 99), 3),
    }


def measure_picks(turns: int = 50) -> dict[str, float]:
    """The frame in which a reply is picked, at each window size and theme."""
    results: dict[str, float] = {}
    endings: list[float] = []
    finishing: list[float] = []
    with tempfile.TemporaryDirectory() as home:
        os.environ["DEFUSE_HOME"] = home
        for w, h in SIZES:
            for theme in THEMES:
                app = _bench_app((w, h), theme)
                screen = app.go("conversation", scenario=bench_scenario(), seed=1)
                for _ in range(10):
                    app.frame(1 / 60)
                cpu, wall = _pick_turns(app, screen, turns, endings, finishing)
                results[f"pick_frame_p99_ms_{w}x{h}_{theme}"] = round(_percentile(cpu, 99), 3)
                results[f"pick_frame_p99_ms_{w}x{h}_{theme}_wall"] = round(_percentile(wall, 99), 3)
    results["pick_frame_p99_ms"] = max(
        v for k, v in results.items() if k.startswith("pick_frame_p99_ms_") and "wall" not in k
    )
    if endings:  # the last reply of a call: its record is started on a worker
        results["ending_pick_frame_ms"] = round(statistics.median(endings), 3)
    if finishing:
        results["ending_frames_max_ms"] = round(max(finishing), 3)
    return results


def measure_long_call(turns: int = 200) -> dict[str, float]:
    """Steady frames after a 200-turn call at 1920x1080 in the large theme."""
    with tempfile.TemporaryDirectory() as home:
        os.environ["DEFUSE_HOME"] = home
        app = _bench_app((1920, 1080), "large")
        screen = app.go("conversation", scenario=bench_scenario(), seed=1)
        _pick_turns(app, screen, turns)
        for _ in range(30):
            app.frame(1 / 60)
        cpu, wall = [], []
        for _ in range(600):
            c, w = _timed_frame(app)
            cpu.append(c)
            wall.append(w)
    key = "frame_p99_ms_after_200_turns_1920x1080_large"
    return {key: round(_percentile(cpu, 99), 3), f"{key}_wall": round(_percentile(wall, 99), 3)}


def measure_picker(opens: int = 8) -> dict[str, float]:
    """The frame in which the menu's "1  Play a scenario" opens the picker."""
    import pygame

    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as home:
        os.environ["DEFUSE_HOME"] = home
        for w, h in SIZES:
            for theme in THEMES:
                app = _bench_app((w, h), theme)
                app.go("menu")
                for _ in range(5):
                    app.frame(1 / 60)
                times = []
                for _ in range(opens):
                    _press_digit(1)
                    times.append(_timed_frame(app)[0])
                    assert isinstance(app.screen, screen_class("picker"))
                    _press(pygame.K_ESCAPE)
                    for _ in range(3):
                        app.frame(1 / 60)
                # The first open of the run may load what the menu had no time to prepare.
                results[f"picker_open_ms_{w}x{h}_{theme}"] = round(statistics.median(times[1:]), 3)
    results["picker_open_ms"] = max(results.values())
    return results


MEMORY_CODE = """
import json, sys
from sim.ui.bench import play_back_to_back
print(json.dumps(play_back_to_back(int(sys.argv[1]))))
"""


def _rss_mb() -> float | None:
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):  # not Linux
        return None


def play_back_to_back(count: int = 30) -> dict[str, float | None]:
    """Play `count` shipped scenarios one after another through the real screens, by keys,
    at 1920x1080 in the large theme; the peak memory and the memory after the first and the
    last. Runs in its own process (see measure_memory) so nothing else counts."""
    import pygame

    rng = random.Random(0)
    app = _bench_app((1920, 1080), "large")
    app.go("menu")
    for _ in range(3):
        app.frame(1 / 30)
    _press_digit(1)  # the picker
    app.frame(1 / 30)
    after_first = None
    for played in range(count):
        playable = [e for e in app.screen.entries if e.scenario]
        _press_digit(played % len(playable) + 1)  # a scenario's briefing
        app.frame(1 / 30)
        _press(pygame.K_RETURN)  # start the call
        app.frame(1 / 30)
        host = app.screen.host
        assert isinstance(app.screen, screen_class("conversation"))
        while not host.done:
            _press_digit(rng.randrange(len(host.options)) + 1)
            for _ in range(3):
                app.frame(1 / 30)
        del host  # holds only the session; the screen itself goes as the app lets it
        while not isinstance(app.screen, screen_class("debrief")):
            _press(pygame.K_RETURN)
            for _ in range(5):
                app.frame(1 / 30)
        for _ in range(15):  # the debrief takes keys after a moment
            app.frame(1 / 30)
        _press(pygame.K_a)  # another scenario: back to the picker
        for _ in range(2):
            app.frame(1 / 30)
        if played == 0:
            after_first = _rss_mb()
    return {
        "memory_30_scenarios_mb": peak_rss_mb(),
        "memory_after_first_mb": after_first and round(after_first, 1),
        "memory_after_last_mb": (lambda m: m and round(m, 1))(_rss_mb()),
    }


def _child_figures(code: str, *args: str) -> dict[str, float | None]:
    """Figures printed (as JSON, last line) by `code` run in a fresh Python of its own."""
    import json

    with tempfile.TemporaryDirectory(prefix="defuse-bench-") as home:
        out = subprocess.run(
            [sys.executable, "-c", code, *args],
            capture_output=True,
            text=True,
            env=_child_env(home),
            check=True,
            cwd=PROJECT_DIR,
        )
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure_memory(count: int = 30) -> dict[str, float | None]:
    return _child_figures(MEMORY_CODE, str(count))


# The core as the terminal game and `python main.py analyze` run it: in a process of its own,
# not after the window's measures have left hundreds of MB and threads behind them.
CORE_CODE = """
import json
from sim.analysis.report import analyzer_figures
from sim.ui.bench import measure_step
figures = measure_step()
figures.update(analyzer_figures())
print(json.dumps(figures))
"""


def measure_core() -> dict[str, float | None]:
    return _child_figures(CORE_CODE)


def _voice_frames(voice: bool, count: int = 360, every: int = 30) -> dict[str, float]:
    """Frames at a real 60 fps pace, a new line every `every` frames, voice on or off."""
    import tempfile

    from sim.records.userdata import Settings
    from sim.ui.app import App
    from sim.ui.driver import Driver

    with tempfile.TemporaryDirectory() as home:
        os.environ["DEFUSE_HOME"] = home
        # Sound cues on in both (the default): the mixer runs either way, only the voice differs.
        settings = Settings(player="Bench", sound=True, real_time=False, voice=voice)
        app = App((1280, 720), settings=settings)
        driver = Driver(app)
        driver.frames(2)  # the speaker is made after the first frame
        screen = app.go("conversation", scenario=bench_scenario(), seed=1)
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


def measure_step(rounds: int = 5) -> dict[str, float]:
    """Session.step alone: every shipped scenario played to its end from seeds 0-2, with
    replies drawn at random (by a generator of the bench's own), `rounds` times over; only
    the step calls are timed. The median, in microseconds."""
    import numpy as np

    from sim.engine import Session
    from sim.scenario.catalog import catalog

    scenarios = [entry.scenario for entry in catalog() if entry.scenario]
    times = []
    for round_ in range(rounds):
        for scenario in scenarios:
            for seed in range(3):
                session = Session(scenario)
                session.reset(seed)
                rng = np.random.default_rng([round_, seed])
                while not session.done:
                    choice = int(rng.integers(len(session.options)))
                    start = time.perf_counter()
                    session.step(choice)
                    times.append(time.perf_counter() - start)
    return {"step_us": round(statistics.median(times) * 1e6, 1)}


def peak_rss_mb() -> float | None:
    try:
        import resource
    except ImportError:  # Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024, 1)


def run_bench(runs: int = 7) -> dict[str, float | None]:
    results: dict[str, float | None] = {}
    results.update(measure_startup(runs))
    results.update(measure_memory())
    results.update(measure_frames())
    results.update(measure_picks())
    results.update(measure_picker())
    results.update(measure_long_call())
    results["scenario_load_ms"] = measure_load()
    results["peak_rss_mb"] = peak_rss_mb()  # the window and every conversation above
    results.update(measure_core())
    results.update(measure_voice())
    return results


TARGETS = {
    "startup_ratio": "<= 1.3",
    "list_ratio": "<= 1.5",
    "memory_30_scenarios_mb": "< 200",
    "frame_p99_ms": "< 4",
    "frame_p99_ms_after_40_turns": "< 4",
    "pick_frame_p99_ms": "< 16",
    "ending_pick_frame_ms": "< 16",
    "ending_frames_max_ms": "< 16",
    "picker_open_ms": "< 30",
    "frame_p99_ms_after_200_turns_1920x1080_large": "< 4",
    "scenario_load_ms": "< 10",
    "step_us": "<= 60",
    "analyzer_playthroughs_per_s": ">= 150000",
    "analyzer_slowest_scenario_per_s": ">= 150000",
    "analyzer_slowest_scenario_per_s_one_process": ">= 150000",
    "analyzer_speedup": ">= 30",
}


def print_table(results: dict) -> None:
    width = max(map(len, results)) + 2
    for key, value in results.items():
        print(f"{key:<{width}} {value!s:>10}   {TARGETS.get(key, '')}")


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
