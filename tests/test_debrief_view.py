"""One debrief view, built in the core: the terminal, the Markdown report and the window lay
out the same words and the same numbers."""

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import html

import pygame
import pytest

from sim.records.record import build_record
from sim.records.report import markdown_report
from sim.scoring.debrief_view import NO_WORSE, debrief_view
from sim.text.render import debrief_text
from sim.ui.screens.debrief import coach_html, details_html, turn_html
from sim.ui.theme import Theme
from tests.conftest import fresh

BAD = (2, 3, 5)  # a sorry-but, a rush, a minimising remark: she walks out


@pytest.fixture(scope="module")
def record(shipped):
    session = fresh(shipped["surprise-charge"], 5)
    for choice in BAD:
        if not session.done:
            session.step(choice - 1)
    if not session.done:
        session.leave()
    return build_record(session)


def _flat(text: str) -> str:
    """Text as a reader sees it: tags dropped, entities read, lines joined."""
    for tag in ("<br>", "<b>", "</b>", "<i>", "</i>"):
        text = text.replace(tag, " ")
    return " ".join(html.unescape(text).split())


def _window(record) -> str:
    pygame.init()
    try:
        palette = Theme.load("default").palette
        parts = [coach_html(record), details_html(record, palette)]
        parts += [turn_html(record, i) for i in range(len(record["debrief"]["anger_curve"]))]
    finally:
        pygame.quit()
    return _flat(" ".join(parts))


def test_the_three_presenters_say_the_same_what_if_and_the_same_numbers(record):
    view = debrief_view(record)
    assert view.what_if and view.what_if.startswith("What if:")
    shown = {
        "terminal": " ".join(debrief_text(record).split()),
        "markdown": " ".join(markdown_report(record).split()),
        "window": _window(record),
    }
    same = [view.what_if, view.coach.say_instead, *view.coach.takeaways, *view.tips]
    same += [f"-{b.points:.1f}" for b in view.breaches]
    same += [f"{s.points:.1f}" for s in view.sections]
    same += [line for t in view.turns for line in t.reasons]
    same += [view.worst.said, *view.worst.reasons, *view.afterwards]
    for where, text in shown.items():
        missing = [words for words in same if " ".join(words.split()) not in text]
        assert not missing, (where, missing)
        assert text.count("What if") == 1, where  # one what-if, in one wording


def test_the_view_reads_a_record_saved_before_the_coach(record):
    old = {**record, "debrief": {k: v for k, v in record["debrief"].items() if k != "coach"}}
    view = debrief_view(old)
    assert view.coach is None
    assert "Coach's summary" not in debrief_text(old) and view.what_if in markdown_report(old)


def test_a_call_with_no_worst_moment_says_so_once_in_the_same_words(record):
    d = {**record["debrief"], "worst_moment": None}
    calm = {**record, "debrief": d}
    assert debrief_view(calm).no_worse == NO_WORSE
    assert NO_WORSE in debrief_text(calm) and NO_WORSE in markdown_report(calm)
