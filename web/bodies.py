"""Read what is left of a request body before the connection closes, so a client still
sending it gets the answer (a 413, say) instead of a broken pipe.

Why: the app answers some requests without reading their body: a body over
``MAX_CONTENT_LENGTH`` is refused with 413 before a byte of it is read, and so are other
errors found from the headers alone. The server then closes the connection with the
unread body still arriving, and a kernel that closes a socket with unread data answers
with a TCP reset: a client that writes the whole body before it reads the answer
(Python's ``urllib`` and ``http.client``, which ``requests`` builds on) fails with
``EPIPE`` or "connection reset" and never sees the 413. curl reads while it sends, so it
did. nginx avoids this with its "lingering close": after the answer, it reads and
discards what the client still sends, for a bounded time, then closes.

How: :class:`DrainBody` is WSGI middleware around the Flask app, the same under
gunicorn (``qa serve``) and werkzeug's development server (``app.run()``). It counts what
the app reads of ``wsgi.input``; when the app has answered and the body was not read to
its end, it reads and discards the rest, after the answer has been written (the client
has it as soon as it reads) and before the server closes the connection:

- at most :data:`DRAIN_BYTES` bytes and :data:`DRAIN_SECONDS` seconds in all (each read
  waits at most what is left of that time, through the connection's socket, which both
  servers put in the environ), then it gives up: the socket's read side is shut, so the
  server reads no further either, and the connection closes as before. A client that
  announces a huge ``Content-Length`` and stops sending holds a worker no longer than
  the bound;
- a body with a ``Content-Length`` is read up to that length, never into a next request;
  a chunked body (the server ends it) to its end;
- a request without a body, or whose body the app read, passes through untouched (its
  answer is not even wrapped).

When the answer has a ``Content-Length`` the rest is read as soon as its last byte is
written; otherwise (a chunked answer, whose last chunk the server writes after the
app's iterable ends) when the server closes the iterable. The first way runs before
werkzeug's own drain, which reads with no time limit (a client that stalls would hold
its thread for ever).

Registered by :func:`web.errors.register`, which wraps ``app.wsgi_app``.
"""

from __future__ import annotations

import select
import socket
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

__all__ = ["DRAIN_BYTES", "DRAIN_SECONDS", "DrainBody"]

#: Read at most this much of a body the app left unread ...
DRAIN_BYTES = 32 * 1024 * 1024
#: ... for at most this long, then close the connection.
DRAIN_SECONDS = 5.0

_STEP = 64 * 1024
_SOCKETS = ("gunicorn.socket", "werkzeug.socket")

StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


class _CountingInput:
    """``wsgi.input`` as the app sees it, counting the bytes read and whether it ended."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.read_bytes = 0
        self.ended = False

    def _seen(self, data: bytes, asked: int | None) -> bytes:
        self.read_bytes += len(data)
        if not data and asked != 0:
            self.ended = True
        return data

    def read(self, size: int | None = -1) -> bytes:
        return self._seen(self.stream.read(size) if size is not None else self.stream.read(),
                          size)

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def readline(self, size: int | None = -1) -> bytes:
        return self._seen(self.stream.readline(size) if size is not None
                          else self.stream.readline(), size)

    def readlines(self, hint: int = -1) -> list[bytes]:
        lines = []
        total = 0
        while hint is None or hint <= 0 or total < hint:
            line = self.readline()
            if not line:
                break
            lines.append(line)
            total += len(line)
        return lines

    def __iter__(self) -> Iterator[bytes]:
        while True:
            line = self.readline()
            if not line:
                return
            yield line

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


def _content_length(environ: dict[str, Any]) -> int | None:
    try:
        value = int(environ.get("CONTENT_LENGTH") or "")
    except ValueError:
        return None
    return value if value >= 0 else None


class _Drain:
    """The unread rest of one request's body, read once, within the bounds."""

    def __init__(self, environ: dict[str, Any], counted: _CountingInput,
                 length: int | None, max_bytes: int, seconds: float) -> None:
        self.environ = environ
        self.counted = counted
        self.length = length
        self.max_bytes = max_bytes
        self.seconds = seconds
        self.done = False
        #: What happened, for the logs and tests: "complete", "gave up" or "nothing".
        self.outcome = "nothing"

    def left(self) -> int | None:
        """Bytes still to come (None: until the stream ends), 0 when the body was read."""
        if self.counted.ended:
            return 0
        if self.length is not None:
            return max(0, self.length - self.counted.read_bytes)
        return None

    def __call__(self) -> None:
        if self.done:
            return
        self.done = True
        left = self.left()
        if left == 0:
            return
        sock = next((self.environ[k] for k in _SOCKETS
                     if isinstance(self.environ.get(k), socket.socket)), None)
        stream = self.counted.stream
        if sock is not None and hasattr(stream, "read1"):
            outcome = self._drain(left, _Polling(sock, stream))
        else:
            outcome = self._drain(left, _Waiting(sock, stream))
        self.outcome = outcome
        self.environ["qa.drained"] = outcome

    def _drain(self, left: int | None, reader: _Reader) -> str:
        deadline = time.monotonic() + self.seconds
        budget = self.max_bytes
        outcome = "gave up"
        try:
            while budget > 0:
                data = reader.read(min(_STEP, budget if left is None else min(left, budget)),
                                   deadline - time.monotonic())
                if data is None:
                    break                                 # out of time
                if not data:
                    outcome = "complete"                  # the client closed, or the end
                    break
                budget -= len(data)
                if left is not None:
                    left -= len(data)
                    if left == 0:
                        outcome = "complete"
                        break
        except (OSError, ValueError):
            reader.broken = True                          # reset, or already closed
        finally:
            reader.done(outcome == "complete")
        return outcome


class _Reader:
    """Reads a body stream with a deadline; ``None`` when the time is up."""

    def __init__(self, sock: socket.socket | None, stream: Any) -> None:
        self.sock = sock
        self.stream = stream
        self.timeout = sock.gettimeout() if sock is not None else None
        self.broken = False

    def read(self, size: int, remaining: float) -> bytes | None:
        raise NotImplementedError

    def done(self, complete: bool) -> None:
        """Put the socket back; when giving up, shut its read side so that the server
        reads no further either (werkzeug's own drain would, with no time limit)."""
        if self.sock is None:
            return
        try:
            if not complete and not self.broken:
                self.sock.shutdown(socket.SHUT_RD)
            self.sock.settimeout(self.timeout)
        except OSError:
            pass


class _Waiting(_Reader):
    """A stream that reads the socket itself (gunicorn's body, a dechunking reader): each
    read waits at most the time left, as the socket's timeout. A read that timed out
    leaves a buffered reader unusable, so the read side is then left as it is."""

    def read(self, size: int, remaining: float) -> bytes | None:
        if remaining <= 0:
            return None
        if self.sock is not None:
            self.sock.settimeout(remaining)
        try:
            return bytes(self.stream.read(size))
        except TimeoutError:
            self.broken = True
            return None


class _Polling(_Reader):
    """A buffered reader over the socket (werkzeug's ``rfile``): what it holds is taken
    first, then the socket is polled without blocking, so the reader is never left in a
    timed-out state."""

    def __init__(self, sock: socket.socket, stream: Any) -> None:
        super().__init__(sock, stream)
        sock.setblocking(False)

    def read(self, size: int, remaining: float) -> bytes | None:
        assert self.sock is not None
        data = self.stream.read1(size)        # b"" or None: nothing now, or the end
        if data:
            return bytes(data)
        if remaining <= 0 or not select.select([self.sock], [], [], remaining)[0]:
            return None
        return bytes(self.stream.read1(size) or b"")


class _Answer:
    """The app's answer, which reads the unread body once the answer is written."""

    def __init__(self, iterable: Iterable[bytes], drain: _Drain, eager: Callable[[], bool]
                 ) -> None:
        self.iterable = iterable
        self.drain = drain
        self.eager = eager

    def __iter__(self) -> Iterator[bytes]:
        written = False
        for chunk in self.iterable:
            written = written or bool(chunk)
            yield chunk
        if self.eager():
            if not written:
                yield b""                      # both servers send the headers on a write
            self.drain()

    def close(self) -> None:
        try:
            close = getattr(self.iterable, "close", None)
            if close is not None:
                close()
        finally:
            self.drain()


class DrainBody:
    """WSGI middleware: the body a request's answer left unread is read before closing."""

    def __init__(self, app: WSGIApp, *, max_bytes: int = DRAIN_BYTES,
                 seconds: float = DRAIN_SECONDS) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.seconds = seconds

    def __call__(self, environ: dict[str, Any], start_response: StartResponse
                 ) -> Iterable[bytes]:
        length = _content_length(environ)
        chunked = "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()
        stream = environ.get("wsgi.input")
        if stream is None or not (chunked or length):
            return self.app(environ, start_response)
        counted = _CountingInput(stream)
        environ["wsgi.input"] = counted
        sized: list[bool] = []

        def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            sized[:] = [any(k.lower() == "content-length" for k, _ in headers)]
            return start_response(status, headers, exc_info)

        drain = _Drain(environ, counted, None if chunked else length, self.max_bytes,
                       self.seconds)
        iterable = self.app(environ, start)
        if drain.left() == 0:
            return iterable                    # the app read it all
        return _Answer(iterable, drain, lambda: bool(sized and sized[0]))
