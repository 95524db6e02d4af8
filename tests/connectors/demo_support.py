"""What the demo store says each stream must contain at a clock, and how to load a stream from the demo server."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import duckdb

from connectors.catalog import MODIFIED_AT, STREAMS, Endpoint, StreamSpec
from connectors.http import HttpPolicy
from connectors.metric_library import read_metric_library
from connectors.sync import SyncResult, sync_stream
from demo.inbox import inbox_targets
from demo.server import DEMO_TOKENS

POLICY = HttpPolicy(timeout_s=2.0, max_retries=4, backoff_base_s=0.01, backoff_max_s=0.05, max_retry_after_s=2.0)
HTTP_STREAMS = tuple(spec for spec in STREAMS if spec.system != "files")
INCREMENTAL = tuple(spec for spec in STREAMS if spec.cursor_kind == MODIFIED_AT)
_AT = "version_at <= $clock AND (valid_to IS NULL OR valid_to > $clock)"
METRIC_LIBRARY = Path(__file__).resolve().parents[2] / "metrics.yaml"  # the default library the demo loads

# (record_key, version_at or NULL, is_deleted) of every record a client can see at $clock (naive UTC).
TRUTH = {
    "salesforce/opportunities": f"SELECT record_id, version_at, is_deleted FROM sf_opportunities WHERE {_AT}",
    "salesforce/users": f"SELECT record_id, version_at, is_deleted FROM sf_users WHERE {_AT}",
    "hubspot/deals": f"SELECT record_id, version_at, is_deleted FROM hs_deals WHERE {_AT}",
    "hubspot/owners": f"SELECT record_id, NULL, is_deleted OR coalesce(archived, false) FROM hs_owners WHERE {_AT}",
    "hubspot/pipelines": "SELECT DISTINCT pipeline_id, NULL, false FROM hs_pipeline_stages",
    "jira/issues": f"SELECT record_id, version_at, is_deleted FROM jira_issues WHERE {_AT}",
    "jira/users": f"SELECT record_id, NULL, is_deleted FROM jira_users WHERE {_AT}",
    "github/issues": f"SELECT CAST(id AS VARCHAR), version_at, is_deleted FROM gh_issues WHERE {_AT} "
                     "AND NOT is_pull_request AND list_contains(labels, 'bug')",
    "shopify/orders": f"SELECT CAST(id AS VARCHAR), version_at, is_deleted FROM shop_orders WHERE {_AT}",
    "shopify/locations": "SELECT CAST(id AS VARCHAR), NULL, false FROM shop_locations",
    "hris/employees": "SELECT employee_id, NULL, false FROM hris_employees WHERE created_at <= $clock",
    "hris/job_history": "SELECT employee_id || '|' || CAST(effective_date AS VARCHAR), NULL, false "
                        "FROM hris_job_history WHERE recorded_at <= $clock",
    "files/ratings": "SELECT employee_id || '|' || cycle, NULL, false FROM ratings WHERE recorded_at <= $clock",
    "files/journal": "SELECT entry_id, NULL, false FROM journal WHERE recorded_at <= $clock",
    "files/identity_overrides": "SELECT system || '|' || external_id, NULL, false FROM identity_overrides",
    "files/fx_rates": "SELECT CAST(month AS VARCHAR) || '|' || currency, NULL, false FROM fx_rates "
                      "WHERE month <= $clock",
    "files/team_ownership": "SELECT 'jira|component|' || component, NULL, false FROM components UNION ALL "
                            "SELECT 'github|label|' || github_label, NULL, false FROM components UNION ALL "
                            "SELECT 'shopify|location|' || CAST(id AS VARCHAR), NULL, false FROM shop_locations",
    "files/goals": "SELECT goal_id || '|' || CAST(valid_from AS VARCHAR), NULL, false FROM goals WHERE valid_from <= "
                   "CAST(timezone((SELECT timezone FROM company), timezone('UTC', $clock)) AS DATE)",
}


def naive_utc(clock: datetime) -> datetime:
    return clock.astimezone(timezone.utc).replace(tzinfo=None)


def truth(store: Path, stream: str, clock: datetime) -> dict[str, tuple[datetime | None, bool]]:
    """record_key -> (modification time as aware UTC or None, is_deleted) visible at the clock."""
    if stream == "files/metrics":  # the library is a file of the repository, not part of the store
        return {metric["id"]: (None, False) for metric in read_metric_library(METRIC_LIBRARY)}
    with duckdb.connect(str(store), read_only=True) as connection:
        params = {"clock": naive_utc(clock)} if "$clock" in TRUTH[stream] else {}
        rows = connection.execute(TRUTH[stream], params).fetchall()
    return {key: (stamp.replace(tzinfo=timezone.utc) if stamp else None, deleted) for key, stamp, deleted in rows}


def live_truth(store: Path, stream: str, clock: datetime) -> dict[str, datetime | None]:
    return {key: stamp for key, (stamp, deleted) in truth(store, stream, clock).items() if not deleted}


def changed_between(store: Path, stream: str, after: datetime, until: datetime) -> set[str]:
    """Keys of records with a version written in (after, until]: what an incremental load must fetch."""
    return {key for key, (stamp, _) in truth(store, stream, until).items() if stamp and stamp > after}


def demo_options(store: Path, inbox: Path | None = None) -> dict[str, dict]:
    with duckdb.connect(str(store), read_only=True) as connection:
        projects = _distinct(connection, "project", "jira_issues")
        repos = _distinct(connection, "repo", "gh_issues")
    options = {"jira": {"email": DEMO_TOKENS["jira"]["email"], "projects": projects}, "github": {"repos": repos}}
    if inbox is not None:
        options["files"] = {f"{name}_path": str(path) for name, path in inbox_targets(inbox).items()} | {
            "metrics_path": str(METRIC_LIBRARY)}
    return options


def _distinct(connection, column: str, table: str) -> list[str]:
    return [row[0] for row in connection.execute(f"SELECT DISTINCT {column} FROM {table} ORDER BY 1").fetchall()]


def secret_of(system: str) -> str:
    token = DEMO_TOKENS.get(system, "")
    return token["token"] if isinstance(token, dict) else token


def endpoint(server, system: str, options: dict[str, dict], secret: str | None = None) -> Endpoint:
    base_url = server.base_urls.get(system, "") if server is not None else ""
    return Endpoint(system, base_url, secret_of(system) if secret is None else secret, options.get(system, {}))


def load(spec: StreamSpec, server, options: dict, work: Path, **kwargs) -> SyncResult:
    """One sync of a stream into `work/raw` with cursors in `work/state`."""
    policy = kwargs.pop("policy", POLICY)
    target = endpoint(server, spec.system, options, kwargs.pop("secret", None))
    return sync_stream(spec, target, policy, work / "raw", work / "state", **kwargs)
