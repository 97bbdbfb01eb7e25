"""Fuzz the channels' parsing and rendering with hypothesis: ≥ 100,000 generated inputs in all.

Run: `make fuzz` (or `.venv/bot/bin/python -m bench.fuzz --examples 12000`); prints each
property's example count and time. Not part of `make test`, which runs the same properties
with a hundred examples each (tests/bot/test_channel_properties.py).
"""

from __future__ import annotations

import argparse
import sys
import time

from hypothesis import HealthCheck, Phase, settings

from bench.fuzz_properties import PROPERTIES


def main() -> None:
    """Run every property with many examples; exit non-zero on the first counterexample."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--examples", type=int, default=12_000, help="per property")
    args = parser.parse_args()
    total = 0
    for prop in PROPERTIES:
        started = time.perf_counter()
        run = settings(
            max_examples=args.examples,
            deadline=None,
            database=None,
            phases=[Phase.generate, Phase.shrink],
            suppress_health_check=list(HealthCheck),
        )(prop)
        run()
        total += args.examples
        sys.stdout.write(
            f"{prop.__name__}: {args.examples} inputs, "
            f"{time.perf_counter() - started:.1f}s, no failure\n"
        )
        sys.stdout.flush()
    sys.stdout.write(f"total: {total} generated inputs, no crash or broken property\n")


if __name__ == "__main__":
    main()
