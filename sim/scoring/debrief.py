"""The debrief: what happened, turn by turn, and why the score is what it is.

Everything here is built from what the model itself wrote down: each turn's effects carry
the reasons the update rule gave when it made the change, the breaches come from the score,
and the "what if" at the worst moment is worked out by playing the other replies through
the same model. The result is one plain, JSON-able view that the terminal, the saved report
and the window only lay out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from sim.model.explain import Effect
from sim.model.turn import Turn
from sim.model.vocabulary import MOVES
from sim.players import search
from sim.scoring.score import Facts, Score, criterion_applies, load_rubric, score_session

if TYPE_CHECKING:
    from sim.engine import Session

# The seven steps of resolving a complaint, in their order: the move that marks each, and
# the rubric criterion that says whether this scenario asks for it.
SEVEN_STEPS = (
    ("listen", "listened", "Listen without interrupting"),
    ("thank", "thanked", "Thank them for raising it"),
    ("apologize", "apologized", "Apologize, no excuses"),
    ("ask_wish", "asked_wish", "Ask what would put it right"),
    ("agree", "agreed", "Reach agreement"),
    ("act", "acted", "Take quick action"),
    ("follow_up", "followed_up", "Follow up"),
)

ENDING_WORDS = {
    "resolved": "Resolved",
    "unresolved": "Not resolved",
    "handed_off": "Handed off",
    "walked_out": "Walked out",
    "hung_up": "Hung up",
    "parted_ways": "Parted ways",
    "call_back": "Call-back booked",
}
GAUGES = ("anger", "trust", "heard", "patience", "loyalty")


def move_words(moves: list[str]) -> list[str]:
    """Moves by the names the debrief uses ("an excuse", "a long silence")."""
    return [MOVES[m].label for m in moves]


def _reasons(effects: Iterable[Effect]) -> list[dict[str, Any]]:
    """The turn's changes grouped by reason, largest first: each reason once, with its code
    and what it did to each gauge (``{"code": "move", "reason": "an apology", "changes":
    {"anger": -9, "trust": 5}}``)."""
    grouped: dict[tuple[str, str], dict[str, float]] = defaultdict(dict)
    for e in effects:
        if e.quantity in GAUGES and e.reason:
            changes = grouped[e.code, e.reason]
            changes[e.quantity] = changes.get(e.quantity, 0.0) + e.delta
    out = [
        {
            "code": code,
            "reason": reason,
            "changes": {q: round(changes[q], 1) for q in GAUGES if q in changes},
        }
        for (code, reason), changes in grouped.items()
        if any(abs(d) >= 0.5 for d in changes.values())
    ]
    out.sort(key=lambda r: -max(abs(d) for d in r["changes"].values()))
    return out


def reason_line(reason: dict[str, Any], smallest: float = 0.5) -> str:
    """``anger -9, trust +5: an apology`` (changes smaller than ``smallest`` left out)."""
    parts = [f"{q} {d:+.0f}" for q, d in reason["changes"].items() if abs(d) >= smallest]
    return f"{', '.join(parts)}: {reason['reason']}"


def what_if_words(worst: dict[str, Any], alt: dict[str, Any]) -> str:
    """The "what if" at the worst moment, in one sentence."""
    return (
        f'What if: "{alt["text"]}" here instead, with the rest handled well, would have '
        f"ended around {alt['final_score']:.0f} ({alt['gain']:+.0f} on this call's "
        f"{worst['what_if']['actual_score']:.0f})."
    )


def anger_push(turn: Turn) -> float:
    """Everything the turn did to anger, before anger was held within 0..100 (so a push that
    hit the ceiling still counts in full)."""
    return sum(e.delta for e in turn.effects if e.quantity == "anger")


def impact(turn: Turn) -> float:
    """How much a turn helped: calmer, more trusting, more heard."""
    before, after = turn.before, turn.after
    return (
        -anger_push(turn) + 0.5 * (after.trust - before.trust) + 0.25 * (after.heard - before.heard)
    )


def describe_turn(turn: Turn, breach_moves: dict[str, str]) -> dict[str, Any]:
    value = impact(turn)
    counted = list(turn.counted_moves)
    notes = [e.reason for e in turn.effects if e.quantity in ("progress", "story")]
    breaches = [breach_moves[m] for m in counted if m in breach_moves]
    return {
        "turn": turn.number,
        "said": turn.text or "(said nothing)",
        "moves": move_words(counted),
        "move_names": counted,
        "prompts": list(turn.prompts),
        "customer": list(turn.customer),
        "anger_before": round(turn.before.anger),
        "anger_after": round(turn.after.anger),
        "anger_change": round(turn.after.anger - turn.before.anger, 1),
        "anger_push": round(anger_push(turn), 1),
        "trust_after": round(turn.after.trust),
        "reasons": _reasons(turn.effects),
        "notes": list(dict.fromkeys(notes)),
        "breaches": breaches,
        "principles": sorted({MOVES[m].principle for m in counted}),
        "impact": round(value, 1),
        "verdict": "helped" if value >= 2 else "hurt" if value <= -2 else "neutral",
    }


def turn_feedback(turn: Turn) -> dict[str, Any]:
    """Feedback right after a reply, in one line: the move that mattered most, whether it
    helped, what it did to the gauges and the principle behind it ("Thanks helped: anger -9,
    trust +5. Thank them for bringing it to you.")."""
    weight: dict[str, float] = defaultdict(float)  # how much each move moved the customer
    for e in turn.effects:
        if e.move and e.quantity in ("anger", "trust", "heard"):
            weight[e.move] += abs(e.delta) * (1.0 if e.quantity == "anger" else 0.5)
    counted = [m for m in turn.counted_moves if m in weight] or list(turn.counted_moves)
    move = max(counted, key=lambda m: weight.get(m, 0.0), default=None)
    d = describe_turn(turn, {})
    verdict = d["verdict"]
    changes = {q: v for q, v in _totals(turn).items() if abs(v) >= 0.5}
    shown = ", ".join(f"{q} {v:+.0f}" for q, v in changes.items()) or "little changed"
    if move is None:
        return {"move": None, "verdict": verdict, "principle": "", "text": f"{shown}."}
    info = MOVES[move]
    verb = {"helped": "helped", "hurt": "hurt", "neutral": "did little"}[verdict]
    principle = info.principle[0].upper() + info.principle[1:]
    label = info.label[0].upper() + info.label[1:]
    return {
        "move": move,
        "verdict": verdict,
        "principle": info.principle,
        "text": f"{label} {verb}: {shown}. {principle}.",
    }


def _totals(turn: Turn) -> dict[str, float]:
    """What the turn did to anger, trust and patience, all causes together."""
    before, after = turn.before.to_dict(), turn.after.to_dict()
    return {q: round(after[q] - before[q], 1) for q in ("anger", "trust", "patience")}


def seven_steps(session: Session, facts: Facts) -> list[dict[str, Any]]:
    """The seven steps as a checklist: done, missed, out of order (said why), spoiled (done,
    but undone by something else), or not needed here (with the reason)."""
    rubric = load_rubric()
    criteria = {n: c for s in rubric["sections"].values() for n, c in s["criteria"].items()}
    first: dict[str, int] = {}
    for turn in session.turns:
        for move in turn.counted_moves:
            first.setdefault(move, turn.number)
    result: list[dict[str, Any]] = []
    latest: tuple[int, str] | None = None  # the furthest step done so far: (turn, label)
    for move, criterion, label in SEVEN_STEPS:
        applies, why_not = criterion_applies(criteria[criterion], facts)
        when = first.get(move)
        status, detail = ("done", "") if when else ("missed", "")
        if move == "listen":
            told = facts.state.story_left == 0
            if when and not told:
                status, detail = "missed", "they never got to finish their story"
            if not facts.state.story_total:
                applies, why_not = False, "they had no story to get off their chest"
            if "interrupt" in first:
                status = "spoiled"
                detail = f"you interrupted them (turn {first['interrupt']})"
        elif move == "apologize" and when and "excuse" in first:
            status = "spoiled"
            detail = (
                f'an excuse came with it (turn {first["excuse"]}); "sorry, but" counts as an excuse'
            )
        elif move == "agree":
            if not when and facts.state.agreed:
                when = first.get("overpromise") or first.get("propose")
                status = "done" if when else "missed"
            if facts.state.agreed and "overpromise" in first:
                status, detail = "spoiled", "what was agreed could not be delivered"
        if not applies:
            status, detail = "not needed here", why_not
        elif status == "done" and when and latest and when < latest[0]:
            status = "out of order"
            detail = (
                f'it came at turn {when}, before "{latest[1]}" (turn {latest[0]}), '
                "which belongs first"
            )
        if status == "done" and when:
            latest = (when, label)
        result.append(
            {"step": label, "move": move, "status": status, "turn": when, "detail": detail}
        )
    return result


def _finish_well(session: Session) -> Session:
    """Play a session on to its end the best way the model knows (turn-based)."""
    if not session.done:
        for choice in search(session):
            session.step(choice)
    return session


def counterfactual(session: Session, turn_number: int, actual: float) -> dict[str, Any]:
    """What each other reply at that moment would have led to: the reply, then the rest of
    the call played as well as the model can, scored. Only replies that would have ended
    better than this call (``actual``) and than the same turn played well afterwards are
    offered."""
    before = session.replay(turn_number - 1)
    original = session.turns[turn_number - 1]
    options = before.options
    results = []
    for index, option in enumerate(options):
        trial = before.clone()
        trial.step(index, original.timing)
        turn = trial.turns[-1]
        final = _finish_well(trial)
        results.append(
            {
                "choice": index + 1,
                "text": option.text,
                "moves": move_words(list(turn.counted_moves)),
                "anger_after": round(turn.after.anger),
                "final_score": round(score_session(final).total, 1),
                "ending": final.ending,
            }
        )
    chosen = original.choice
    baseline = next((r["final_score"] for r in results if r["choice"] == chosen), actual)
    alternatives = [r for r in results if r["choice"] != chosen]
    for alt in alternatives:
        alt["gain"] = round(alt["final_score"] - actual, 1)
    alternatives.sort(key=lambda a: -a["final_score"])
    better = [a for a in alternatives if a["final_score"] > max(actual, baseline) + 0.5]
    return {
        "turn": turn_number,
        "anger_before": round(original.before.anger),
        "anger_after": round(original.after.anger),
        "actual_score": round(actual, 1),
        "kept_choice_score": baseline,
        "alternatives": alternatives,
        "best": better[0] if better else None,
    }


def _breach_moves() -> dict[str, str]:
    """Counted move -> the breach it makes, by label."""
    kinds = load_rubric()["breaches"]["kinds"]
    return {m: kind["label"] for kind in kinds.values() for m in kind["moves"]}


def _breach_turns(turns: list[Turn]) -> dict[str, list[int]]:
    kinds = load_rubric()["breaches"]["kinds"]
    found: dict[str, list[int]] = {name: [] for name in kinds}
    for turn in turns:
        for name, kind in kinds.items():
            if set(kind["moves"]) & set(turn.counted_moves):
                found[name].append(turn.number)
    return found


def _turns_words(numbers: list[int]) -> str:
    if len(numbers) == 1:
        return f"turn {numbers[0]}"
    return "turns " + ", ".join(map(str, numbers[:-1])) + f" and {numbers[-1]}"


def coaching(score: Score, breach_turns: dict[str, list[int]], worst) -> list[str]:
    """Two or three things to try next time, from this call's own costliest moments: the
    breaches that cost most, the points missed, and what would have worked at the worst
    moment."""
    ideas: list[tuple[float, str]] = []
    for b in score.breaches:
        where = _turns_words(breach_turns.get(b.name, [])) if breach_turns.get(b.name) else ""
        prefix = f"{where.capitalize()}: you {b.label}" if where else f"You {b.label}"
        ideas.append((b.points, f"{prefix}. {b.tip}"))
    for c in score.criteria:
        if c.lost >= 1.0 and c.section != "outcome":
            ideas.append((c.lost, f"Not yet: {c.label}. {c.tip}"))
    if worst and worst["what_if"]["best"]:
        alt = worst["what_if"]["best"]
        ideas.append(
            (
                alt["gain"],
                f'At turn {worst["turn"]}, instead of "{worst["said"]}", try "{alt["text"]}"',
            )
        )
    ideas.sort(key=lambda i: -i[0])
    tips = list(dict.fromkeys(text for _, text in ideas))[:3]
    if not tips:
        tips = ["Try a harder scenario, or play this one in real time to practise your timing."]
    return tips


def _principle(turn: dict[str, Any]) -> str:
    """The principle behind a turn's main move, in plain words ("thank them for ...")."""
    for move in turn["move_names"]:
        info = MOVES[move]
        if info.kind != "derived" and move != "pause":
            return info.principle
    return turn["principles"][0] if turn["principles"] else ""


def say_instead(worst: dict[str, Any] | None) -> dict[str, Any] | None:
    """The one reply to remember: at the worst moment, the other reply that would have
    ended the call best (from the what-if), and why, in plain words."""
    if not worst or not worst["what_if"]["best"]:
        return None
    alt = worst["what_if"]["best"]
    moves = alt["moves"]
    return {
        "turn": worst["turn"],
        "said": worst["said"],
        "instead": alt["text"],
        "moves": moves,
        "gain": alt["gain"],
        "final_score": alt["final_score"],
        "words": (
            f'At turn {worst["turn"]}, instead of "{worst["said"]}", try "{alt["text"]}"'
            + (f" ({', '.join(moves)})" if moves else "")
            + f". The call would have ended around {alt['final_score']:.0f} "
            f"({alt['gain']:+.0f})."
        ),
    }


def takeaways(
    turns: list[dict[str, Any]],
    steps: list[dict[str, Any]],
    best: dict[str, Any] | None,
    worst: dict[str, Any] | None,
    tips: list[str],
) -> list[str]:
    """Three things to take away, in plain words: what worked, what hurt most, and what to
    practise next."""
    out: list[str] = []
    if best and _principle(best):
        out.append(
            f"Keep doing this: {_principle(best)}. At turn {best['turn']} it took anger "
            f"from {best['anger_before']} to {best['anger_after']}."
        )
    elif turns:
        out.append(
            "Nothing you said brought the anger down much. Start by letting them finish, "
            "then thank them and apologize with no excuse."
        )
    hurt = worst or min(turns, key=lambda t: t["impact"], default=None)
    if hurt and hurt["impact"] < 0 and hurt["reasons"]:
        top = hurt["reasons"][0]
        change = top["changes"].get("anger")
        by = f" (anger {change:+.0f})" if change else ""
        out.append(f"What hurt most: {top['reason']}, at turn {hurt['turn']}{by}.")
    elif turns:
        out.append("No reply made things worse: every turn helped or held steady.")
    kept = set(best["move_names"]) if best else set()  # not "keep doing" and "practise" at once
    gaps = [
        s
        for s in steps
        if s["status"] in ("missed", "spoiled", "out of order") and s["move"] not in kept
    ]
    if gaps:
        step = gaps[0]
        why = f": {step['detail']}" if step["detail"] else ""
        out.append(f"Practise next: {step['step'].lower()} ({step['status']}{why}).")
    for tip in tips:  # the coaching tips fill any place still empty
        if len(out) >= 3:
            break
        if tip not in out:
            out.append(tip)
    if len(out) < 3:
        out.append("Every step this call needed was there.")
    return out[:3]


def build_debrief(session: Session, score: Score) -> dict[str, Any]:
    assert session.epilogue is not None
    facts = Facts.of(session)
    breach_moves = _breach_moves()
    turns = [describe_turn(t, breach_moves) for t in session.turns]
    broken = session.epilogue.broken_promise
    if broken > 0:  # the over-promise looked good at the time; its bill came after the call
        for turn in turns:
            if "overpromise" in turn["move_names"]:
                cost = {
                    "code": "broken_promise",
                    "reason": "after the call: the promise could not be kept",
                    "changes": {"anger": round(broken, 1)},
                }
                turn["reasons"].insert(0, cost)
                turn["impact"] = round(turn["impact"] - broken, 1)
                turn["verdict"] = "hurt"
                break
    calming = [t for t in turns if t["anger_push"] <= 0 and t["impact"] > 0]
    best = max(calming, key=lambda t: t["impact"], default=None)
    worst = min(turns, key=lambda t: t["impact"], default=None)
    worst_moment = None
    if worst is not None and worst["impact"] < 0 and session.turns[worst["turn"] - 1].choice:
        worst_moment = {**worst, "what_if": counterfactual(session, worst["turn"], score.total)}
    breach_turns = _breach_turns(session.turns)
    epilogue = session.epilogue
    steps = seven_steps(session, facts)
    tips = coaching(score, breach_turns, worst_moment)
    return {
        "headline": (
            f"{ENDING_WORDS[session.ending or 'unresolved']}: {session.ending_reason}. "
            f"Score {score.points}/100 ({score.grade})."
        ),
        "ending": session.ending,
        "ending_words": ENDING_WORDS[session.ending or "unresolved"],
        "ending_reason": session.ending_reason,
        "score": score.points,
        "grade": score.grade,
        "customer_wanted": session.scenario.customer.wants,
        "anger_curve": [round(a, 2) for a in session.anger_curve()],
        "trust_curve": [round(session.persona.trust, 2)]
        + [round(t.after.trust, 2) for t in session.turns],
        "patience_curve": [round(session.persona.patience, 2)]
        + [round(t.after.patience, 2) for t in session.turns],
        "turns": turns,
        "seven_steps": steps,
        "breaches": [
            {**b.to_dict(), "turns": breach_turns.get(b.name, []), "tip": b.tip}
            for b in score.breaches
        ],
        "not_counted": list(score.dropped),
        "best_moment": best,
        "worst_moment": worst_moment,
        "epilogue": [
            reason_line({"reason": e.reason, "changes": {e.quantity: e.delta}})
            if e.quantity in GAUGES
            else e.reason
            for e in epilogue.effects
        ],
        "loyalty": round(epilogue.loyalty),
        "word_of_mouth": epilogue.word_of_mouth.to_dict(),
        "tips": tips,
        # the coach's summary, on top of every debrief: three takeaways, one reply to
        # remember, and the turn to retry (the worst moment)
        "coach": {
            "takeaways": takeaways(turns, steps, best, worst_moment, tips),
            "say_instead": say_instead(worst_moment),
            "retry_turn": worst_moment["turn"] if worst_moment else None,
        },
    }
