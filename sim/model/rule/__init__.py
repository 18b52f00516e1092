"""The update rule, one phase a module; sim/model/rules.py runs them in order.

- context: who the customer is and how the reply came; the kinds of reaction
- tuning: the rule's numbers (scars, thresholds, diminishing returns)
- silence: the silence before the reply (real-time play)
- reading: what the reply means (timing, combinations, a fix too early, repeats)
- working: the quantities as the reply's moves change them, move by move
- pushes: each move's push, handed to the phase for its kind of move:
  provocation, treating (soothing, informing, solving), story, solving, exits
- settling: time passing, settling toward the resting level, defending you
- reaction: which kind of line the customer answers with
"""
