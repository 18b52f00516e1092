"""Where the project's files live, found from this package so any working directory works."""

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
SCENARIOS_DIR = PROJECT_DIR / "scenarios"
ASSETS_DIR = PROJECT_DIR / "assets"


def read_data(path: Path):
    """A YAML data file shipped with the code (moves, personas, the rubric, default lines...),
    read with PyYAML's C loader when it has one: these files are read at every start, and
    the pure-Python loader takes ten times as long. Trainers' scenario files go through the
    scenario loader instead, which checks and locates everything."""
    import yaml  # here, so that finding a path never costs the YAML import

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
