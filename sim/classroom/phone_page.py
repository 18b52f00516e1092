"""The phone page: plain HTML a small screen can read, with a little polling script.

Kept in code, not read from disk: the vote server never serves files. The buttons are a
plain form, so a vote works even where the script does not run.
"""

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Defuse class vote</title>
<style>
body{font-family:system-ui,sans-serif;margin:0;padding:1rem;background:#fff;color:#111;
  font-size:1.15rem;line-height:1.4}
h1{font-size:1.2rem;margin:0 0 .5rem}
.customer{background:#f1f1f1;border-left:.3rem solid #333;padding:.6rem .8rem;margin:.6rem 0}
.prompt{font-weight:600}
button{display:block;width:100%;text-align:left;font:inherit;padding:.8rem;margin:.5rem 0;
  border:2px solid #333;border-radius:.4rem;background:#fff;color:#111}
button.mine{background:#111;color:#fff}
.status{font-weight:600;margin:.6rem 0}
</style></head>
<body>
<h1>Class vote</h1>
<div id="live">$BODY</div>
<script>
// Polls the state; reloads when the round or its lock changes; keeps the countdown live.
var seen = "$STAMP";
function stampOf(s) {
  if (!s.open) return s.closed ? "closed" : "none";
  return s.round + ":" + s.locked + ":" + (s.tally ? 1 : 0) + ":" + s.voted;
}
function poll() {
  fetch("state", {cache: "no-store", credentials: "same-origin"})
    .then(function (r) { return r.json(); })
    .then(function (s) {
      if (stampOf(s) !== seen) { location.reload(); return; }
      var c = document.getElementById("countdown");
      if (c && s.seconds_left !== null) c.textContent = s.seconds_left + " s left";
    })
    .catch(function () {})
    .then(function () { setTimeout(poll, 2000); });
}
setTimeout(poll, 2000);
</script>
</body></html>
"""
