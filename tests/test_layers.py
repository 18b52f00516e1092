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


# The window's screens: known by name (sim/ui/router.py), never imported by one another.
SCREENS = "sim.ui.screens"
# What screens may share: layout helpers, the class screens' base class, and the call
# screen's parts (its layout, tour and pause menu), which are no screens of their own.
SCREEN_HELPERS = {
    f"{SCREENS}.layout",
    f"{SCREENS}.call_layout",
    f"{SCREENS}.class_common",
    f"{SCREENS}.call_tour",
    f"{SCREENS}.call_pause",
}
UI = [(name, path) for name, path in MODULES if name.startswith("sim.ui")]


def _is_screen(module: str) -> bool:
    return module == SCREENS or module.startswith(SCREENS + ".")


def _imports_by_place(path: Path) -> dict[str, list[tuple[str, int]]]:
    """A file's imports by where they run: "function" (in a function or method body, run
    late, so they hide cycles), "typing" (under `if TYPE_CHECKING:`, never run) and "load"
    (when the module is loaded)."""
    places: dict[str, list[tuple[str, int]]] = {"function": [], "typing": [], "load": []}

    def walk(node: ast.AST, place: str) -> None:
        if isinstance(node, ast.Import):
            places[place] += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            places[place].append((node.module, node.lineno))
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            place = "function"
        elif (
            isinstance(node, ast.If)
            and place == "load"
            and "TYPE_CHECKING" in ast.unparse(node.test)
        ):
            for child in node.body:
                walk(child, "typing")
            for child in node.orelse:
                walk(child, place)
            return
        for child in ast.iter_child_nodes(node):
            walk(child, place)

    walk(ast.parse(path.read_text(encoding="utf-8")), "load")
    return places


@pytest.mark.parametrize("name, path", UI, ids=[m for m, _ in UI])
def test_no_function_in_the_window_imports_a_screen(name, path):
    """A screen moves on with app.go("name"): importing the next screen in a method hid
    an import cycle."""
    hidden = [
        f"{path.name}:{line} imports {target}"
        for target, line in _imports_by_place(path)["function"]
        if _is_screen(target)
    ]
    assert not hidden, hidden


@pytest.mark.parametrize(
    "name, path",
    [(n, p) for n, p in UI if _is_screen(n)],
    ids=[n for n, _ in UI if _is_screen(n)],
)
def test_a_screen_imports_no_other_screen(name, path):
    places = _imports_by_place(path)
    others = sorted(
        {
            target
            for target, _ in places["load"] + places["typing"]
            if _is_screen(target) and target not in SCREEN_HELPERS and target != name
        }
    )
    assert not others, f"{name} imports {others}: go there by name with app.go"


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle in the graph, as the modules around it ([] when there is none)."""
    done: set[str] = set()
    path: list[str] = []

    def visit(node: str) -> list[str]:
        if node in path:
            return [*path[path.index(node) :], node]
        if node in done:
            return []
        path.append(node)
        for target in sorted(graph.get(node, ())):
            found = visit(target)
            if found:
                return found
        path.pop()
        done.add(node)
        return []

    for node in sorted(graph):
        found = visit(node)
        if found:
            return found
    return []


def test_the_cycle_finder_finds_one():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) == []


# The customer model: sim/model/rules.py is the entry that runs the rule's phases, each a
# module of sim/model/rule/; below them the tables, the log and the batch-or-one helpers.
RULE_ENTRY = "sim.model.rules"
RULE_PHASES = "sim.model.rule"
MODEL = [(name, path) for name, path in MODULES if name.startswith("sim.model")]


@pytest.mark.parametrize(
    "name, path",
    [(n, p) for n, p in MODEL if n.startswith(RULE_PHASES + ".")],
    ids=[n for n, _ in MODEL if n.startswith(RULE_PHASES + ".")],
)
def test_a_rule_phase_never_imports_the_rule_entry(name, path):
    """The phases are run by rules.py, never the other way round: what moved the anger is
    found by reading down from the entry."""
    back = [f"{path.name}:{line}" for target, line in _imports(path) if target == RULE_ENTRY]
    assert not back, back


def test_only_the_rule_entry_and_the_model_package_import_it_within_the_model():
    """Within the model, the other modules (the epilogue, the endings...) take what they share
    with the rule (the context, the reactions) from the phases' modules, so the entry stays
    at the top of the rule and nothing below it imports it back."""
    users = sorted(
        name
        for name, path in MODEL
        if name not in (RULE_ENTRY, "sim.model")
        and any(target == RULE_ENTRY for target, _ in _imports(path))
    )
    assert not users, users


@pytest.mark.parametrize("part", ["window", "model"])
def test_the_modules_of_a_part_import_no_cycle(part):
    """The window's modules (screens included) and the model's import one another only
    downwards: no cycle broken at run time by an import inside a function."""
    modules = {"window": UI, "model": MODEL}[part]
    names = {name for name, _ in modules}
    graph = {
        name: {t for t, _ in _imports_by_place(path)["load"] if t in names and t != name}
        for name, path in modules
    }
    assert not _cycle(graph), " -> ".join(_cycle(graph))
