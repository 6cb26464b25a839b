"""Benchmarks for backwards: ``python -m bench [NAME ...]`` (or ``make bench``) prints tables."""
