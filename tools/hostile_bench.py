"""Run each hostile case as its own process and print: case, exit code, time, peak memory.

    .venv/bin/python tools/hostile_bench.py [--markdown]

Timings belong here, not in the tests (a busy machine makes a timed test fail for nothing).
Each case is made in a temporary folder: devices, FIFOs, links, sparse files, PNG headers.
Peak memory is the child's ru_maxrss, measured by a fresh wrapper process per case so one
case's peak does not hide another's.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.pngs import png  # noqa: E402

VALID = (ROOT / "tests" / "broken" / "_valid_minimal.yaml").read_text(encoding="utf-8")
MAIN = str(ROOT / "main.py")
TIMEOUT = 30.0


def _valid_with(old: str, new: str) -> str:
    assert old in VALID, old
    return VALID.replace(old, new, 1)


def _options(count: int) -> str:
    lines = "".join(f'      - text: "Reply {n}"\n        moves: [listen]\n' for n in range(count))
    head, _, _ = VALID.partition("    options:\n")
    return head + "    options:\n" + lines + "        end: resolved\n"


# Each case: (name, what it does) -> a function of the temp folder giving argv, env, stdin,
# and an optional action while it runs.
Case = Callable[[Path], dict]


def case_file(name: str, content: bytes | str, *args: str) -> Case:
    def make(tmp: Path) -> dict:
        path = tmp / name
        path.write_bytes(content.encode() if isinstance(content, str) else content)
        return {"argv": ["validate", str(path), *args]}

    return make


def fifo(tmp: Path) -> dict:
    os.mkfifo(tmp / "fifo.yaml")
    return {"argv": ["validate", str(tmp / "fifo.yaml")]}


def sparse(tmp: Path) -> dict:
    path = tmp / "sparse.yaml"
    with path.open("wb") as handle:
        handle.truncate(8 * 1024**3)
    return {"argv": ["validate", str(path)]}


def folder(tmp: Path) -> dict:
    (tmp / "folder.yaml").mkdir()
    return {"argv": ["validate", str(tmp / "folder.yaml")]}


def loop(tmp: Path) -> dict:
    (tmp / "loop.yaml").symlink_to(tmp / "loop.yaml")
    return {"argv": ["validate", str(tmp / "loop.yaml")]}


def newline_name(tmp: Path) -> dict:
    path = tmp / "bad\nname.yaml"
    path.write_text(_valid_with("anger: 40", "anger: 400"), encoding="utf-8")
    return {"argv": ["validate", str(path)]}


def portrait(kind: str, size: int, pixels: bool) -> Case:
    def make(tmp: Path) -> dict:
        (tmp / "face.png").write_bytes(png(size, size, kind, pixels=pixels))
        path = tmp / "portrait.yaml"
        path.write_text(_valid_with("  wants:", "  portrait: face.png\n  wants:"), "utf-8")
        return {"argv": ["validate", str(path)]}

    return make


def play_json(target: str) -> Case:
    def make(tmp: Path) -> dict:
        return {"argv": ["play", "late-sofa", "--policy", "best", "--seed", "1", "--json", target]}

    return make


def json_symlink(tmp: Path) -> dict:
    real = tmp / "real.json"
    real.write_text("{}", encoding="utf-8")
    (tmp / "link.json").symlink_to(real)
    return play_json(str(tmp / "link.json"))(tmp)


def typed(text: str) -> Case:
    return lambda tmp: {"argv": ["play", "late-sofa", "--text", "--seed", "1"], "stdin": text}


def closed_stdin(tmp: Path) -> dict:
    return {"argv": ["play", "late-sofa", "--text", "--seed", "1"], "close_stdin": True}


def ctrl_c(tmp: Path) -> dict:
    # After Python itself has started (~0.1 s): an interrupt inside the interpreter's own
    # start-up, before main.py runs, is Python's to report.
    return {"argv": ["list"], "sigint_after": 0.15}


def ascii_terminal(tmp: Path) -> dict:
    path = tmp / "euro.yaml"
    path.write_text(_valid_with("title:", "title: 20 € back, and"), encoding="utf-8")
    return {
        "argv": ["play", str(path), "--choices", "1,1", "--seed", "1"],
        "env": {"PYTHONIOENCODING": "ascii"},
    }


def non_ascii_name(tmp: Path) -> dict:
    path = tmp / "café-ünïcode.yaml"
    path.write_text(_valid_with("anger: 40", "anger: 040"), encoding="utf-8")
    return {
        "argv": ["validate", str(path)],
        "env": {"LC_ALL": "C", "LANG": "C", "PYTHONIOENCODING": "ascii"},
    }


def user_file(name: str, content: bytes | None, where: str = "config") -> Case:
    """The window's App reading a user file (settings or results), headless."""

    def make(tmp: Path) -> dict:
        home = tmp / "home"
        (home / where).mkdir(parents=True)
        if content is None:
            os.mkfifo(home / where / name)
        else:
            (home / where / name).write_bytes(content)
        code = (
            "from sim.ui.app import App; app = App((800, 600));"
            "print(len(app.notices), 'notice(s)', *app.notices, sep='\\n')"
        )
        return {
            "python": ["-c", code],
            "env": {"DEFUSE_HOME": str(home), "SDL_VIDEODRIVER": "dummy"},
        }

    return make


CASES: dict[str, Case] = {
    "FIFO as scenario": fifo,
    "/dev/zero as scenario": lambda tmp: {"argv": ["validate", "/dev/zero"]},
    "/dev/urandom as scenario": lambda tmp: {"argv": ["validate", "/dev/urandom"]},
    "8 GB sparse file": sparse,
    "folder named .yaml": folder,
    "symlink loop": loop,
    "300 KiB file": case_file("big.yaml", VALID + "#" + "x" * 300 * 1024 + "\n"),
    "5000 brackets deep": case_file("deep.yaml", "title: " + "[" * 5000 + "]" * 5000 + "\n"),
    "100000 dashes deep": case_file("dashes.yaml", "title:\n  " + "- " * 100_000 + "x\n"),
    "4000 options in a beat": case_file("options.yaml", _options(4000)),
    "anger: 040 (octal)": case_file("octal.yaml", _valid_with("anger: 40", "anger: 040")),
    "anger: 0x28 (hex)": case_file("hex.yaml", _valid_with("anger: 40", "anger: 0x28")),
    "anger: 1:05 (base 60)": case_file("sixty.yaml", _valid_with("anger: 40", "anger: 1:05")),
    "negative self-test seed": case_file(
        "seed.yaml", _valid_with("    choices:", "    seed: -1\n    choices:")
    ),
    "escape codes in title": lambda tmp: _ansi(tmp),
    "newline in file name": newline_name,
    "portrait 30000x30000 header": portrait("rgb", 30000, False),
    "portrait palette PNG": portrait("palette", 64, True),
    "portrait grayscale PNG": portrait("gray", 64, True),
    "--json /dev/null": play_json("/dev/null"),
    "--json through a symlink": json_symlink,
    "--json unwritable": play_json("/proc/hostile/record.json"),
    "analyze --seed -1": lambda tmp: {"argv": ["analyze", "late-sofa", "--seed", "-1"]},
    "analyze --plot unwritable": lambda tmp: {
        "argv": ["analyze", "late-sofa", "--runs", "200", "--plot", "/proc/hostile/h.png"]
    },
    "prompt: ² then q": typed("²\nq\nn\n"),
    "prompt: 5000 digits then q": typed("9" * 5000 + "\nq\nn\n"),
    "prompt: q, debrief so far": typed("1\nq\ny\n"),
    "closed stdin": closed_stdin,
    "Ctrl-C at startup": ctrl_c,
    "ASCII terminal, € in scenario": ascii_terminal,
    "non-ASCII file name, C locale": non_ascii_name,
    "settings.json is a FIFO": user_file("settings.json", None),
    "settings.json with a BOM": user_file("settings.json", b'\xef\xbb\xbf{"theme": "large"}'),
    "results.json is {}": user_file("results.json", b"{}", "data"),
    "both user files broken": lambda tmp: _both_broken(tmp),
}


def _ansi(tmp: Path) -> dict:
    path = tmp / "ansi.yaml"
    text = _valid_with("title: Charged twice", 'title: "\\e[2J\\e[31mFAKE\\r\\nerror: Charged"')
    path.write_text(text, encoding="utf-8")
    return {"argv": ["play", str(path), "--choices", "1,1", "--seed", "1", "--text"]}


def _both_broken(tmp: Path) -> dict:
    made = user_file("settings.json", b"{oops")(tmp)
    (tmp / "home" / "data").mkdir()
    (tmp / "home" / "data" / "results.json").write_bytes(b"\xff\xfe")
    return made


def run_one(name: str) -> dict:
    """Run one case in a child; this process's RUSAGE_CHILDREN is that child's alone."""
    import resource

    with tempfile.TemporaryDirectory() as folder:
        spec = CASES[name](Path(folder))
        command = [sys.executable, *(spec.get("python") or [MAIN, *spec["argv"]])]
        env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
        env.update(spec.get("env", {}))
        start = time.perf_counter()
        child = subprocess.Popen(
            command,
            stdin=subprocess.PIPE if "stdin" in spec else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            cwd=ROOT,
            preexec_fn=(lambda: os.close(0)) if spec.get("close_stdin") else None,
        )
        if "sigint_after" in spec:
            time.sleep(spec["sigint_after"])
            child.send_signal(signal.SIGINT)
        try:
            out, err = child.communicate(spec.get("stdin", "").encode() or None, timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            child.kill()
            out, err = child.communicate()
            code: int | str = "TIMEOUT"
        else:
            code = child.returncode
        took = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # KiB -> MiB
    first = spec.get("argv", [""])[0] == "validate"  # its first line is the problem
    text = (out if first else err or out).decode("utf-8", "replace").strip().splitlines()
    text = text[:1] if first else text[-1:]
    return {
        "case": name,
        "exit": code,
        "seconds": round(took, 2),
        "peak_mb": round(peak, 1),
        "traceback": b"Traceback" in out + err,
        "says": (text[-1] if text else "")[:110],
    }


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        print(json.dumps(run_one(sys.argv[2])))
        return 0
    markdown = "--markdown" in sys.argv
    rows = []
    for name in CASES:
        done = subprocess.run(
            [sys.executable, __file__, "--one", name], capture_output=True, text=True, check=False
        )
        try:
            rows.append(json.loads(done.stdout))
        except ValueError:
            rows.append({"case": name, "exit": "bench failed", "seconds": 0, "peak_mb": 0,
                         "traceback": True, "says": done.stderr.strip()[-110:]})  # fmt: skip
    if markdown:
        print("| case | exit | time (s) | peak (MB) | traceback | last line |")
        print("| --- | --- | --- | --- | --- | --- |")
        for r in rows:
            says = r["says"].replace("|", "\\|")
            print(f"| {r['case']} | {r['exit']} | {r['seconds']} | {r['peak_mb']} | "
                  f"{'YES' if r['traceback'] else 'no'} | {says} |")  # fmt: skip
    else:
        for r in rows:
            flag = "TRACEBACK " if r["traceback"] else ""
            print(f"{r['case']:<32} exit {r['exit']!s:<8} {r['seconds']:6.2f} s "
                  f"{r['peak_mb']:7.1f} MB  {flag}{r['says']}")  # fmt: skip
    return 0 if not any(r["traceback"] or r["exit"] == "TIMEOUT" for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
