"""Loading a scenario file: safe YAML, strict format, every problem as one located line."""

from __future__ import annotations

import difflib
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from sim.scenario.checks import check_structure
from sim.scenario.errors import Problem, ScenarioError
from sim.scenario.models import Scenario
from sim.scenario.yaml_source import Located, SourceError, read_yaml

_KIND_WORDS = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list (lines starting with '- ')",
    "dict_type": "a mapping (lines of `key: value`)",
    "model_type": "a mapping (lines of `key: value`)",
    "model_attributes_type": "a mapping (lines of `key: value`)",
}


def load_scenario(path: str | Path) -> Scenario:
    """Read, validate and check one scenario file; raise ScenarioError with every problem."""
    return load_scenario_located(path)[0]


def load_scenario_located(path: str | Path) -> tuple[Scenario, Located]:
    """As load_scenario, also giving the position of every value (for later messages)."""
    path = Path(path)
    shown = _display_name(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ScenarioError(
            [Problem(shown, 1, 1, "no such file", "check the path or run `python main.py list`")]
        ) from None
    except OSError as exc:
        problem = Problem(
            shown, 1, 1, f"cannot read the file ({exc.strerror})", "check its permissions"
        )
        raise ScenarioError([problem]) from None
    return parse_scenario_located(raw, shown, folder=path.parent)


def parse_scenario(raw: bytes, filename: str, folder: Path | None = None) -> Scenario:
    return parse_scenario_located(raw, filename, folder)[0]


def parse_scenario_located(
    raw: bytes, filename: str, folder: Path | None = None
) -> tuple[Scenario, Located]:
    try:
        located = read_yaml(raw)
    except SourceError as exc:
        raise ScenarioError(
            [Problem(filename, exc.line, exc.column, exc.message, exc.fix)]
        ) from None
    if not isinstance(located.data, dict):
        got = "nothing" if located.data is None else f"{type(located.data).__name__}"
        raise ScenarioError(
            [
                Problem(
                    filename,
                    *located.mark(()),
                    f"a scenario is a mapping of keys (id:, title:, ...), not {got}",
                    "start from the guide's example",
                )
            ]
        )
    try:
        scenario = Scenario.model_validate(located.data)
    except ValidationError as exc:
        problems = _problems_from_validation(exc, located, filename)
        raise ScenarioError(problems) from None
    problems = check_structure(scenario, located, filename, folder)
    if any(p.severity == "error" for p in problems):
        raise ScenarioError([p for p in problems if p.severity == "error"])
    return scenario, located


def _display_name(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _data_path(loc: tuple, data: Any) -> tuple:
    """Map a pydantic error location to a path in the data, skipping union tags."""
    path: list = []
    node = data
    for part in loc:
        in_dict = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if in_dict or in_list:
            path.append(part)
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str) and part not in ("text", "bands"):
            path.append(part)  # a missing or unknown key under this mapping
            node = None
        # else: a union branch name such as 'bands'/'many'/'one'; not part of the data
    return tuple(path)


def _model_at(path: tuple) -> type[BaseModel] | None:
    """The model class that holds the last key of ``path`` (for 'did you mean')."""
    current: Any = Scenario
    for part in path[:-1]:
        current = _step_into(current, part)
        if current is None:
            return None
    current = _unwrap(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(tp: Any) -> Any:
    """Strip Annotated/Optional/Union wrappers to the model inside, when there is one."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(tp)[0])
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        for arg in typing.get_args(tp):
            inner = _unwrap(arg)
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                return inner
        return None
    return tp


def _step_into(tp: Any, part: Any) -> Any:
    tp = _unwrap(tp)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        field = tp.model_fields.get(part) if isinstance(part, str) else None
        return field.annotation if field else None
    origin = typing.get_origin(tp)
    if origin is list:
        return typing.get_args(tp)[0]
    if origin is dict:
        return typing.get_args(tp)[1]
    return None


def _problems_from_validation(exc: ValidationError, located: Located, filename: str) -> list:
    problems: list[Problem] = []
    seen: set[tuple] = set()
    for error in exc.errors():
        path = _data_path(error["loc"], located.data)
        kind = error["type"]
        if (path, kind) in seen:
            continue
        seen.add((path, kind))
        where = ".".join(str(p) for p in path) or "the file"
        key = path[-1] if path else ""
        if kind == "extra_forbidden":
            line, col = located.mark(path, key=True)
            model = _model_at(path)
            names = list(model.model_fields) if model else []
            close = difflib.get_close_matches(str(key), names, n=1)
            fix = f"did you mean `{close[0]}`?" if close else "allowed here: " + ", ".join(names)
            problems.append(Problem(filename, line, col, f"unknown key `{key}`", fix))
            continue
        if kind == "missing":
            line, col = located.mark(path[:-1])
            parent = ".".join(str(p) for p in path[:-1]) or "the top level"
            problems.append(
                Problem(filename, line, col, f"`{key}` is missing in {parent}", f"add `{key}:`")
            )
            continue
        line, col = located.mark(path)
        value = _value_at(located.data, path)
        if kind in _KIND_WORDS:
            expected = _KIND_WORDS[kind]
            original = located.plain.get(path)
            if original is not None and kind == "string_type":
                message = f"{where}: `{original}` is read by YAML as {_yaml_kind(value)}, not text"
                fix = f'quote it: "{original}"'
            else:
                message = f"{where}: expected {expected}, got {_describe(value)}"
                fix = _type_fix(kind, original)
            problems.append(Problem(filename, line, col, message, fix))
            continue
        if kind == "value_error":
            text = str(error.get("ctx", {}).get("error", error["msg"]))
            message, _, fix = text.partition("; ")
            problems.append(Problem(filename, line, col, f"{where}: {message}", fix))
            continue
        if kind == "literal_error":
            expected = error.get("ctx", {}).get("expected", "")
            options = [o.strip(" '") for o in expected.replace(" or ", ", ").split(",")]
            close = difflib.get_close_matches(str(value), options, n=1)
            fix = f"did you mean `{close[0]}`?" if close else f"use one of {expected}"
            problems.append(
                Problem(filename, line, col, f"{where}: `{value}` is not allowed here", fix)
            )
            continue
        if kind in ("too_short", "too_long"):
            problems.append(
                Problem(filename, line, col, f"{where}: {error['msg'].lower()}", "add items")
            )
            continue
        if kind.startswith(("greater", "less")):
            problems.append(
                Problem(filename, line, col, f"{where}: {error['msg'].lower()}", "change the value")
            )
            continue
        if kind == "string_pattern_mismatch":
            problems.append(
                Problem(
                    filename,
                    line,
                    col,
                    f"{where}: `{value}` is not a valid id",
                    "use lowercase letters, digits and dashes, e.g. `late-parcel`",
                )
            )
            continue
        if kind == "union_tag_invalid":
            problems.append(
                Problem(
                    filename,
                    line,
                    col,
                    f"{where}: expected text or lines by anger band, got {_describe(value)}",
                    "write text, or a mapping with calm/upset/angry/furious",
                )
            )
            continue
        problems.append(Problem(filename, line, col, f"{where}: {error['msg']}", "see the guide"))
    problems.sort(key=lambda p: (p.line, p.column))
    return problems


def _value_at(data: Any, path: tuple) -> Any:
    node = data
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def _yaml_kind(value: Any) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()} (YAML 1.1 reads yes/no/on/off as true/false)"
    if isinstance(value, int | float):
        return f"the number {value}"
    return f"a {type(value).__name__} ({value})"


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str):
        return f"the text {value[:40]!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return repr(value)


def _type_fix(kind: str, original: str | None) -> str:
    if kind in ("list_type",):
        return "write each item on its own line starting with '- '"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return "write `key: value` lines indented under it"
    if kind.startswith(("int", "float")):
        return "write a number without quotes, e.g. 60"
    if kind.startswith("bool"):
        return "write true or false"
    if original is not None:
        return f'quote it: "{original}"'
    return "see the guide"
