"""Whatever bytes a scenario file holds, loading it ends in a Scenario or a ScenarioError.

Never another exception. Mutations of the minimal valid scenario must each be reported as
located problems. (How long loading takes is measured by `main.py bench`, not here.)
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.scenario.errors import ScenarioError
from sim.scenario.loader import parse_scenario
from tests.conftest import examples

VALID_TEXT = (Path(__file__).parent / "broken" / "_valid_minimal.yaml").read_text(encoding="utf-8")
VALID = yaml.safe_load(VALID_TEXT)
PROBLEM_LINE = re.compile(r"^[^:]+:\d+:\d+: .+; .+")
FAST = settings(
    max_examples=examples(200),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    database=None,
)


def _line_count(raw: bytes) -> int:
    """An upper bound on the lines YAML sees in ``raw``."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.count(b"\n") + raw.count(b"\r") + 1
    return len(re.findall("[\r\n\x85\u2028\u2029]", text)) + 1


def outcome(raw: bytes) -> ScenarioError | None:
    """Parse ``raw``; return its ScenarioError (None if it loaded). Other errors propagate."""
    try:
        parse_scenario(raw, "x.yaml")
        error = None
    except ScenarioError as exc:
        error = exc
    if error is not None:
        assert error.problems
        lines = _line_count(raw)
        for problem in error.problems:
            text = str(problem)
            assert PROBLEM_LINE.match(text), text
            assert "\n" not in text and "\r" not in text
            assert problem.file == "x.yaml"
            assert 1 <= problem.line <= lines and problem.column >= 1, text
            assert problem.message.strip() and problem.fix.strip(), text
    return error


# --- (a) any text, any bytes ----------------------------------------------------------------

YAMLISH = st.text(
    alphabet=st.sampled_from(list(" :-\n\t[]{}\"'#&*!|>%@`,?~\\0123456789abcxyz.yesnoNULL<")),
    max_size=200,
)


@FAST
@given(st.text(max_size=300))
def test_any_text_gives_a_scenario_or_a_scenario_error(text):
    outcome(text.encode("utf-8"))


@FAST
@given(YAMLISH)
def test_text_made_of_yaml_punctuation_gives_only_scenario_errors(text):
    outcome(text.encode("utf-8"))


@FAST
@given(st.binary(max_size=300))
def test_any_bytes_give_a_scenario_or_a_scenario_error(raw):
    outcome(raw)


@FAST
@given(st.text(max_size=100), st.integers(0, len(VALID_TEXT)))
def test_text_spliced_into_the_valid_file_gives_only_scenario_errors(text, at):
    outcome((VALID_TEXT[:at] + text + VALID_TEXT[at:]).encode("utf-8"))


# --- (b) any YAML-able structure ----------------------------------------------------------

FIELD_NAMES = [
    "format", "id", "title", "cause", "summary", "difficulty", "customer", "name", "persona",
    "anger", "wants", "portrait", "start", "beats", "say", "options", "text", "moves", "next",
    "end", "reply", "reactions", "endings", "tests", "choices", "expect", "calm", "furious",
]  # fmt: skip
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(10**30), 10**30)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20)
    | st.sampled_from(["listen", "resolved", "opening", "venter", "billing", "no", "12:30"])
)
KEYS = st.sampled_from(FIELD_NAMES) | st.text(max_size=10) | st.integers(-5, 5) | st.booleans()
STRUCTURES = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=5) | st.dictionaries(KEYS, children, max_size=6),
    max_leaves=20,
)
SMALL_STRUCTURES = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(KEYS, children, max_size=3),
    max_leaves=6,
)


@FAST
@given(STRUCTURES)
def test_any_yaml_structure_gives_only_scenario_errors(data):
    outcome(yaml.safe_dump(data, allow_unicode=True).encode("utf-8"))


@FAST
@given(st.dictionaries(st.sampled_from(FIELD_NAMES), SMALL_STRUCTURES, max_size=10))
def test_any_mapping_of_scenario_keys_gives_only_scenario_errors(data):
    outcome(yaml.safe_dump(data, allow_unicode=True).encode("utf-8"))


# --- (c) mutations of the valid minimal scenario -------------------------------------------


def _paths(node: Any, path: tuple = ()) -> list[tuple]:
    """Every path into the data (not the root)."""
    found = []
    children = (
        node.items()
        if isinstance(node, dict)
        else enumerate(node)
        if isinstance(node, list)
        else ()
    )
    for key, child in children:
        found.append((*path, key))
        found.extend(_paths(child, (*path, key)))
    return found


PATHS = _paths(VALID)
KEY_PATHS = [p for p in PATHS if isinstance(p[-1], str)]


def _parent(data: Any, path: tuple) -> Any:
    for part in path[:-1]:
        data = data[part]
    return data


def _dump(data: Any) -> bytes:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True).encode("utf-8")


def _wrong_kind(value: Any) -> Any:
    """A value of a kind that can never stand where ``value`` stands in this scenario."""
    if isinstance(value, bool | int | float):
        return "not a number"
    if isinstance(value, str):
        return 5
    return 7  # a mapping or a list


def test_the_minimal_valid_scenario_loads():
    assert outcome(VALID_TEXT.encode("utf-8")) is None
    assert outcome(_dump(VALID)) is None


@FAST
@given(st.sampled_from(PATHS))
def test_a_value_of_the_wrong_kind_is_reported(path):
    data = copy.deepcopy(VALID)
    parent = _parent(data, path)
    parent[path[-1]] = _wrong_kind(parent[path[-1]])
    error = outcome(_dump(data))
    assert error is not None, path


@FAST
@given(st.sampled_from(KEY_PATHS), st.sampled_from(["x", "_", "s", "2"]), st.booleans())
def test_a_renamed_key_is_reported(path, extra, in_front):
    data = copy.deepcopy(VALID)
    parent = _parent(data, path)
    key = path[-1]
    renamed = extra + key if in_front else key + extra
    parent.update({(renamed if k == key else k): v for k, v in list(parent.items())})
    del parent[key]
    error = outcome(_dump(data))
    assert error is not None, path


@FAST
@given(st.sampled_from(KEY_PATHS))
def test_a_dropped_key_loads_or_is_reported(path):
    data = copy.deepcopy(VALID)
    del _parent(data, path)[path[-1]]
    outcome(_dump(data))  # optional keys may go; required ones give located problems


@FAST
@given(st.sampled_from(PATHS), SMALL_STRUCTURES)
def test_any_structure_grafted_into_the_scenario_loads_or_is_reported(path, graft):
    data = copy.deepcopy(VALID)
    _parent(data, path)[path[-1]] = graft
    outcome(_dump(data))


@FAST
@given(st.sampled_from(PATHS), st.sampled_from(["yes", "no", "on", "off", "~", "1.10", "12:30"]))
def test_a_yaml_1_1_word_left_unquoted_where_text_goes_is_reported(path, word):
    """`word` written plain: YAML reads it as true/false/null/a number, never as text."""
    data = copy.deepcopy(VALID)
    parent = _parent(data, path)
    original = parent[path[-1]]
    parent[path[-1]] = "@@WORD@@"
    text = _dump(data).decode("utf-8").replace("'@@WORD@@'", word).replace("@@WORD@@", word)
    error = outcome(text.encode("utf-8"))
    read_as = yaml.safe_load(word)
    if isinstance(original, str) and read_as is not None:
        assert error is not None, (path, word)
        said = " ".join(p.message for p in error.problems)
        assert "read by YAML" in said or "is not allowed" in said, said
    if isinstance(original, int | float) and isinstance(read_as, bool):
        assert error is not None, (path, word)
        assert "read by YAML as" in error.problems[0].message
