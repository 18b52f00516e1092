"""The layers, read from the imports: pygame only in the window, and nothing imports a layer
above its own. A newcomer can trust the folders: the model knows nothing of scenarios, the
engine nothing of scoring, the core nothing of any front end."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "sim"

# Bottom to top. A module may import its own layer and the ones below, never above.
# The first matching prefix decides a module's layer.
LAYERS: list[tuple[str, ...]] = [
    # safe files and printing; the customer: state, moves, the rule, the epilogue
    ("sim.paths", "sim.fileio", "sim.printable", "sim.model"),
    ("sim.scenario",),  # the file format: models, safe loading, checks
    ("sim.engine",),  # one conversation: reset, step, wait
    ("sim.scoring.score",),  # the rubric applied to finished conversations
    ("sim.analysis.batch", "sim.players"),  # many conversations at once; the look-ahead
    (  # what is built on played conversations
        "sim.scoring",
        "sim.analysis",
        "sim.records",
        "sim.authoring",
        "sim.classroom",
        "sim.speech",
    ),
    ("sim.text",),  # the terminal front end
    ("sim.ui",),  # the window: the only place pygame is used
    ("sim.cli", "sim.commands", "sim"),  # the commands
]


def _layer(module: str) -> int:
    best, found = -1, None
    for level, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best:
                best, found = len(prefix), level
    assert found is not None, f"{module} belongs to no layer: add it to LAYERS"
    return found


def _modules() -> list[tuple[str, Path]]:
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found.append((name, path))
    return found


def _imports(path: Path) -> list[tuple[str, int]]:
    """Every module a file imports, at any depth of the code, with its line."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.append((node.module, node.lineno))
    return out


MODULES = _modules()


@pytest.mark.parametrize("name, path", MODULES, ids=[m for m, _ in MODULES])
def test_no_module_imports_a_layer_above_its_own(name, path):
    here = _layer(name)
    upward = [
        f"{path.name}:{line} imports {target}"
        for target, line in _imports(path)
        if target.startswith("sim") and _layer(target) > here
    ]
    assert not upward, upward


@pytest.mark.parametrize("name, path", MODULES, ids=[m for m, _ in MODULES])
def test_pygame_is_imported_only_by_the_window(name, path):
    if name.startswith("sim.ui"):
        return
    pygame = [
        f"{path.name}:{line} imports {target}"
        for target, line in _imports(path)
        if target.split(".")[0] in ("pygame", "pygame_gui")
    ]
    assert not pygame, pygame


def test_the_layers_name_every_package():
    packages = {p.name for p in ROOT.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    named = {prefix.split(".")[1] for level in LAYERS for prefix in level if "." in prefix}
    assert packages <= named, packages - named
