"""Load the raw zone into the PostgreSQL warehouse dbt's `postgres` target builds in.

    python -m warehouse --raw-dir .perfloop/raw

The server comes from PERFLOOP_PG_HOST, _PORT, _USER, _DBNAME and the password from
DBT_ENV_SECRET_PERFLOOP_PG_PASSWORD, the variables dbt_project/profiles.yml reads. Then:
`dbt build --target postgres` in dbt_project/.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from warehouse.postgres import PostgresTarget, WarehouseError, load_raw_zone


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m warehouse", description=__doc__.splitlines()[0])
    parser.add_argument("--raw-dir", type=Path, default=Path(".perfloop/raw"))
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        loads = load_raw_zone(args.raw_dir, PostgresTarget.from_env())
    except WarehouseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"{sum(load.rows_added for load in loads):,} rows copied into {len(loads)} raw tables")
    return 0


if __name__ == "__main__":
    sys.exit(main())
