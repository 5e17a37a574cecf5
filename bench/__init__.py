"""Benchmarks and evaluations, run as modules: python -m bench.NAME (see docs/performance.md)."""
