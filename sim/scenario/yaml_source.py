"""Reading YAML safely while remembering where every value came from.

PyYAML composes the text into nodes (safe resolver only; the C parser when available),
then we build plain Python values ourselves so that we can:
- refuse any tag that is not plain data (``!!python/...`` never gets near a constructor),
- reject duplicate keys, which PyYAML silently overwrites,
- cap the number of values, so alias bombs ("billion laughs") stop early,
- keep the line and column of every value for error messages,
- remember plain scalars that YAML 1.1 turned into something else (``no`` -> false).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

try:  # the C parser is much faster; fall back to pure Python where it is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = 256 * 1024
MAX_VALUES = 50_000
MAX_DEPTH = 40

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}

Path = tuple[str | int, ...]


class SourceError(Exception):
    """A problem found while reading the YAML itself (before the format is checked)."""

    def __init__(self, line: int, column: int, message: str, fix: str):
        super().__init__(message)
        self.line, self.column, self.message, self.fix = line, column, message, fix


@dataclass
class Located:
    """Plain Python data plus the source position of every value in it."""

    data: Any
    marks: dict[Path, tuple[int, int]] = field(default_factory=dict)  # where each value starts
    key_marks: dict[Path, tuple[int, int]] = field(default_factory=dict)  # where its key starts
    # Plain scalars that YAML 1.1 read as something other than text: path -> original text.
    plain: dict[Path, str] = field(default_factory=dict)

    def mark(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """The position of ``path`` (its key with ``key=True``), or of its nearest ancestor."""
        if key and path in self.key_marks:
            return self.key_marks[path]
        for end in range(len(path), -1, -1):
            if path[:end] in self.marks:
                return self.marks[path[:end]]
        return (1, 1)


def decode(raw: bytes) -> str:
    """Bytes to text, refusing what no trainer would mean to load."""
    if len(raw) > MAX_BYTES:
        raise SourceError(
            1,
            1,
            f"the file is {len(raw) // 1024} KiB, over the {MAX_BYTES // 1024} KiB limit",
            "split it or remove what is not part of the scenario",
        )
    if not raw.strip():
        raise SourceError(
            1, 1, "the file is empty", "start from `python main.py new ID` or the guide's example"
        )
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise SourceError(
            line, 1, "this is a binary file, not a scenario", "save the scenario as plain text"
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise SourceError(
            line, column, "the file is not valid UTF-8 text", "save it with UTF-8 encoding"
        ) from None
    return text


def _nesting_depth(text: str) -> int:
    """A cheap upper bound on flow nesting, checked before the parser sees the text."""
    depth = deepest = 0
    for ch in text:
        if ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth = max(0, depth - 1)
    return deepest


def compose(text: str) -> Node | None:
    if _nesting_depth(text) > MAX_DEPTH:
        raise SourceError(
            1, 1, f"brackets are nested more than {MAX_DEPTH} deep", "flatten the structure"
        )
    try:
        return yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = (exc.problem or exc.context or "not valid YAML").strip()
        raise SourceError(line, column, f"YAML syntax: {problem}", _syntax_fix(problem)) from None
    except yaml.YAMLError as exc:
        raise SourceError(1, 1, f"YAML syntax: {exc}", "check the indentation") from None
    except RecursionError:
        raise SourceError(1, 1, "the file is nested too deeply", "flatten the structure") from None


def _syntax_fix(problem: str) -> str:
    if "tab" in problem:
        return "indent with spaces, not tabs"
    if "mapping values are not allowed" in problem:
        return "put text containing ': ' in quotes"
    if "could not find expected ':'" in problem:
        return "each key needs a colon after it, e.g. `text: ...`"
    if "found character that cannot start any token" in problem:
        return "put the text in quotes"
    if "found undefined alias" in problem:
        return "define the anchor (&name) before using it (*name)"
    return "check the indentation and quotes around this point"


_constructor = SafeConstructor()


def build(root: Node | None) -> Located:
    """Turn composed nodes into plain Python values with positions."""
    located = Located(None)
    count = 0

    def visit(node: Node, path: Path, depth: int) -> Any:
        nonlocal count
        count += 1
        if count > MAX_VALUES:
            raise SourceError(
                node.start_mark.line + 1,
                node.start_mark.column + 1,
                f"more than {MAX_VALUES} values: anchors and aliases expand too far",
                "write the text out instead of repeating aliases (*name)",
            )
        if depth > MAX_DEPTH:
            raise SourceError(
                node.start_mark.line + 1, node.start_mark.column + 1,
                "the file is nested too deeply", "flatten the structure",
            )  # fmt: skip
        line, column = node.start_mark.line + 1, node.start_mark.column + 1
        located.marks[path] = (line, column)
        if node.tag not in _PLAIN_TAGS:
            raise SourceError(
                line,
                column,
                f"the tag `{node.tag}` is not allowed",
                "scenario files hold only text, numbers, lists and keys; remove the tag",
            )
        if isinstance(node, ScalarNode):
            try:
                value = _constructor.construct_object(node)
            except (ConstructorError, ValueError) as exc:
                raise SourceError(
                    line, column, f"cannot read this value: {exc}", "quote it"
                ) from None
            if node.style is None and not isinstance(value, str) and value is not None:
                located.plain[path] = node.value
            return value
        if isinstance(node, SequenceNode):
            return [visit(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        if isinstance(node, MappingNode):
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                k_line, k_col = key_node.start_mark.line + 1, key_node.start_mark.column + 1
                if not isinstance(key_node, ScalarNode):
                    raise SourceError(
                        k_line, k_col, "a key must be plain text", "write `name: value`"
                    )
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise SourceError(
                        k_line, k_col, "merge keys (<<) are not supported",
                        "write the keys out in full",
                    )  # fmt: skip
                key = visit(key_node, (*path, "<key>"), depth + 1)
                if not isinstance(key, str):
                    raise SourceError(
                        k_line,
                        k_col,
                        f"the key `{key_node.value}` is read by YAML as {type(key).__name__} "
                        f"{key!r}, not text",
                        f'quote it: "{key_node.value}"',
                    )
                if key in result:
                    first = located.key_marks.get((*path, key), (k_line, k_col))
                    raise SourceError(
                        k_line,
                        k_col,
                        f"duplicate key `{key}` (first at line {first[0]})",
                        "remove one of them or rename it",
                    )
                located.key_marks[(*path, key)] = (k_line, k_col)
                result[key] = visit(value_node, (*path, key), depth + 1)
            located.marks.pop((*path, "<key>"), None)
            return result
        raise SourceError(line, column, "unexpected YAML node", "simplify this part")

    if root is not None:
        try:
            located.data = visit(root, (), 0)
        except RecursionError:
            raise SourceError(
                1, 1, "the file is nested too deeply", "flatten the structure"
            ) from None
    return located


def read_yaml(raw: bytes) -> Located:
    return build(compose(decode(raw)))
