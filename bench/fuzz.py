"""The long fuzz run: the suite's Hypothesis fuzz test (tests/test_fuzz.py) with many more sequences, each longer,
drawn at random (not the suite's fixed seed), on SQLite or PostgreSQL. Prints the sequences run, the time they took
and the outcome; a failure prints Hypothesis's smallest failing sequence, to replay with its seed.

    .venv/bin/python -m bench.fuzz [--examples 500] [--steps 12] [--database-url postgresql+asyncpg://…]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=500, help="sequences per channel")
    parser.add_argument("--steps", type=int, default=12, help="at most this many actions per sequence")
    parser.add_argument("--database-url", default=None, help="a PostgreSQL test database (emptied first)")
    args = parser.parse_args()
    env = {**os.environ, "HIENKE_FUZZ_EXAMPLES": str(args.examples), "HIENKE_FUZZ_STEPS": str(args.steps), "HIENKE_FUZZ_RANDOM": "1"}
    if args.database_url:
        env["HIENKE_TEST_DATABASE_URL"] = args.database_url
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "timeout=0", "tests/test_fuzz.py",
               "--hypothesis-show-statistics"]
    started = time.monotonic()
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    elapsed = time.monotonic() - started
    print(result.stdout[-6000:])
    print(f"fuzz: {args.examples} sequences per channel of at most {args.steps} actions, {elapsed:.0f} s, "
          f"{'no failure' if result.returncode == 0 else 'FAILED'}")
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
