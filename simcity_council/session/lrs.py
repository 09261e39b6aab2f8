"""Send xAPI statements to a learning record store (LRS): ``export --format xapi --lrs URL``.

Statements go in batches (POST ``<endpoint>/statements``, xAPI 1.0.3), each retried with a
growing pause when the LRS is unreachable, busy (429) or failing (5xx). Statement ids are
derived from their content (:func:`.xapi.statement_id`), so sending the same logs again stores
nothing twice: the LRS answers which ids it stored, and the rest it had already. The report says
how many were stored, how many were there before, and how many requests were retried.

Only the standard library is used (urllib), with HTTP basic authentication.
"""

from __future__ import annotations

import base64
import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import LogError, UsageError

XAPI_VERSION_HEADER = "1.0.3"
AUTH_ENV = "SIMCITY_COUNCIL_LRS_AUTH"
_RETRY_STATUS = frozenset({408, 429, 500, 502, 503, 504})


@dataclass
class PostReport:
    """What the LRS did with the statements sent."""

    endpoint: str
    statements: int = 0  # sent
    batches: int = 0
    stored: int = 0  # new in the LRS
    already: int = 0  # the LRS had them (same ids, same content)
    retries: int = 0  # requests sent again after a failure

    def text(self) -> str:
        """The report in one line, for the command's output."""
        retried = f"; {self.retries} request(s) retried" if self.retries else ""
        return (
            f"sent {self.statements} xAPI statement(s) in {self.batches} batch(es) to "
            f"{self.endpoint}: {self.stored} stored, {self.already} already in the LRS{retried}"
        )


def statements_endpoint(url: str) -> str:
    """The statements resource of an LRS endpoint (``.../xAPI/`` -> ``.../xAPI/statements``)."""
    if not url.startswith(("http://", "https://")):
        raise UsageError(f"--lrs must be an http(s) URL of the LRS's xAPI endpoint, got {url!r}")
    url = url.split("?", 1)[0].rstrip("/")
    return url if url.endswith("/statements") else url + "/statements"


def basic_auth(credentials: str | None) -> str | None:
    """``USER:PASSWORD`` as an Authorization header value (None: no authentication)."""
    if not credentials:
        return None
    if ":" not in credentials:
        raise UsageError(f"--auth wants USER:PASSWORD (or set {AUTH_ENV}), got no ':'")
    return "Basic " + base64.b64encode(credentials.encode("utf-8")).decode("ascii")


def post_statements(
    statements: Sequence[dict[str, Any]],
    url: str,
    auth: str | None = None,
    *,
    batch_size: int = 200,
    retries: int = 4,
    timeout: float = 30.0,
    pause: Callable[[float], None] = time.sleep,
) -> PostReport:
    """POST ``statements`` in batches; a :class:`PostReport`. :class:`LogError` when the LRS
    refuses them (with its reason) or stays unreachable after ``retries``."""
    endpoint = statements_endpoint(url)
    header = basic_auth(auth)
    report = PostReport(endpoint)
    for start in range(0, len(statements), batch_size):
        batch = list(statements[start : start + batch_size])
        stored = _post(endpoint, header, batch, retries, timeout, pause, report)
        report.batches += 1
        report.statements += len(batch)
        report.stored += stored
        report.already += len(batch) - stored
    return report


def _post(
    endpoint: str,
    header: str | None,
    batch: list[dict[str, Any]],
    retries: int,
    timeout: float,
    pause: Callable[[float], None],
    report: PostReport,
) -> int:
    """One batch; the number of statements the LRS stored (new ones)."""
    body = json.dumps(batch, ensure_ascii=False).encode("utf-8")
    headers = {"Content-Type": "application/json", "X-Experience-API-Version": XAPI_VERSION_HEADER}
    if header:
        headers["Authorization"] = header
    problem = ""
    for attempt in range(retries + 1):
        if attempt:
            report.retries += 1
            pause(0.5 * 2 ** (attempt - 1))
        request = urllib.request.Request(endpoint, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                status, text = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read()
            if status in _RETRY_STATUS:
                problem = f"the LRS answered {status} {error.reason}"
                continue
            raise LogError(_refused(endpoint, status, text, report)) from None
        except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as error:
            reason = getattr(error, "reason", error)
            problem = f"cannot reach the LRS ({reason})"
            continue
        if status == 204:
            return 0  # the LRS had every statement of the batch
        try:
            ids = json.loads(text)
        except ValueError:
            raise LogError(
                f"{endpoint}: the LRS answered {status} but not with a list of statement ids"
            ) from None
        if not isinstance(ids, list):
            raise LogError(f"{endpoint}: the LRS answered {status} with {str(ids)[:80]!r}")
        return len(ids)
    sent = report.stored + report.already
    raise LogError(
        f"{endpoint}: {problem}, also after {retries} retries; {sent} statement(s) were sent "
        "before (send again: statements already stored are not stored twice)"
    )


def _refused(endpoint: str, status: int, text: bytes, report: PostReport) -> str:
    detail = text.decode("utf-8", "replace").strip().replace("\n", " ")
    if len(detail) > 300:
        detail = detail[:297] + "..."
    why = {
        400: "the LRS refused the statements as invalid",
        401: "the LRS wants credentials: pass --auth USER:PASSWORD",
        403: "the LRS refused these credentials for writing statements",
        404: "no xAPI statements resource at this URL (give the LRS's xAPI endpoint, e.g. "
        "http://host:8100/xAPI/)",
        409: "the LRS already holds different statements with these ids",
    }.get(status, f"the LRS answered {status}")
    sent = report.stored + report.already
    before = f"; {sent} statement(s) were sent before" if sent else ""
    return f"{endpoint}: {why} ({detail}){before}"
