"""Hostile input made at test time: devices, FIFOs, links, sizes, encodings, PNG headers.

Each case checks what a user sees (the message's words, its line, the exit code), never a
dependency's wording and never the time taken (tools/hostile_bench.py measures that).
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from sim.fileio import FileProblem, read_limited, write_folder_whole, write_text_safely
from sim.records.userdata import Results, load_results, load_settings
from sim.scenario.catalog import catalog
from sim.scenario.errors import Problem, ScenarioError
from sim.scenario.loader import load_scenario
from sim.text.terminal import number_in
from tests.pngs import png

ROOT = Path(__file__).resolve().parent.parent
VALID = (ROOT / "tests" / "broken" / "_valid_minimal.yaml").read_text(encoding="utf-8")
posix_only = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs and /dev")


def refused(path: Path) -> Problem:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    problems = caught.value.problems
    assert len(problems) == 1
    assert "\n" not in str(problems[0])
    return problems[0]


def run(*args: str, env: dict | None = None, **kwargs) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        capture_output=True,
        cwd=ROOT,
        env=full_env,
        timeout=120,
        check=False,
        **kwargs,
    )


# --- only regular files are read, and never more than the limit ------------------------------


@posix_only
def test_a_fifo_is_refused_by_its_type_without_waiting(tmp_path):
    os.mkfifo(tmp_path / "pipe.yaml")
    problem = refused(tmp_path / "pipe.yaml")
    assert "named pipe" in problem.message and problem.line == 1


@posix_only
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_a_device_is_refused(device):
    if not os.path.exists(device):
        pytest.skip(f"{device} is missing here")
    assert "device" in refused(Path(device)).message


def test_a_huge_sparse_file_is_refused_by_its_size(tmp_path):
    path = tmp_path / "sparse.yaml"
    with path.open("wb") as handle:
        handle.truncate(8 * 1024**3)  # 8 GB that take no disk space
    assert "over the 256 KiB limit" in refused(path).message


def test_a_looping_link_is_one_line(tmp_path):
    loop = tmp_path / "loop.yaml"
    try:
        loop.symlink_to(loop)
    except OSError:
        pytest.skip("symbolic links are not allowed here")
    assert "loops" in refused(loop).message


def test_read_limited_reads_no_more_than_limit_plus_one(tmp_path):
    path = tmp_path / "f"
    path.write_bytes(b"x" * 100)
    assert read_limited(path, 100) == b"x" * 100
    with pytest.raises(FileProblem, match="over the"):
        read_limited(path, 99)


@posix_only
def test_list_and_validate_name_a_fifo_in_the_folder_without_hanging(tmp_path):
    (tmp_path / "good.yaml").write_text(VALID, encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.yaml")
    entries = {e.path.name: e for e in catalog(tmp_path)}
    assert entries["good.yaml"].scenario is not None
    assert "named pipe" in entries["pipe.yaml"].problems[0].message
    done = run("validate", str(tmp_path / "pipe.yaml"))
    assert done.returncode == 1
    assert b"named pipe" in done.stdout and b"Traceback" not in done.stderr


# --- user files: settings and results ---------------------------------------------------------


@posix_only
def test_a_fifo_as_settings_does_not_hang_and_is_named(tmp_path, monkeypatch):
    monkeypatch.setenv("DEFUSE_HOME", str(tmp_path))
    (tmp_path / "config").mkdir()
    os.mkfifo(tmp_path / "config" / "settings.json")
    notices: list[str] = []
    assert load_settings(notices).theme == "default"
    assert len(notices) == 1 and "named pipe" in notices[0]


def test_settings_saved_by_notepad_with_a_bom_are_read(tmp_path, monkeypatch):
    monkeypatch.setenv("DEFUSE_HOME", str(tmp_path))
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "settings.json").write_bytes(b'\xef\xbb\xbf{"theme": "large"}')
    notices: list[str] = []
    assert load_settings(notices).theme == "large"
    assert notices == []


def test_an_empty_results_object_is_valid(tmp_path, monkeypatch):
    monkeypatch.setenv("DEFUSE_HOME", str(tmp_path))
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "results.json").write_text("{}", encoding="utf-8")
    notices: list[str] = []
    assert load_results(notices) == Results()
    assert notices == []


def test_two_bad_user_files_give_two_notices_in_words(tmp_path, monkeypatch):
    monkeypatch.setenv("DEFUSE_HOME", str(tmp_path))
    (tmp_path / "config").mkdir()
    (tmp_path / "data").mkdir()
    (tmp_path / "config" / "settings.json").write_text("{oops", encoding="utf-8")
    (tmp_path / "data" / "results.json").write_bytes(b"\xff\xfe\x00")
    notices: list[str] = []
    load_settings(notices)
    load_results(notices)
    assert len(notices) == 2
    assert "not valid JSON" in notices[0] and "not UTF-8" in notices[1]
    assert not any("Error" in n for n in notices)  # words, not "(ValueError)"


# --- writes respect what is at the target -----------------------------------------------------


@posix_only
def test_a_write_to_dev_null_leaves_the_device(tmp_path):
    if not os.path.exists("/dev/null"):
        pytest.skip("no /dev/null")
    write_text_safely("/dev/null", "{}")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_write_through_a_symlink_keeps_the_link(tmp_path):
    real = tmp_path / "real.json"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.json"
    try:
        link.symlink_to(real)
    except OSError:
        pytest.skip("symbolic links are not allowed here")
    write_text_safely(link, "new")
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new"


@posix_only
def test_a_new_file_gets_the_umask_and_no_temp_file_is_left(tmp_path):
    old = os.umask(0o022)
    try:
        write_text_safely(tmp_path / "out.json", "{}")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "out.json").stat().st_mode) == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


@posix_only
def test_a_fifo_with_no_reader_is_refused_not_waited_on(tmp_path):
    os.mkfifo(tmp_path / "out.json")
    with pytest.raises(FileProblem, match="no reader"):
        write_text_safely(tmp_path / "out.json", "{}")


def test_a_debrief_folder_appears_whole_or_not_at_all(tmp_path):
    def broken(path: Path) -> None:
        path.write_bytes(b"half")
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        write_folder_whole(tmp_path / "debrief", {"a.md": b"text", "chart.png": broken})
    assert list(tmp_path.iterdir()) == []  # no folder, no temp folder
    write_folder_whole(tmp_path / "debrief", {"a.md": b"text", "b.json": b"{}"})
    assert sorted(p.name for p in (tmp_path / "debrief").iterdir()) == ["a.md", "b.json"]


@posix_only
def test_play_json_to_dev_null_keeps_it_a_device():
    if not os.path.exists("/dev/null"):
        pytest.skip("no /dev/null")
    done = run("play", "late-sofa", "--policy", "best", "--seed", "1", "--json", "/dev/null")
    assert done.returncode == 0, done.stderr
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


# --- portraits --------------------------------------------------------------------------------


def _with_portrait(tmp_path: Path, data: bytes) -> Path:
    (tmp_path / "face.png").write_bytes(data)
    path = tmp_path / "portrait.yaml"
    path.write_text(VALID.replace("  wants:", "  portrait: face.png\n  wants:"), "utf-8")
    return path


@pytest.mark.parametrize("side", [30000, 5000])
def test_a_huge_portrait_is_refused_from_its_header(tmp_path, side):
    problem = refused(_with_portrait(tmp_path, png(side, side, pixels=False)))
    assert f"{side}x{side} pixels" in problem.message and problem.line == 12


def test_a_portrait_over_16_megapixels_is_refused(tmp_path):
    problem = refused(_with_portrait(tmp_path, png(4096, 4096, pixels=False)))
    assert "16 megapixels" in problem.message


@pytest.mark.parametrize("kind", ["palette", "gray", "rgba"])
def test_palette_and_grey_portraits_load_and_scale_in_the_window(tmp_path, kind):
    import pygame

    from sim.ui.portrait import customer_face

    scenario = load_scenario(_with_portrait(tmp_path, png(48, 64, kind)))
    face = customer_face(scenario, tmp_path)
    surface = pygame.Surface((200, 200))
    face.update(0.1, 40, False)
    face.draw(surface, pygame.Rect(10, 10, 120, 160))  # smoothscale inside: 24/32 bit only


# --- numbers, prompts, terminals --------------------------------------------------------------


@pytest.mark.parametrize("typed", ["²", "٣", "9" * 5000, "-1", "0", "1.0", " ", "10"])
def test_odd_answers_are_not_option_numbers(typed):
    assert number_in(typed, 9) is None


def test_control_characters_from_a_file_are_escaped_in_the_terminal(tmp_path):
    path = tmp_path / "ansi.yaml"
    path.write_text(
        VALID.replace("say: \"I've been", "say: \"\\e[2J\\e[31mYour reply (1-9): \\r I've been"),
        encoding="utf-8",
    )
    done = run("play", str(path), "--choices", "1,1", "--seed", "1")
    assert done.returncode == 0, done.stderr
    assert b"\x1b" not in done.stdout and b"\r" not in done.stdout
    assert b"\\x1b[2J" in done.stdout


def test_a_file_name_with_a_newline_cannot_forge_a_second_line(tmp_path):
    path = tmp_path / "bad\nerror: forged.yaml"
    path.write_text(VALID.replace("anger: 40", "anger: 400"), encoding="utf-8")
    done = run("validate", str(path))
    assert done.returncode == 1
    assert not done.stdout.startswith(b"error: forged") and b"\nerror: forged" not in done.stdout
    assert b"\\x0aerror: forged.yaml:11:10:" in done.stdout


def test_an_ascii_terminal_gets_replacements_not_a_crash(tmp_path):
    path = tmp_path / "euro.yaml"
    path.write_text(VALID.replace("title: ", "title: 20 € back, "), encoding="utf-8")
    done = run("play", str(path), "--choices", "1,1", "--seed", "1", "--text",
               env={"PYTHONIOENCODING": "ascii"})  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert b"20 ? back" in done.stdout


def test_a_non_ascii_file_name_under_an_ascii_locale(tmp_path):
    path = tmp_path / "café.yaml"
    path.write_text(VALID.replace("anger: 40", "anger: 040"), encoding="utf-8")
    done = run("validate", str(path),
               env={"LC_ALL": "C", "LANG": "C", "PYTHONIOENCODING": "ascii"})  # fmt: skip
    assert done.returncode == 1 and b"Traceback" not in done.stderr
    assert b"octal 32" in done.stdout


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (["analyze", "late-sofa", "--seed", "-1"], 2, b"not a seed"),
        (["analyze", "late-sofa", "--runs", "50", "--plot", "/proc/no/h.png"], 1, b"/proc/no"),
        (
            ["play", "late-sofa", "--policy", "best", "--seed", "1", "--json", "/proc/no/r.json"],
            1,
            b"/proc/no",
        ),
    ],
)
def test_cli_misuse_is_one_line(args, code, words):
    done = run(*args, stdin=subprocess.DEVNULL)
    assert done.returncode == code
    assert b"Traceback" not in done.stderr
    assert words in done.stderr


@posix_only
def test_closed_stdin_ends_the_game_without_a_traceback():
    done = run("play", "late-sofa", "--text", "--seed", "1", preexec_fn=lambda: os.close(0))
    assert done.returncode == 1 and b"Traceback" not in done.stderr
    assert b"No more input" in done.stdout


def test_q_mid_call_explains_and_offers_the_debrief_so_far():
    done = run("play", "late-sofa", "--text", "--seed", "1", input=b"1\nq\ny\n")
    assert done.returncode == 0, done.stderr
    assert b"unresolved after 1 reply" in done.stdout and b"DEBRIEF" in done.stdout


def test_enter_at_the_prompt_listens_where_a_quiet_option_exists(shipped):
    from sim.engine import Session
    from sim.text.terminal import typed_chooser

    for scenario in shipped.values():
        session = Session(scenario)
        session.reset(1)
        quiet = session.quiet_option()
        if quiet is not None:
            chooser = typed_chooser(lambda _prompt: "", open(os.devnull, "w"))  # noqa: SIM115
            assert chooser(session) == quiet
            return
    pytest.skip("no shipped scenario opens with a quiet option")


def test_the_terminal_game_wraps_to_a_narrow_terminal_without_cutting_words():
    done = run("play", "late-sofa", "--choices", "1,1,1,1,1,1,1,1", "--seed", "1", "--text",
               env={"COLUMNS": "41"})  # fmt: skip
    call, _, _ = done.stdout.decode("utf-8").partition("DEBRIEF")
    lines = call.splitlines()
    assert len(lines) > 20
    assert [line for line in lines if len(line) > 40] == []
    # no word cut in two: every word of the wrapped text is one of the scenario's words
    said = " ".join(lines)
    assert "couldn't" in said or "sofa" in said


@posix_only
def test_ctrl_c_while_starting_is_one_line_and_130():
    # The interrupt comes from inside, a moment after main.py starts importing its modules.
    code = (
        "import os, runpy, signal, threading; "
        "threading.Timer(0.05, os.kill, (os.getpid(), signal.SIGINT)).start(); "
        "runpy.run_path('main.py', run_name='__main__')"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, "list"], cwd=ROOT, capture_output=True, timeout=60
    )
    if done.returncode == 0:
        pytest.skip("the command finished before the interrupt arrived")
    assert done.returncode == 130
    assert done.stderr.strip() == b"Stopped."
