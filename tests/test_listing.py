"""`python main.py list` keeps its lines between runs: the same lines as checking every file,
and a changed file, a broken one fixed or a damaged cache is checked again."""

import os
from pathlib import Path

import pytest

from sim.records import listing
from sim.scenario.catalog import catalog

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def private_home(tmp_path, monkeypatch):
    monkeypatch.setenv("DEFUSE_HOME", str(tmp_path / "home"))


def fresh(folder: Path) -> list[str]:
    return [listing.line_for(entry) for entry in catalog(folder)]


def test_kept_lines_are_the_checked_lines_and_follow_every_change(tmp_path):
    folder = tmp_path / "scenarios"
    folder.mkdir()
    good = (ROOT / "scenarios" / "surprise-charge.yaml").read_text(encoding="utf-8")
    (folder / "surprise-charge.yaml").write_text(good, encoding="utf-8")
    broken = folder / "broken.yaml"
    broken.write_text("id: broken\ntitle: [unclosed\n", encoding="utf-8")
    first = listing.list_lines(folder)
    assert first == fresh(folder) and "BROKEN" in first[0]
    assert (Path(os.environ["DEFUSE_HOME"]) / "data" / listing.CACHE_NAME).is_file()
    assert listing.list_lines(folder) == first  # from the kept lines
    # Fixed (same size, same second: the stamp still changes), it is checked again.
    broken.write_text(good.replace("id: surprise-charge", "id: broken", 1), encoding="utf-8")
    os.utime(broken, ns=(0, broken.stat().st_mtime_ns + 10**9))
    again = listing.list_lines(folder)
    assert again == fresh(folder) and "BROKEN" not in again[0]
    title = folder / "surprise-charge.yaml"
    title.write_text(good.replace("title:", "title: Edited", 1), encoding="utf-8")
    assert listing.list_lines(folder) == fresh(folder)
    assert "Edited" in listing.list_lines(folder)[1]


def test_a_damaged_cache_or_a_read_only_home_still_lists_right(tmp_path):
    lines = listing.list_lines()
    cache = Path(os.environ["DEFUSE_HOME"]) / "data" / listing.CACHE_NAME
    cache.write_text('{"key": {"version": 1}, "files": [1, 2', encoding="utf-8")
    assert listing.list_lines() == lines == fresh(listing.SCENARIOS_DIR)
    cache.unlink()
    cache.parent.chmod(0o500)
    try:
        assert listing.list_lines() == lines
    finally:
        cache.parent.chmod(0o700)
