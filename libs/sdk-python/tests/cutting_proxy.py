"""A TCP proxy in front of the real API that cuts its first connections part-way through the answer's body,
as a flaky network or a proxy's idle timeout does."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Callable

HEAD_END = b"\r\n\r\n"


class CuttingProxy:
    def __init__(self, host: str, port: int, *, cut_after: int, cuts: int) -> None:
        self.upstream = (host, port)
        self.cut_after = cut_after
        self.cuts = cuts
        self.connections = 0
        self._listener = socket.create_server(("127.0.0.1", 0))

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._listener.getsockname()[1]}"

    def __enter__(self) -> CuttingProxy:
        self._spawn(self._accept)
        return self

    def __exit__(self, *exc: object) -> None:
        self._listener.close()

    def _spawn(self, target: Callable[..., None], *args: object) -> None:
        threading.Thread(target=target, args=args, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            self.connections += 1
            upstream = socket.create_connection(self.upstream)
            self._spawn(self._pipe, client, upstream)
            self._spawn(self._answer, upstream, client, self.connections <= self.cuts)

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while chunk := source.recv(65536):
                sink.sendall(chunk)
        except OSError:
            pass

    def _answer(self, upstream: socket.socket, client: socket.socket, cut: bool) -> None:
        """Forwards the answer; on a connection to cut, only its head and `cut_after` bytes of its body."""
        sent = 0
        limit: int | None = None
        seen = b""
        try:
            while chunk := upstream.recv(65536):
                if cut and limit is None:
                    seen += chunk
                    if HEAD_END in seen:
                        limit = seen.index(HEAD_END) + len(HEAD_END) + self.cut_after
                if limit is not None:
                    chunk = chunk[: limit - sent]
                client.sendall(chunk)
                sent += len(chunk)
                if limit is not None and sent >= limit:
                    break
        except OSError:
            pass
        finally:
            for end in (client, upstream):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)
                end.close()
