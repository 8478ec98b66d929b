"""Benchmarks: `./dev bench [suite ...]` (python -m bench). Each prints figures beside a floor
measured in the same run on the same machine, and their ratio."""
