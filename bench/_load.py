"""Open-loop load at a fixed offered rate (wrk2 is not packaged for Debian, wrk only runs closed loops).

Request i is due at start + i / rate, whether or not earlier ones have been answered; its latency is
measured from that due time, not from when it was actually sent, so a stalled server is charged for
every request that waited behind it (no coordinated omission). One HTTP/1.1 connection per request
with "Connection: close", as gunicorn's sync workers close each connection anyway. Loopback only.
"""

import asyncio
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit


@dataclass
class Result:
    offered_rate: float
    seconds: float
    latencies: list = field(default_factory=list)  # seconds, of the successful (2xx) requests
    errors: dict = field(default_factory=dict)  # "HTTP 500", "timeout", exception name -> count

    @property
    def sent(self) -> int:
        return len(self.latencies) + sum(self.errors.values())

    def percentile(self, p: float) -> float:
        """Nearest rank, in milliseconds (errors not included)."""
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))] * 1000

    def summary(self) -> dict:
        return {"rate": self.offered_rate, "sent": self.sent, "p50": self.percentile(50),
                "p90": self.percentile(90), "p99": self.percentile(99),
                "max": max(self.latencies, default=float("nan")) * 1000,
                "errors": sum(self.errors.values()), "error_kinds": dict(self.errors)}


async def _request(host: str, port: int, payload: bytes) -> int:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        writer.write(payload)
        status = int((await reader.readline()).split()[1])
        length = None
        while (line := await reader.readline()) not in (b"\r\n", b"\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            if name.strip().lower() == "content-length":
                length = int(value)
        if length is not None:
            await reader.readexactly(length)
        else:
            await reader.read()  # until the server closes
        return status
    finally:
        writer.close()


def _payload(host: str, port: int, path: str, headers: dict, body: bytes | None = None) -> bytes:
    """A GET, or a POST when there is a body (its Content-Type comes with `headers`)."""
    method = "POST" if body is not None else "GET"
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}:{port}", "Connection: close", "User-Agent: luukku-bench",
             *(f"{k}: {v}" for k, v in headers.items())]
    if body is not None:
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + (body or b"")


async def _run(base: str, targets: list, rate: float, seconds: float, timeout: float, max_in_flight: int) -> Result:
    parts = urlsplit(base)
    host, port = parts.hostname, parts.port or 80
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise ValueError("load is only sent to this machine")
    payloads = [_payload(host, port, *target) for target in targets]
    result = Result(rate, seconds)
    loop = asyncio.get_running_loop()
    in_flight = set()

    def failed(kind: str):
        result.errors[kind] = result.errors.get(kind, 0) + 1

    async def one(payload: bytes, due: float):
        try:
            status = await asyncio.wait_for(_request(host, port, payload), timeout)
        except TimeoutError:
            failed("timeout")
            return
        except (OSError, ValueError, IndexError, asyncio.IncompleteReadError) as exc:
            failed(type(exc).__name__)
            return
        if 200 <= status < 300:
            result.latencies.append(loop.time() - due)
        else:
            failed(f"HTTP {status}")

    total = int(rate * seconds)
    start = loop.time() + 0.05
    for i in range(total):
        due = start + i / rate
        delay = due - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        if len(in_flight) >= max_in_flight:
            failed("too many in flight")
            continue
        task = asyncio.create_task(one(payloads[i % len(payloads)], due))
        in_flight.add(task)
        task.add_done_callback(in_flight.discard)
    if in_flight:
        await asyncio.wait(in_flight)
    return result


def fixed_rate(base: str, targets: list[tuple[str, dict]], rate: float = 200, seconds: float = 20,
               timeout: float = 10, max_in_flight: int = 1000) -> Result:
    """GET the (path, headers) targets — or POST the (path, headers, body) ones — in turn at `rate`
    requests per second for `seconds`."""
    started = time.perf_counter()
    result = asyncio.run(_run(base, targets, rate, seconds, timeout, max_in_flight))
    result.seconds = time.perf_counter() - started
    return result
