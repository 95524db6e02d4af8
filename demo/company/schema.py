"""The store's tables: columns with their DuckDB types, and the order rows are stored in (see demo/STORE.md)."""

from __future__ import annotations

from dataclasses import dataclass

VERSION_COLUMNS = (("record_id", "VARCHAR"), ("version_at", "TIMESTAMP"), ("valid_to", "TIMESTAMP"),
                   ("is_deleted", "BOOLEAN"))


@dataclass(frozen=True)
class TableSpec:
    name: str
    columns: tuple[tuple[str, str], ...]
    order_by: tuple[str, ...]

    @property
    def versioned(self) -> bool:
        return self.columns[: len(VERSION_COLUMNS)] == VERSION_COLUMNS

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.columns)


def _versioned(name: str, *columns: tuple[str, str]) -> TableSpec:
    return TableSpec(name, VERSION_COLUMNS + columns, ("version_at", "record_id"))


V, TS, D, B, F, I, L, J = "VARCHAR", "TIMESTAMP", "DATE", "BOOLEAN", "DOUBLE", "BIGINT", "VARCHAR[]", "JSON"

TABLES: tuple[TableSpec, ...] = (
    _versioned("sf_users", ("Id", V), ("Email", V), ("Name", V), ("IsActive", B), ("ManagerId", V),
               ("employee_id", V)),
    _versioned("sf_opportunities", ("Id", V), ("Name", V), ("Amount", F), ("CurrencyIsoCode", V), ("StageName", V),
               ("IsClosed", B), ("IsWon", B), ("CloseDate", D), ("CreatedDate", TS), ("OwnerId", V),
               ("Product_Line__c", V), ("Region__c", V), ("Channel__c", V)),
    _versioned("hs_owners", ("id", V), ("email", V), ("firstName", V), ("lastName", V), ("userId", I),
               ("archived", B), ("employee_id", V)),
    _versioned("hs_deals", ("id", V), ("dealname", V), ("amount", F), ("deal_currency_code", V), ("dealstage", V),
               ("pipeline", V), ("closedate", TS), ("createdate", TS), ("hubspot_owner_id", V), ("product_line", V),
               ("region", V), ("channel", V)),
    TableSpec("hs_pipeline_stages", (("pipeline_id", V), ("pipeline_label", V), ("stage_id", V), ("stage_label", V),
                                     ("display_order", "INTEGER"), ("is_closed", B), ("probability", F)),
              ("pipeline_id", "display_order")),
    _versioned("jira_users", ("accountId", V), ("emailAddress", V), ("displayName", V), ("active", B),
               ("employee_id", V)),
    _versioned("jira_issues", ("id", V), ("key", V), ("project", V), ("issuetype", V), ("summary", V),
               ("priority", V), ("components", L), ("assignee_account_id", V), ("reporter_account_id", V),
               ("status", V), ("status_category", V), ("created", TS), ("resolutiondate", TS), ("duedate", D),
               ("labels", L), ("environment", V)),
    _versioned("gh_issues", ("repo", V), ("id", I), ("number", "INTEGER"), ("title", V), ("state", V),
               ("created_at", TS), ("closed_at", TS), ("labels", L), ("user_login", V), ("assignee_login", V),
               ("milestone", V), ("is_pull_request", B)),
    TableSpec("shop_locations", (("id", I), ("name", V), ("team_id", V)), ("id",)),
    _versioned("shop_orders", ("id", I), ("name", V), ("created_at", TS), ("processed_at", TS), ("cancelled_at", TS),
               ("financial_status", V), ("fulfillment_status", V), ("total_price", F), ("currency", V),
               ("location_id", I), ("promised_date", D), ("fulfillment_id", I), ("fulfillment_created_at", TS),
               ("fulfillment_status_detail", V), ("shipment_status", V), ("delivered_at", TS)),
    TableSpec("hris_employees", (("employee_id", V), ("name", V), ("email", V), ("location", V), ("hire_date", D),
                                 ("termination_date", D), ("created_at", TS)), ("employee_id",)),
    TableSpec("hris_job_history", (("employee_id", V), ("effective_date", D), ("end_date", D), ("title", V),
                                   ("job_level", V), ("role_family", V), ("team_id", V), ("team", V),
                                   ("manager_id", V), ("department", V), ("region", V), ("change_reason", V),
                                   ("recorded_at", TS)), ("employee_id", "effective_date")),
    TableSpec("teams", (("team_id", V), ("team", V), ("department", V), ("region", V), ("manager_id", V),
                        ("kind", V), ("location", V)), ("team_id",)),
    TableSpec("components", (("component", V), ("github_label", V), ("repo", V), ("team_id", V)), ("component",)),
    TableSpec("ratings", (("employee_id", V), ("cycle", V), ("rating", "INTEGER"), ("manager_id", V),
                          ("recorded_at", TS)), ("cycle", "employee_id")),
    TableSpec("journal", (("entry_id", V), ("employee_id", V), ("author_id", V), ("entry_date", D), ("kind", V),
                          ("situation", V), ("behaviour", V), ("impact", V), ("recorded_at", TS)), ("entry_id",)),
    TableSpec("fx_rates", (("month", D), ("currency", V), ("rate_to_eur", F)), ("month", "currency")),
    TableSpec("goals", (("goal_id", V), ("valid_from", D), ("cycle", V), ("title", V), ("level", V),
                        ("owner_type", V), ("owner_id", V), ("parent_goal_id", V), ("metric", V), ("filters", J),
                        ("target", F), ("threshold", F), ("stretch", F), ("weight", F)), ("goal_id", "valid_from")),
    TableSpec("identity_overrides", (("system", V), ("external_id", V), ("employee_id", V)),
              ("system", "external_id")),
    TableSpec("planted", (("pattern", V), ("subject_type", V), ("subject_id", V), ("detail", J)),
              ("pattern", "subject_id")),
    TableSpec("company", (("name", V), ("currency", V), ("timezone", V), ("seed", I), ("employees", I),
                          ("generated_at_clock", TS), ("generated_until", TS), ("generator_version", V)), ("name",)),
)
TABLES_BY_NAME = {t.name: t for t in TABLES}
