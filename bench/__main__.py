"""python -m bench [suite ...]: run benchmark suites (all when none is named)."""

from __future__ import annotations

import importlib
import sys

SUITES = ["dataservice", "adapters", "rest", "connectors", "connector_serialization", "documents", "export",
          "oauth1", "load", "mcp", "web", "console", "stall", "instructions"]


def main(argv: list[str]) -> None:
    chosen = argv or SUITES
    unknown = [name for name in chosen if name not in SUITES]
    if unknown:
        sys.exit(f"unknown suite(s) {', '.join(unknown)}; choose from {', '.join(SUITES)}")
    sys.argv = sys.argv[:1]  # suites parse no options of ours
    for name in chosen:
        importlib.import_module(f"bench.{name}").main()


main(sys.argv[1:])
