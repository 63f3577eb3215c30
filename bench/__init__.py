"""Jangal's benchmarks: start-up, loading, playing and painting, each as a ratio against a floor measured alongside.

Run ``python -m bench`` from the top of the checkout; ``bench/README.md`` explains every row.
"""
