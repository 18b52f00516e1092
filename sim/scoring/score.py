"""The score: the rubric (rubric.yaml) applied to a finished conversation."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import yaml

from sim.model.epilogue import Epilogue
from sim.model.rules import (
    ENDING_CODE,
    ENDINGS,
    HANDED_OFF,
    PARTED_WAYS,
    REALISTIC,
    RESOLVED,
    UNREALISTIC,
    UNRESOLVED,
)
from sim.model.state import (
    MOVE_CODE,
    MOVE_NAMES,
    CustomerBatch,
    CustomerState,
    maximum,
    minimum,
    where,
)

if TYPE_CHECKING:
    from sim.engine import Session

RUBRIC_FILE = Path(__file__).resolve().parent / "rubric.yaml"


@dataclass(frozen=True)
class Facts:
    """What the rubric looks at, gathered once from a finished session."""

    legitimate: bool
    ending: str
    passed_buck: bool
    state: CustomerState  # at the end of the conversation, before the epilogue
    epilogue: Epilogue
    heard_needed: float
    moves: Counter  # counted moves over the whole conversation, derived ones included

    @classmethod
    def of(cls, session: Session) -> Facts:
        if session.ending is None or session.epilogue is None:
            raise ValueError("only a finished conversation can be scored")
        moves = Counter(m for t in session.turns for m in t["counted"])
        return cls(
            legitimate=session.scenario.customer.legitimate,
            ending=session.ending,
            passed_buck=session.ending == "handed_off" and moves["pass_buck"] > 0,
            state=session.state,
            epilogue=session.epilogue,
            heard_needed=session.persona.heard_needed,
            moves=moves,
        )

    @property
    def kind(self) -> str:
        return "legitimate" if self.legitimate else "imagined"


@dataclass
class FactsBatch:
    """What the rubric looks at, for each conversation of a batch of one scenario: arrays,
    or plain values for one conversation (see sim/model/state.py)."""

    legitimate: bool
    ending: Any  # codes into ENDINGS
    passed_buck: Any
    state: CustomerBatch  # at the end of the conversation, before the epilogue
    verdict_anger: Any  # the epilogue's
    final_trust: Any  # the epilogue's
    loyalty: Any  # the epilogue's
    heard_needed: float
    moves: Any  # counted moves: (N, moves + 1) counts; one conversation: a list by code

    @property
    def kind(self) -> str:
        return "legitimate" if self.legitimate else "imagined"

    @classmethod
    def one(cls, facts: Facts) -> FactsBatch:
        counts = [0] * (len(MOVE_NAMES) + 1)
        for name, n in facts.moves.items():
            counts[MOVE_CODE[name]] = n
        return cls(
            legitimate=facts.legitimate,
            ending=ENDING_CODE[facts.ending],
            passed_buck=facts.passed_buck,
            state=CustomerBatch.one(facts.state),
            verdict_anger=facts.epilogue.verdict_anger,
            final_trust=facts.epilogue.state.trust,
            loyalty=facts.epilogue.loyalty,
            heard_needed=facts.heard_needed,
            moves=counts,
        )

    @classmethod
    def of_batch(cls, state: CustomerBatch, ending, epilogue, moves, ctx) -> FactsBatch:
        """Facts for a batch of finished conversations (``moves``: counted moves, N x codes)."""
        return cls(
            legitimate=ctx.legitimate,
            ending=ending,
            passed_buck=(ending == HANDED_OFF) & (moves[:, MOVE_CODE["pass_buck"]] > 0),
            state=state,
            verdict_anger=epilogue.verdict_anger,
            final_trust=epilogue.trust,
            loyalty=epilogue.loyalty,
            heard_needed=ctx.persona.heard_needed,
            moves=moves,
        )

    def times(self, *moves: str):
        """How often the moves were counted, together."""
        codes = [MOVE_CODE[m] for m in moves]
        if type(self.moves) is list:
            return sum(self.moves[c] for c in codes)
        return self.moves[:, codes].sum(axis=1)


def _linear(value, zero: float, full: float):
    return minimum(1.0, maximum(0.0, (value - zero) / (full - zero)))


def _never(facts: FactsBatch, *moves: str):
    times = facts.times(*moves)
    return where(times == 0, 1.0, where(times == 1, 0.3, 0.0))


def _yes(sel):
    return where(sel, 1.0, 0.0)


def _check_table(rubric: dict) -> dict[str, Callable[[FactsBatch], Any]]:
    """The measurements criteria name (``check:``), each 0..1 per conversation."""
    scales = rubric["scales"]

    def scale(name: str, value, facts: FactsBatch):
        s = scales[name][facts.kind]
        return _linear(value, s["zero"], s["full"])

    def ending_value(f: FactsBatch):
        value = [float(rubric["ending_value"][f.kind].get(e, 0.0)) for e in ENDINGS]
        value = np.array(value)[f.ending] if type(f.ending) is np.ndarray else value[f.ending]
        broken = (f.ending == RESOLVED) & (f.state.promise == UNREALISTIC)
        value = where(broken, float(rubric["broken_promise_ending_value"]), value)
        return where(f.passed_buck, float(rubric["passed_buck_ending_value"]), value)

    def story_told(f: FactsBatch):
        s = f.state
        told = where(s.story_total == 0, 1.0, 1.0 - s.story_left / maximum(s.story_total, 1))
        felt_heard = minimum(1.0, s.heard / max(1.0, f.heard_needed))
        return 0.6 * told + 0.4 * felt_heard

    def used(move: str) -> Callable[[FactsBatch], Any]:
        return lambda f: _yes(f.times(move) > 0)

    def realistic_promise(f: FactsBatch):
        promise = f.state.promise
        return where(promise == REALISTIC, 1.0, where(promise == UNREALISTIC, 0.0, 0.6))

    def dignified_close(f: FactsBatch):
        fought = f.times("lose_calm", "argue", "blame")
        closed_well = (f.ending == PARTED_WAYS) | (f.ending == UNRESOLVED)
        closed_well = closed_well | (f.ending == HANDED_OFF)
        return _yes(closed_well) * where(fought == 0, 1.0, 0.3)

    def stayed_calm(f: FactsBatch):
        return _never(f, "lose_calm") * where(f.times("stock_phrase") == 0, 1.0, 0.5)

    def paused_well(f: FactsBatch):
        dead_air, paused = f.times("dead_air"), f.times("pause")
        silence = where(dead_air > 1, 0.0, 0.3)
        return where(dead_air > 0, silence, where(paused > 0, 1.0, 0.5))

    return {
        "ending_value": ending_value,
        "remembered_anger": lambda f: scale("remembered_anger", f.verdict_anger, f),
        "final_trust": lambda f: scale("trust", f.final_trust, f),
        "loyalty": lambda f: scale("loyalty", f.loyalty, f),
        "story_told": story_told,
        "never_interrupted": lambda f: _never(f, "interrupt"),
        "never_rushed": lambda f: _never(f, "rush"),
        "used_apologize": used("apologize"),
        "used_reflect": used("reflect"),
        "used_empathize": used("empathize"),
        "used_thank": used("thank"),
        "used_ask_wish": used("ask_wish"),
        "agreed": lambda f: _yes(f.state.agreed),
        "acted": lambda f: _yes(f.state.acted),
        "followed_up": lambda f: _yes(f.state.follow_up),
        "realistic_promise": realistic_promise,
        "explained": lambda f: _yes(f.state.explained),
        "dignified_close": dignified_close,
        "never_excuse": lambda f: _never(f, "excuse", "policy"),
        "never_blame_or_argue": lambda f: _never(f, "blame", "argue", "minimize"),
        "never_passed_buck": lambda f: _never(f, "pass_buck"),
        "stayed_calm": stayed_calm,
        "paused_well": paused_well,
    }


@cache
def load_rubric(path: Path = RUBRIC_FILE) -> dict[str, Any]:
    rubric = yaml.safe_load(path.read_text(encoding="utf-8"))
    checks = _check_table(rubric)
    for section in rubric["sections"].values():
        for name, criterion in section["criteria"].items():
            if criterion["check"] not in checks:
                raise ValueError(f"{path}: criterion `{name}` names unknown check")
    rubric["_checks"] = checks
    return rubric


@dataclass(frozen=True)
class CriterionResult:
    section: str
    name: str
    label: str
    value: float  # 0..1
    points: float  # earned
    possible: float
    tip: str

    @property
    def lost(self) -> float:
        return self.possible - self.points

    def to_dict(self) -> dict:
        return {
            "section": self.section,
            "criterion": self.name,
            "label": self.label,
            "value": round(self.value, 3),
            "points": round(self.points, 2),
            "possible": round(self.possible, 2),
        }


@dataclass(frozen=True)
class Score:
    total: float
    grade: str
    criteria: tuple[CriterionResult, ...]
    sections: dict[str, dict[str, float]]

    @property
    def points(self) -> int:
        return round(self.total)

    def breakdown(self) -> dict[str, Any]:
        return {
            name: {
                "label": s["label"],
                "points": round(s["points"], 2),
                "possible": round(s["possible"], 2),
                "criteria": [c.to_dict() for c in self.criteria if c.section == name],
            }
            for name, s in self.sections.items()
        }


def score_session(session: Session, rubric: dict | None = None) -> Score:
    return score_facts(Facts.of(session), rubric)


@dataclass
class ScoreBatch:
    """The scores of a batch of conversations (or of one)."""

    total: Any
    grade: Any  # index into the rubric's grades
    criteria: list[tuple[str, str, dict, Any, float]]  # (section, name, criterion, value, possible)
    sections: dict[str, Any]  # points per section


def score_batch(facts: FactsBatch, rubric: dict | None = None) -> ScoreBatch:
    """The rubric applied to each conversation of a batch."""
    rubric = rubric or load_rubric()
    checks = rubric["_checks"]
    criteria = []
    sections: dict[str, Any] = {}
    for section_name, section in rubric["sections"].items():
        applicable = {
            name: c
            for name, c in section["criteria"].items()
            if c.get("only") in (None, facts.kind)
        }
        total_weight = sum(c["weight"] for c in applicable.values()) or 1.0
        earned = 0.0
        for name, c in applicable.items():
            possible = section["weight"] * c["weight"] / total_weight
            value = checks[c["check"]](facts)
            criteria.append((section_name, name, c, value, possible))
            earned = earned + value * possible
        sections[section_name] = earned
    total = 0
    for points in sections.values():
        total = total + points
    shown = np.rint(total) if type(total) is np.ndarray else round(total)
    grade = len(rubric["grades"]) - 1
    for index in reversed(range(len(rubric["grades"]))):
        grade = where(shown >= rubric["grades"][index]["min"], index, grade)
    return ScoreBatch(total, grade, criteria, sections)


def score_facts(facts: Facts, rubric: dict | None = None) -> Score:
    rubric = rubric or load_rubric()
    out = score_batch(FactsBatch.one(facts), rubric)
    results = tuple(
        CriterionResult(
            section, name, c["label"], float(value), float(value) * possible, possible, c["tip"]
        )
        for section, name, c, value, possible in out.criteria
    )
    sections = {
        name: {
            "label": section["label"],
            "points": out.sections[name],
            "possible": float(section["weight"]),
        }
        for name, section in rubric["sections"].items()
    }
    grade = rubric["grades"][out.grade]["grade"]
    return Score(out.total, grade, results, sections)
