"""Where the project's files live, found from this package so any working directory works."""

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
SCENARIOS_DIR = PROJECT_DIR / "scenarios"
ASSETS_DIR = PROJECT_DIR / "assets"
