"""A Server-Sent Events parser: the WHATWG HTML "event stream interpretation" rules, fed text in any chunks.

httpx hands over whatever the socket delivered, so a line (even a CRLF pair) may be split across chunks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_LINE_END = re.compile(r"\r\n|\r|\n")
_DIGITS = re.compile(r"[0-9]+")


@dataclass(frozen=True)
class SseMessage:
    data: str
    # The last `id:` seen on the stream so far, which need not be on this message (the spec's lastEventId).
    last_event_id: str
    event: str = "message"
    # Whether this message itself carried an `id:` line: the stream's `connected` frame does not.
    has_id: bool = False


class SseParser:
    def __init__(self) -> None:
        self._buffer = ""
        self._started = False
        self._after_cr = False
        self._data: list[str] = []
        self._event = ""
        self._id_buffer = ""
        self._id_seen = False
        self.last_event_id = ""
        self.retry_ms: int | None = None

    def feed(self, chunk: str) -> list[SseMessage]:
        if not chunk:
            return []
        if not self._started:
            self._started = True
            chunk = chunk.removeprefix("\ufeff")
        if self._after_cr and chunk.startswith("\n"):
            # The LF of a CRLF whose CR ended the previous chunk.
            chunk = chunk[1:]
        self._after_cr = False
        text = self._buffer + chunk
        messages: list[SseMessage] = []
        pos = 0
        for match in _LINE_END.finditer(text):
            self._line(text[pos : match.start()], messages)
            pos = match.end()
            if match.group() == "\r" and pos == len(text):
                self._after_cr = True
        self._buffer = text[pos:]
        return messages

    def _line(self, line: str, out: list[SseMessage]) -> None:
        if line == "":
            self._dispatch(out)
            return
        if line.startswith(":"):
            return
        field, colon, value = line.partition(":")
        if colon and value.startswith(" "):
            value = value[1:]
        if field == "data":
            self._data.append(value)
        elif field == "event":
            self._event = value
        elif field == "id":
            if "\0" not in value:
                self._id_buffer = value
                self._id_seen = True
        elif field == "retry" and _DIGITS.fullmatch(value):
            self.retry_ms = int(value)

    def _dispatch(self, out: list[SseMessage]) -> None:
        self.last_event_id = self._id_buffer
        has_id = self._id_seen
        self._id_seen = False
        if not self._data:
            self._event = ""
            return
        out.append(SseMessage("\n".join(self._data), self.last_event_id, self._event or "message", has_id))
        self._data = []
        self._event = ""
