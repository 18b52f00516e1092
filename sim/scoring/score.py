"""The score: the rubric (rubric.yaml) applied to a finished conversation."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from sim.model.arrays import maximum, minimum, no, where
from sim.model.endings import (
    CALL_BACK,
    ENDING_CODE,
    ENDINGS,
    HANDED_OFF,
    PARTED_WAYS,
    RESOLVED,
    UNRESOLVED,
)
from sim.model.epilogue import Epilogue
from sim.model.state import MOVE_CODE, MOVE_NAMES, CustomerBatch, CustomerState
from sim.model.tables import REALISTIC, UNREALISTIC
from sim.model.vocabulary import RUDE_MOVES
from sim.paths import read_data

if TYPE_CHECKING:
    from sim.engine import Session
    from sim.scenario.models import Scenario

RUBRIC_FILE = Path(__file__).resolve().parent / "rubric.yaml"


@dataclass(frozen=True)
class Facts:
    """What the rubric looks at, gathered once from a finished session."""

    resolvable: bool  # the complaint can be put right (see TurnContext.resolvable)
    ending: str
    passed_buck: bool
    state: CustomerState  # at the end of the conversation, before the epilogue
    epilogue: Epilogue
    heard_needed: float
    moves: Counter  # counted moves over the whole conversation, derived ones included
    offered: frozenset[str]  # every move some reply of the scenario carries
    timed: bool  # played in real time (turn-based play has no timing criteria)

    @classmethod
    def of(cls, session: Session) -> Facts:
        if session.ending is None or session.epilogue is None:
            raise ValueError("only a finished conversation can be scored")
        moves = Counter(m for t in session.turns for m in t.counted_moves)
        return cls(
            resolvable=session.context().resolvable,
            ending=session.ending,
            passed_buck=session.ending == "handed_off" and moves["pass_buck"] > 0,
            state=session.state,
            epilogue=session.epilogue,
            heard_needed=session.persona.heard_needed,
            moves=moves,
            offered=offered_moves(session.scenario),
            timed=session.timed,
        )

    @property
    def kind(self) -> str:
        return "legitimate" if self.resolvable else "imagined"


def offered_moves(scenario: Scenario) -> frozenset[str]:
    """Every move some reply of the scenario carries."""
    return frozenset(m for beat in scenario.beats.values() for o in beat.options for m in o.moves)


@dataclass
class FactsBatch:
    """What the rubric looks at, for each conversation of a batch of one scenario: arrays,
    or plain values for one conversation (see sim/model/state.py)."""

    resolvable: bool
    ending: Any  # codes into ENDINGS
    passed_buck: Any
    state: CustomerBatch  # at the end of the conversation, before the epilogue
    verdict_anger: Any  # the epilogue's
    final_trust: Any  # the epilogue's
    loyalty: Any  # the epilogue's
    heard_needed: float
    moves: Any  # counted moves: (N, moves + 1) counts; one conversation: a list by code
    offered: frozenset[str]
    timed: Any  # played in real time

    @property
    def kind(self) -> str:
        return "legitimate" if self.resolvable else "imagined"

    @classmethod
    def one(cls, facts: Facts) -> FactsBatch:
        counts = [0] * (len(MOVE_NAMES) + 1)
        for name, n in facts.moves.items():
            counts[MOVE_CODE[name]] = n
        return cls(
            resolvable=facts.resolvable,
            ending=ENDING_CODE[facts.ending],
            passed_buck=facts.passed_buck,
            state=CustomerBatch.one(facts.state),
            verdict_anger=facts.epilogue.verdict_anger,
            final_trust=facts.epilogue.state.trust,
            loyalty=facts.epilogue.loyalty,
            heard_needed=facts.heard_needed,
            moves=counts,
            offered=facts.offered,
            timed=facts.timed,
        )

    @classmethod
    def of_batch(
        cls, state: CustomerBatch, ending, epilogue, moves, ctx, offered, timed=False
    ) -> FactsBatch:
        """Facts for a batch of finished conversations (``moves``: counted moves, N x codes)."""
        return cls(
            resolvable=ctx.resolvable,
            ending=ending,
            passed_buck=(ending == HANDED_OFF) & (moves[:, MOVE_CODE["pass_buck"]] > 0),
            state=state,
            verdict_anger=epilogue.verdict_anger,
            final_trust=epilogue.trust,
            loyalty=epilogue.loyalty,
            heard_needed=ctx.persona.heard_needed,
            moves=moves,
            offered=offered,
            timed=timed,
        )

    def times(self, *moves: str):
        """How often the moves were counted, together."""
        codes = [MOVE_CODE[m] for m in moves]
        if type(self.moves) is list:
            return sum(self.moves[c] for c in codes)
        return self.moves[:, codes].sum(axis=1)


def _linear(value, zero: float, full: float):
    return minimum(1.0, maximum(0.0, (value - zero) / (full - zero)))


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

    def person_first(f: FactsBatch):
        s = f.state
        told = 1.0 - maximum(s.untold_at_fix, 0) / maximum(s.story_total, 1)
        return where(s.untold_at_fix < 0, 0.0, told)

    def used(move: str) -> Callable[[FactsBatch], Any]:
        return lambda f: _yes(f.times(move) > 0)

    def dignified_close(f: FactsBatch):
        fought = f.times(*RUDE_MOVES)  # losing your calm, arguing, blaming
        closed_well = (f.ending == PARTED_WAYS) | (f.ending == UNRESOLVED)
        closed_well = closed_well | (f.ending == HANDED_OFF) | (f.ending == CALL_BACK)
        return _yes(closed_well) * where(fought == 0, 1.0, 0.3)

    return {
        "ending_value": ending_value,
        "remembered_anger": lambda f: scale("remembered_anger", f.verdict_anger, f),
        "final_trust": lambda f: scale("trust", f.final_trust, f),
        "loyalty": lambda f: scale("loyalty", f.loyalty, f),
        "story_told": story_told,
        "person_first": person_first,
        "used_apologize": used("apologize"),
        "used_reflect": used("reflect"),
        "used_empathize": used("empathize"),
        "used_thank": used("thank"),
        "used_ask_wish": used("ask_wish"),
        "paused": used("pause"),
        "agreed": lambda f: _yes(f.state.agreed),
        "acted": lambda f: _yes(f.state.acted),
        "followed_up": lambda f: _yes(f.state.follow_up),
        "realistic_promise": lambda f: _yes(f.state.promise == REALISTIC),
        "explained": lambda f: _yes(f.state.explained),
        "dignified_close": dignified_close,
    }


def breach_cost_table(breaches: dict, cost: float, length: int = 256) -> np.ndarray:
    """Entry n: the share of the score kept after n breaches of a kind whose first costs
    ``cost`` percent (each further one ``again`` times the one before, never under ``floor``
    times the first)."""
    shares = cost / 100.0 * np.maximum(breaches["floor"], breaches["again"] ** np.arange(length))
    return np.concatenate([[1.0], np.cumprod(1.0 - np.minimum(shares, 0.99))])


@cache
def load_rubric(path: Path = RUBRIC_FILE) -> dict[str, Any]:
    rubric = read_data(path)
    checks = _check_table(rubric)
    for section in rubric["sections"].values():
        for name, criterion in section["criteria"].items():
            if criterion["check"] not in checks:
                raise ValueError(f"{path}: criterion `{name}` names unknown check")
            for move in criterion.get("needs", []):
                if move not in MOVE_CODE:
                    raise ValueError(f"{path}: criterion `{name}` needs unknown move `{move}`")
    for name, kind in rubric["breaches"]["kinds"].items():
        kind.setdefault("moves", [name])
        unknown = [m for m in kind["moves"] if m not in MOVE_CODE]
        if unknown:
            raise ValueError(f"{path}: breach `{name}` names unknown move `{unknown[0]}`")
        kind["_kept"] = breach_cost_table(rubric["breaches"], float(kind["cost"]))
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
class BreachResult:
    """One kind of breach in a conversation: how often, and what it cost in all."""

    name: str
    label: str
    count: int
    points: float  # taken off the total
    tip: str

    def to_dict(self) -> dict:
        return {
            "breach": self.name,
            "label": self.label,
            "count": self.count,
            "points": round(self.points, 2),
        }


@dataclass(frozen=True)
class Score:
    total: float
    grade: str
    criteria: tuple[CriterionResult, ...]
    sections: dict[str, dict[str, float]]
    breaches: tuple[BreachResult, ...] = ()
    dropped: tuple[str, ...] = ()  # criteria that did not apply here, by label

    @property
    def points(self) -> int:
        return round(self.total)

    @property
    def breach_points(self) -> float:
        return sum(b.points for b in self.breaches)

    def breakdown(self) -> dict[str, Any]:
        """What each section earned (the breaches are apart: see ``breaches``)."""
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
    criteria: list[tuple[str, str, dict, Any, Any]]  # (section, name, criterion, value, possible)
    sections: dict[str, Any]  # points per section
    possible: dict[str, Any]  # points each section could give
    breaches: list[tuple[str, dict, Any, Any]]  # (name, kind, count, points)


def criterion_applies(criterion: dict, facts: Facts | FactsBatch) -> tuple[Any, str]:
    """Whether a criterion counts for these conversations (see the rubric's header) and,
    where it does not, why, in the trainee's words."""
    only = criterion.get("only")
    if only not in (None, facts.kind):
        if facts.kind == "imagined":
            return False, "this complaint can't be put right, so there is nothing to fix"
        return False, "it is only for a complaint that can't be put right"
    if criterion.get("story") and not np.any(facts.state.story_total > 0):
        return False, "they had no story to get off their chest"
    needs = criterion.get("needs")
    if needs and not facts.offered & set(needs):
        return False, "no reply in this scenario offers it"
    applies: Any = True
    why = ""
    if criterion.get("timed"):
        applies, why = facts.timed, "it only counts in real-time play"
    later = criterion.get("later")
    if later:
        ending = facts.ending
        booked = ending == "call_back" if isinstance(ending, str) else ending == CALL_BACK
        if type(booked) is not np.ndarray and booked:
            return False, "it belongs to the call you booked for later"
        applies = applies & no(booked)
    return applies, why


def _applies(criterion: dict, facts: FactsBatch):
    return criterion_applies(criterion, facts)[0]


def score_batch(facts: FactsBatch, rubric: dict | None = None) -> ScoreBatch:
    """The rubric applied to each conversation of a batch: what each section earned, scaled
    so that the criteria that apply share all 100 points, less the breaches."""
    rubric = rubric or load_rubric()
    checks = rubric["_checks"]
    weighed = []  # (section, name, criterion, weight where it applies)
    section_weight: dict[str, Any] = {}
    for section_name, section in rubric["sections"].items():
        applied = [
            (n, c, where(_applies(c, facts), float(c["weight"]), 0.0))
            for n, c in section["criteria"].items()
        ]
        total = sum(w for _, _, w in applied)
        for name, c, w in applied:
            share = where(total > 0, w / maximum(total, 1e-9), 0.0)
            weighed.append((section_name, name, c, share))
        section_weight[section_name] = where(total > 0, float(section["weight"]), 0.0)
    scale = 100.0 / maximum(sum(section_weight.values()), 1e-9)
    criteria = []
    sections: dict[str, Any] = {name: 0.0 for name in rubric["sections"]}
    possible: dict[str, Any] = {}
    for section_name, name, c, share in weighed:
        worth = section_weight[section_name] * scale * share
        value = checks[c["check"]](facts)
        criteria.append((section_name, name, c, value, worth))
        sections[section_name] = sections[section_name] + value * worth
    for section_name in rubric["sections"]:
        possible[section_name] = section_weight[section_name] * scale
    earned = 0.0
    for points in sections.values():
        earned = earned + points
    # Each breach takes its share of what was earned: the score is earned x what is kept.
    counted = []
    kept = 1.0
    for name, kind in rubric["breaches"]["kinds"].items():
        count = facts.times(*kind["moves"])
        table = kind["_kept"]
        if type(count) is int:
            share = float(table[min(count, len(table) - 1)])
        else:
            share = np.take(table, count, mode="clip")
        counted.append((name, kind, count, share))
        kept = kept * share
    total = earned * kept
    # What each kind took: its part of the loss, in proportion to its log-share.
    logs = [np.log(share) for _, _, _, share in counted]
    every = sum(logs)
    breaches = [
        (name, kind, count, where(every < 0, (earned - total) * log / minimum(every, -1e-12), 0.0))
        for (name, kind, count, _), log in zip(counted, logs, strict=True)
    ]
    shown = np.rint(total) if type(total) is np.ndarray else round(total)
    grade = len(rubric["grades"]) - 1
    for index in reversed(range(len(rubric["grades"]))):
        grade = where(shown >= rubric["grades"][index]["min"], index, grade)
    return ScoreBatch(total, grade, criteria, sections, possible, breaches)


def score_facts(facts: Facts, rubric: dict | None = None) -> Score:
    rubric = rubric or load_rubric()
    out = score_batch(FactsBatch.one(facts), rubric)
    results = tuple(
        CriterionResult(
            section, name, c["label"], float(value), float(value) * possible, possible, c["tip"]
        )
        for section, name, c, value, possible in out.criteria
        if possible > 0
    )
    dropped = tuple(  # what could not be earned here (not what belongs to another kind)
        c["label"]
        for _, _, c, _, possible in out.criteria
        if not possible > 0 and c.get("only") in (None, facts.kind)
    )
    sections = {
        name: {
            "label": section["label"],
            "points": float(out.sections[name]),
            "possible": float(out.possible[name]),
        }
        for name, section in rubric["sections"].items()
    }
    breaches = tuple(
        BreachResult(name, kind["label"], int(count), float(points), kind["tip"])
        for name, kind, count, points in out.breaches
        if count > 0
    )
    grade = rubric["grades"][out.grade]["grade"]
    return Score(float(out.total), grade, results, sections, breaches, dropped)
