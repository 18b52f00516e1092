"""Loading a scenario file: safe YAML, strict format, every problem as one located line."""

from __future__ import annotations

import difflib
import math
import os
import re
import types
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from sim.fileio import FileProblem, read_limited
from sim.model.timing import PICK_HELP
from sim.scenario.checks import check_structure
from sim.scenario.errors import Problem, ScenarioError
from sim.scenario.models import MAX_OPTIONS, ClosingEnding, EndingKind, Scenario
from sim.scenario.yaml_source import MAX_BYTES, Located, SourceError, read_yaml

MAX_PROBLEMS = 20  # past this, one more line says how many were left out

_KIND_WORDS = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "finite_number": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list (lines starting with '- ')",
    "dict_type": "a mapping (lines of `key: value`)",
    "model_type": "a mapping (lines of `key: value`)",
    "model_attributes_type": "a mapping (lines of `key: value`)",
}
# Errors that only say "this is the wrong shape": when a union reports several at one place,
# a more specific one (a wrong word, a bad value) is the one worth showing.
_SHAPE_ERRORS = {"list_type", "dict_type", "model_type", "model_attributes_type", "string_type"}
_UNION_TYPES = (typing.Union, types.UnionType)


def load_scenario(path: str | Path) -> Scenario:
    """Read, validate and check one scenario file; raise ScenarioError with every problem."""
    return load_scenario_located(path)[0]


def load_scenario_located(path: str | Path) -> tuple[Scenario, Located]:
    """As load_scenario, also giving the position of every value (for later messages)."""
    path = Path(path)
    shown = _display_name(path)
    try:
        # Only a regular file, and never more than the limit: a FIFO, a device or a huge
        # sparse file is refused by its type or size before it is read.
        raw = read_limited(path, MAX_BYTES)
    except FileProblem as exc:
        fix = exc.fix
        if exc.message == "no such file":
            fix = "check the path or run `python main.py list`"
        elif "folder" in exc.message or "not a file" in exc.message:
            fix = "give the path of a .yaml file"
        raise ScenarioError([Problem(shown, 1, 1, exc.message, fix)]) from None
    scenario, located = parse_scenario_located(raw, shown, folder=path.parent)
    scenario._source = path.resolve()
    return scenario, located


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
    except RecursionError:  # pragma: no cover - read_yaml does not recurse; a last guard
        raise ScenarioError(
            [Problem(filename, 1, 1, "the file is nested too deeply", "flatten the structure")]
        ) from None
    if not isinstance(located.data, dict):
        got = _describe(located.data)
        hint = (
            "the file has no keys (only comments?)"
            if located.data is None
            else f"the file holds {got}, not a mapping of keys"
        )
        # Where the document starts; some PyYAML versions mark past the last line of a
        # file that is only `---`, so an empty file is pointed at its first line.
        where = (1, 1) if located.data is None else located.mark(())
        raise ScenarioError(
            [
                Problem(
                    filename,
                    *where,
                    f"{hint}: a scenario is lines of `key: value` (id:, title:, ...)",
                    "start from the guide's example",
                )
            ]
        )
    crowded = _too_many_options(located, filename)
    if crowded:  # before validation: thousands of options would take seconds to check
        raise ScenarioError(_capped(crowded, filename))
    problems = _yaml_booleans_as_numbers(located, filename)
    try:
        scenario = Scenario.model_validate(located.data)
    except ValidationError as exc:
        more, uncounted = _problems_from_validation(exc, located, filename)
        said = {(p.line, p.column) for p in problems}  # one line per place
        more = [p for p in more if (p.line, p.column) not in said]
        raise ScenarioError(_capped(problems + more, filename, uncounted)) from None
    if problems:
        raise ScenarioError(_capped(problems, filename))
    problems = check_structure(scenario, located, filename, folder)
    if any(p.severity == "error" for p in problems):
        raise ScenarioError(_capped([p for p in problems if p.severity == "error"], filename))
    return scenario, located


def _too_many_options(located: Located, filename: str) -> list[Problem]:
    """At most MAX_OPTIONS replies a beat: they are picked with the keys 1-9."""
    beats = located.data.get("beats")
    problems = []
    for beat_id, beat in beats.items() if isinstance(beats, dict) else ():
        options = beat.get("options") if isinstance(beat, dict) else None
        if isinstance(options, list) and len(options) > MAX_OPTIONS:
            path = ("beats", beat_id, "options")
            problems.append(
                Problem(
                    filename,
                    *located.mark(path, key=True),
                    f"{_where(path)}: {len(options)} replies; at most {MAX_OPTIONS} are allowed "
                    "(they are picked with the keys 1-9)",
                    "remove some, or split the beat in two",
                )
            )
    return problems


def _capped(problems: list[Problem], filename: str, uncounted: int = 0) -> list[Problem]:
    """The problems in file order, the first MAX_PROBLEMS of them and a count of the rest."""
    problems = sorted(problems, key=lambda p: (p.line, p.column))
    if len(problems) <= MAX_PROBLEMS and not uncounted:
        return problems
    shown = problems[:MAX_PROBLEMS]
    rest = len(problems) - len(shown) + uncounted
    last = shown[-1]
    more = Problem(
        filename,
        last.line,
        last.column,
        f"... and {rest} more problem(s) not shown",
        "fix the ones above first",
    )
    return [*shown, more]


def _display_name(path: Path) -> str:
    """The path as the user knows it: relative to here if inside, links left unresolved
    (resolving a link that loops would fail, and this name is only shown)."""
    try:
        return str(Path(os.path.abspath(path)).relative_to(Path.cwd()))
    except (ValueError, OSError):
        return str(path)


# --- walking pydantic's error locations alongside the models' types -------------------------


def _strip(tp: Any) -> Any:
    """Remove Annotated and Optional wrappers (not real unions)."""
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
            continue
        if origin in _UNION_TYPES:
            members = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(members) == 1:
                tp = members[0]
                continue
        return tp


def _union_members(tp: Any) -> list[Any]:
    """The members of a real union (two or more kinds besides None), else []."""
    if typing.get_origin(tp) in _UNION_TYPES:
        members = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(members) > 1:
            return members
    return []


def _branch(members: list[Any], label: str) -> Any:
    """The union member that pydantic's location label ``label`` names."""
    for member in members:
        if typing.get_origin(member) is typing.Annotated:
            for meta in typing.get_args(member)[1:]:
                if getattr(meta, "tag", None) == label:
                    return member
    for member in members:
        origin = typing.get_origin(_strip(member))
        if label.startswith("list[") and origin is list:
            return member
        if label.startswith("dict[") and origin is dict:
            return member
    for member in members:
        if typing.get_origin(_strip(member)) not in (list, dict):
            return member
    return members[0]


def _step_into(tp: Any, part: Any) -> Any:
    tp = _strip(tp)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        field = tp.model_fields.get(part) if isinstance(part, str) else None
        return field.annotation if field else None
    origin = typing.get_origin(tp)
    if origin is list:
        return typing.get_args(tp)[0]
    if origin is dict:
        return typing.get_args(tp)[1]
    return None


class _Where(typing.NamedTuple):
    path: tuple  # the path in the data
    holder: Any  # the type that holds the last part (the model, for unknown keys)
    expected: Any  # the type expected at the path
    is_key: bool  # the error is about a mapping key, not its value
    line_union: bool  # the value is a Line: text, or lines by anger band


def _locate(loc: tuple, data: Any) -> _Where:
    """Map a pydantic error location to a path in the data, skipping union branch labels."""
    path: list = []
    node: Any = data
    tp: Any = Scenario
    holder: Any = None
    is_key = line_union = False
    for part in loc:
        if part == "[key]":
            is_key = True
            continue
        members = _union_members(_strip(tp))
        if members:
            if any(getattr(m, "tag", None) == "bands" for a in members for m in _metadata(a)):
                line_union = True
            tp = _branch(members, str(part))
            continue
        holder = _strip(tp)
        path.append(part)
        tp = _step_into(tp, part)
        in_dict = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        node = node[part] if in_dict or in_list else None
    return _Where(tuple(path), holder, tp, is_key, line_union)


def _metadata(tp: Any) -> tuple:
    return typing.get_args(tp)[1:] if typing.get_origin(tp) is typing.Annotated else ()


def _expected_at(path: tuple) -> Any:
    tp: Any = Scenario
    for part in path:
        members = _union_members(_strip(tp))
        if members:
            return None  # a value with several possible kinds: pydantic judges it
        tp = _step_into(tp, part)
        if tp is None:
            return None
    return _strip(tp)


def _takes_a_number(path: tuple) -> bool:
    """Whether a number is a valid value at ``path`` (alone or as one kind of a union):
    there a YAML 1.1 number would be taken silently. Elsewhere "not text" says it."""
    tp: Any = Scenario
    for part in path:
        tp = _step_into(tp, part)
        if tp is None:
            return False
    members = _union_members(_strip(tp)) or [tp]
    return any(_is_number_type(_strip(member)) for member in members)


def _is_number_type(tp: Any) -> bool:
    if tp in (int, float):
        return True
    if typing.get_origin(tp) is typing.Literal:  # `format: 1`
        args = typing.get_args(tp)
        return all(isinstance(a, int | float) and not isinstance(a, bool) for a in args)
    return False


# A number in a scenario is plain decimal: what every reader of the file takes it to be.
_PLAIN_DECIMAL = re.compile(
    r"[-+]?((0|[1-9][0-9]*)(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?"
    r"|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)"
)


def _yaml11_number(
    path: tuple, original: str, value: float, located: Located, filename: str
) -> Problem:
    """`040`, `0x28`, `1:05`: numbers that YAML 1.1 reads one way and a person another."""
    text = original.strip().lstrip("+-")
    shown = _num(value)
    if ":" in text:
        parts = [p.lstrip("0") or "0" for p in text.split(":")]
        sums = " + ".join(
            f"{p}x{60 ** (len(parts) - 1 - i)}" if i < len(parts) - 1 else p
            for i, p in enumerate(parts)
        )
        reading = f"{sums} = {shown} (base 60) in YAML 1.1, but the text {original} in YAML 1.2"
        fix = f"write {shown} if you mean that many, or the number you meant"
    elif text.lower().startswith("0x"):
        reading, fix = f"hexadecimal for {shown}", f"write {shown}"
    elif text.lower().startswith("0b"):
        reading = f"binary {shown} in YAML 1.1, but the text {original} in YAML 1.2"
        fix = f"write {shown}"
    elif re.fullmatch(r"0[0-7]+", text):
        decimal = text.lstrip("0")
        reading = f"octal {shown} in YAML 1.1, but {decimal} in YAML 1.2"
        fix = f"write {decimal}" + (
            f" (or {shown}, if you meant octal)" if shown != decimal else ""
        )
    else:
        reading = f"{shown} in YAML 1.1, but the text {original} in YAML 1.2"
        fix = f"write it as a plain decimal number: {shown}"
    return Problem(
        filename, *located.mark(path), f"{_where(path)}: `{_short(original)}` is {reading}", fix
    )


def _yaml_booleans_as_numbers(located: Located, filename: str) -> list[Problem]:
    """`difficulty: yes` must not quietly become 1: YAML's true/false where a number goes."""
    problems = []
    for path, original in located.plain.items():
        value = _value_at(located.data, path)
        if (
            isinstance(value, int | float)
            and not isinstance(value, bool)
            and not _PLAIN_DECIMAL.fullmatch(original)
            and _takes_a_number(path)
        ):
            problems.append(_yaml11_number(path, original, value, located, filename))
            continue
        if isinstance(value, bool) and _is_number_type(_expected_at(path)):
            problems.append(
                Problem(
                    filename,
                    *located.mark(path),
                    f"{_where(path)}: `{_short(original)}` is read by YAML as "
                    f"{str(value).lower()}, not a number",
                    "write a number, e.g. 2",
                )
            )
    return problems


# --- pydantic errors to trainer-friendly lines ------------------------------------------------


def _problems_from_validation(
    exc: ValidationError, located: Located, filename: str
) -> tuple[list[Problem], int]:
    """One problem per place in the file, and how many more places were not spelled out."""
    chosen: dict[tuple, tuple[dict, _Where]] = {}
    for error in exc.errors():
        where = _locate(error["loc"], located.data)
        slot = (where.path, where.is_key)
        if slot in chosen and not (
            chosen[slot][0]["type"] in _SHAPE_ERRORS and error["type"] not in _SHAPE_ERRORS
        ):
            continue  # one line per place: keep the first, or the more specific one
        chosen[slot] = (error, where)
    # Only the first lines of the file are spelled out (suggestions take time to work out);
    # the rest are counted.
    order = sorted(chosen, key=lambda slot: located.mark(slot[0], key=True))
    kept = order[: 2 * MAX_PROBLEMS]
    problems = {slot: _problem(*chosen[slot], located, filename) for slot in kept}
    # `optins:` is both an unknown key and a missing `options`: the "did you mean" says it all.
    for (path, is_key), problem in list(problems.items()):
        if chosen[(path, is_key)][0]["type"] == "extra_forbidden" and "did you mean" in problem.fix:
            meant = problem.fix.split("`")[1]
            problems.pop(((*path[:-1], meant), False), None)
    return list(problems.values()), len(order) - len(kept)


def _problem(error: dict, at: _Where, located: Located, filename: str) -> Problem:
    path = at.path
    kind = error["type"]
    where = _where(path)
    key = path[-1] if path else ""

    def problem(mark: tuple[int, int], message: str, fix: str) -> Problem:
        return Problem(filename, *mark, message, fix)

    if kind == "extra_forbidden":
        model = at.holder if isinstance(at.holder, type) else None
        names = list(model.model_fields) if model and issubclass(model, BaseModel) else []
        close = difflib.get_close_matches(str(key), names, n=1)
        fix = f"did you mean `{close[0]}`?" if close else "allowed here: " + ", ".join(names)
        return problem(located.mark(path, key=True), f"unknown key `{_short(key)}`", fix)
    if kind == "missing":
        parent = _where(path[:-1]) if path[:-1] else "the top level"
        return problem(
            located.mark(path[:-1], key=True), f"`{key}` is missing in {parent}", f"add `{key}:`"
        )
    if at.is_key:
        expected = error.get("ctx", {}).get("expected", "")
        options = _options(expected)
        close = difflib.get_close_matches(str(key), options, n=1)
        fix = f"did you mean `{close[0]}`?" if close else "use one of " + ", ".join(options)
        return problem(
            located.mark(path, key=True),
            f"`{_short(key)}` is not allowed as a key under {_where(path[:-1])}",
            fix,
        )

    mark = located.mark(path)
    value = _value_at(located.data, path)
    original = located.plain.get(path)
    if path[-2:-1] == ("choices",) and path[:1] == ("tests",):
        # A self-test pick: a number, with its timing if any (sim/model/timing.py).
        if original is not None:
            read = f"`{_short(original)}` is read by YAML as {_yaml_kind(value)}"
            return problem(mark, f"{where}: {read}, not a pick", PICK_HELP)
        if isinstance(value, str):
            return problem(mark, f"{where}: '{_short(value)}' is not a pick", PICK_HELP)
    if kind in _KIND_WORDS:
        if original is not None and kind == "string_type":
            fix = f'quote it: "{_short(original)}"'
            if value is None:
                fix = f'write the text (or, to mean those characters, quote them: "{original}")'
            return problem(
                mark,
                f"{where}: `{_short(original)}` is read by YAML as {_yaml_kind(value)}, not text",
                fix,
            )
        expected = _KIND_WORDS[kind]
        if at.line_union and kind == "string_type":
            expected = "text, or lines by anger band (calm/upset/angry/furious)"
        if value is None or isinstance(value, list | dict):
            mark = located.mark(path, key=True)  # the key names what is wrong; its value may
            # start on the next line, or be missing
        return problem(
            mark, f"{where}: expected {expected}, got {_describe(value)}", _type_fix(kind, value)
        )
    if kind == "value_error":
        text = str(error.get("ctx", {}).get("error", error["msg"]))
        message, _, fix = text.partition("; ")
        return problem(
            _item_mark(located, path, value, message),
            f"{where}: {_one_line(message)}",
            fix or "see the guide",
        )
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        options = _options(expected)
        if at.expected is not None and _strip(at.expected) == ClosingEnding:
            customers_own = set(typing.get_args(EndingKind)) - set(typing.get_args(ClosingEnding))
            if isinstance(value, str) and value in customers_own:
                return problem(
                    mark,
                    f"{where}: an option cannot end with `{value}`: "
                    "walking out and hanging up are the customer's own choice",
                    "use one of " + ", ".join(options),
                )
        close = difflib.get_close_matches(str(value), options, n=1)
        fix = f"did you mean `{close[0]}`?" if close else "use one of " + ", ".join(options)
        if len(options) == 1:
            fix = f"write `{key}: {options[0]}`"
        return problem(mark, f"{where}: `{_short(_shown(value, original))}` is not allowed", fix)
    if kind in ("too_short", "too_long"):
        ctx = error.get("ctx", {})
        if kind == "too_short":
            least = ctx.get("min_length", 1)
            message = f"{where}: needs at least {least} item{'s' if least != 1 else ''}"
            return problem(mark, message, "add at least one")
        message = f"{where}: at most {ctx.get('max_length')} items are allowed"
        return problem(mark, message, "remove some")
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        return _range_problem(error, path, value, original, located, filename)
    if kind == "string_pattern_mismatch":
        return problem(
            mark,
            f"{where}: `{_short(value)}` is not a valid id",
            "use lowercase letters, digits and dashes, e.g. `late-parcel`",
        )
    message = _one_line(str(error["msg"]))
    for jargon in ("Input should be ", "Value error, "):
        message = message.replace(jargon, "should be " if jargon.startswith("Input") else "")
    return problem(mark, f"{where}: {message}", "see the guide")


def _range_problem(
    error: dict, path: tuple, value: Any, original: str | None, located: Located, filename: str
) -> Problem:
    ctx = error.get("ctx", {})
    low = ctx.get("ge", ctx.get("gt"))
    high = ctx.get("le", ctx.get("lt"))
    low, high = _bounds(path, low, high)
    shown = _shown(value, original)
    if isinstance(value, float) and math.isnan(value):
        message = f"`{shown}` is not a number"
    elif error["type"].startswith("less"):
        message = f"{shown} is over the maximum"
    else:
        message = f"{shown} is under the minimum"
    span = f"{_num(low)} to {_num(high)}" if low is not None and high is not None else ""
    fix = f"use a number from {span}" if span else "change the value"
    return Problem(filename, *located.mark(path), f"{_where(path)}: {message}", fix)


def _bounds(path: tuple, low: Any, high: Any) -> tuple[Any, Any]:
    """Both ends of a field's range (pydantic reports only the end that was crossed)."""
    holder: Any = Scenario
    for part in path[:-1]:
        holder = _step_into(holder, part)
        if holder is None:
            return low, high
    holder = _strip(holder)
    if isinstance(holder, type) and issubclass(holder, BaseModel) and path:
        field = holder.model_fields.get(path[-1])
        for meta in field.metadata if field else ():
            low = getattr(meta, "ge", None) if getattr(meta, "ge", None) is not None else low
            high = getattr(meta, "le", None) if getattr(meta, "le", None) is not None else high
    return low, high


def _num(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _item_mark(located: Located, path: tuple, value: Any, message: str) -> tuple[int, int]:
    """For a list of words with one bad word in it (`moves`), point at that word."""
    if isinstance(value, list) and "`" in message:
        word = message.split("`")[1]
        for index, item in enumerate(value):
            if item == word:
                return located.mark((*path, index))
    return located.mark(path)


def _options(expected: str) -> list[str]:
    return [o.strip(" '") for o in expected.replace(" or ", ", ").split(",") if o.strip(" '")]


def _where(path: tuple) -> str:
    """A path as a trainer reads it: keys joined by dots, list items counted from 1."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            text += ("." if text else "") + _short(str(part), 30)
    return text or "the file"


def _value_at(data: Any, path: tuple) -> Any:
    node = data
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def _shown(value: Any, original: str | None) -> str:
    if original is not None:
        return original
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


def _short(value: Any, limit: int = 40) -> str:
    return _one_line(str(value), limit)


def _one_line(text: str, limit: int = 200) -> str:
    text = text.replace("\r", "\\r").replace("\n", "\\n")
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _yaml_kind(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"{str(value).lower()} (YAML reads yes/no/on/off as true/false)"
    if isinstance(value, int | float):
        return f"the number {value}"
    return f"a {type(value).__name__} ({value})"


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str):
        return f"the text {_short(value)!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, int | float):
        return f"the number {value}"
    return f"a {type(value).__name__} ({_short(value)})"


def _type_fix(kind: str, value: Any) -> str:
    if kind == "list_type":
        return "write each item on its own line starting with '- ', or as [a, b]"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return "write `key: value` lines indented under it"
    if kind.startswith(("int", "float")):
        return "write a number without quotes, e.g. 2"
    if kind.startswith("bool"):
        return "write true or false"
    if value is None:
        return "write the text after the colon"
    if isinstance(value, list):
        return 'text starting with [ is read as a list: put it all in quotes, "[like this]"'
    if isinstance(value, dict):
        return "text containing ': ' is read as a key and value: put it all in quotes"
    return "put the text in quotes"
