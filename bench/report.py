"""bench/RESULTS.md: the machine's description, `make bench`'s tables, and the
sections other commands keep between markers."""

import datetime
import os
import platform
import re
import sys
from pathlib import Path

from config import (
    CONNECTIONS,
    DURATION,
    EVENTS,
    FULL_SIZE,
    RESULTS,
    SEED,
    THREADS,
    WARMUP,
    WORKERS,
    WRK_TIMEOUT,
)

# Latency and query targets from issue 7.
MEDIAN_TARGET_MS = 50
P99_TARGET_MS = 200
QUERY_TARGET = 15


def run_date():
    """When the results were measured, as each section's header says it."""
    return datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")


def machine():
    # The kernel's total memory, as /proc/meminfo's MemTotal (sysinfo's totalram).
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    cpu = ""
    # The model's name is in no stdlib call (platform.processor() is empty on Linux).
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    return {
        "nproc": os.cpu_count(),
        "memory": f"{memory / 1024**3:.1f} GiB",
        "cpu": cpu,
        "kernel": platform.release(),
        "python": platform.python_version(),
    }


def verdict(page):
    misses = []
    if page["median_ms"] is None or page["median_ms"] >= MEDIAN_TARGET_MS:
        misses.append("median")
    if page["p99_ms"] is None or page["p99_ms"] >= P99_TARGET_MS:
        misses.append("p99")
    if page["queries_first"] >= QUERY_TARGET:
        misses.append("queries")
    if page["errors"]:
        misses.append("errors")
    return "yes" if not misses else "no: " + ", ".join(misses)


def milliseconds_cell(value):
    return f"none in {WRK_TIMEOUT} s" if value is None else f"{value:.1f}"


def table(result):
    ceiling = result["pages"][-1].get("rps")
    lines = [
        f"### {result['label']}",
        "",
        f"{result['database']}",
        "",
        "| Page | Path | Req/s | % of static | Median ms | p99 ms | Errors | "
        "SQL queries (first / repeat) | Bytes | Targets met |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|---|",
    ]
    for page in result["pages"]:
        path = page["path"].replace("|", "%7C")
        if "rps" not in page:
            status = page["status"]
            if isinstance(status, int):
                status = "not available" if status == 404 else f"HTTP {status}"
            lines.append(f"| {page['name']} | `{path}` | {status} | | | | | | | |")
            continue
        share = f"{100 * page['rps'] / ceiling:.0f} %" if ceiling else ""
        lines.append(
            f"| {page['name']} | `{path}` | {page['rps']:.0f} | {share} | "
            f"{milliseconds_cell(page['median_ms'])} | "
            f"{milliseconds_cell(page['p99_ms'])} | {page['errors']} | "
            f"{page['queries_first']} / {page['queries_repeat']} | {page['bytes']} | "
            f"{verdict(page)} |"
        )
    return "\n".join(lines)


# `make soak` and `make bench-live` write their sections of RESULTS.md between
# markers (<!-- soak --> ... <!-- /soak -->), and the decisions taken from the
# measurements are written by hand between <!-- decisions --> markers;
# write_results() keeps them all.
SECTIONS = ("live", "soak", "decisions")


def section_pattern(name):
    return re.compile(rf"<!-- {name} -->.*?<!-- /{name} -->", re.DOTALL)


def kept_sections():
    """The other commands' sections of RESULTS.md, as they are."""
    old = RESULTS.read_text() if RESULTS.exists() else ""
    found = (section_pattern(name).search(old) for name in SECTIONS)
    return [match.group(0) for match in found if match]


def closed_section(name, lines, skipped):
    """A section's `lines`, the databases `skipped` and its closing marker."""
    lines = [*lines, *(f"\n{label}: not run, {reason}" for label, reason in skipped)]
    return "\n".join([*lines, f"<!-- /{name} -->"])


def write_section(name, text):
    """Put `text` (marked as section `name`) in RESULTS.md, in place of its
    last version or at the end."""
    old = RESULTS.read_text() if RESULTS.exists() else ""
    pattern = section_pattern(name)
    if pattern.search(old):
        new = pattern.sub(lambda _: text, old)
    else:
        new = f"{old.rstrip()}\n\n{text}\n" if old else f"{text}\n"
    RESULTS.write_text(new)


def trial_notice():
    """The warning a run on a smaller archive than the benchmark's carries."""
    if EVENTS == FULL_SIZE:
        return []
    return [
        f"> **TRIAL RUN with {EVENTS:,} generated events, not the "
        f"{FULL_SIZE:,}-event benchmark.** These numbers only show that the "
        "harness works; do not read them as the archive's performance.",
        "",
    ]


def write_results(results, skipped, host):
    """RESULTS.md anew with `make bench`'s tables, keeping the other sections."""
    heading = ["# Benchmark results", "", *trial_notice()]
    heading += [
        f"- Date: {run_date()}",
        f"- Machine: {host['nproc']} CPUs ({host['cpu']}), {host['memory']} memory, "
        f"Linux {host['kernel']}, Python {host['python']}",
        f"- Archive: the 2015 fixture plus `generate_archive --events {EVENTS} "
        f"--seed {SEED}`",
        f"- Server: gunicorn, {WORKERS} workers of 4 threads (gthread), production "
        "settings (DJANGO_DEBUG=0), static files by WhiteNoise, 127.0.0.1",
        f"- Load: `wrk -t{THREADS} -c{CONNECTIONS} -d{DURATION}s "
        f"--timeout={WRK_TIMEOUT}s --latency` after a "
        f"{WARMUP} s warm-up, on the same machine as the server",
        "- Pages are served through the page cache (academy/caching.py), as in "
        "production; rows marked *uncached* are the same pages served again with "
        "the page cache off (DJANGO_PAGE_CACHE=0): every request renders the page, "
        "while counts, option lists and fragments kept up to date on write stay "
        "cached",
        "- SQL queries: Django's test client on the same database, first request "
        "with the cache cleared, then a repeat",
        f"- Targets: median < {MEDIAN_TARGET_MS} ms, p99 < {P99_TARGET_MS} ms, "
        f"< {QUERY_TARGET} queries, no errors",
        "",
    ]
    body = [table(result) for result in results]
    body += [f"### {label}\n\nNot measured: {reason}" for label, reason in skipped]
    text = "\n".join(heading) + "\n" + "\n\n".join(body) + "\n"
    for section in kept_sections():
        text += "\n" + section + "\n"
    RESULTS.write_text(text)
    sys.stdout.write(text)
