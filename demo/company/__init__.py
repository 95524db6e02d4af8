"""The demo company generator: a deterministic synthetic company written to one DuckDB file.

`generate(out_dir, employees=300, seed=7)` writes `out_dir/company.duckdb` as described in demo/STORE.md.
"""

from demo.company.generator import generate

__all__ = ["generate"]
