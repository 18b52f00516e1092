"""`python main.py bench --votes`: the vote server's response times under a room's load.

40 simulated phones on 127.0.0.1 each poll and vote (once, then change their mind) for 20
rounds, as in the test suite; this prints the figures the tests never assert on.
"""

from __future__ import annotations

import http.client
import json
import threading
import time

from sim.classroom.server import VoteServer
from sim.classroom.votes import VoteBox

PHONES, ROUNDS, OPTIONS = 40, 20, 4


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def run_vote_bench(phones: int = PHONES, rounds: int = ROUNDS) -> dict:
    box = VoteBox(time.monotonic)
    times: list[float] = []
    guard = threading.Lock()
    counted = lost = 0
    with VoteServer(box, host="127.0.0.1") as server:
        conns = [
            http.client.HTTPConnection("127.0.0.1", server.port, timeout=10) for _ in range(phones)
        ]
        cookies = [""] * phones

        def call(i: int, method: str, path: str, body: str | None = None) -> int:
            headers = {"Cookie": cookies[i], "Accept": "application/json"}
            if body is not None:
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            start = time.perf_counter()
            conns[i].request(method, f"/{server.token}/{path}", body=body, headers=headers)
            response = conns[i].getresponse()
            response.read()
            elapsed = time.perf_counter() - start
            if response.getheader("Set-Cookie"):
                cookies[i] = response.getheader("Set-Cookie").split(";")[0]
            with guard:
                times.append(elapsed)
            return response.status

        for i in range(phones):
            call(i, "GET", "state")
        started = time.perf_counter()
        for number in range(1, rounds + 1):
            box.open_round(number, ["..."], [str(k) for k in range(OPTIONS)], seconds=600)

            def phone(i: int, number: int = number) -> None:
                call(i, "GET", "state")
                for choice in ((i + number) % OPTIONS, (i * 7 + number) % OPTIONS):
                    call(i, "POST", "vote", f"round={number}&choice={choice}")
                call(i, "GET", "state")

            threads = [threading.Thread(target=phone, args=(i,)) for i in range(phones)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            tally = box.lock()
            counted += sum(tally)
            lost += phones - sum(tally)
        wall = time.perf_counter() - started
        for conn in conns:
            conn.close()
    return {
        "phones": phones,
        "rounds": rounds,
        "requests": len(times),
        "votes_counted": counted,
        "votes_lost": lost,
        "p50_ms": round(_percentile(times, 0.50) * 1000, 2),
        "p99_ms": round(_percentile(times, 0.99) * 1000, 2),
        "max_ms": round(max(times) * 1000, 2),
        "requests_per_s": round(len(times) / wall, 1),
    }


def main_vote_bench(as_json: bool) -> int:
    figures = run_vote_bench()
    if as_json:
        print(json.dumps(figures))
    else:
        print(f"Vote server, {figures['phones']} phones x {figures['rounds']} rounds on 127.0.0.1")
        for key in (
            "requests",
            "votes_counted",
            "votes_lost",
            "p50_ms",
            "p99_ms",
            "max_ms",
            "requests_per_s",
        ):
            print(f"  {key:<16} {figures[key]}")
    return 0
