"""The load generator, run as its own process so it does not share a CPU budget with
the server's Python: ``python bench/load.py URL TOKEN --clients 4 --seconds 8``.

Keep-alive HTTP/1.1 clients on threads hit one URL on loopback for a bounded time and a
bounded number of requests, then print JSON: requests, errors, req/s, p50 and p95 (ms)."""
from __future__ import annotations

import argparse
import http.client
import json
import statistics
import threading
import time
from urllib.parse import urlsplit

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
MAX_REQUESTS = 20_000


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("token")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=8)
    args = parser.parse_args()
    url = urlsplit(args.url)
    if url.hostname not in LOOPBACK:
        raise SystemExit("load only against loopback")
    path = url.path + (f"?{url.query}" if url.query else "")
    latencies, errors, lock = [], [0], threading.Lock()
    deadline = time.monotonic() + args.seconds

    def client():
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
        headers = {"Authorization": f"Token {args.token}", "Accept": "application/json"}
        while time.monotonic() < deadline:
            with lock:
                if len(latencies) + errors[0] >= MAX_REQUESTS:
                    return
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
                conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
            took = time.perf_counter() - started
            with lock:
                if ok:
                    latencies.append(took)
                else:
                    errors[0] += 1

    started = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(args.clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    latencies.sort()
    quantiles = statistics.quantiles(latencies, n=20) if len(latencies) >= 2 else [float("nan")] * 19
    print(json.dumps({"requests": len(latencies), "errors": errors[0], "req_s": len(latencies) / elapsed,
                      "p50_ms": 1000 * statistics.median(latencies) if latencies else None,
                      "p95_ms": 1000 * quantiles[18]}))


if __name__ == "__main__":
    main()
