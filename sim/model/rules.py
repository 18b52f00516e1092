"""The update rule: how one reply changes the customer. Every rule of the model is here.

After the Gottman-Murray difference equations for emotion in conversation, anger relaxes
with inertia ``r`` toward a resting level and each move pushes it:

    anger' = rest + r * (anger - rest) + push(moves, state)

The resting level is the size of the grievance, lowered as the complaint is addressed
(heard, apologized, agreed, acted...). So anger falls when the customer is treated well
and drifts back up when they are not; it never simply resets to zero.

Every change is recorded as an :class:`Effect` whose ``reason`` is written here, by the
code that made the change, so the debrief never needs a second copy of these rules.
Base pushes per move come from ``moves.yaml``; persona parameters from ``personas.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sim.model.state import CustomerState, Promise
from sim.model.vocabulary import MOVES, PROVOCATIONS, SOLUTION_MOVES, Persona

# Timing, in seconds after the customer finished speaking (real-time play only).
THOUGHTFUL_PAUSE = (1.5, 5.0)
DEAD_AIR_SECONDS = 8.0

# Soothing the same way again works less each time: the n-th reuse is worth DIMINISH**n.
DIMINISH = 0.55
# Each act of rudeness lowers the ceiling trust can ever climb back to.
RUDENESS = frozenset({"blame", "argue", "lose_calm"})
RUDENESS_SCAR = 12.0
# A provocation also adds this share of its push to the grievance itself.
GRIEVANCE_SCAR = 0.3
# Once agreed, every turn without action costs patience; action within this many turns
# of the agreement earns a bonus.
PROMPT_ACTION_TURNS = 2
DELAY_PATIENCE_COST = 4.0
# How much of the grievance can be addressed at most (an imagined complaint: far less).
ADDRESSABLE = 0.92
ADDRESSABLE_UNSATISFIABLE = 0.45


@dataclass(frozen=True)
class Effect:
    """One change of state and why: ``anger +12: excuse while the customer was furious``."""

    quantity: str  # anger | trust | heard | patience | story | progress
    delta: float
    reason: str
    move: str | None = None

    def __str__(self) -> str:
        if self.quantity in ("story", "progress"):
            return self.reason
        return f"{self.quantity} {self.delta:+.0f}: {self.reason}"

    def to_dict(self) -> dict:
        return {
            "quantity": self.quantity,
            "delta": round(self.delta, 3),
            "reason": self.reason,
            "move": self.move,
        }


@dataclass(frozen=True)
class TurnContext:
    """What the rule needs besides the state: who the customer is and how the reply came."""

    persona: Persona
    legitimate: bool = True
    escalation_warranted: bool = False
    # Timing: None means turn-based play (no timing rules apply).
    interrupted: bool = False
    delay: float | None = None


@dataclass(frozen=True)
class TurnOutcome:
    state: CustomerState
    effects: tuple[Effect, ...]
    moves: tuple[str, ...]  # the moves as the model counted them, derived ones included
    reaction: str  # which kind of reply the customer gives (see REACTIONS)
    told_story_piece: int | None  # index of the story piece the customer tells now


# The kinds of reaction a customer line can answer with (scenario `reactions:` keys).
REACTIONS = (
    "story",
    "interrupted",
    "rushed",
    "dead_air",
    "defends_you",
    "calmer",
    "steady",
    "angrier",
)


def anger_word(anger: float) -> str:
    if anger >= 75:
        return "furious"
    if anger >= 50:
        return "angry"
    if anger >= 25:
        return "upset"
    return "calm"


def apply_turn(state: CustomerState, authored: list[str], ctx: TurnContext) -> TurnOutcome:
    """Apply one reply (its authored moves and its timing) to the customer."""
    p = ctx.persona
    effects: list[Effect] = []
    moves = list(dict.fromkeys(authored))  # keep order, drop repeats
    derived: list[str] = []

    def note(quantity: str, delta: float, reason: str, move: str | None = None) -> None:
        effects.append(Effect(quantity, delta, reason, move))

    # --- Reading the reply: timing and combinations change what it means -----------------
    silent = set(moves) <= {"listen", "pause"}  # staying quiet never interrupts anyone
    if ctx.interrupted and not silent:
        derived.append("interrupt")
    elif ctx.delay is not None and ctx.delay >= DEAD_AIR_SECONDS:
        derived.append("dead_air")
    elif (
        ctx.delay is not None
        and THOUGHTFUL_PAUSE[0] <= ctx.delay <= THOUGHTFUL_PAUSE[1]
        and "pause" not in moves
    ):
        moves.append("pause")
        note("progress", 0, "a short pause before answering read as thoughtful", "pause")

    if "apologize" in moves and "excuse" in moves:
        moves.remove("apologize")
        note("progress", 0, "'sorry, but...': an apology joined to an excuse counts as an excuse")

    if "escalate" in moves and not ctx.escalation_warranted:
        moves[moves.index("escalate")] = "pass_buck"
        note(
            "progress",
            0,
            "handing over what you were allowed to fix yourself is passing the buck",
            "pass_buck",
        )

    rushed = [m for m in moves if m in SOLUTION_MOVES | {"overpromise", "extra"}]
    if rushed and not state.treated(p):
        derived.append("rush")
        for m in rushed:
            moves.remove(m)
        why = "they still have more to tell" if state.story_left else "they do not feel heard yet"
        note("progress", 0, f"the {'/'.join(rushed)} was brushed aside: {why}", "rush")

    all_moves = moves + derived
    anger = state.anger
    mood = anger_word(anger)
    pushes: list[tuple[str, float, str]] = []  # (move, anger push, reason)
    trust = state.trust
    heard = state.heard
    patience = state.patience
    grievance = state.grievance
    ceiling = state.trust_ceiling
    story_left = state.story_left
    told: int | None = None
    counts = dict(state.counts)
    flags: dict[str, object] = {}
    interrupted = "interrupt" in derived

    for m in all_moves:
        info = MOVES[m]
        used = counts.get(m, 0)
        counts[m] = used + 1
        a, t, h, pt = info.anger, info.trust, info.heard, info.patience

        if m in PROVOCATIONS or info.kind == "derived":
            if m == "overpromise":
                # Buys calm now; the bill comes in the epilogue.
                a *= p.forgiveness
                reason = "an over-promise buys a little calm now"
                flags["promise"] = Promise.UNREALISTIC
            else:
                heat = 0.6 + anger / 100.0  # provocations hit harder the angrier they are
                a *= p.volatility * heat
                t *= p.volatility
                reason = f"{m.replace('_', ' ')} while the customer was {mood}"
                grievance += max(a, 0.0) * GRIEVANCE_SCAR
            if m in RUDENESS:
                ceiling = max(0.0, ceiling - RUDENESS_SCAR)
                note("trust", -RUDENESS_SCAR, f"{m.replace('_', ' ')} leaves a lasting scar", m)
            if m == "pass_buck" and state.story_total:
                # Being passed on means telling it all again.
                story_left = min(state.story_total, story_left + 1)
                note("story", 1, "passed on, they will have to tell part of it again", m)
            if m == "interrupt" and state.telling and story_left < state.story_total:
                story_left += 1
                note("story", 1, "cut off mid-story: that part will come back later", m)
            if m == "dead_air":
                reason = "a long silence left them hanging"
        else:
            scale = p.forgiveness * (DIMINISH**used)
            reason = m.replace("_", " ")
            if used:
                reason += f" again (worth {DIMINISH**used:.0%} of the first time)"
            if m == "listen":
                if story_left > 0:
                    scale = p.forgiveness  # each new piece of the story is new
                    reason = "listening while they tell their story"
                    told = state.story_total - story_left
                    story_left -= 1
                    if story_left == 0:
                        a -= 8
                        t += 4
                        reason = "they got the whole story off their chest"
                        note("story", -1, "the story is fully told", m)
                    else:
                        note("story", -1, f"{story_left} part(s) of their story still untold", m)
                else:
                    a, t, h, pt = 2.0, -1.0, 0.0, -5.0
                    scale = 1.0
                    reason = "silence when they had finished and wanted an answer"
            elif m == "explain" and heard < p.heard_needed and not state.treated(p):
                a, t, h = 5.0, -3.0, -2.0
                scale = p.volatility
                reason = "facts before they feel heard sound like excuses"
            elif m == "explain":
                flags["explained"] = True
                reason = "calm facts, now that they feel heard"
            elif m in ("ask", "ask_wish"):
                scale *= p.ask_weight
                flags["clarified" if m == "ask" else "wish_known"] = True
            elif m == "apologize":
                flags["apologized"] = True
            elif m == "thank":
                flags["thanked"] = True
            elif m == "propose":
                flags["proposed"] = True
                if not (state.wish_known or flags.get("wish_known")):
                    scale *= 0.5
                    reason = "a fix offered without asking what they want"
            elif m == "agree":
                if state.proposed or flags.get("proposed"):
                    flags["agreed"] = True
                    reason = "agreeing the fix together"
                else:
                    scale *= 0.3
                    reason = "agreeing before any fix was on the table"
            elif m == "act":
                flags["acted"] = True
                agreed_turn = state.agreed_turn
                if state.agreed and agreed_turn is not None:
                    if state.turn - agreed_turn <= PROMPT_ACTION_TURNS:
                        a -= 4
                        t += 4
                        reason = "acting promptly on the agreed fix"
                elif not (state.proposed or flags.get("proposed")):
                    scale *= 0.5
                    reason = "acting before agreeing what to do"
            elif m == "commit":
                if state.promise is not Promise.UNREALISTIC:
                    flags["promise"] = Promise.REALISTIC
                reason = "a realistic time frame"
            elif m == "follow_up":
                if state.agreed or flags.get("agreed") or state.acted or flags.get("acted"):
                    flags["follow_up"] = True
                else:
                    scale *= 0.4
                    reason = "a follow-up before anything was agreed"
            elif m == "extra":
                flags["extra_given"] = True
            elif m == "stay_calm":
                if anger >= 50:
                    scale *= 1.5
                    reason = "staying calm under fire; the calm rubs off"
            elif m == "schedule_later":
                if anger < 50:
                    a, pt = 1.0, -6.0
                    scale = 1.0
                    reason = "putting it off when they were ready to talk looks like stalling"
            elif m == "escalate":
                reason = "a warm hand-off for a decision beyond your authority"
            elif m == "part_ways":
                reason = "ending the relationship"
            if interrupted and info.kind == "soothe":
                scale *= 0.5
                reason += " (half-heard: you spoke over them)"
            a *= scale
            t *= scale if t > 0 else 1.0
            # Feeling heard depends on what you do, not on the customer's temperament.
            if h > 0 and m != "listen":
                h *= DIMINISH**used * (p.ask_weight if m in ("ask", "ask_wish") else 1.0)

        pushes.append((m, a, reason))
        trust += t
        heard += h
        patience += pt
        if t:
            note("trust", t, reason, m)
        if h:
            note("heard", h, reason, m)
        if pt:
            note("patience", pt, reason, m)

    # --- Time passing: the conversation itself wears patience down --------------------
    patience -= p.patience_drain
    note("patience", -p.patience_drain, "time passing")
    agreed_turn = state.agreed_turn
    if state.agreed and not state.acted and not flags.get("acted"):
        patience -= DELAY_PATIENCE_COST
        note("patience", -DELAY_PATIENCE_COST, "agreed, but still waiting for action")
    if flags.get("agreed") and not state.agreed:
        agreed_turn = state.turn

    # --- The resting level: what is left of the grievance once addressed --------------
    heard = min(100.0, max(0.0, heard))
    merged = replace(state, **{k: v for k, v in flags.items()})
    addressed = (
        0.30 * heard / 100.0
        + 0.10 * merged.apologized
        + 0.04 * merged.thanked
        + 0.05 * merged.clarified
        + 0.05 * merged.wish_known
        + 0.05 * merged.explained
        + 0.15 * merged.agreed
        + 0.15 * merged.acted
        + 0.05 * merged.follow_up
        + 0.03 * (merged.promise is Promise.REALISTIC)
    )
    cap = ADDRESSABLE if (p.satisfiable and ctx.legitimate) else ADDRESSABLE_UNSATISFIABLE
    if not ctx.legitimate and merged.explained:
        addressed += 0.1  # for an imagined complaint, clear facts are what address it
    addressed = min(cap, addressed)
    grievance = min(100.0, grievance)
    rest = grievance * (1.0 - addressed)
    relaxed = rest + p.inertia * (anger - rest)
    if abs(relaxed - anger) >= 0.05:
        direction = "cooling toward" if relaxed < anger else "drifting back up toward"
        note("anger", relaxed - anger, f"{direction} its resting level ({rest:.0f})")
    new_anger = relaxed
    for m, a, reason in pushes:
        if a:
            note("anger", a, reason, m)
        new_anger += a
    new_anger = min(100.0, max(0.0, new_anger))

    trust = min(ceiling, 100.0, max(0.0, trust))
    patience = min(100.0, max(0.0, patience))

    # Some customers, once they have told it all and calmed down, start defending you.
    defended = False
    if (
        p.defends
        and not state.defended_you
        and story_left == 0
        and state.story_total
        and new_anger < 50
        and not interrupted
    ):
        defended = True
        trust = min(ceiling, trust + 5)
        note("trust", 5, "having said it all, they start to see your side")

    new_state = replace(
        merged,
        anger=new_anger,
        trust=trust,
        heard=heard,
        patience=patience,
        grievance=grievance,
        story_left=story_left,
        trust_ceiling=ceiling,
        agreed_turn=agreed_turn,
        defended_you=state.defended_you or defended,
        telling=told is not None and not interrupted,
        turn=state.turn + 1,
        counts=counts,
    )
    reaction = _reaction(state, new_state, derived, told, defended)
    return TurnOutcome(new_state, tuple(effects), tuple(all_moves), reaction, told)


def _reaction(
    before: CustomerState,
    after: CustomerState,
    derived: list[str],
    told: int | None,
    defended: bool,
) -> str:
    if "interrupt" in derived:
        return "interrupted"
    if "rush" in derived:
        return "rushed"
    if "dead_air" in derived:
        return "dead_air"
    if told is not None and after.story_left > 0:
        return "story"
    if defended:
        return "defends_you"
    change = after.anger - before.anger
    if change <= -3:
        return "calmer"
    if change >= 3:
        return "angrier"
    return "steady"


# --- Closing the conversation ------------------------------------------------------------

ENDINGS = ("resolved", "unresolved", "handed_off", "walked_out", "hung_up", "parted_ways")


def automatic_ending(state: CustomerState) -> str | None:
    """Endings the customer chooses: anger maxed out, or patience gone."""
    if state.anger >= 100.0:
        return "walked_out"
    if state.patience <= 0.0:
        return "hung_up"
    return None


def judge_close(
    state: CustomerState, requested: str, moves: tuple[str, ...], ctx: TurnContext
) -> tuple[str, str]:
    """The customer's answer to a reply that closes the conversation: (ending, why)."""
    p = ctx.persona
    if requested == "resolved":
        if not state.agreed:
            return "unresolved", "the call ended with no fix agreed"
        if not (p.satisfiable and ctx.legitimate):
            return "unresolved", "nothing you could offer would have satisfied this complaint"
        if state.anger > p.accept_anger:
            return "unresolved", (
                f"still {anger_word(state.anger)} (anger {state.anger:.0f}, "
                f"they accept at {p.accept_anger:.0f} or below)"
            )
        return "resolved", "they accepted the fix"
    if requested == "handed_off":
        if "pass_buck" in moves:
            return "handed_off", "passed on to someone else"
        return "handed_off", "handed over warmly to someone with the authority to decide"
    if requested == "parted_ways":
        return "parted_ways", "you ended the relationship politely"
    return requested, ""
