"""`make upgrade-check`: meet new releases on purpose, not in a fresh clone's CI.

Resolves the newest versions pyproject.toml allows, installs them in a throwaway
environment, runs the whole suite there and reports what changed against
requirements.txt, whether the suite still passes, and which direct dependencies
have a release beyond the range pyproject.toml allows (a new major to adopt on
purpose). requirements.txt and .venv are never touched: `make lock UPGRADE=1`
adopts what this reports as safe.
"""

import re
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UV = str(ROOT / ".venv" / "bin" / "uv")
PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)(?: *; *([^\\\n]*))?", re.MULTILINE)
NAME = re.compile(r"^[A-Za-z0-9._-]+(\[[^\]]*\])?")


def say(line):
    sys.stdout.write(f"{line}\n")
    sys.stdout.flush()


def pins(lock_text):
    """{(name, markers): version} of a requirements file written by uv."""
    return {
        (name.lower(), (markers or "").strip()): version
        for name, version, markers in PIN.findall(lock_text)
    }


def shown(name, markers):
    return f"{name} ({markers})" if markers else name


def compile_lock(requirements, output, *extra):
    subprocess.run(
        [UV, "pip", "compile", str(requirements), "--universal", "--quiet"]
        + ["--python-version", "3.11", "--output-file", str(output), *extra],
        check=True,
    )
    return output.read_text()


def direct_dependencies():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return project["dependencies"] + project["optional-dependencies"]["dev"]


def releases_beyond_range(work, allowed):
    """Direct dependencies whose newest release pyproject.toml's range excludes."""
    unbounded = work / "unbounded.in"
    unbounded.write_text(
        "\n".join(NAME.match(spec).group(0) for spec in direct_dependencies())
    )
    newest = pins(compile_lock(unbounded, work / "unbounded.txt", "--no-deps"))
    by_name = {name: version for (name, _), version in allowed.items()}
    newest_allowed = {key: allowed.get(key, by_name.get(key[0])) for key in newest}
    return {
        key: (newest_allowed[key], version)
        for key, version in newest.items()
        if newest_allowed[key] != version
    }


def report_changes(locked, newest):
    changed = sorted(
        (key, locked.get(key), newest.get(key))
        for key in locked.keys() | newest.keys()
        if locked.get(key) != newest.get(key)
    )
    say("\n== Newest allowed versions against requirements.txt")
    for (name, markers), old, new in changed:
        say(f"  {shown(name, markers)}: {old or 'not locked'} -> {new or 'dropped'}")
    if not changed:
        say("  requirements.txt already holds the newest allowed versions")


def run_suite(work, lock):
    venv = work / "venv"
    subprocess.run([UV, "venv", "--quiet", "--python", sys.executable, str(venv)])
    subprocess.run(
        [UV, "pip", "install", "--quiet", "--require-hashes", "-r", str(lock)]
        + ["--python", str(venv / "bin" / "python")],
        check=True,
    )
    # The Makefile's install step sees this environment as installed already.
    (venv / ".installed").touch()
    say(f"\n== The suite with the newest allowed versions ({venv})")
    return subprocess.run(
        ["make", "--no-print-directory", "test", f"VENV={venv}"], cwd=ROOT
    )


def main():
    with tempfile.TemporaryDirectory(prefix="academy-upgrade-check-") as tmp:
        work = Path(tmp)
        newest_lock = work / "newest.txt"
        upgrade = ("--extra", "dev", "--upgrade", "--generate-hashes")
        newest = pins(compile_lock(ROOT / "pyproject.toml", newest_lock, *upgrade))
        report_changes(pins((ROOT / "requirements.txt").read_text()), newest)
        beyond = releases_beyond_range(work, newest)
        say("\n== Releases pyproject.toml's ranges exclude (new majors to adopt)")
        for (name, markers), (allowed, latest) in sorted(beyond.items()):
            say(f"  {shown(name, markers)}: allowed {allowed}, released {latest}")
        if not beyond:
            say("  none")
        suite = run_suite(work, newest_lock)
    verdict = "passes" if suite.returncode == 0 else "FAILS (see above)"
    say(f"\n== With the newest allowed versions the suite {verdict}.")
    return suite.returncode


if __name__ == "__main__":
    sys.exit(main())
