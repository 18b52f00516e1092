"""Sending statements to a learning record store (any xAPI 1.0.3 LRS), standard library only.

Statements go in batches with the xAPI version header and basic authentication. A batch that
fails for a passing reason (no connection, 429, 5xx) is retried with a growing pause; what the
store accepted is written down in the results database, so sending again sends only the new.
"""

from __future__ import annotations

import base64
import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sim.records.xapi import VERSION

BATCH = 100
RETRIES = 4
TIMEOUT = 30.0


class SendError(Exception):
    """The LRS refused or could not be reached: one line saying which and what to check."""


@dataclass
class SendReport:
    sent: int = 0
    already: int = 0
    batches: int = 0
    retries: int = 0


def statements_url(lrs: str) -> str:
    """Accept the LRS's xAPI base (…/xAPI) or its statements resource (…/xAPI/statements)."""
    url = lrs.rstrip("/")
    if not url.startswith(("http://", "https://")):
        raise SendError(f"--lrs {lrs}: give the LRS's address, starting http:// or https://")
    return url if url.endswith("/statements") else url + "/statements"


def send_statements(
    statements: list[dict[str, Any]],
    lrs: str,
    user: str,
    password: str,
    already_sent: set[str],
    mark_sent: Callable[[list[str]], None],
    *,
    batch: int = BATCH,
    retries: int = RETRIES,
    pause: float = 0.5,
) -> SendReport:
    url = statements_url(lrs)
    token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
    headers = {
        "Content-Type": "application/json",
        "X-Experience-API-Version": VERSION,
        "Authorization": f"Basic {token}",
    }
    report = SendReport()
    todo = [s for s in statements if s["id"] not in already_sent]
    report.already = len(statements) - len(todo)
    for start in range(0, len(todo), batch):
        chunk = todo[start : start + batch]
        body = json.dumps(chunk, ensure_ascii=False).encode("utf-8")
        report.retries += _post(url, body, headers, retries, pause)
        # Written down batch by batch: an interrupted send resumes where it stopped.
        mark_sent([s["id"] for s in chunk])
        report.sent += len(chunk)
        report.batches += 1
    return report


def _post(url: str, body: bytes, headers: dict[str, str], retries: int, pause: float) -> int:
    """POST one batch; the number of retries it took. Raises SendError when it gives up."""
    for attempt in range(retries + 1):
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                response.read(1_000_000)
            return attempt
        except urllib.error.HTTPError as exc:
            detail = exc.read(300).decode("utf-8", "replace").strip()
            if exc.code == 409:
                return attempt  # the LRS has these ids already: nothing new to add
            if exc.code in (401, 403):
                raise SendError(
                    f"{url}: the LRS refused the login (HTTP {exc.code}); check --user and "
                    "--password, and that the account may write statements"
                ) from None
            if exc.code not in (408, 429) and exc.code < 500:
                raise SendError(
                    f"{url}: the LRS rejected the statements (HTTP {exc.code}): {detail[:200]}"
                ) from None
            problem = f"HTTP {exc.code}"
        except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
            problem = str(getattr(exc, "reason", exc))
        if attempt < retries:
            time.sleep(pause * 2**attempt)
    raise SendError(
        f"{url}: could not reach the LRS after {retries + 1} tries ({problem}); "
        "check the address and the network, then send again (nothing is sent twice)"
    )
