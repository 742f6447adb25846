"""Benchmarks and evaluations (`make bench`, `make eval`); not part of the installed package."""
