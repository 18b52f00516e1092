"""The class vote server: the room's phones vote over the local Wi-Fi (no internet).

The standard library's ThreadingHTTPServer on a daemon thread: no new dependency and no
event loop to reconcile with the window's pygame loop, and a room of 30 phones polling
every two seconds is a few dozen small requests a second, which threads handle easily.

It is open only while the class session is (a context manager), answers only under a
random token, never serves files from disk, and refuses bad tokens (404), oversized (413)
and malformed (400) requests. Each phone gets a random cookie; one vote per cookie per
round, changeable until the round is locked.
"""

from __future__ import annotations

import contextlib
import hmac
import html
import json
import secrets
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

from sim.classroom.phone_page import PAGE
from sim.classroom.votes import VoteBox

MAX_BODY = 256  # a vote is "round=12&choice=3"
MAX_PATH = 200
COOKIE = "defuse_voter"

HELP = """\
If phones cannot open the vote page:
 - Phones and this laptop must be on the same network. Guest Wi-Fi often isolates devices
   from each other ("client isolation"): use a phone's hotspot, or a staff network.
 - A firewall may block the port. On Windows, a network marked "Public" blocks incoming
   connections: mark it "Private", or allow Python through the firewall when asked.
 - Type the address exactly as shown, with http:// (not https://), or scan the QR code.
 - A VPN on the laptop can hide it from the room: switch the VPN off for the session.
If nothing works, use the manual tally: ask for a show of hands and type the counts in
(the `tally` mode, or the `t` command during a vote)."""


def lan_address() -> str:
    """The laptop's address on the room's network (no packet is sent to find it)."""
    try:
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            address = info[4][0]
            if not address.startswith("127."):
                return address
    except OSError:
        pass
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:  # connecting a UDP socket only picks the outgoing interface; nothing is sent
        probe.connect(("192.0.2.1", 9))  # a documentation address (TEST-NET-1)
        return probe.getsockname()[0]
    except OSError:
        return "127.0.0.1"
    finally:
        probe.close()


class VoteServer:
    """``with VoteServer(box) as server: ... server.url``: serves while the block runs."""

    def __init__(self, box: VoteBox, host: str | None = None, port: int = 0):
        self.box = box
        self.token = secrets.token_urlsafe(9)
        self.host = host or lan_address()
        self.port = port
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}/{self.token}/"

    def start(self) -> VoteServer:
        handler = _handler_for(self.box, self.token)
        self._httpd = _Server((self.host, self.port), handler)
        self._httpd.daemon_threads = True
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.box.close()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd.close_connections()
            self._httpd = None

    def __enter__(self) -> VoteServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class _Server(ThreadingHTTPServer):
    request_queue_size = 128  # a room's phones all connect within a second of the vote
    daemon_threads = True

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._open: set[socket.socket] = set()
        self._guard = threading.Lock()

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._guard:
            self._open.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._guard:
            self._open.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        """Kept-alive phones are cut off too: nothing is served once the session ends."""
        with self._guard:
            for sock in list(self._open):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a phone that drops its connection is normal on Wi-Fi; nothing to report


def qr_text(url: str) -> str:
    """The URL as a QR code drawn with characters, for a terminal."""
    import io

    import segno

    out = io.StringIO()
    segno.make(url, error="m").terminal(out=out, compact=True)
    return out.getvalue()


def qr_png(url: str, path: str, scale: int = 10) -> None:
    import segno

    segno.make(url, error="m").save(path, scale=scale, border=2, dark="#000", light="#fff")


def _handler_for(box: VoteBox, token: str) -> type[BaseHTTPRequestHandler]:
    prefix = f"/{token}/"

    class Handler(BaseHTTPRequestHandler):
        server_version = "DefuseVote/1"
        protocol_version = "HTTP/1.1"  # keep-alive: a phone polls on one connection
        disable_nagle_algorithm = True  # headers and body go out at once, no 40 ms stall
        sys_version = ""
        timeout = 10  # a phone that opens a connection and says nothing is let go

        def log_message(self, format: str, *args: Any) -> None:
            pass  # the facilitator's terminal stays readable

        # Routing ---------------------------------------------------------------------------

        def _route(self) -> str | None:
            if len(self.path) > MAX_PATH:
                self._send(414, "text/plain", b"address too long")
                return None
            path = self.path.split("?", 1)[0]
            if not path.startswith("/") or not hmac.compare_digest(
                path[: len(prefix)].encode(), prefix.encode()
            ):
                self._send(404, "text/plain", b"not found: check the address on the screen")
                return None
            return path[len(prefix) :]

        def do_GET(self) -> None:
            rest = self._route()
            if rest is None:
                return
            voter, new = self._voter()
            cookie = voter if new else None
            if rest == "":
                self._send(200, "text/html; charset=utf-8", self._page(voter).encode(), cookie)
            elif rest == "state":
                body = json.dumps(box.view(voter)).encode()
                self._send(200, "application/json", body, cookie)
            else:
                self._send(404, "text/plain", b"not found")

        def do_POST(self) -> None:
            rest = self._route()
            if rest is None:
                return
            if rest != "vote":
                self._send(404, "text/plain", b"not found")
                return
            length = self.headers.get("Content-Length")
            if length is None or not length.isdigit():
                self._send(411, "text/plain", b"say how long the request is")
                return
            if int(length) > MAX_BODY:
                self._send(413, "text/plain", b"request too large")
                return
            raw = self.rfile.read(int(length))
            try:
                form = parse_qs(raw.decode("ascii"), strict_parsing=True, max_num_fields=4)
                round_number = int(form["round"][0])
                choice = int(form["choice"][0])
            except (UnicodeDecodeError, ValueError, KeyError, IndexError):
                self._send(400, "text/plain", b"malformed vote")
                return
            voter, new = self._voter()
            result = box.cast(voter, round_number, choice)
            if "application/json" in self.headers.get("Accept", ""):
                body = json.dumps({"result": result}).encode()
                code = 200 if result == "ok" else 409
                self._send(code, "application/json", body, voter if new else None)
                return
            self.send_response(303)  # back to the page, which shows the vote taken
            self.send_header("Location", prefix)
            self.send_header("Content-Length", "0")
            self._cookie(voter, new)
            self.end_headers()

        def do_PUT(self) -> None:
            self._send(405, "text/plain", b"not allowed")

        do_DELETE = do_PATCH = do_PUT

        # Helpers ---------------------------------------------------------------------------

        def _voter(self) -> tuple[str, bool]:
            for part in self.headers.get("Cookie", "").split(";"):
                name, _, value = part.strip().partition("=")
                if name == COOKIE and 8 <= len(value) <= 64 and value.isalnum():
                    return value, False
            return secrets.token_hex(12), True

        def _cookie(self, voter: str, new: bool) -> None:
            if new:
                self.send_header(
                    "Set-Cookie", f"{COOKIE}={voter}; Path={prefix}; HttpOnly; SameSite=Strict"
                )

        def _send(self, code: int, kind: str, body: bytes, new_voter: str | None = None) -> None:
            self.send_response(code)
            if code >= 400 and code != 409:  # a refused request may be half read: hang up
                self.close_connection = True
                self.send_header("Connection", "close")
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            if new_voter:
                self._cookie(new_voter, True)
            self.end_headers()
            self.wfile.write(body)

        def _page(self, voter: str) -> str:
            return _render(box.view(voter), prefix)

        def send_error(self, code: int, message: str | None = None, explain: str | None = None):
            # Malformed request lines and oversized headers land here: short, plain answers.
            if self.request_version == "HTTP/0.9":  # unparsed: still answer with a status
                self.request_version = "HTTP/1.0"
            with contextlib.suppress(OSError):
                self._send(code, "text/plain", (message or "bad request").encode()[:200])

    return Handler


def _render(view: dict, prefix: str) -> str:
    e = html.escape
    if not view.get("open"):
        words = (
            "The class session has ended. Thank you!"
            if view.get("closed")
            else ("Waiting for the next vote...")
        )
        body, stamp = f'<p class="status">{words}</p>', "closed" if view.get("closed") else "none"
        return PAGE.replace("$STAMP", stamp).replace("$BODY", body)
    parts = [f'<div class="customer">{e(line)}</div>' for line in view["customer"]]
    if view["prompt"]:
        parts.append(f'<p class="prompt">{e(view["prompt"])}</p>')
    if view["locked"]:
        parts.append('<p class="status">Voting has closed for this reply.</p>')
    elif view["seconds_left"] is not None:
        parts.append(f'<p class="status" id="countdown">{view["seconds_left"]} s left</p>')
    parts.append(f'<form method="post" action="{prefix}vote">')
    parts.append(f'<input type="hidden" name="round" value="{view["round"]}">')
    tally = view["tally"]
    for index, text in enumerate(view["options"]):
        mine = ' class="mine"' if view["voted"] == index else ""
        count = f" ({tally[index]})" if tally else ""
        disabled = " disabled" if view["locked"] else ""
        parts.append(
            f'<button name="choice" value="{index}"{mine}{disabled}>'
            f"{index + 1}. {e(text)}{count}</button>"
        )
    parts.append("</form>")
    if view["voted"] is not None and not view["locked"]:
        parts.append('<p class="status">Vote taken. You can change it until the round closes.</p>')
    stamp = f"{view['round']}:{str(view['locked']).lower()}:{1 if tally else 0}:"
    stamp += "null" if view["voted"] is None else str(view["voted"])
    return PAGE.replace("$STAMP", e(stamp)).replace("$BODY", "\n".join(parts))


def monotonic_box() -> VoteBox:
    return VoteBox(time.monotonic)
