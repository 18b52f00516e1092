"""Every self-test still plays word for word and number for number as its transcript says
(regenerate with ``python -m tests.golden.transcripts`` after an intended change, and read
the diff), and the same run gives the same transcript in another process."""

import subprocess
import sys
from pathlib import Path

import pytest

from tests.golden.transcripts import FOLDER, all_transcripts

PLAYED = all_transcripts()
ROOT = Path(__file__).resolve().parents[2]


def test_every_self_test_has_a_transcript_and_no_transcript_is_stale():
    assert sorted(PLAYED) == sorted(p.name for p in FOLDER.glob("*.txt"))


@pytest.mark.parametrize("name", sorted(PLAYED))
def test_the_self_test_plays_as_its_transcript_says(name):
    want = (FOLDER / name).read_text(encoding="utf-8")
    assert PLAYED[name] == want, f"{name} changed: run python -m tests.golden.transcripts"


def test_another_process_plays_the_same_transcripts():
    # A fresh interpreter (its own hash seed, import order and memory layout) must agree.
    code = (
        "import sys; from tests.golden.transcripts import all_transcripts; "
        "sys.stdout.write(''.join(t for _, t in sorted(all_transcripts().items())))"
    )
    run = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={"PYTHONHASHSEED": "12345", "PATH": "", "SYSTEMROOT": ""},
        check=True,
    )
    assert run.stdout == "".join(t for _, t in sorted(PLAYED.items()))
