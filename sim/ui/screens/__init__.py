"""The screens of the game window: menu, picker, briefing, conversation, debrief, settings."""
