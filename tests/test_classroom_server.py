"""The class vote server on 127.0.0.1: votes counted once, tallies hidden until the reveal,
bad requests refused, and a room's load handled without losing a vote."""

import http.client
import json
import socket
import threading

import pytest

from sim.classroom.server import HELP, VoteServer, qr_text
from sim.classroom.votes import VoteBox


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


@pytest.fixture
def served():
    clock = Clock()
    box = VoteBox(clock)
    with VoteServer(box, host="127.0.0.1") as server:
        yield server, box, clock


class Phone:
    """A phone's browser: keeps its cookie, one connection."""

    def __init__(self, server):
        self.server = server
        self.cookie = ""
        self.conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)

    def request(self, method, path, body=None, headers=None):
        headers = dict(headers or {})
        if self.cookie:
            headers["Cookie"] = self.cookie
        self.conn.request(method, f"/{self.server.token}/{path}", body=body, headers=headers)
        response = self.conn.getresponse()
        data = response.read()
        if response.getheader("Set-Cookie"):
            self.cookie = response.getheader("Set-Cookie").split(";")[0]
        if response.getheader("Connection", "").lower() == "close":
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=10)
        return response.status, data

    def state(self):
        status, data = self.request("GET", "state")
        assert status == 200
        return json.loads(data)

    def vote(self, round_number, choice):
        body = f"round={round_number}&choice={choice}"
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/json",
        }
        status, data = self.request("POST", "vote", body, headers)
        return status, json.loads(data)["result"] if status in (200, 409) else data


def _raw(server, data: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(data)
        chunks = []
        while chunk := sock.recv(4096):
            chunks.append(chunk)
    return b"".join(chunks)


def test_a_phone_sees_the_customer_and_the_replies(served):
    server, box, _ = served
    box.open_round(1, ["Where is my sofa?"], ["Sorry <b>", "Listen"], seconds=30, prompt="Why?")
    phone = Phone(server)
    status, page = phone.request("GET", "")
    assert status == 200 and phone.cookie
    text = page.decode()
    assert "Where is my sofa?" in text and "Listen" in text and "30 s left" in text
    assert "Sorry &lt;b&gt;" in text  # the scenario's words are escaped, never markup


def test_one_vote_per_phone_per_round_changeable_until_locked(served):
    server, box, _ = served
    box.open_round(1, ["Hello?"], ["A", "B", "C"], seconds=45)
    phone, other = Phone(server), Phone(server)
    phone.state(), other.state()
    assert phone.vote(1, 0) == (200, "ok")
    assert phone.vote(1, 2) == (200, "ok")  # changed its mind: still one vote
    assert other.vote(1, 2) == (200, "ok")
    assert phone.state()["voted"] == 2
    assert phone.state()["tally"] is None  # hidden until the reveal
    assert box.lock() == [0, 0, 2]
    assert phone.vote(1, 1)[0] == 409  # locked: no more changes
    assert box.lock() == [0, 0, 2]
    box.reveal()
    assert phone.state()["tally"] == [0, 0, 2]


def test_the_countdown_closes_the_round(served):
    server, box, clock = served
    box.open_round(3, ["?"], ["A", "B"], seconds=20)
    phone = Phone(server)
    assert phone.state()["seconds_left"] == 20
    clock.now = 21
    assert phone.state()["locked"]
    assert phone.vote(3, 0)[0] == 409
    assert phone.vote(2, 0)[0] == 409  # an old round is over too


def test_bad_tokens_oversized_and_malformed_requests_are_refused(served):
    server, box, _ = served
    box.open_round(1, ["?"], ["A", "B"])
    phone = Phone(server)
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    for path in ("/", "/wrongtoken/", f"/{server.token[:-1]}/state", "/../README.md"):
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        assert response.status == 404, path
    # Never a file from disk, whatever the path says.
    for path in ("README.md", "../README.md", "..%2f..%2fpyproject.toml", "main.py"):
        assert phone.request("GET", path)[0] == 404
    assert phone.request("GET", "x" * 300)[0] == 414
    big = "round=1&choice=0&" + "a" * 1000
    assert phone.request("POST", "vote", big)[0] == 413
    for body in ("round=1", "round=x&choice=0", "choice=0&round=1&&", "\xff=1"):
        assert phone.request("POST", "vote", body.encode("latin-1"))[0] == 400, body
    answer = _raw(server, f"POST /{server.token}/vote HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    assert answer.startswith(b"HTTP/1.0 411") or answer.startswith(b"HTTP/1.1 411")
    assert _raw(server, b"GET / HTTP/x.y\r\n\r\n").split(b" ")[1] == b"400"
    assert _raw(server, b"GARBAGE\r\n\r\n").split(b" ")[1] == b"400"
    huge_header = b"GET / HTTP/1.1\r\nX: " + b"a" * 70000 + b"\r\n\r\n"
    assert _raw(server, huge_header).split(b" ")[1] in (b"400", b"431")
    assert phone.request("PUT", "vote", "round=1&choice=0")[0] == 405
    assert box.lock() == [0, 0]  # none of that counted as a vote


def test_the_server_is_open_only_while_the_class_session_is():
    box = VoteBox(Clock())
    with VoteServer(box, host="127.0.0.1") as server:
        port = server.port
        assert Phone(server).state()["open"] is False
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    assert box.cast("someone", 1, 0) != "ok"


def test_the_qr_code_and_the_help_are_there():
    assert len(qr_text("http://192.0.2.5:8000/abc/").splitlines()) > 10
    assert "isolat" in HELP and "Public" in HELP and "tally" in HELP


def test_forty_phones_vote_for_twenty_rounds_and_every_vote_counts_once(served):
    server, box, _ = served
    phones = [Phone(server) for _ in range(40)]
    for phone in phones:
        phone.state()  # each gets its cookie
    options = ["A", "B", "C", "D"]
    for round_number in range(1, 21):
        box.open_round(round_number, [f"Line {round_number}"], options, seconds=600)
        expected = [0] * len(options)
        failures = []

        def vote(i, phone, round_number=round_number, failures=failures):
            first = (i + round_number) % len(options)
            final = (i * 7 + round_number) % len(options)
            for choice in (first, final):  # some change their minds
                status, result = phone.vote(round_number, choice)
                if (status, result) != (200, "ok"):
                    failures.append((i, status, result))

        for i in range(40):
            expected[(i * 7 + round_number) % len(options)] += 1
        threads = [threading.Thread(target=vote, args=(i, p)) for i, p in enumerate(phones)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert not any(t.is_alive() for t in threads)
        assert failures == []
        assert box.lock() == expected, round_number
        assert sum(expected) == 40
