"""The long tail: pages asked for once, as a crawler or a researcher asks.

Run by `make bench` after the tables of bench/run.py (or alone with
`python bench/run.py longtail`), on each database's archive, with production
settings and the page cache on, as in production: each page below is asked
for once, so the cache has never seen it. For each kind of page:

- where the first request spends its time, in one process with Django's test
  client (longtail_pages.py profile): SQL, rendering (templates, or the API's
  JSON), the rest of the view, queries and bytes;
- under load: wrk with 8 connections over distinct pages, beside the static
  file in the same run (measured before and after the pages, the mean);
- alone: wrk with one connection over other distinct pages (a single cold
  request, no concurrency).
"""

import json
import statistics

from config import CACHE, CONNECTIONS, DURATION, THREADS, WARMUP, log
from servers import ceiling_file, serving
from wrk_load import lua_script_once, wrk

PATHS_PER_KIND = 4000
# Pages for the run with one connection, out of PATHS_PER_KIND; the rest are
# for the run under load.
ALONE = 1000


def load_once(base, slug, paths, connections):
    """wrk over `paths`, each asked for once, with `connections` (and as
    many threads as make bench's, at most one per connection)."""
    threads = min(THREADS, connections)
    script = CACHE / f"longtail-{slug}.lua"
    script.write_text(lua_script_once(paths, threads))
    return wrk(
        base + paths[0],
        DURATION,
        connections=connections,
        script=str(script),
        threads=threads,
    )


def longtail_pass(label, env, slug, pages_script):
    """{"profile": {kind: medians}, "load": {kind: wrk's summary},
    "alone": {kind: wrk's summary}, "static": wrk's summary}."""
    log(f"{label}: long tail, where first requests spend their time")
    result = {"profile": json.loads(pages_script(env, "profile"))}
    kinds = json.loads(pages_script(env, "urls", str(PATHS_PER_KIND)))
    sizes = [medians["bytes"] for medians in result["profile"].values()]
    ceiling = ceiling_file(f"longtail-{slug}", int(statistics.median(sizes)))
    with serving(env, f"gunicorn-longtail-{slug}.log") as base:
        wrk(base + ceiling, WARMUP)
        static_before = wrk(base + ceiling, DURATION)
        result["load"], result["alone"] = {}, {}
        for kind, paths in kinds.items():
            split = max(len(paths) - ALONE, len(paths) // 2)
            log(f"{label}: long tail, {kind} ({len(paths)} pages)")
            result["load"][kind] = load_once(base, slug, paths[:split], CONNECTIONS)
            result["alone"][kind] = load_once(base, slug, paths[split:], 1)
        # Before and after: this machine's speed drifts by half within minutes.
        static_after = wrk(base + ceiling, DURATION)
    result["static"] = {
        "rps": (static_before["rps"] + static_after["rps"]) / 2,
        "runs": [static_before["rps"], static_after["rps"]],
    }
    return result
