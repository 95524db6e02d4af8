"""Benchmark commands (`make bench`): throughput and memory of each stage against the demo company."""
