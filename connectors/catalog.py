"""What can be loaded: every stream of every system, the endpoint to load it from, and the record shape."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Mapping, NamedTuple

from connectors import jsonfast

# How a stream's cursor advances: by the vendor's modification time, as a full snapshot per load,
# or by the content digest of an input file (unchanged file = nothing to load).
MODIFIED_AT = "modified_at"
SNAPSHOT = "snapshot"
FILE_DIGEST = "file_digest"


@dataclass(frozen=True)
class StreamSpec:
    system: str
    name: str
    description: str
    record_key: str
    cursor_kind: str
    # Streams whose raw data this stream's reader checks its input against: they must load first, and the
    # reader is given the raw zone (`raw_dir=`) to read them.
    depends_on: tuple[str, ...] = ()

    @property
    def qualified_name(self) -> str:
        return f"{self.system}/{self.name}"


STREAMS: tuple[StreamSpec, ...] = (
    StreamSpec("salesforce", "opportunities", "Salesforce opportunities (deals) with owner, amount, stage and "
               "close date; deletions through queryAll.", "Id", MODIFIED_AT),
    StreamSpec("salesforce", "users", "Salesforce users: id, email, name, manager.", "Id", MODIFIED_AT),
    StreamSpec("hubspot", "deals", "HubSpot CRM deals (all properties as strings), incremental by "
               "hs_lastmodifieddate; archived deals as deletions.", "id", MODIFIED_AT),
    StreamSpec("hubspot", "owners", "HubSpot owners: id, email and name of each deal owner.", "id", SNAPSHOT),
    StreamSpec("hubspot", "pipelines", "HubSpot deal pipelines with their stages (closed/won flags).", "id",
               SNAPSHOT),
    StreamSpec("jira", "issues", "Jira issues (bugs and work items with due dates), incremental by updated.",
               "id", MODIFIED_AT),
    StreamSpec("jira", "users", "Jira users: accountId, email (may be hidden), display name.", "accountId",
               SNAPSHOT),
    StreamSpec("github", "issues", "GitHub issues labelled bug in the configured repos (pull requests dropped).",
               "id", MODIFIED_AT),
    StreamSpec("shopify", "orders", "Shopify orders with their fulfilments and promised delivery date.", "id",
               MODIFIED_AT),
    StreamSpec("shopify", "locations", "Shopify fulfilment locations.", "id", SNAPSHOT),
    StreamSpec("hris", "employees", "HRIS employee export (CSV), a full snapshot each load.", "employee_id",
               SNAPSHOT),
    StreamSpec("hris", "job_history", "HRIS effective-dated job history: team, manager, level changes.",
               "employee_id|effective_date", SNAPSHOT),
    StreamSpec("files", "ratings", "Past review ratings from a CSV file (optional).", "employee_id|cycle",
               FILE_DIGEST),
    StreamSpec("files", "journal", "SBI journal entries and milestones from a CSV file (optional).", "entry_id",
               FILE_DIGEST),
    StreamSpec("files", "identity_overrides", "Identity overrides from a CSV file: a system's account id → employee "
               "id, for accounts whose email does not match the HRIS.", "system|external_id", FILE_DIGEST),
    StreamSpec("files", "fx_rates", "Monthly FX rates from a CSV file: company currency per unit of each "
               "currency.", "month|currency", FILE_DIGEST),
    StreamSpec("files", "team_ownership", "Team ownership from a CSV file: which team owns each Jira component, "
               "GitHub label and Shopify location.", "system|kind|key", FILE_DIGEST),
    StreamSpec("files", "metrics", "The metric library (YAML): each metric's family, grain, unit, direction, "
               "aggregation and one-line definition.", "id", FILE_DIGEST),
    StreamSpec("files", "goals", "Goals (YAML) of every level with target, threshold, stretch and weight; one record "
               "per goal version. Checked against the metric library and the HRIS org before it loads.",
               "id|valid_from", FILE_DIGEST, depends_on=("files/metrics", "hris/employees", "hris/job_history")),
)


def find_stream(system: str, name: str) -> StreamSpec:
    for spec in STREAMS:
        if spec.system == system and spec.name == name:
            return spec
    known = ", ".join(spec.qualified_name for spec in STREAMS)
    raise KeyError(f"unknown stream {system}/{name}; known: {known}")


@dataclass(frozen=True)
class Endpoint:
    """Where a system lives and how to authenticate. The secret never shows in repr or str."""

    system: str
    base_url: str
    secret: str = field(default="", repr=False)
    options: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "base_url", self.base_url.rstrip("/"))
        object.__setattr__(self, "options", dict(self.options))  # a private copy: callers' dicts stay theirs

    def __repr__(self) -> str:
        secret = "***" if self.secret else "''"
        return f"Endpoint(system={self.system!r}, base_url={self.base_url!r}, secret={secret}, " \
               f"options={dict(self.options)!r})"

    __str__ = __repr__

    def option(self, name: str, default: Any = None) -> Any:
        value = self.options.get(name)
        return default if value is None else value


class RawRecord(NamedTuple):
    """One vendor record as it lands in the raw zone; `payload` is the vendor's JSON, untouched. `modified_at` is
    the vendor's modification time, or for snapshot streams the time the snapshot was taken."""

    record_key: str
    modified_at: datetime | None
    is_deleted: bool
    payload: str


class Page(NamedTuple):
    """Records read from one response, and the cursor to resume from once they (and all before) are written."""

    records: list[RawRecord]
    cursor: str | None


def to_payload(record: Any) -> str:
    """The vendor's record as compact JSON (same content as received; non-ASCII kept as is)."""
    return jsonfast.dumps(record)
