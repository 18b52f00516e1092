"""The score: the rubric (rubric.yaml) applied to a finished conversation."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from sim.model.epilogue import Epilogue
from sim.model.state import CustomerState, Promise

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


def _linear(value: float, zero: float, full: float) -> float:
    return min(1.0, max(0.0, (value - zero) / (full - zero)))


def _never(facts: Facts, *moves: str) -> float:
    times = sum(facts.moves[m] for m in moves)
    return 1.0 if times == 0 else 0.3 if times == 1 else 0.0


def _check_table(rubric: dict) -> dict[str, Callable[[Facts], float]]:
    scales = rubric["scales"]

    def scale(name: str, value: float, facts: Facts) -> float:
        s = scales[name][facts.kind]
        return _linear(value, s["zero"], s["full"])

    def ending_value(f: Facts) -> float:
        if f.passed_buck:
            return float(rubric["passed_buck_ending_value"])
        return float(rubric["ending_value"][f.kind].get(f.ending, 0.0))

    def story_told(f: Facts) -> float:
        s = f.state
        told = 1.0 if not s.story_total else 1.0 - s.story_left / s.story_total
        felt_heard = min(1.0, s.heard / max(1.0, f.heard_needed))
        return 0.6 * told + 0.4 * felt_heard

    def used(move: str) -> Callable[[Facts], float]:
        return lambda f: 1.0 if f.moves[move] else 0.0

    def realistic_promise(f: Facts) -> float:
        return {Promise.REALISTIC: 1.0, Promise.NONE: 0.6, Promise.UNREALISTIC: 0.0}[
            f.state.promise
        ]

    def dignified_close(f: Facts) -> float:
        fought = f.moves["lose_calm"] + f.moves["argue"] + f.moves["blame"]
        closed_well = f.ending in ("parted_ways", "unresolved", "handed_off")
        return (1.0 if closed_well else 0.0) * (1.0 if fought == 0 else 0.3)

    def stayed_calm(f: Facts) -> float:
        return _never(f, "lose_calm") * (1.0 if f.moves["stock_phrase"] == 0 else 0.5)

    def paused_well(f: Facts) -> float:
        if f.moves["dead_air"]:
            return 0.0 if f.moves["dead_air"] > 1 else 0.3
        return 1.0 if f.moves["pause"] else 0.5

    return {
        "ending_value": ending_value,
        "remembered_anger": lambda f: scale("remembered_anger", f.epilogue.verdict_anger, f),
        "final_trust": lambda f: scale("trust", f.epilogue.state.trust, f),
        "loyalty": lambda f: scale("loyalty", f.epilogue.loyalty, f),
        "story_told": story_told,
        "never_interrupted": lambda f: _never(f, "interrupt"),
        "never_rushed": lambda f: _never(f, "rush"),
        "used_apologize": used("apologize"),
        "used_reflect": used("reflect"),
        "used_empathize": used("empathize"),
        "used_thank": used("thank"),
        "used_ask_wish": used("ask_wish"),
        "agreed": lambda f: 1.0 if f.state.agreed else 0.0,
        "acted": lambda f: 1.0 if f.state.acted else 0.0,
        "followed_up": lambda f: 1.0 if f.state.follow_up else 0.0,
        "realistic_promise": realistic_promise,
        "explained": lambda f: 1.0 if f.state.explained else 0.0,
        "dignified_close": dignified_close,
        "never_excuse": lambda f: _never(f, "excuse"),
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


def score_facts(facts: Facts, rubric: dict | None = None) -> Score:
    rubric = rubric or load_rubric()
    checks = rubric["_checks"]
    results: list[CriterionResult] = []
    sections: dict[str, dict[str, Any]] = {}
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
            value = float(checks[c["check"]](facts))
            results.append(
                CriterionResult(
                    section_name, name, c["label"], value, value * possible, possible, c["tip"]
                )
            )
            earned += value * possible
        sections[section_name] = {
            "label": section["label"],
            "points": earned,
            "possible": float(section["weight"]),
        }
    total = sum(s["points"] for s in sections.values())
    grade = next(g["grade"] for g in rubric["grades"] if round(total) >= g["min"])
    return Score(total, grade, tuple(results), sections)
