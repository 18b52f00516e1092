"""Readable golden transcripts: every self-test of every shipped scenario played through the
engine and written as plain text (what was said, the gauges after each turn, every effect
with its reason, the ending and the score), one file per self-test, so that a change to the
model or a scenario shows up as a diff a reviewer can read.

Regenerate after an intended change with ``python -m tests.golden.transcripts`` and read
the diff before committing it.
"""

from __future__ import annotations

from pathlib import Path

from sim.engine import Session
from sim.scenario.catalog import load, shipped_files
from sim.scoring.score import score_session

FOLDER = Path(__file__).resolve().parent / "transcripts"


def _slug(text: str) -> str:
    words = "".join(c if c.isalnum() else "-" for c in text.lower()).split("-")
    return "-".join(w for w in words if w)[:60]


def transcript(scenario, test) -> str:
    """One self-test, played and written out."""
    session = Session(scenario)
    events = session.reset(test.seed)
    out = [f"# {scenario.id}: {test.name}", f"seed {test.seed}, picks {test.choices}", ""]
    out += [f"customer: {e.data['text']}" for e in events if e.kind == "line"]
    for pick in test.picks():
        if session.done:
            break
        session.step(pick.choice - 1, pick.timing)
        turn = session.turns[-1]
        out.append("")
        out.append(f"turn {turn.number} at `{turn.beat}`, pick {pick}")
        out.append(f"  agent: {turn.text}")
        out.append(f"  counted: {', '.join(turn.counted_moves) or '-'}")
        for line in turn.prompts + turn.customer:
            out.append(f"  customer: {line}")
        gauges = ", ".join(f"{k} {v:.2f}" for k, v in turn.after.to_dict().items())
        out.append(f"  after: {gauges}")
        for effect in turn.effects:  # rounded as the saved turn rounds them
            out.append(f"    {effect.quantity} {round(effect.delta, 3):+.3f}: {effect.reason}")
    score = score_session(session) if session.done else None
    out.append("")
    out.append(f"ending: {session.ending} ({session.ending_reason})")
    if score is not None and session.epilogue is not None:
        out.append(f"score: {score.total:.3f} {score.grade}")
        for breach in score.breaches:
            out.append(f"  breach {breach.name} x{breach.count}: -{breach.points:.3f}")
        for effect in session.epilogue.effects:
            out.append(f"  after the call, {effect}")
    return "\n".join(out) + "\n"


def all_transcripts() -> dict[str, str]:
    found = {}
    for path in shipped_files():
        scenario = load(path.stem)
        for test in scenario.tests:
            found[f"{scenario.id}--{_slug(test.name)}.txt"] = transcript(scenario, test)
    return found


def main() -> None:
    FOLDER.mkdir(exist_ok=True)
    wanted = all_transcripts()
    for stale in FOLDER.glob("*.txt"):
        if stale.name not in wanted:
            stale.unlink()
    for name, text in wanted.items():
        (FOLDER / name).write_text(text, encoding="utf-8")
    print(f"{len(wanted)} transcripts in {FOLDER}")


if __name__ == "__main__":
    main()
