"""Load one stream from the command line (used by the benchmark and by crash tests).

    python -m connectors.sync_cli --system jira --stream issues --base-url http://127.0.0.1:8713 \
        --secret-env PERFLOOP_JIRA_TOKEN --options '{"email": "...", "projects": ["ENG"]}' \
        --raw-dir .perfloop/raw --state-dir .perfloop/state

The secret is read from the named environment variable (never from the command line, where `ps` shows it).
Prints the `SyncResult` as one JSON line; exit code 1 with the error on stderr if the load fails.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import os
import sys
from pathlib import Path

from connectors.catalog import Endpoint, find_stream
from connectors.errors import ConnectorError
from connectors.http import HttpPolicy
from connectors.sync import sync_stream


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m connectors.sync_cli", description=__doc__.splitlines()[0])
    parser.add_argument("--system", required=True)
    parser.add_argument("--stream", required=True)
    parser.add_argument("--base-url", default="")
    parser.add_argument("--secret-env", default="", help="environment variable holding the token")
    parser.add_argument("--options", default="{}", help="system options as a JSON object")
    parser.add_argument("--raw-dir", type=Path, required=True)
    parser.add_argument("--state-dir", type=Path, required=True)
    parser.add_argument("--load-id")
    parser.add_argument("--batch-records", type=int, default=5000)
    parser.add_argument("--timeout-s", type=float, default=HttpPolicy.timeout_s)
    parser.add_argument("--max-retries", type=int, default=HttpPolicy.max_retries)
    parser.add_argument("--backoff-base-s", type=float, default=HttpPolicy.backoff_base_s)
    parser.add_argument("--log-level", default="WARNING")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    spec = find_stream(args.system, args.stream)
    secret = os.environ.get(args.secret_env, "") if args.secret_env else ""
    endpoint = Endpoint(args.system, args.base_url, secret, json.loads(args.options))
    policy = HttpPolicy(timeout_s=args.timeout_s, max_retries=args.max_retries, backoff_base_s=args.backoff_base_s)
    try:
        result = sync_stream(spec, endpoint, policy, args.raw_dir, args.state_dir, load_id=args.load_id,
                             batch_records=args.batch_records)
    except ConnectorError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(dataclasses.asdict(result), default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
