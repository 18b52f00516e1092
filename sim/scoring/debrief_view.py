"""The debrief as it is shown: every line's words and every limit decided once, here.

The terminal, the Markdown report and the window only lay a :class:`DebriefView` out (plain
text, Markdown, HTML), so they say the same "What if", list the same reasons and agree on
every number. It is built from a run record (``build_record``), so a record saved before
the coach's summary existed shows too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sim.scoring.debrief import reason_line, what_if_words

# A reason is shown when it moved some gauge by at least this much (smaller ones are noise).
SHOWN_CHANGE = 2.0
MOMENT_REASONS = 2  # the reasons shown for the best and the worst moment
NO_WORSE = "No reply made things worse."
STATUS_DONE = "done"
STATUS_NOT_NEEDED = "not needed here"


@dataclass(frozen=True)
class Coach:
    takeaways: tuple[str, ...]
    say_instead: str | None  # the reply to remember, in a sentence
    retry_turn: int | None  # the turn to go back to (the worst moment)


@dataclass(frozen=True)
class Criterion:
    label: str
    points: float
    possible: float


@dataclass(frozen=True)
class Section:
    """A part of the score, with the criteria that lost points."""

    label: str
    points: float
    possible: float
    missed: tuple[Criterion, ...]


@dataclass(frozen=True)
class Breach:
    label: str
    count: int
    turns: tuple[int, ...]
    points: float

    @property
    def when(self) -> str:
        """``once (turn 2)``, ``3 times (turns 2, 4, 5)``."""
        times = f"{self.count} times" if self.count > 1 else "once"
        turns = ("turn " if len(self.turns) == 1 else "turns ") + ", ".join(map(str, self.turns))
        return f"{times} ({turns})" if self.turns else times


@dataclass(frozen=True)
class TurnLine:
    number: int
    said: str
    moves: str  # the counted moves in words, "-" for none
    anger_before: int
    anger_after: int
    trust_after: int
    verdict: str  # helped | hurt | neutral
    reasons: tuple[str, ...]  # "anger -9, trust +5: an apology", the changes worth showing
    notes: tuple[str, ...]
    breaches: tuple[str, ...]
    principle: str  # the principles behind its moves, "" for none


@dataclass(frozen=True)
class Step:
    label: str
    status: str  # done | missed | spoiled | out of order | not needed here
    turn: int | None  # shown only when the step was done at some turn and it applies
    detail: str

    @property
    def words(self) -> str:
        """``Thank them for raising it: done (turn 2)``, with the detail after a colon."""
        when = f" (turn {self.turn})" if self.turn else ""
        detail = f": {self.detail}" if self.detail else ""
        return f"{self.label}: {self.status}{when}{detail}"


@dataclass(frozen=True)
class Moment:
    turn: int
    said: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class DebriefView:
    title: str
    player: str
    seed: int | None
    headline: str
    score: int
    grade: str
    wanted: str
    coach: Coach | None
    anger_curve: tuple[float, ...]
    trust_curve: tuple[float, ...]
    sections: tuple[Section, ...]
    breaches: tuple[Breach, ...]
    not_counted: str  # "" when every criterion counted
    turns: tuple[TurnLine, ...]
    steps: tuple[Step, ...]
    best: Moment | None
    worst: Moment | None
    what_if: str | None  # at the worst moment, the reply that would have ended better
    no_worse: str  # NO_WORSE when no reply hurt and there were turns, else ""
    afterwards: tuple[str, ...]
    tips: tuple[str, ...]

    @property
    def breach_points(self) -> float:
        return sum(b.points for b in self.breaches)

    def turn(self, number: int) -> TurnLine:
        return self.turns[number - 1]


def _reasons(reasons: list[dict[str, Any]], limit: int | None = None) -> tuple[str, ...]:
    shown = [
        reason_line(r, SHOWN_CHANGE)
        for r in reasons
        if max(abs(v) for v in r["changes"].values()) >= SHOWN_CHANGE
    ]
    return tuple(shown[:limit])


def _turn(t: dict[str, Any]) -> TurnLine:
    return TurnLine(
        number=t["turn"],
        said=t["said"],
        moves=", ".join(t["moves"]) or "-",
        anger_before=t["anger_before"],
        anger_after=t["anger_after"],
        trust_after=t["trust_after"],
        verdict=t["verdict"],
        reasons=_reasons(t["reasons"]),
        notes=tuple(t["notes"]),
        breaches=tuple(t["breaches"]),
        principle="; ".join(t["principles"]),
    )


def _step(s: dict[str, Any]) -> Step:
    shown = s["turn"] if s["turn"] and s["status"] != STATUS_NOT_NEEDED else None
    return Step(s["step"], s["status"], shown, s["detail"])


def _moment(m: dict[str, Any] | None) -> Moment | None:
    if not m:
        return None
    return Moment(m["turn"], m["said"], _reasons(m["reasons"], MOMENT_REASONS))


def _coach(coach: dict[str, Any] | None) -> Coach | None:
    if not coach:  # records saved before the coach's summary have none
        return None
    instead = coach["say_instead"]
    return Coach(
        tuple(coach["takeaways"]), instead["words"] if instead else None, coach["retry_turn"]
    )


def _section(section: dict[str, Any]) -> Section:
    missed = tuple(
        Criterion(c["label"], c["points"], c["possible"])
        for c in section["criteria"]
        if c["value"] < 0.999
    )
    return Section(section["label"], section["points"], section["possible"], missed)


def debrief_view(record: dict[str, Any]) -> DebriefView:
    """The view of a finished run's record."""
    d = record["debrief"]
    worst = d["worst_moment"]
    alt = worst["what_if"]["best"] if worst else None
    mouth = d["word_of_mouth"]
    return DebriefView(
        title=record["title"],
        player=record.get("player") or "",
        seed=record.get("seed"),
        headline=d["headline"],
        score=record["score"],
        grade=record["grade"],
        wanted=f"What the customer wanted: {d['customer_wanted']}",
        coach=_coach(d.get("coach")),
        anger_curve=tuple(d["anger_curve"]),
        trust_curve=tuple(d["trust_curve"]),
        sections=tuple(_section(s) for s in record["breakdown"].values()),
        breaches=tuple(
            Breach(b["label"], b["count"], tuple(b["turns"]), b["points"]) for b in d["breaches"]
        ),
        not_counted=("Not counted here: " + "; ".join(d["not_counted"]) + ".")
        if d["not_counted"]
        else "",
        turns=tuple(_turn(t) for t in d["turns"]),
        steps=tuple(_step(s) for s in d["seven_steps"]),
        best=_moment(d["best_moment"]),
        worst=_moment(worst),
        what_if=what_if_words(worst, alt) if worst and alt else None,
        no_worse=NO_WORSE if not worst and d["turns"] else "",
        afterwards=(
            *d["epilogue"],
            f"Loyalty {d['loyalty']}/100. The customer {mouth['summary']}.",
        ),
        tips=tuple(d["tips"]),
    )
