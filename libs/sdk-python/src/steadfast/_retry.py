"""When a request may be sent again, and how long to wait first. Pure, so it is tested without a server."""

from __future__ import annotations

import random
import time
from email.utils import parsedate_to_datetime

# 429: a rate limit, 503: Temporal or Postgres briefly unreachable. Either may pass on its own.
RETRYABLE_STATUSES = frozenset({429, 503})
BASE_DELAY_S = 0.5
MAX_DELAY_S = 8.0


def should_retry(*, idempotent: bool, attempt: int, retries: int, status: int | None) -> bool:
    """`attempt` counts from 0; `status` None means the request got no answer (a transport error).

    Only an idempotent call is sent twice: a GET, or a create carrying an idempotency key, which the
    server answers with the first run however often it arrives.
    """
    if not idempotent or attempt >= retries:
        return False
    return status is None or status in RETRYABLE_STATUSES


def parse_retry_after(header: str | None, *, now: float | None = None) -> float | None:
    """Retry-After as seconds to wait: delta-seconds or an HTTP date (RFC 9110 10.2.3)."""
    if header is None or header.strip() == "":
        return None
    value = header.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def backoff_delay(attempt: int, retry_after: float | None, *, rng: random.Random | None = None) -> float:
    """The server's Retry-After when it sent one; otherwise exponential backoff with jitter.

    Jitter keeps many clients refused at the same moment from coming back at the same moment.
    """
    if retry_after is not None:
        return retry_after
    ceiling = min(MAX_DELAY_S, BASE_DELAY_S * 2.0**attempt)
    draw = rng.random() if rng is not None else random.random()
    return ceiling * (0.5 + draw / 2)
