"""The drawn text panels (debrief, briefing, glossary): the words all there, wrapped inside the
panel, styled as marked up, and scrolled by wheel, bar and page keys."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame
import pygame_gui
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.ui.richtext import RichText, Style, parse
from sim.ui.theme import Theme


@pytest.fixture(scope="module")
def kit():
    pygame.init()
    pygame.display.set_mode((800, 600))
    theme = Theme.load("default", (800, 600))
    manager = pygame_gui.UIManager((800, 600), theme.manager_data)
    return theme, manager


def words_of(text: RichText) -> list[str]:
    """The words, line by line (a word cut at the panel's edge counts as two)."""
    return [w for line in text.lines for w in "".join(p.text for p in line.pieces).split()]


def test_markup_becomes_styled_paragraphs():
    paragraphs = parse("<b>Turn 3</b>: “sorry” &amp; <i>more</i><br><font color='#ff0000'>x</font>")
    assert paragraphs[0] == [
        ("Turn 3", Style(bold=True)),
        (": “sorry” & ", Style()),
        ("more", Style(italic=True)),
    ]
    assert paragraphs[1] == [("x", Style(colour=(255, 0, 0)))]


def test_a_bad_colour_keeps_the_text_colour():
    assert parse("<font color='nonsense'>x</font>") == [[("x", Style())]]


def test_long_text_wraps_inside_the_panel_and_keeps_every_word(kit):
    theme, manager = kit
    html = "<b>Heading</b><br>" + " ".join(f"word{i}" for i in range(300))
    text = RichText(html, pygame.Rect(10, 10, 300, 200), manager, theme.fonts)
    assert words_of(text) == ["Heading"] + [f"word{i}" for i in range(300)]
    font = theme.fonts["base"]
    for line in text.lines:
        right = max((p.x + font.size(p.text.rstrip())[0] for p in line.pieces), default=0)
        assert right <= text.inner.w
    assert text.total_height > text.inner.h  # more than fits: it scrolls


def test_a_word_wider_than_the_panel_is_cut_not_lost(kit):
    theme, manager = kit
    text = RichText("x" * 400, pygame.Rect(0, 0, 200, 100), manager, theme.fonts)
    assert "".join(words_of(text)) == "x" * 400
    assert len(text.lines) > 1


def test_page_keys_wheel_and_bar_scroll_within_bounds(kit):
    theme, manager = kit
    html = "<br>".join(f"line {i}" for i in range(80))
    text = RichText(html, pygame.Rect(0, 0, 300, 200), manager, theme.fonts)
    text.page(0.9)
    assert 0 < text.scroll <= text.most
    text.page(100)
    assert text.scroll == text.most
    text.page(-100)
    assert text.scroll == 0
    # the wheel over the panel scrolls it; elsewhere it does not
    pygame.mouse.set_pos((100, 100))
    if pygame.mouse.get_pos() == (100, 100):  # a dummy display may not move the mouse
        assert text.handle(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=-1))
        assert text.scroll > 0
    # dragging the thumb to the foot of the bar shows the end
    thumb = text._thumb()
    assert thumb is not None
    down = pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=thumb.center)
    assert text.handle(down)
    drag = pygame.event.Event(pygame.MOUSEMOTION, pos=(thumb.centerx, 10_000), buttons=(1, 0, 0))
    assert text.handle(drag)
    assert text.scroll == text.most
    assert text.handle(pygame.event.Event(pygame.MOUSEBUTTONUP, button=1, pos=(0, 0)))


def test_only_the_lines_in_view_are_rendered(kit):
    theme, manager = kit
    html = "<br>".join(f"line {i}" for i in range(500))
    text = RichText(html, pygame.Rect(0, 0, 300, 200), manager, theme.fonts)
    window = pygame.Surface((300, 200))
    text.draw(window)
    assert 0 < len(text.images) < 12
    text.page(100)
    text.draw(window)
    assert max(text.images) == len(text.lines) - 1
    assert len(text.images) < 12


def test_the_words_are_drawn_in_the_panel(kit):
    theme, manager = kit
    window = pygame.Surface((300, 120))
    window.fill((0, 0, 0))
    RichText("<b>Hello</b> there", pygame.Rect(0, 0, 300, 120), manager, theme.fonts).draw(window)
    text_colour = pygame.Color(theme.manager_data["defaults"]["colours"]["normal_text"])
    inside = pygame.Rect(10, 10, 120, 30)
    near = [
        window.get_at((x, y))
        for x in range(inside.left, inside.right)
        for y in range(inside.top, inside.bottom)
    ]
    assert any(
        sum(abs(a - b) for a, b in zip(c[:3], text_colour[:3], strict=True)) < 60 for c in near
    )


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from([*"ab <>/&;#'\"=\n", "<br>", "<b>", "</b>", "<i>", "<font color='"]),
        max_size=60,
    ).map("".join)
)
def test_any_markup_lays_out_without_error(kit, html):
    theme, manager = kit
    text = RichText(html, pygame.Rect(0, 0, 160, 90), manager, theme.fonts)
    text.page(1)
    text.draw(pygame.Surface((160, 90)))
    assert 0 <= text.scroll <= text.most
