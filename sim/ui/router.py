"""The screens by name. A screen moves on with ``app.go("picker")`` and never imports the
next screen's module: those imports, hidden inside methods, made an import cycle.

The registry is data, resolved the first time a screen is shown, so the start imports the
menu alone (not the scenario models, the engine or NumPy that the later screens need).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sim.ui.app import Screen

# name -> "module:Class"
SCREENS: dict[str, str] = {
    "menu": "sim.ui.screens.menu:MenuScreen",
    "picker": "sim.ui.screens.picker:PickerScreen",
    "briefing": "sim.ui.screens.briefing:BriefingScreen",
    "conversation": "sim.ui.screens.conversation:ConversationScreen",
    "debrief": "sim.ui.screens.debrief:DebriefScreen",
    "glossary": "sim.ui.screens.glossary:GlossaryScreen",
    "settings": "sim.ui.screens.settings:SettingsScreen",
    "class_setup": "sim.ui.screens.class_setup:ClassSetupScreen",
    "class_call": "sim.ui.screens.class_call:ClassCallScreen",
    "class_debrief": "sim.ui.screens.class_debrief:ClassDebriefScreen",
}


def screen_class(name: str) -> type[Screen]:
    """The class of the screen called ``name``; its module is imported on first use."""
    try:
        module, _, attribute = SCREENS[name].partition(":")
    except KeyError:
        raise KeyError(f"no screen is called {name!r} (known: {', '.join(SCREENS)})") from None
    return getattr(importlib.import_module(module), attribute)
