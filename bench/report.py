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
# The long tail's targets (issue 29): req/s as a share of the static file's,
# and a single first request's ms, by kind of page.
LONGTAIL_SHARE = {"Event pages": 0.25, "Person pages": 0.25}
LONGTAIL_OTHER_SHARE = 0.10
LONGTAIL_ALONE_MS = {"Event pages": 50, "Person pages": 50}
LONGTAIL_OTHER_ALONE_MS = 100


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
SECTIONS = ("longtail", "live", "soak", "decisions")


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
    write_longtail(results, skipped)
    sys.stdout.write(RESULTS.read_text())


def longtail_verdict(kind, load, alone):
    share = LONGTAIL_SHARE.get(kind, LONGTAIL_OTHER_SHARE)
    alone_ms = LONGTAIL_ALONE_MS.get(kind, LONGTAIL_OTHER_ALONE_MS)
    misses = []
    if load["share"] < share:
        misses.append(f"< {share:.2f}x")
    if load["p99_ms"] is None or load["p99_ms"] >= P99_TARGET_MS:
        misses.append("p99")
    if alone is not None and (
        alone["median_ms"] is None or alone["median_ms"] >= alone_ms
    ):
        misses.append(f"alone ≥ {alone_ms} ms")
    if load["errors"] or (alone and alone["errors"]):
        misses.append("errors")
    return "yes" if not misses else "no: " + ", ".join(misses)


def longtail_tables(result):
    """Where first requests spend their time, and how fast they are served."""
    longtail = result["longtail"]
    static = longtail["static"]
    lines = [
        f"### {result['label']}",
        "",
        "Where a first request spends its time (the median of each part over "
        "one process's requests, Django's test client: the parts' medians "
        "need not add up to the total's; SQL that a template runs counts as "
        "SQL):",
        "",
        "| Page kind | Total ms | SQL ms | Rendering ms | Rest of the view ms "
        "| Queries | KB |",
        "|---|--:|--:|--:|--:|--:|--:|",
    ]
    for kind, medians in longtail["profile"].items():
        lines.append(
            f"| {kind} | {medians['total']:.1f} | {medians['sql']:.1f} "
            f"| {medians['render']:.1f} | {medians['view']:.1f} "
            f"| {medians['queries']:.0f} | {medians['bytes'] / 1000:.0f} |"
        )
    lines += [
        "",
        "Served by gunicorn, each page asked for once; static file "
        f"{static['rps']:.0f} req/s in the same run (the mean of "
        f"{' and '.join(f'{rps:.0f}' for rps in static['runs'])}, before and "
        "after the pages):",
        "",
        f"| Page kind | Pages asked | Req/s (c{CONNECTIONS}) | × static "
        "| Median ms | p99 ms | Errors | Alone: median ms | Alone: p99 ms "
        "| Targets met |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|---|",
    ]
    for kind, load in longtail["load"].items():
        alone = longtail["alone"].get(kind)
        load["share"] = load["rps"] / static["rps"] if static["rps"] else 0
        lines.append(
            f"| {kind} | {load['requests']} | {load['rps']:.0f} "
            f"| {load['share']:.3f} | {milliseconds_cell(load['median_ms'])} "
            f"| {milliseconds_cell(load['p99_ms'])} | {load['errors']} "
            f"| {milliseconds_cell(alone['median_ms'])} "
            f"| {milliseconds_cell(alone['p99_ms'])} "
            f"| {longtail_verdict(kind, load, alone)} |"
        )
    return "\n".join(lines)


def longtail_section(results, skipped):
    """The long-tail pass's section of RESULTS.md, marked."""
    lines = [
        "<!-- longtail -->",
        "## Long tail: each page asked for once (`make bench`, issue 29)",
        "",
        *trial_notice(),
        f"- Date: {run_date()}; production settings, page cache on; gunicorn "
        f"as above; wrk over thousands of distinct pages (half of them "
        f"Russian), each asked for once: under load with {CONNECTIONS} "
        "connections, then alone (one connection) over other pages",
        f"- Targets: event and person pages ≥ {LONGTAIL_SHARE['Event pages']}x "
        f"the static file's req/s, other pages ≥ {LONGTAIL_OTHER_SHARE}x; p99 < "
        f"{P99_TARGET_MS} ms; alone, events and people < "
        f"{LONGTAIL_ALONE_MS['Event pages']} ms, lists < "
        f"{LONGTAIL_OTHER_ALONE_MS} ms",
        "",
        "\n\n".join(longtail_tables(result) for result in results),
    ]
    return closed_section("longtail", lines, skipped)


def write_longtail(results, skipped):
    """The long-tail section of RESULTS.md anew."""
    write_section("longtail", longtail_section(results, skipped))
