"""Reading YAML safely while remembering where every value came from.

PyYAML's parser (the C one when available) turns the text into a stream of events, and we
build plain Python values from those events ourselves, without recursion, so that we can:
- refuse any tag that is not plain data (``!!python/...`` never gets near a constructor),
- reject duplicate keys, which PyYAML silently overwrites,
- cap nesting depth (deep ``- - - -`` or ``[[[[`` would overflow the C composer's stack),
- cap the number of values, so alias bombs ("billion laughs") stop early,
- keep the line and column of every value for error messages,
- remember plain scalars that YAML 1.1 turned into something else (``no`` -> false).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.events import (
    AliasEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
)
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

try:  # the C parser is much faster; fall back to pure Python where it is missing
    from yaml import CSafeLoader as _Loader

    _C_PARSER = True
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

    _C_PARSER = False

MAX_BYTES = 256 * 1024
MAX_VALUES = 20_000
MAX_DEPTH = 40

_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_MERGE = "tag:yaml.org,2002:merge"
_SCALAR_TAGS = {
    _STR,
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}

Path = tuple[str | int, ...]
Mark = tuple[int, int]


class SourceError(Exception):
    """A problem found while reading the YAML itself (before the format is checked)."""

    def __init__(self, line: int, column: int, message: str, fix: str):
        super().__init__(message)
        self.line, self.column, self.message, self.fix = line, column, message, fix


@dataclass
class Located:
    """Plain Python data plus the source position of every value in it."""

    data: Any
    marks: dict[Path, Mark] = field(default_factory=dict)  # where each value starts
    key_marks: dict[Path, Mark] = field(default_factory=dict)  # where its key starts
    # Plain scalars that YAML 1.1 read as something other than text: path -> original text.
    plain: dict[Path, str] = field(default_factory=dict)

    def mark(self, path: Path, *, key: bool = False) -> Mark:
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
    wide = _wide_encoding(raw)
    if wide:
        raise SourceError(
            1, 1, f"the file is saved as {wide}, not UTF-8", "save it again with UTF-8 encoding"
        )
    if not raw.strip():
        raise SourceError(
            1, 1, "the file is empty", "start from `python main.py new ID` or the guide's example"
        )
    if b"\x00" in raw:
        at = raw.index(b"\x00")
        raise SourceError(
            *_position(raw, at),
            "this is a binary file (it holds NUL bytes), not a scenario",
            "save the scenario as plain text",
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(
            *_position(raw, exc.start),
            f"the file is not valid UTF-8 text (byte 0x{raw[exc.start]:02x})",
            "save it with UTF-8 encoding",
        ) from None
    if not text.strip():
        raise SourceError(
            1, 1, "the file is empty", "start from `python main.py new ID` or the guide's example"
        )
    return text


def _wide_encoding(raw: bytes) -> str | None:
    """UTF-16 or UTF-32 (what some editors call "Unicode"), told by the BOM or by the NULs."""
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    sample = raw[:4096]
    if len(sample) >= 8:
        zeros = sorted((sample[0::2].count(0), sample[1::2].count(0)))
        if zeros[0] == 0 and zeros[1] >= 0.8 * (len(sample) // 2):  # text with no BOM
            return "UTF-16"
    return None


def _position(raw: bytes, index: int) -> Mark:
    """Line and column of byte ``index`` in a file that is not (yet) text."""
    lines = re.split(rb"\r\n|[\r\n]", raw[:index])
    return len(lines), len(lines[-1]) + 1


_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # what YAML counts as a line break


def _yaml_lines(text: str) -> list[str]:
    return _BREAK.split(text)


def _line_starts(text: str) -> list[int]:
    return [0, *(m.end() for m in _BREAK.finditer(text))]


def _text_position(text: str, index: int) -> Mark:
    """Line and column of ``text[index]``, counting line breaks the way YAML does."""
    lines = _yaml_lines(text[:index])
    return len(lines), len(lines[-1]) + 1


def _clamped(error: SourceError, text: str) -> SourceError:
    """At the end of a file without a final line break, PyYAML points one line past the
    end; point at the end of the last line instead."""
    lines = _yaml_lines(text)
    if error.line > len(lines):
        error.line, error.column = len(lines), len(lines[-1]) + 1
    return error


def _syntax_error(exc: yaml.MarkedYAMLError, text: str) -> SourceError:
    """A PyYAML syntax error as one located line a trainer can act on."""
    problem = (exc.problem or "").strip()
    context = (exc.context or "").strip()
    at = exc.problem_mark or exc.context_mark
    line, column = (at.line + 1, at.column + 1) if at else (1, 1)
    start = exc.context_mark
    start_at = (start.line + 1, start.column + 1) if start else (line, column)
    lines = _yaml_lines(text)
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    char = here[column - 1] if 0 < column <= len(here) else ""

    if char == "\t" or "tab" in problem:
        return SourceError(line, column, "a tab is used for indentation", "indent with spaces")
    if "quoted scalar" in context and "end of stream" in problem:
        return SourceError(
            *start_at,
            "this quote is never closed",
            "add the closing quote at the end of the text",
        )
    if "mapping values are not allowed" in problem:
        return SourceError(
            line,
            column,
            "a second `: ` on one line (YAML reads it as another key)",
            "put the text in quotes",
        )
    if "could not find expected ':'" in problem:
        return SourceError(
            *start_at,
            "this line is not `key: value` and not a list item",
            "add the colon after the key, or indent a continued text more than its key",
        )
    if "did not find expected key" in problem:
        before = here[: column - 1].rstrip()
        if before.endswith(('"', "'")):
            opened = _opening_quote(text, line, len(before))
            if opened and opened[0] < line:
                return SourceError(
                    *opened,
                    f"this quote is not closed on its line: the text runs on to line {line}",
                    "add the closing quote at the end of the text",
                )
            return SourceError(
                line,
                column,
                "more text after the closing quote",
                "put the whole text inside the quotes",
            )
        return SourceError(
            line,
            column,
            "this line's indentation does not match the lines above it",
            "line it up with the other keys at the same level",
        )
    if "quoted scalar" in context and ("escape" in problem or "hexdecimal" in problem):
        return SourceError(
            line,
            column,
            'a backslash in "double quotes" starts an escape, and this one is not valid',
            "write \\\\ for a backslash, or use 'single quotes'",
        )
    if "block sequence entries are not allowed" in problem:
        return SourceError(
            line,
            column,
            "a list item `- ` cannot start on the same line as its key",
            "start the list on the next line, indented under the key",
        )
    if "did not find expected '-' indicator" in problem:
        return SourceError(
            line,
            column,
            "this line breaks off a list: another `- ` item was expected",
            "indent it to match the list items, or the keys above the list",
        )
    if "flow sequence" in context or "flow mapping" in context:
        closer = "]" if "sequence" in context else "}"
        return SourceError(
            *start_at,
            f"the bracket opened here is not closed with `{closer}`",
            f"close it with `{closer}`, and quote items that hold commas or colons",
        )
    if "cannot start any token" in problem:
        shown = f"the character {char}" if char.strip() else "this character"
        return SourceError(
            line, column, f"{shown} cannot start a value in YAML", "put the text in quotes"
        )
    if "alias" in context or "anchor" in context:
        return SourceError(
            *start_at,
            "`*` or `&` at the start of a value marks an alias or anchor",
            "put the text in quotes",
        )
    message = problem or context or "not valid YAML"
    return SourceError(
        line, column, f"YAML syntax: {message}", "check the indentation and quotes around here"
    )


def _too_deep(exc: yaml.MarkedYAMLError, text: str) -> SourceError | None:
    """The parser's own nesting limit, as our message: newer libyaml scans a whole flow
    collection before it yields a single event, so it can stop deep brackets before
    `_build` counts them. Told by where brackets pass MAX_DEPTH before the error, so it
    holds whatever the parser's version or wording."""
    at = exc.problem_mark or exc.context_mark
    end = _index_of(text, at.line, at.column) if at else len(text)
    deep = _flow_too_deep(text, end)
    said = " ".join(str(part) for part in (exc.problem, exc.context) if part).lower()
    if deep is None and ("nesting" in said or "depth" in said) and at:
        deep = (at.line + 1, at.column + 1)
    if deep is None:
        return None
    return SourceError(
        *deep, f"lists and keys are nested more than {MAX_DEPTH} deep", "flatten the structure"
    )


def _index_of(text: str, line: int, column: int) -> int:
    """The index in ``text`` of a 0-based parser mark (clamped to the text)."""
    starts = _line_starts(text)
    if line >= len(starts):
        return len(text)
    return min(len(text), starts[line] + column)


def _flow_too_deep(text: str, end: int) -> Mark | None:
    """Where unquoted `[` / `{` first go more than MAX_DEPTH deep before ``end``, if they do."""
    depth = 0
    quote = ""
    for index, char in enumerate(text[: end + 1]):
        if quote:
            if char == quote:
                quote = ""
        elif char in "\"'" and (index == 0 or text[index - 1] in " \t\n[{,:"):
            quote = char  # an apostrophe inside a word does not open a quote
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return _text_position(text, index)
        elif char in "]}":
            depth = max(0, depth - 1)
    return None


def _opening_quote(text: str, line: int, column: int) -> Mark | None:
    """Where the quoted text that closes at ``line``:``column`` (1-based) was opened."""
    starts = _line_starts(text)
    if not 0 < line <= len(starts):
        return None
    index = starts[line - 1] + column - 1
    if not 0 <= index < len(text) or text[index] not in "\"'":
        return None
    quote = text[index]
    at = index - 1
    while at >= 0:
        if text[at] == quote:
            escaped = quote == '"' and at > 0 and text[at - 1] == "\\"
            doubled = quote == "'" and at > 0 and text[at - 1] == "'"
            if doubled:
                at -= 2
                continue
            if not escaped:
                return _text_position(text, at)
        at -= 1
    return None


class _Frame:
    """A mapping or list being built."""

    __slots__ = ("anchor", "is_map", "key", "log_start", "path", "value", "wants_key")

    def __init__(self, path: Path, value: dict | list, anchor: str | None, log_start: int):
        self.path, self.value, self.anchor, self.log_start = path, value, anchor, log_start
        self.is_map = isinstance(value, dict)
        self.wants_key = self.is_map  # a mapping waits for a key, then for its value
        self.key: Any = None


_constructor = SafeConstructor()
_resolver = Resolver()


_TAG_WORDS = {
    "tag:yaml.org,2002:int": "a whole number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:bool": "true or false",
    "tag:yaml.org,2002:timestamp": "a date",
    "tag:yaml.org,2002:null": "nothing (null)",
}


def _scalar(event: ScalarEvent, tag: str) -> Any:
    if tag == _STR:
        return event.value
    node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
    try:
        return SafeConstructor.yaml_constructors[tag](_constructor, node)
    except Exception:  # PyYAML raises many kinds here; all mean "not a valid value"
        line, column = event.start_mark.line + 1, event.start_mark.column + 1
        word = _TAG_WORDS.get(tag, "a value")
        if event.tag in (None, "!"):
            message = f"`{_short(event.value)}` looks like {word} to YAML, but is not a valid one"
            fix = f'quote it if it is text: "{_short(event.value)}"'
        else:
            message = f"`{_short(event.value)}` is not {word}, as the tag `{_tag(tag)}` says"
            fix = "remove the tag"
        raise SourceError(line, column, message, fix) from None


def _tag(tag: str) -> str:
    """A tag as it is written in the file: ``!!int`` rather than ``tag:yaml.org,2002:int``."""
    prefix = "tag:yaml.org,2002:"
    return _short("!!" + tag[len(prefix) :] if tag.startswith(prefix) else tag, 60)


def read_yaml(raw: bytes) -> Located:
    """Safely read a YAML file's bytes into plain values with the position of each."""
    text = decode(raw)
    try:
        return _build(text)
    except yaml.MarkedYAMLError as exc:
        deep = _too_deep(exc, text)
        if deep is not None:
            raise deep from None
        raise _clamped(_syntax_error(exc, text), text) from None
    except yaml.reader.ReaderError as exc:
        index = exc.position
        if _C_PARSER:  # libyaml counts bytes of the UTF-8 text, not characters
            index = len(text.encode("utf-8")[:index].decode("utf-8", "ignore"))
        char = exc.character
        shown = f"#x{char:04x}" if isinstance(char, int) else "here"
        raise _clamped(
            SourceError(
                *_text_position(text, index),
                f"the character {shown} is not allowed in a scenario",
                "delete it (most editors do not show it)",
            ),
            text,
        ) from None
    except yaml.YAMLError as exc:
        reason = " ".join(str(exc).split())
        raise SourceError(1, 1, f"YAML syntax: {reason}", "check the file's indentation") from None


def _build(text: str) -> Located:
    located = Located(None)
    marks, key_marks, plain = located.marks, located.key_marks, located.plain
    # Everything recorded, in order, so an alias can copy what its anchor covered.
    log: list[tuple[dict, Path, Any]] = []
    # anchor -> (value, its path, start and end of its entries in the log)
    anchors: dict[str, tuple[Any, Path, int, int]] = {}
    stack: list[_Frame] = []
    frame: _Frame | None = None  # the innermost mapping or list, stack[-1]
    count = 0
    documents = 0

    def fail(event: Any, message: str, fix: str) -> SourceError:
        return SourceError(event.start_mark.line + 1, event.start_mark.column + 1, message, fix)

    def too_many(event: Any) -> SourceError:
        return fail(
            event,
            f"the file holds more than {MAX_VALUES} values",
            "a scenario needs far fewer: look for aliases (*name) repeated many times",
        )

    def attach(value: Any) -> None:
        if frame is None:
            located.data = value
        elif frame.is_map:
            frame.value[frame.key] = value
            frame.wants_key = True
        else:
            frame.value.append(value)

    for event in yaml.parse(text, Loader=_Loader):
        cls = event.__class__
        if cls is MappingEndEvent or cls is SequenceEndEvent:
            done = stack.pop()
            if done.anchor is not None:
                anchors[done.anchor] = (done.value, done.path, done.log_start, len(log))
            frame = stack[-1] if stack else None
            attach(done.value)
            continue
        if cls is DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise fail(
                    event,
                    "a second document starts here (`---`)",
                    "keep one scenario per file: remove the `---` line and what follows",
                )
            continue
        if (
            cls is not ScalarEvent
            and cls is not AliasEvent
            and not isinstance(event, CollectionStartEvent)
        ):
            continue  # stream and document ends

        line, column = event.start_mark.line + 1, event.start_mark.column + 1
        if frame is not None and frame.wants_key:  # this event must be a mapping key
            if cls is not ScalarEvent:
                raise fail(event, "a key must be plain text", "write `name: value`")
            tag = event.tag
            if tag is None or tag == "!":
                tag = _resolver.resolve(ScalarNode, event.value, event.implicit)
            if tag == _MERGE:
                raise fail(event, "merge keys (<<) are not supported", "write the keys out in full")
            if tag not in _SCALAR_TAGS:
                raise fail(event, f"the tag `{_tag(str(event.tag))}` is not allowed", "remove it")
            key = _scalar(event, tag)
            if key.__class__ is not str:
                raise fail(
                    event,
                    f"the key `{_short(event.value)}` is read by YAML as {_kind(key)}, not text",
                    f'quote it: "{_short(event.value)}"',
                )
            path = (*frame.path, key)
            if key in frame.value:
                first = key_marks.get(path, (line, column))
                raise fail(
                    event,
                    f"duplicate key `{_short(key)}` (first at line {first[0]})",
                    "remove one of them or rename it",
                )
            if event.anchor is not None:  # `&name key:` may be reused as a value
                anchors[event.anchor] = (key, path, len(log), len(log))
            frame.key, frame.wants_key = key, False
            key_marks[path] = (line, column)
            log.append((key_marks, path, (line, column)))
            continue

        count += 1
        if count > MAX_VALUES:
            raise too_many(event)
        if frame is None:
            path = ()
        elif frame.is_map:
            path = (*frame.path, frame.key)
        else:
            path = (*frame.path, len(frame.value))
        marks[path] = (line, column)
        log.append((marks, path, (line, column)))
        span_start = len(log)  # what an anchor on this value covers starts here

        if cls is AliasEvent:
            if event.anchor not in anchors:
                raise fail(
                    event,
                    f"the alias *{_short(event.anchor)} has no finished anchor "
                    f"&{_short(event.anchor)} above it",
                    "define the anchor (&name) before using it (*name), and not inside itself",
                )
            value, source, start, end = anchors[event.anchor]
            count += end - start
            if count > MAX_VALUES:
                raise too_many(event)
            cut = len(source)
            for table, old, item in log[start:end]:
                new = (*path, *old[cut:])
                table[new] = item
                log.append((table, new, item))
            attach(value)
            continue

        if event.anchor is not None and event.anchor in anchors:
            raise fail(
                event,
                f"the anchor &{_short(event.anchor)} is defined twice",
                "give each anchor its own name",
            )
        if cls is ScalarEvent:
            tag = event.tag
            if tag is None or tag == "!":
                tag = _resolver.resolve(ScalarNode, event.value, event.implicit)
            if tag not in _SCALAR_TAGS:
                raise fail(
                    event,
                    f"the tag `{_tag(str(event.tag))}` is not allowed",
                    "scenario files hold only text, numbers, lists and keys; remove the tag",
                )
            value = _scalar(event, tag)
            if value.__class__ is not str and not event.style and event.value:
                plain[path] = event.value
                log.append((plain, path, event.value))
            if event.anchor is not None:
                anchors[event.anchor] = (value, path, span_start, len(log))
            attach(value)
            continue

        # The start of a mapping or a list.
        is_map = cls is MappingStartEvent
        if event.tag not in (None, "!", _MAP if is_map else _SEQ):
            raise fail(
                event,
                f"the tag `{_tag(str(event.tag))}` is not allowed",
                "scenario files hold only text, numbers, lists and keys; remove the tag",
            )
        if len(stack) >= MAX_DEPTH:
            raise fail(
                event,
                f"lists and keys are nested more than {MAX_DEPTH} deep",
                "flatten the structure",
            )
        frame = _Frame(path, {} if is_map else [], event.anchor, span_start)
        stack.append(frame)
    return located


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return f"the number {value}"
    if value is None:
        return "nothing (null)"
    return f"a {type(value).__name__}"


def _short(text: str, limit: int = 40) -> str:
    text = text.replace("\n", "\\n").replace("\r", "\\r")
    return text if len(text) <= limit else text[: limit - 3] + "..."
