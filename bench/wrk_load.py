"""Load with wrk: install it, run it on a URL or a list of paths, read its
summary.

wrk (C, Debian's package) rather than locust (Python, not a dependency of
ours), because on the 2 cores the server shares with its load generator,
locust measures itself. Measured 2026-12-07 on this machine (2 CPUs, AMD
EPYC, load average 8 to 10 from other jobs), gunicorn's 2 workers serving a
47 kB static file through WhiteNoise, 8 connections for 20 s, two rounds;
locust 2.47 in one process (one core), installed in a throwaway venv:

    load generator            req/s       its CPU per request
    wrk -t1 -c8               700-1050    57-86 us
    wrk -t2 -c8 (make bench)  1140-1290   54-79 us
    locust FastHttpUser -u8   530-615     440-460 us
    locust HttpUser -u8       230-360     1040-1370 us

locust reaches half of wrk's rate at best, taking 8 to 20 times its CPU per
request away from the server, so a ceiling measured with it would be
locust's. For the staff writers, see admin_client.py.
"""

import json
import re
import shutil
import subprocess

from config import CONNECTIONS, PROXY_HEADER, THREADS, WRK_TIMEOUT, log


def ensure_wrk():
    if shutil.which("wrk"):
        return
    log("installing Debian's wrk")
    subprocess.run(["apt-get", "update", "-qq"], check=True, timeout=300)
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, timeout=300)


UNITS = {"us": 0.001, "ms": 1, "s": 1000, "m": 60_000, "h": 3_600_000}


def milliseconds(text):
    number, unit = re.fullmatch(r"([\d.]+)([a-z]+)", text).groups()
    return float(number) * UNITS[unit]


LATENCY = re.compile(r"^\s+(?:50|99)%\s+(\S+)\s*$", re.MULTILINE)
SOCKET_ERRORS = re.compile(
    r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)"
)


def wrk(
    url,
    duration,
    connections=CONNECTIONS,
    timeout=WRK_TIMEOUT,
    script=None,
    threads=THREADS,
):
    """Load url (or the paths a Lua script picks) and read wrk's summary."""
    args = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration}s",
        f"--timeout={timeout}s",
        "--header=" + ": ".join(PROXY_HEADER),
    ]
    if script:
        args.append(f"--script={script}")
    output = subprocess.run(
        [*args, "--latency", url],
        check=True,
        text=True,
        capture_output=True,
        timeout=duration + 60,
    ).stdout
    median, p99 = (milliseconds(value) for value in re.findall(LATENCY, output))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    non_2xx = int(non_2xx.group(1)) if non_2xx else 0
    # Connect, read and write errors, and answers later than the timeout.
    sockets = re.search(SOCKET_ERRORS, output)
    sockets = sum(int(n) for n in sockets.groups()) if sockets else 0
    return {
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        # wrk leaves late answers out of its latencies: all late reads as 0.
        "median_ms": median or None,
        "p99_ms": p99 or None,
        "non_2xx": non_2xx,
        "socket_errors": sockets,
        "errors": non_2xx + sockets,
    }


def lua_script(paths):
    """wrk walks the pages in turn, its two threads starting half a list apart."""
    listed = ",\n".join(f"  {json.dumps(path)}" for path in paths)
    return (
        "-- Written by bench/ for one run.\n"
        f"local paths = {{\n{listed}\n}}\n"
        "local threads = 0\n"
        "function setup(thread)\n"
        "  thread:set('first', threads * math.floor(#paths / 2))\n"
        "  threads = threads + 1\n"
        "end\n"
        "function init(args)\n"
        "  index = first\n"
        "end\n"
        "function request()\n"
        "  index = index % #paths + 1\n"
        "  return wrk.format(nil, paths[index])\n"
        "end\n"
    )


def lua_script_once(paths, threads):
    """wrk asks for each page once: each thread walks its own share of the
    pages and stops at its end. A connection still waiting to send when its
    thread's share runs out asks for the share's last page again (at most a
    few requests of thousands)."""
    listed = ",\n".join(f"  {json.dumps(path)}" for path in paths)
    return (
        "-- Written by bench/ for one run.\n"
        f"local paths = {{\n{listed}\n}}\n"
        "local threads = 0\n"
        f"local share = math.floor(#paths / {threads})\n"
        "function setup(thread)\n"
        "  thread:set('first', threads * share)\n"
        "  threads = threads + 1\n"
        "end\n"
        "function init(args)\n"
        "  sent = 0\n"
        "  answered = 0\n"
        "end\n"
        "function request()\n"
        "  sent = math.min(sent + 1, share)\n"
        "  return wrk.format(nil, paths[first + sent])\n"
        "end\n"
        "function response(status, headers, body)\n"
        "  answered = answered + 1\n"
        "  if answered >= share then wrk.thread:stop() end\n"
        "end\n"
    )
