"""Engine benchmarks, the same as `simcity-council bench` (DESIGN.md §7).

    python bench/engine.py [--json] [--sizes 1,1000,100000] [--policy inclusive] [--turns 100]

Measures batch game-turns/s at each size, one interactive turn (median, p95), and the time to
stream the state arrays once (a memory-bandwidth floor, reported as a ratio so the figure holds
on a noisy machine). Targets: >= 2,000,000 game-turns/s at 100,000 games; one turn <= 1 ms.
"""

from __future__ import annotations

import argparse
import sys

from simcity_council.commands import bench


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench/engine.py", description=bench.HELP)
    bench.add_arguments(parser)
    return bench.run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
