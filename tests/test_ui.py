"""The game window, headless: a playthrough by posted keys, timing, resize, themes, no audio."""

import os
import subprocess
import sys
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame
import pytest

from sim.model.timing import Timing
from sim.records.userdata import Settings, load_results, load_settings
from sim.ui.driver import Driver
from sim.ui.screens.briefing import BriefingScreen
from sim.ui.screens.conversation import ConversationScreen
from sim.ui.screens.debrief import DebriefScreen
from sim.ui.screens.menu import MenuScreen
from sim.ui.screens.picker import PickerScreen
from sim.ui.screens.settings import SettingsScreen
from sim.ui.theme import THEME_NAMES
from tests.uikit import idle, make_app, quiet

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.usefixtures("close_pygame")


def play_good_path(drive: Driver, scenario) -> None:
    """Pick the scenario's first self-test path, then let the last line finish."""
    for choice in scenario.tests[0].choices:
        drive.digit(choice)
    quiet(drive)
    drive.seconds(1.0)


def listen_index(session) -> int:
    return next(i for i, o in enumerate(session.options) if o.moves == ["listen"])


def test_a_whole_playthrough_by_keyboard_from_menu_to_debrief(shipped):
    app, drive = make_app(real_time=False)
    app.show(MenuScreen(app))
    drive.frames(2)
    drive.digit(1)  # play
    assert isinstance(app.screen, PickerScreen)
    ids = [e.scenario.id for e in app.screen.entries if e.scenario]
    drive.digit(ids.index("surprise-charge") + 1)
    assert isinstance(app.screen, BriefingScreen)
    drive.key(pygame.K_RETURN)
    assert isinstance(app.screen, ConversationScreen)
    conversation = app.screen
    for choice in shipped["surprise-charge"].tests[0].choices:
        drive.seconds(0.5)
        drive.digit(choice)
    assert conversation.host.session.done and conversation.host.session.ending == "resolved"
    quiet(drive)
    drive.seconds(1.0)
    drive.key(pygame.K_RETURN)
    assert isinstance(app.screen, DebriefScreen)
    assert app.screen.record["ending"] == "resolved"
    assert load_results().best_for("Tess", "surprise-charge") == app.screen.record["score"]


def test_interrupting_and_dead_air_come_from_real_timing_and_reach_the_record(shipped):
    app, drive = make_app(real_time=True)
    screen = ConversationScreen(app, shipped["surprise-charge"], seed=3)
    app.show(screen)
    drive.frames(3)  # the opening line is still being typed out
    assert screen.host.clock.speaking
    drive.digit(4)  # thank and apologize, cutting in
    assert screen.host.session.turns[-1].timing.interrupted is True
    assert "interrupt" in screen.host.session.turns[-1].counted_moves
    quiet(drive)
    patience = screen.host.session.state.patience
    idle(drive, 12.0)  # say nothing: the customer prompts, and patience drains live
    prompts = screen.scenario.reactions["dead_air"]
    assert screen.speech_text in prompts
    assert screen.host.session.waited >= 11.5
    assert screen.host.session.state.patience < patience - 14
    prompt = screen.speech_text
    drive.digit(listen_index(screen.host.session) + 1)
    assert "dead_air" in screen.host.session.turns[-1].counted_moves
    assert screen.host.session.turns[-1].timing.delay >= 8.0
    assert screen.host.session.turns[-1].prompts == (prompt,)  # said once, live, not again


def test_a_long_silence_in_the_window_ends_the_call(shipped):
    app, drive = make_app(real_time=True)
    screen = ConversationScreen(app, shipped["late-sofa"], seed=3)
    app.show(screen)
    quiet(drive)
    # Six minutes of saying nothing, or until the customer hangs up; then the window goes on.
    idle(drive, 360.0, until=lambda: screen.host.session.done)
    drive.seconds(1.0)
    assert screen.host.session.done
    assert screen.host.session.ending == "hung_up"
    assert screen.host.session.turns[-1].choice is None
    assert screen.pending_ending


def test_space_listens_and_a_short_pause_reads_as_thoughtful(shipped):
    app, drive = make_app(real_time=True)
    screen = ConversationScreen(app, shipped["surprise-charge"], seed=3)
    app.show(screen)
    quiet(drive)
    drive.seconds(2.0)
    drive.key(pygame.K_SPACE)
    turn = screen.host.session.turns[-1]
    assert turn.authored_moves == ("listen",) and "pause" in turn.counted_moves


def test_turn_based_play_has_no_timers(shipped):
    app, drive = make_app(real_time=False)
    screen = ConversationScreen(app, shipped["surprise-charge"], seed=3)
    app.show(screen)
    drive.frames(2)
    drive.digit(4)  # while the line is still typing: not an interruption when turn-based
    idle(drive, 20.0)
    drive.digit(1)
    assert all(t.timing == Timing() for t in screen.host.session.turns)


def test_pause_menu_stops_the_clock(shipped):
    app, drive = make_app(real_time=True)
    screen = ConversationScreen(app, shipped["surprise-charge"], seed=3)
    app.show(screen)
    quiet(drive)
    drive.key(pygame.K_ESCAPE)
    assert screen.pause_menu.shown
    silence = screen.host.clock.silence
    idle(drive, 30.0)
    assert screen.host.clock.silence == silence
    drive.key(pygame.K_ESCAPE)
    assert not screen.pause_menu.shown


def test_what_if_goes_back_to_a_turn_and_compares_both_runs(shipped):
    app, drive = make_app(real_time=False)
    screen = ConversationScreen(app, shipped["surprise-charge"], seed=5)
    app.show(screen)
    for choice in (2, 3, 5):  # a sorry-but, a rush, a minimising remark: she walks out
        if not screen.host.session.done:
            drive.digit(choice)
    quiet(drive)
    drive.seconds(1.0)
    drive.key(pygame.K_RETURN)
    first = app.screen
    assert isinstance(first, DebriefScreen)
    first.select(1)
    drive.seconds(0.5)  # the debrief ignores keys for a moment, so a double Enter is harmless
    drive.key(pygame.K_w)
    branch = app.screen
    assert isinstance(branch, ConversationScreen) and branch.original is not None
    assert len(branch.host.session.turns) == 0
    play_good_path(drive, shipped["surprise-charge"])
    drive.key(pygame.K_RETURN)
    second = app.screen
    assert isinstance(second, DebriefScreen) and second.original is not None
    assert second.record["score"] > first.record["score"]
    assert "What if" in second.headline()


def test_save_debrief_writes_markdown_chart_and_json(shipped, tmp_path):
    app, drive = make_app(real_time=False)
    screen = ConversationScreen(app, shipped["phantom-wine"], seed=1)
    app.show(screen)
    play_good_path(drive, shipped["phantom-wine"])
    drive.key(pygame.K_RETURN)
    drive.seconds(0.5)
    drive.key(pygame.K_s)
    folder = Path(app.screen.saved_to)
    assert {p.name for p in folder.iterdir()} == {"debrief.md", "chart.png", "record.json"}
    assert (
        "![Anger, trust and patience over the call](chart.png)"
        in (folder / "debrief.md").read_text()
    )
    assert pygame.image.load(str(folder / "chart.png")).get_width() > 400


@pytest.mark.parametrize("theme", THEME_NAMES)
def test_every_screen_renders_in_every_theme(shipped, theme):
    app, drive = make_app(theme=theme, real_time=False)
    scenario = shipped["surprise-charge"]
    conversation = ConversationScreen(app, scenario, seed=2)
    screens = [
        MenuScreen(app),
        PickerScreen(app),
        BriefingScreen(app, scenario),
        SettingsScreen(app),
        conversation,
    ]
    for screen in screens:
        app.show(screen)
        drive.frames(3)
    for choice in scenario.tests[0].choices:
        drive.digit(choice)
    quiet(drive)
    drive.seconds(1.0)
    drive.key(pygame.K_RETURN)
    assert isinstance(app.screen, DebriefScreen)
    drive.frames(3)
    # Text was drawn: the window is not a flat fill.
    pixels = pygame.surfarray.array3d(app.window)
    assert len({tuple(p) for p in pixels[::37, ::29].reshape(-1, 3)}) > 8


def test_the_window_can_be_resized(shipped):
    app, drive = make_app(real_time=False)
    screen = ConversationScreen(app, shipped["surprise-charge"], seed=2)
    app.show(screen)
    drive.frames(2)
    drive.digit(1)
    app.window = pygame.display.set_mode((1000, 640), pygame.RESIZABLE)
    pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, w=1000, h=640, size=(1000, 640)))
    drive.frames(3)
    assert screen.transcript_rect.right <= 1000 and screen.options_top < 640
    assert len(screen.history) >= 1  # the conversation so far survives the new layout
    assert app.settings.window == (1000, 640)


def test_settings_are_kept_between_runs():
    app, drive = make_app(real_time=True)
    app.show(SettingsScreen(app))
    drive.digit(1)  # timing: real time -> turn-based
    drive.digit(3)  # theme: default -> large
    assert load_settings().real_time is False
    assert load_settings().theme == "large"
    assert app.theme.name == "large"


def test_a_corrupt_settings_file_is_set_aside_with_one_line(tmp_path):
    home = Path(os.environ["DEFUSE_HOME"])
    (home / "config").mkdir(parents=True)
    (home / "config" / "settings.json").write_text("{not json")
    notices: list[str] = []
    settings = load_settings(notices)
    assert settings == Settings()
    assert len(notices) == 1 and "could not be read" in notices[0]
    kept = list((home / "config").glob("settings.json.broken-*"))
    assert kept and kept[0].read_text() == "{not json"


def test_the_name_is_asked_once_and_remembered():
    app, drive = make_app(player="", real_time=True)
    app.show(MenuScreen(app))
    drive.frames(2)
    assert app.screen.name_entry is not None
    drive.type_text("Ana")
    drive.key(pygame.K_RETURN)
    assert load_settings().player == "Ana"
    app.show(MenuScreen(app))
    assert app.screen.name_entry is None


def test_a_broken_scenario_is_listed_as_broken_and_the_game_goes_on(tmp_path):
    from sim.scenario.catalog import catalog

    folder = tmp_path / "scenarios"
    folder.mkdir()
    good = (ROOT / "scenarios" / "surprise-charge.yaml").read_text(encoding="utf-8")
    (folder / "surprise-charge.yaml").write_text(good, encoding="utf-8")
    (folder / "broken.yaml").write_text("id: broken\ntitle: [unclosed\n", encoding="utf-8")
    app, drive = make_app(real_time=True)
    app.show(PickerScreen(app, catalog(folder)))
    drive.frames(2)
    html = [e.html_text for e in app.screen.elements if hasattr(e, "html_text")]
    assert any("broken.yaml: broken" in h and "broken.yaml:" in h for h in html)
    drive.digit(1)  # the broken file has no number; 1 is the playable scenario
    assert isinstance(app.screen, BriefingScreen)


def test_cyrillic_and_accents_render(shipped):
    from sim.ui.theme import Theme

    pygame.init()
    theme = Theme.load("default")
    font = theme.fonts["base"]
    for ch in "éñüçЖдЯ":
        assert font.metrics(ch)[0] is not None and font.size(ch)[0] > 3


def test_the_game_runs_with_no_audio_device():
    code = (
        "import os; os.environ['SDL_VIDEODRIVER']='dummy'; os.environ['SDL_AUDIODRIVER']='nosuch';"
        "from sim.records.userdata import Settings; from sim.ui.app import App;"
        "from sim.ui.screens.menu import MenuScreen;"
        "app=App((1280,720), settings=Settings(player='x', sound=True));"
        "app.show(MenuScreen(app)); app.frame(0.016); app.sounds.play('line'); print('ok')"
    )
    env = {**os.environ, "DEFUSE_HOME": os.environ["DEFUSE_HOME"]}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("ok")
    assert "Traceback" not in result.stderr


def test_demo_saves_a_screenshot_of_every_screen(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "main.py"),
            "demo",
            "--screenshots",
            str(tmp_path),
            "--theme",
            "default",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        env={**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"},
    )
    assert result.returncode == 0, result.stderr
    names = sorted(p.stem for p in (tmp_path / "default").glob("*.png"))
    assert names == [
        "01-menu",
        "02-settings",
        "03-picker",
        "04-briefing",
        "04b-how-to-play",
        "05-conversation-early",
        "05b-pause-menu",
        "06-conversation-late",
        "06b-call-over",
        "07-debrief",
        "08-what-if-conversation",
        "09-what-if-debrief",
    ]


def test_saving_the_file_reloads_it_and_errors_show_in_the_game(tmp_path):
    from sim.scenario.loader import load_scenario

    source = (ROOT / "scenarios" / "surprise-charge.yaml").read_text(encoding="utf-8")
    path = tmp_path / "surprise-charge.yaml"
    path.write_text(source, encoding="utf-8")
    app, drive = make_app(real_time=False)
    screen = ConversationScreen(app, load_scenario(path), seed=1)
    app.show(screen)
    drive.digit(4)  # thank and apologise: on to the `details` beat
    assert screen.host.session.beat_id == "details"
    anger = screen.host.session.state.anger
    edited = source.replace(
        "So, a €49 Premium Support charge appeared", "So a charge of €49 appeared"
    )
    path.write_text(edited, encoding="utf-8")
    os.utime(path, (1, 2_000_000_000))
    drive.seconds(0.6)
    assert screen.host.session.beat_id == "details" and screen.host.session.state.anger == anger
    assert any("So a charge of €49 appeared" in o.text for o in screen.host.session.options)
    assert "surprise-charge.yaml was updated" in screen.flash
    path.write_text(edited.replace("moves: [reflect]", "moves: [reflekt]"), encoding="utf-8")
    drive.key(pygame.K_F5)
    assert screen.reload_errors is not None
    assert "did you mean `reflect`" in screen.reload_errors.html_text
    assert isinstance(app.screen, ConversationScreen)  # the game goes on
    drive.digit(1)
    assert len(screen.host.session.turns) == 2


def test_a_quick_second_enter_does_not_skip_the_debrief(shipped):
    app, drive = make_app(real_time=False)
    screen = ConversationScreen(app, shipped["surprise-charge"], seed=2)
    app.show(screen)
    play_good_path(drive, shipped["surprise-charge"])
    drive.key(pygame.K_RETURN)
    drive.key(pygame.K_RETURN)  # pressed twice in a hurry
    assert isinstance(app.screen, DebriefScreen)


def test_settings_with_one_bad_value_keep_the_rest():
    home = Path(os.environ["DEFUSE_HOME"])
    (home / "config").mkdir(parents=True)
    (home / "config" / "settings.json").write_text(
        '{"player": "Tess", "theme": "large", "window": [300, 700]}'
    )
    settings = load_settings()
    assert (settings.player, settings.theme, settings.window) == ("Tess", "large", (1280, 720))


def test_resizing_below_the_minimum_keeps_a_usable_window(shipped):
    app, drive = make_app(real_time=False)
    app.show(ConversationScreen(app, shipped["surprise-charge"], seed=2))
    drive.frames(2)
    pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, w=360, h=270, size=(360, 270)))
    drive.frames(3)
    assert app.size[0] >= 960 and app.size[1] >= 600
    assert app.settings.window[0] >= 960


def test_a_big_window_scales_the_rows_padding_with_their_words():
    """Fonts grow with the window; the padding and borders around them grow as well, so a
    4K button keeps the proportions of a 720p one instead of words crammed to its edges."""
    import pygame_gui

    from sim.ui.theme import Theme
    from sim.ui.widgets import DrawnRows

    pygame.init()
    paddings = {}
    for size in ((1280, 720), (3840, 2160)):
        theme = Theme.load("default", size)
        rows = DrawnRows(pygame_gui.UIManager(size, theme.manager_data))
        paddings[size] = (rows.padding, rows.font.size("Mg")[1], theme.scale)
    (small, small_font, _), (big, big_font, scale) = paddings.values()
    assert scale >= 2.5
    assert big / small == pytest.approx(big_font / small_font, rel=0.35)
