"""The voice: what is spoken, in which voice, the settings for it, and a real WAV file.

The window tests record what the speaker is asked to say (a stand-in speaker), so they run
the same with or without espeak-ng; the tests that run espeak-ng skip where it is missing.
"""

import io
import json
import os
import subprocess
import wave
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.model.vocabulary import PERSONAS
from sim.records.userdata import Settings, load_settings
from sim.speech.espeak import command, find_espeak, how_to_get, render, render_file
from sim.speech.text import LIMIT, label_text, sentences, spoken_text
from sim.speech.voices import Voice, parse_table, voice_table
from sim.ui.app import App
from sim.ui.driver import Driver
from sim.ui.screens.conversation import ConversationScreen
from sim.ui.screens.menu import MenuScreen
from sim.ui.screens.settings import SettingsScreen
from sim.ui.voice import Speaker, Utterance
from tests.uikit import make_app as window

ESPEAK = find_espeak()
needs_espeak = pytest.mark.skipif(
    ESPEAK is None, reason="espeak-ng is not installed (apt-get install espeak-ng)"
)


pytestmark = pytest.mark.usefixtures("close_pygame")


class Recorder:
    """Stands in for the speaker: keeps what it was asked to say, and how often it was cut."""

    available = True
    error = None

    def __init__(self):
        self.said: list[Utterance] = []
        self.stops = 0
        self.volume = None

    def say(self, text, voice):
        self.said.append(Utterance(text, voice))

    def stop(self):
        self.stops += 1

    def poll(self):
        pass

    def set_volume(self, volume):
        self.volume = volume

    def close(self):
        pass


def make_app(**settings) -> tuple[App, Driver, Recorder]:
    app, drive = window(**{"real_time": True, **settings})
    drive.frames(2)  # the real speaker would be made now; record instead
    app.voice = Recorder()
    return app, drive, app.voice


# voices ----------------------------------------------------------------------------------


def test_every_persona_has_its_own_voice():
    table = voice_table()
    assert set(PERSONAS) <= set(table.personas)
    calm = {name: table.for_persona(name, 0) for name in PERSONAS}
    assert len(set(calm.values())) == len(calm)


@given(
    persona=st.sampled_from(sorted(PERSONAS)),
    low=st.floats(0, 100),
    high=st.floats(0, 100),
    speed=st.sampled_from([0.5, 1.0, 2.0]),
)
def test_rate_and_pitch_rise_with_anger(persona, low, high, speed):
    low, high = sorted((low, high))
    table = voice_table()
    calm, angry = table.for_persona(persona, low, speed), table.for_persona(persona, high, speed)
    assert calm.name == angry.name
    assert calm.rate <= angry.rate and calm.pitch <= angry.pitch
    assert 80 <= calm.rate <= 450 and 0 <= angry.pitch <= 99


def test_furious_is_clearly_faster_and_higher_than_calm():
    for persona in PERSONAS:
        calm, furious = (
            voice_table().for_persona(persona, 0),
            voice_table().for_persona(persona, 100),
        )
        assert furious.rate >= calm.rate + 20 and furious.pitch >= calm.pitch + 10


def test_an_unknown_persona_gets_the_default_voice():
    table = voice_table()
    assert table.for_persona("nobody", 0).name == table.default.name


def test_a_broken_voice_table_says_what_is_wrong():
    with pytest.raises(ValueError, match=r"personas\.loud"):
        parse_table({"default": {"voice": "en"}, "personas": {"loud": {"rate": 300}}})
    with pytest.raises(ValueError, match="rate and pitch"):
        parse_table({"default": {"voice": "en", "rate": "fast"}})


# what is said ----------------------------------------------------------------------------


def test_stage_directions_are_not_read_out():
    assert spoken_text("[sighs] Right. *taps the desk* Fine (quietly).") == "Right. Fine."
    assert spoken_text("  Three   weeks!\n") == "Three weeks!"


@given(st.text(max_size=2000))
def test_spoken_text_is_bounded_and_pieces_keep_every_word(line):
    words = spoken_text(line)
    assert len(words) <= LIMIT
    assert " ".join(sentences(words)).split() == words.split()


def test_a_short_first_sentence_is_its_own_piece_so_it_is_heard_sooner():
    assert sentences("Right. I have waited three weeks for this.") == [
        "Right.",
        "I have waited three weeks for this.",
    ]
    assert len(sentences("I have waited three weeks for this and nobody called me.")) == 1


def test_menu_labels_are_read_without_key_numbers_and_hints():
    assert label_text("2  Settings") == "Settings"
    assert label_text("Back (Esc)") == "Back"
    assert label_text("5  Fullscreen: off (F11)") == "Fullscreen: off"
    assert label_text("1  The bill | difficulty 2/5") == "The bill, difficulty 2/5"


def test_the_line_goes_in_on_stdin_never_as_an_option():
    args = command("espeak-ng", Voice("en-gb+f2", 170, 55))
    assert args[:7] == ["espeak-ng", "-v", "en-gb+f2", "-s", "170", "-p", "55"]
    assert "--stdin" in args and "--stdout" in args


@pytest.mark.parametrize(
    ("platform", "way"), [("linux", "apt"), ("darwin", "brew"), ("win32", "github.com")]
)
def test_one_line_says_how_to_get_espeak(monkeypatch, platform, way):
    monkeypatch.setattr("sys.platform", platform)
    line = how_to_get()
    assert "espeak-ng" in line and way in line and "\n" not in line


def test_missing_espeak_is_found_missing(monkeypatch):
    monkeypatch.setenv("DEFUSE_ESPEAK", "")
    assert find_espeak() is None
    monkeypatch.setenv("DEFUSE_ESPEAK", "no-such-program-here")
    assert find_espeak() is None


# espeak-ng itself ------------------------------------------------------------------------


def _wav_seconds(data: bytes) -> float:
    with wave.open(io.BytesIO(data)) as wav:
        return wav.getnframes() / wav.getframerate()


@needs_espeak
def test_a_line_is_rendered_to_a_wav_file(tmp_path):
    voice = voice_table().for_persona("hurried", 60)
    path = render_file(ESPEAK, "Three weeks, and not one phone call.", voice, tmp_path / "l.wav")
    with wave.open(str(path)) as wav:
        assert wav.getnchannels() == 1 and wav.getsampwidth() == 2
        seconds = wav.getnframes() / wav.getframerate()
        samples = wav.readframes(wav.getnframes())
    assert 0.8 < seconds < 10
    assert max(samples) > 0  # not silence


@needs_espeak
def test_an_angrier_customer_speaks_faster():
    line = "I have been waiting three weeks for this sofa and nobody called me."
    calm = render(ESPEAK, line, voice_table().for_persona("skeptic", 0))
    furious = render(ESPEAK, line, voice_table().for_persona("skeptic", 100))
    assert _wav_seconds(furious) < 0.9 * _wav_seconds(calm)


@needs_espeak
def test_a_line_that_looks_like_an_option_is_spoken_not_obeyed():
    data = render(ESPEAK, "--help", voice_table().default)
    assert data.startswith(b"RIFF") and 0.2 < _wav_seconds(data) < 5


def _espeak_names(kind: str, column: int) -> set[str]:
    listing = subprocess.run(
        [ESPEAK, f"--voices={kind}"], capture_output=True, text=True, check=True, timeout=30
    ).stdout
    return {line.split()[column] for line in listing.splitlines()[1:] if line.split()}


@needs_espeak
def test_every_voice_in_the_table_is_one_espeak_ng_has():
    # espeak-ng quietly falls back to its default voice for a name it lacks: check here.
    languages = _espeak_names("en", 1)
    variants = {name.removeprefix("!v/") for name in _espeak_names("variant", 4)}
    table = voice_table()
    for voice in [*table.personas.values(), table.default, table.narrator]:
        language, _, variant = voice.name.partition("+")
        assert language in languages, voice.name
        assert not variant or variant in variants, voice.name


@needs_espeak
def test_the_speaker_plays_a_line_through_the_mixer():
    speaker = Speaker(volume=50)
    if not speaker.available:
        pytest.skip(f"no audio output here: {speaker.error}")
    try:
        speaker.say("Right. Where is my sofa?", voice_table().for_persona("hurried", 30))
        for _ in range(1000):  # the worker renders; poll() starts it, as a frame would
            speaker.poll()
            if speaker.latencies:
                break
            pygame.time.wait(10)
        assert len(speaker.latencies) == 1, speaker.error
        speaker.stop()
        speaker.poll()
        assert not speaker._pending
    finally:
        speaker.close()


# in the window -------------------------------------------------------------------------


def test_the_customer_speaks_each_line_in_their_voice(shipped):
    app, drive, voice = make_app(voice=True, real_time=False)
    scenario = shipped["late-sofa"]
    screen = ConversationScreen(app, scenario, seed=3)
    app.show(screen)
    drive.frames(2)
    first = voice.said[-1]
    assert first.text == spoken_text(screen.speech_text)
    persona, speed = scenario.customer.persona, app.settings.text_speed
    assert first.voice == voice_table().for_persona(persona, screen.host.session.state.anger, speed)

    excuse = next(i for i, o in enumerate(screen.host.session.options) if "excuse" in o.moves)
    before = screen.host.session.state.anger
    drive.digit(excuse + 1)
    after = voice.said[-1]
    assert after.text == spoken_text(screen.speech_text) and after is not first
    assert screen.host.session.state.anger > before
    assert after.voice.rate > first.voice.rate and after.voice.pitch > first.voice.pitch


def test_a_reply_or_a_pause_cuts_the_customer_off(shipped):
    app, drive, voice = make_app(voice=True)
    app.show(ConversationScreen(app, shipped["late-sofa"], seed=3))
    drive.frames(2)
    stops = voice.stops
    drive.digit(1)
    assert voice.stops > stops
    stops = voice.stops
    drive.key(pygame.K_ESCAPE)
    assert app.screen.pause_menu.shown and voice.stops > stops


def test_the_voice_off_says_nothing(shipped):
    app, drive, voice = make_app(voice=False, self_voicing=False)
    app.show(ConversationScreen(app, shipped["late-sofa"], seed=3))
    drive.frames(3)
    drive.digit(1)
    assert voice.said == []


def test_by_default_the_silent_test_audio_driver_gets_no_voice(shipped):
    app, drive, voice = make_app()  # voice not set: on only where someone can hear it
    assert app.settings.voice is None and not app.voice_on
    app.show(ConversationScreen(app, shipped["late-sofa"], seed=3))
    drive.frames(3)
    assert voice.said == []


def test_menus_are_read_aloud_when_asked():
    app, drive, voice = make_app(self_voicing=True)
    app.show(MenuScreen(app))
    drive.frames(1)
    assert [u.text for u in voice.said] == ["Defuse. Main menu. Play a scenario"]
    assert voice.said[0].voice == voice_table().narrator
    drive.key(pygame.K_DOWN)
    assert voice.said[-1].text == "Settings"
    drive.key(pygame.K_RETURN)
    assert voice.said[-1].text.startswith("Settings. Timing:")
    drive.frames(5)
    assert len(voice.said) == 3  # nothing repeated while the focus stays put


def test_reading_a_reply_waits_until_the_player_moves_to_it(shipped):
    app, drive, voice = make_app(self_voicing=True, voice=False)
    screen = ConversationScreen(app, shipped["late-sofa"], seed=3)
    app.show(screen)
    drive.frames(3)
    assert voice.said == []  # the customer is talking: no reply read over them
    for key in (pygame.K_TAB, pygame.K_DOWN):
        drive.key(key)
        focus = screen.ring.focus
        assert voice.said[-1].text == f"{focus + 1}. {screen.host.session.options[focus].text}"
    assert len(voice.said) == 2


def test_menus_are_silent_without_self_voicing():
    app, drive, voice = make_app(self_voicing=False)
    app.show(MenuScreen(app))
    drive.key(pygame.K_DOWN)
    assert voice.said == []


# settings --------------------------------------------------------------------------------


def _row(app, name):
    return next(b.text for b, _ in app.screen.ring.items if name in b.text)


def test_the_voice_settings_are_rows_and_are_kept(monkeypatch):
    monkeypatch.setenv("DEFUSE_ESPEAK", "sh")  # "installed", whatever this machine has
    app, drive, voice = make_app(voice=False)
    app.show(SettingsScreen(app))
    drive.frames(1)
    assert "Voice: off" in _row(app, "Voice:")
    drive.digit(7)
    assert "Voice: on" in _row(app, "Voice:")
    drive.digit(8)
    assert "Read menus aloud: on" in _row(app, "Read menus")
    drive.digit(9)
    assert voice.volume == app.settings.voice_volume != 80
    kept = load_settings()
    assert kept.voice is True and kept.self_voicing is True
    assert kept.voice_volume == app.settings.voice_volume
    assert voice.said[-1].text == f"Voice volume: {kept.voice_volume}%"  # read as it changes


def test_without_espeak_the_voice_stays_off_and_one_line_says_how_to_get_it(monkeypatch):
    monkeypatch.setenv("DEFUSE_ESPEAK", "")
    app, drive, _voice = make_app()
    app.show(SettingsScreen(app))
    drive.frames(1)
    assert "needs espeak-ng" in _row(app, "Voice:")
    drive.digit(7)
    assert app.settings.voice is False and not app.voice_on
    labels = [e.text for e in app.screen.elements if hasattr(e, "text")]
    assert how_to_get() in labels


def test_voice_settings_read_back_and_bad_values_keep_defaults():
    good = Settings(voice=True, self_voicing=True, voice_volume=40)
    assert Settings.from_dict(json.loads(json.dumps(good.to_dict()))) == good
    assert Settings.from_dict({"voice": None}).voice is None
    bad = Settings.from_dict({"voice": "yes", "self_voicing": 1, "voice_volume": 150})
    assert (bad.voice, bad.self_voicing, bad.voice_volume) == (None, False, 80)
    assert Settings.from_dict({"voice_volume": True}).voice_volume == 80


def test_the_voice_table_ships_with_the_package():
    import tomllib

    root = Path(__file__).resolve().parent.parent
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    assert "*.yaml" in project["tool"]["setuptools"]["package-data"]["sim.speech"]


@pytest.mark.parametrize(("rate", "channels"), [(44100, 2), (48000, 1)])
def test_speech_is_converted_to_the_mixers_format_at_its_length(rate, channels):
    from sim.ui.voice import to_sound

    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:  # what espeak-ng makes: 22050 Hz, 16-bit mono
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(22050)
        out.writeframes(b"\x10\x00\xf0\xff" * 5512)  # half a second
    pygame.mixer.quit()
    try:
        pygame.mixer.init(frequency=rate, size=-16, channels=channels)
    except pygame.error as exc:
        pytest.skip(f"no audio output here: {exc}")
    try:
        assert to_sound(buffer.getvalue()).get_length() == pytest.approx(0.5, abs=0.01)
    finally:
        pygame.mixer.quit()
