"""What the speed work must not change: replies pick what they show, the history keeps every
line, the picker sees edited and broken files, text boxes keep their panels, and the
command line starts without the engine. (Timings are in `python main.py bench`.)"""

import os
import subprocess
import sys
from html import unescape
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame
import pytest

from sim.scenario.catalog import catalog
from sim.ui.screens.briefing import BriefingScreen
from sim.ui.screens.conversation import ConversationScreen
from sim.ui.screens.picker import PickerScreen
from sim.ui.widgets import TranscriptView
from tests.uikit import make_app

ROOT = Path(__file__).resolve().parent.parent


pytestmark = pytest.mark.usefixtures("close_pygame")


def shown_replies(screen: ConversationScreen) -> list[str]:
    return [unescape(box.html_text) for _, box in screen.option_elements]


@pytest.mark.parametrize("sid", ["surprise-charge", "lost-reports"])
def test_each_number_picks_the_reply_shown_beside_it_turn_after_turn(shipped, sid):
    app, drive = make_app()
    screen = ConversationScreen(app, shipped[sid], seed=3)
    app.show(screen)
    drive.frames(2)
    turn = 0
    while not screen.host.session.done:
        options = [o.text for o in screen.host.session.options]
        # As many numbered replies as the customer allows, each showing its own text.
        assert len(screen.option_elements) == len(options)
        assert all(o in html for o, html in zip(options, shown_replies(screen), strict=True))
        choice = (turn * 2) % len(options)
        drive.digit(choice + 1)
        assert screen.host.session.turns[-1].text == options[choice]
        turn += 1
    assert turn >= 2


def test_the_history_keeps_every_line_while_only_recent_images_are_kept():
    pygame.init()
    fonts = {"bold": pygame.font.Font(None, 20), "base": pygame.font.Font(None, 18)}
    colours = {k: pygame.Color("white") for k in ("muted", "text", "accent")}
    view = TranscriptView(fonts, colours)
    history = [("customer", "Ann", f"line {i}: " + "words " * (i % 7)) for i in range(200)]
    view.set_width(400, history)
    assert [e.text for e in view.entries] == [text for _, _, text in history]
    assert len(view.images) <= view.MOST
    # Scrolled right back to the start, the first line is drawn again from its text.
    window = pygame.Surface((420, 300))
    view.scroll_by(10**6, 300)
    view.draw(window, pygame.Rect(0, 0, 420, 300))
    assert 0 in view.images
    assert view.images[0].get_height() == view.entries[0].height
    # Only what is in view stays rendered, and the newest few (they come back first).
    newest = set(range(len(history) - view.KEEP, len(history)))
    assert set(view.images) == set(view.shown) | newest


def test_the_catalog_sees_an_edited_file_and_a_fixed_broken_one(tmp_path):
    folder = tmp_path / "scenarios"
    folder.mkdir()
    good = (ROOT / "scenarios" / "surprise-charge.yaml").read_text(encoding="utf-8")
    path = folder / "surprise-charge.yaml"
    path.write_text(good, encoding="utf-8")
    broken = folder / "broken.yaml"
    broken.write_text("id: broken\ntitle: [unclosed\n", encoding="utf-8")

    first = catalog(folder)
    assert [e.scenario is None for e in first] == [True, False]
    assert catalog(folder)[1].scenario is first[1].scenario  # unchanged: not read again

    original_title = first[1].scenario.title
    edited = good.replace(f"title: {original_title}", "title: An edited title", 1)
    assert edited != good
    path.write_text(edited, encoding="utf-8")
    os.utime(path, ns=(0, path.stat().st_mtime_ns + 10**9))  # a later stamp, whatever the clock
    broken.write_text(good.replace("id: surprise-charge", "id: broken", 1), encoding="utf-8")
    again = catalog(folder)
    assert again[1].scenario.title == "An edited title"
    assert again[0].scenario is not None and again[0].scenario.id == "broken"


def test_the_picker_still_shows_a_broken_file_each_time_it_opens(tmp_path, monkeypatch):
    folder = tmp_path / "scenarios"
    folder.mkdir()
    good = (ROOT / "scenarios" / "surprise-charge.yaml").read_text(encoding="utf-8")
    (folder / "surprise-charge.yaml").write_text(good, encoding="utf-8")
    (folder / "broken.yaml").write_text("id: broken\ntitle: [unclosed\n", encoding="utf-8")
    app, drive = make_app()
    for _ in range(2):
        app.show(PickerScreen(app, catalog(folder)))
        drive.frames(2)
        html = [e.html_text for e in app.screen.elements if hasattr(e, "html_text")]
        assert any("broken.yaml: broken" in h for h in html)
    drive.digit(1)
    assert isinstance(app.screen, BriefingScreen)


@pytest.mark.parametrize("theme", ["default", "large", "contrast"])
def test_text_boxes_keep_their_rounded_panel_in_the_theme_colours(shipped, theme):
    app, drive = make_app(theme=theme)
    screen = ConversationScreen(app, shipped["surprise-charge"], seed=1)
    app.show(screen)
    drive.frames(3)
    theme_ = app.manager.get_theme()
    fill = theme_.get_colour("panel_bg", ["@speech", "text_box"])
    border = theme_.get_colour("panel_border", ["@speech", "text_box"])
    # Inside pygame_gui's shadow ring: the border, then the panel's fill.
    box = screen.speech
    inner = box.rect.inflate(-2 * box.shadow_width, -2 * box.shadow_width)
    border_width = box.border_width  # a dict per side in newer pygame_gui, an int before
    width = border_width["bottom"] if isinstance(border_width, dict) else border_width
    assert app.window.get_at((inner.left, inner.centery)) == border
    assert app.window.get_at((inner.centerx, inner.bottom - width)) == border
    assert app.window.get_at((inner.centerx, inner.bottom - width - 1)) == fill
    # Rounded: the very corner shows the background, not the border.
    assert app.window.get_at(inner.topleft) != border


def test_the_command_line_starts_without_the_engine_numpy_or_the_models():
    code = (
        "import sys; import sim.cli as cli; cli.build_parser();"
        "heavy = [m for m in ('numpy', 'pydantic', 'sim.engine', 'sim.scenario.models')"
        " if m in sys.modules]; print(heavy)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert out.stdout.strip() == "[]"


def test_lazily_read_choices_still_refuse_a_wrong_value(capsys):
    from sim.cli import main

    with pytest.raises(SystemExit) as stop:
        main(["new", "x", "--persona", "nobody"])
    assert stop.value.code == 2
    assert "reasonable" in capsys.readouterr().err  # the valid ones are listed


def test_the_picker_rows_answer_the_keys_and_the_mouse_as_buttons_did():
    app, drive = make_app()
    app.show(PickerScreen(app))
    drive.frames(2)
    screen = app.screen
    rows = screen.rows.rows
    assert rows and rows[0].selected and screen.focused_label() == rows[0].text
    drive.key(pygame.K_DOWN)
    assert rows[1].selected and not rows[0].selected
    pos = rows[2].rect.center
    motion = pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0))
    pygame.event.post(motion)
    drive.frames(1)
    assert rows[2].hovered and rows[2].state == "hovered"
    # Pressed on one row and released on another: nothing, as with a button.
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=rows[3].rect.center, button=1))
    drive.frames(1)
    assert app.screen is screen
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))
    drive.frames(1)
    assert isinstance(app.screen, BriefingScreen)
    assert app.screen.scenario.id == [e for e in screen.entries if e.scenario][2].scenario.id
