"""Load test over loopback: N concurrent searches and asks against a real `sleuth serve`; p50/p95 and errors.

By default it starts its own server process (tmp data dir, minilm-int8, a throw-away redis-server when one is
installed), uploads the sample corpus (`samples/`, 13 files) through the API, then runs each level. Searches and
asks use distinct texts per request (uncached), then one repeated text (served from the Redis cache). Asks run the
real agent: Claude when ANTHROPIC_API_KEY is set in the environment, else the LLM-free extractive path. An error
is any answer other than 200 (or a transport failure); the status codes are listed under the table.

    flock /tmp/sleuth-heavy.lock .venv/bin/python bench/load.py [--levels 1,10,50] [--requests 100] [--asks 20]
    .venv/bin/python bench/load.py --url http://127.0.0.1:8000 --collection c   # an already running server
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx

Maker = Callable[[int, int], tuple[str, dict[str, object]]]

ROOT = Path(__file__).resolve().parents[1]
FORMATS = {".md", ".txt", ".html", ".pdf"}
WORDS = [
    "bridge",
    "founder",
    "novel",
    "acquired",
    "startup",
    "engineer",
    "payments",
    "fraud",
    "Lagos",
    "Oslo",
    "Nairobi",
    "ledger",
    "analytics",
]
# The sample corpus's multi-hop questions (samples/README.md).
QUESTIONS = [
    "Which company acquired the startup founded by the author of The Quiet Ledger, and when?",
    "Who was chief executive of the company that bought Brightwell Analytics when the deal closed?",
    "Which group owns the company the author of The Quiet Ledger works for, and what did it pay?",
    "In which city is the company founded by Brightwell Analytics' CTO, and what is its product called?",
    "What is Mara Okafor's startup's fraud product called since the acquisition?",
    "Which venture firm invested in both Brightwell Analytics and the startup its CTO founded later?",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def local_server(data_dir: Path) -> Iterator[str]:
    """`sleuth serve` in its own process (so the load generator does not share its GIL), plus redis-server."""
    procs: list[subprocess.Popen[bytes]] = []
    env = {
        **os.environ,
        "SLEUTH_DATA_DIR": str(data_dir),
        "SLEUTH_EMBEDDER": "minilm-int8",
        "SLEUTH_RATE_PER_MINUTE": "1000000",
    }
    if shutil.which("redis-server"):
        rport = free_port()
        redis_cmd = ["redis-server", "--port", str(rport), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        procs.append(subprocess.Popen(redis_cmd, stdout=subprocess.DEVNULL))
        env["SLEUTH_REDIS_URL"] = f"redis://127.0.0.1:{rport}/0"
    port = free_port()
    sleuth = str(Path(sys.executable).with_name("sleuth"))
    procs.append(
        subprocess.Popen(
            [sleuth, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{url}/readyz", timeout=1).status_code == 200:
                    break
            time.sleep(0.1)
        else:
            raise RuntimeError("server did not become ready")
        yield url
    finally:
        for p in reversed(procs):
            p.terminate()
            p.wait(30)


def upload(url: str, collection: str, corpus: Path) -> None:
    """Upload every document of `corpus` (the formats the ingester reads; README.md holds the answers, not data)."""
    paths = sorted(p for p in corpus.rglob("*") if p.suffix in FORMATS and p.name != "README.md")
    files = [("files", (p.name, p.read_bytes(), "application/octet-stream")) for p in paths]
    job = httpx.post(f"{url}/v1/collections/{collection}/documents", files=files, timeout=60).json()
    while job["state"] in ("queued", "running"):
        time.sleep(0.2)
        job = httpx.get(f"{url}/v1/jobs/{job['job_id']}").json()
    if job["state"] != "succeeded" or job["errors"]:
        raise RuntimeError(f"ingest failed: {job}")
    print(f"ingested {len(paths)} files from {corpus} into {collection!r}")


async def level(client: httpx.AsyncClient, n: int, total: int, make: Maker, codes: Counter[str]) -> dict[str, float]:
    """Run `total` requests with at most `n` in flight; latency percentiles in ms and the error count."""
    sem = asyncio.Semaphore(n)
    lat: list[float] = []
    errors = 0

    async def one(i: int) -> None:
        nonlocal errors
        path, body = make(n, i)
        async with sem:
            t0 = time.perf_counter()
            try:
                r = await client.post(path, json=body)
                code = str(r.status_code)
            except httpx.HTTPError as e:
                code = type(e).__name__
            lat.append((time.perf_counter() - t0) * 1000)
            if code != "200":
                errors += 1
                codes[code] += 1

    t0 = time.perf_counter()
    await asyncio.gather(*(one(i) for i in range(total)))
    wall = time.perf_counter() - t0
    q = statistics.quantiles(lat, n=20) if len(lat) > 1 else [lat[0]] * 19
    return {"p50": statistics.median(lat), "p95": q[18], "errors": errors, "rps": total / wall}


async def run(url: str, collection: str, levels: list[int], total: int, asks: int) -> None:
    codes: Counter[str] = Counter()

    def search_fresh(n: int, i: int) -> tuple[str, dict[str, object]]:
        # Unique across levels too, so no level reads another's cached results.
        q = f"{WORDS[i % len(WORDS)]} {WORDS[(i * 7 + 3) % len(WORDS)]} {n}x{i}"
        return f"/v1/collections/{collection}/search", {"query": q, "k": 5}

    def search_same(_n: int, _i: int) -> tuple[str, dict[str, object]]:
        return f"/v1/collections/{collection}/search", {"query": "who designed the bridge", "k": 5}

    def ask_fresh(n: int, i: int) -> tuple[str, dict[str, object]]:
        question = f"{QUESTIONS[i % len(QUESTIONS)]} (request {n}x{i})"
        return f"/v1/collections/{collection}/ask", {"question": question}

    def ask_same(_n: int, _i: int) -> tuple[str, dict[str, object]]:
        return f"/v1/collections/{collection}/ask", {"question": QUESTIONS[0]}

    limits = httpx.Limits(max_connections=max(levels) + 5)
    print(f"{'kind':<16}{'N':>4}{'reqs':>6}{'p50 ms':>10}{'p95 ms':>10}{'req/s':>9}{'errors':>8}")
    async with httpx.AsyncClient(base_url=url, timeout=120, limits=limits) as client:
        for kind, make, count in (
            ("search-uncached", search_fresh, total),
            ("search-cached", search_same, total),
            ("ask-uncached", ask_fresh, asks),
            ("ask-cached", ask_same, asks),
        ):
            for n in levels:
                if count == 0:
                    continue
                reqs = max(count, n)
                r = await level(client, n, reqs, make, codes)
                print(f"{kind:<16}{n:>4}{reqs:>6}{r['p50']:>10.1f}{r['p95']:>10.1f}{r['rps']:>9.1f}{r['errors']:>8}")
    if codes:
        print("errors by status:", dict(codes))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", help="An already running server (default: start one)")
    ap.add_argument("--collection", default="bench")
    ap.add_argument("--corpus", type=Path, default=ROOT / "samples", help="Documents to upload to a started server")
    ap.add_argument("--levels", default="1,10,50")
    ap.add_argument("--requests", type=int, default=100, help="Searches per level")
    ap.add_argument("--asks", type=int, default=20, help="Asks per level (0 to skip)")
    args = ap.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]  # rows appear as levels finish
    levels = [int(x) for x in args.levels.split(",")]
    if args.url:
        asyncio.run(run(args.url, args.collection, levels, args.requests, args.asks))
        return
    with tempfile.TemporaryDirectory() as tmp, local_server(Path(tmp)) as url:
        upload(url, args.collection, args.corpus)
        asyncio.run(run(url, args.collection, levels, args.requests, args.asks))


if __name__ == "__main__":
    main()
