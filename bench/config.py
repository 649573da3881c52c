"""The paths, knobs and log line every bench command shares.

Read once per process: `make bench`, `make soak` and `make bench-live` import
this module rather than each other's scripts, so a script run as `__main__` is
never imported a second time (which would, among other things, make a second
secret key). See bench/README.md for the knobs.
"""

import os
import secrets
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench" / ".cache"
RESULTS = ROOT / "bench" / "RESULTS.md"
PYTHON = sys.executable
FULL_SIZE = 100_000
EVENTS = int(os.environ.get("BENCH_EVENTS", FULL_SIZE))
SEED = 1
DURATION = int(os.environ.get("BENCH_DURATION", "10"))
WARMUP = 2
# Seconds wrk waits for an answer before counting a timeout.
WRK_TIMEOUT = 5
CONNECTIONS = 8
THREADS = 2
WORKERS = 2
# The TLS proxy's header, so production's HTTPS redirect lets plain HTTP through.
PROXY_HEADER = ("X-Forwarded-Proto", "https")
POSTGRES_URL = os.environ.get(
    "BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/academy_bench"
)
REBUILD = os.environ.get("BENCH_REBUILD", "") == "1"
# A fresh key per run: production settings refuse to start without one.
SECRET_KEY = secrets.token_urlsafe(50)


def log(message):
    sys.stdout.write(f"[bench] {message}\n")
    sys.stdout.flush()
