"""The one place the ingestion suites are declared: per stream, the key fields to flatten and the rules.

Critical rules guard what would corrupt the warehouse or the cursor (missing keys, wrong types, negative
amounts, unknown currencies, times after the source's clock); warnings flag what a person should look at
but the pipeline can carry (a due date before creation, an unexpected status). Suites stay lean: a handful of
flattened fields per record keeps validation cheap beside the load itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Callable

from checks.fields import DATE, LOCAL_DATE, NUMBER, TEXT, TIMESTAMP, Field, count_items, pick, required_names
from checks.rules import (
    WARNING, Rule, at_least, between, matches, not_before, not_in_source_future, not_null, one_of,
    required_fields_present, typed_fields_convert,
)

EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
NOT_CURRENCIES = frozenset({"XXX", "XTS"})  # ISO 4217's "no currency" and "testing" codes


@dataclass(frozen=True)
class StreamSuite:
    stream: str
    fields: tuple[Field, ...]
    rules: tuple[Rule, ...]


def _suite(stream: str, fields: list[Field], rules: list[Rule]) -> StreamSuite:
    """Every stream also needs its key and required fields, a modification time no later than the source's
    clock (the cursor follows it) and, where it has typed fields, text that converts to their types."""
    common = [required_fields_present(required_names(fields)), not_in_source_future("modified_at")]
    if any(spec.kind != TEXT for spec in fields):
        common.append(typed_fields_convert())
    return StreamSuite(stream, tuple(fields), tuple(common + rules))


@cache
def known_currencies() -> frozenset[str]:
    from babel.numbers import list_currencies  # CLDR's ISO 4217 list, read from disk on first use

    return frozenset(list_currencies()) - NOT_CURRENCIES


def known_currency(column: str) -> Rule:
    return one_of(column, known_currencies(), what="a known ISO 4217 currency code")


def salesforce_opportunities() -> StreamSuite:
    return _suite("salesforce/opportunities", [
        Field("owner_id", "OwnerId", required=True), Field("amount", "Amount", NUMBER),
        Field("currency", "CurrencyIsoCode"), Field("close_date", "CloseDate", DATE),
        Field("created_at", "CreatedDate", TIMESTAMP, required=True), Field("created_date", "CreatedDate", LOCAL_DATE),
    ], [
        at_least("amount", 0), known_currency("currency"), not_before("close_date", "created_date", WARNING),
    ])


def salesforce_users() -> StreamSuite:
    return _suite("salesforce/users", [Field("email", "Email"), Field("is_active", "IsActive")], [
        one_of("is_active", ("true", "false")), matches("email", EMAIL, "an email address", WARNING),
    ])


def hubspot_deals() -> StreamSuite:
    return _suite("hubspot/deals", [
        Field("owner_id", "properties.hubspot_owner_id"), Field("stage", "properties.dealstage", required=True),
        Field("amount", "properties.amount", NUMBER), Field("currency", "properties.deal_currency_code"),
        Field("created_at", "properties.createdate", TIMESTAMP, required=True),
        Field("closed_at", "properties.closedate", TIMESTAMP),
    ], [
        at_least("amount", 0), known_currency("currency"), not_null("owner_id", WARNING),
        not_before("closed_at", "created_at", WARNING),
    ])


def hubspot_owners() -> StreamSuite:
    return _suite("hubspot/owners", [Field("email", "email")], [matches("email", EMAIL, "an email address", WARNING)])


def hubspot_pipelines() -> StreamSuite:
    return _suite("hubspot/pipelines", [Field("stages", "stages", NUMBER, sql=count_items("stages"))], [
        at_least("stages", 1, WARNING),
    ])


def jira_issues() -> StreamSuite:
    return _suite("jira/issues", [
        Field("key", "key"), Field("issue_type", "fields.issuetype.name", required=True),
        Field("status_category", "fields.status.statusCategory.key"),
        Field("created_at", "fields.created", TIMESTAMP, required=True),
        Field("created_date", "fields.created", LOCAL_DATE), Field("resolved_at", "fields.resolutiondate", TIMESTAMP),
        Field("due_date", "fields.duedate", DATE),
    ], [
        matches("key", r"^[A-Z][A-Z0-9_]*-[0-9]+$", "an issue key like ENG-123"),
        one_of("status_category", ("new", "indeterminate", "done", "undefined")),
        not_before("due_date", "created_date", WARNING), not_before("resolved_at", "created_at", WARNING),
    ])


def jira_users() -> StreamSuite:
    return _suite("jira/users", [Field("account_type", "accountType")], [
        one_of("account_type", ("atlassian", "app", "customer"), WARNING),
    ])


def github_issues() -> StreamSuite:
    return _suite("github/issues", [
        Field("number", "number", NUMBER, required=True), Field("state", "state"),
        Field("created_at", "created_at", TIMESTAMP, required=True), Field("closed_at", "closed_at", TIMESTAMP),
    ], [
        one_of("state", ("open", "closed")), not_before("closed_at", "created_at", WARNING),
    ])


def shopify_orders() -> StreamSuite:
    return _suite("shopify/orders", [
        Field("total_price", "total_price", NUMBER, required=True), Field("currency", "currency"),
        Field("financial_status", "financial_status"), Field("location_id", "location_id"),
        Field("created_at", "created_at", TIMESTAMP, required=True), Field("created_date", "created_at", LOCAL_DATE),
        Field("promised_date", "note_attributes", DATE,
              sql=pick("note_attributes", "name", "promised_delivery_date", "value")),
    ], [
        at_least("total_price", 0), known_currency("currency"),
        one_of("financial_status", ("pending", "authorized", "partially_paid", "paid", "partially_refunded",
                                    "refunded", "voided"), WARNING),
        not_null("location_id", WARNING), not_before("promised_date", "created_date", WARNING),
    ])


def shopify_locations() -> StreamSuite:
    return _suite("shopify/locations", [Field("country_code", "country_code")], [
        matches("country_code", r"^[A-Z]{2}$", "a two-letter country code", WARNING),
    ])


def hris_employees() -> StreamSuite:
    return _suite("hris/employees", [
        Field("email", "email"), Field("team_id", "team_id"), Field("hire_date", "hire_date", DATE, required=True),
        Field("termination_date", "termination_date", DATE),
    ], [
        matches("email", EMAIL, "an email address", WARNING), not_null("team_id", WARNING),
        not_before("termination_date", "hire_date", WARNING),
    ])


def hris_job_history() -> StreamSuite:
    return _suite("hris/job_history", [
        Field("team_id", "team_id"), Field("effective_date", "effective_date", DATE, required=True),
        Field("end_date", "end_date", DATE),
    ], [
        not_before("end_date", "effective_date"), not_null("team_id", WARNING),
    ])


def files_ratings() -> StreamSuite:
    return _suite("files/ratings", [Field("cycle", "cycle"), Field("rating", "rating", NUMBER)], [
        between("rating", 1, 5),
        matches("cycle", r"^[0-9]{4}(?:H[12]|Q[1-4])?$", "a review cycle id like 2025H1", WARNING),
    ])


def files_journal() -> StreamSuite:
    return _suite("files/journal", [
        Field("employee_id", "employee_id", required=True), Field("kind", "kind"),
        Field("entry_date", "entry_date", DATE, required=True),
    ], [
        one_of("kind", ("feedback", "milestone"), WARNING),
    ])


# Reference files and the goal/metric files are checked line by line (CSV) or as a whole (YAML) by the
# connector before any batch exists; these suites keep the same gate on what reaches the raw zone.
def files_identity_overrides() -> StreamSuite:
    return _suite("files/identity_overrides", [
        Field("system", "system", required=True), Field("external_id", "external_id", required=True),
        Field("employee_id", "employee_id", required=True),
    ], [
        one_of("system", ("salesforce", "hubspot", "jira", "github")),
    ])


def files_fx_rates() -> StreamSuite:
    return _suite("files/fx_rates", [
        Field("month", "month", DATE, required=True), Field("currency", "currency", required=True),
        Field("rate", "rate", NUMBER, required=True),
    ], [
        at_least("rate", 0), known_currency("currency"),
    ])


def files_team_ownership() -> StreamSuite:
    return _suite("files/team_ownership", [
        Field("kind", "kind", required=True), Field("key", "key", required=True),
        Field("team_id", "team_id", required=True),
    ], [
        one_of("kind", ("component", "label", "location")),
    ])


def files_metrics() -> StreamSuite:
    return _suite("files/metrics", [
        Field("direction", "direction", required=True), Field("aggregation", "aggregation", required=True),
        Field("min_events", "min_events", NUMBER),
    ], [
        one_of("direction", ("higher", "lower")), one_of("aggregation", ("sum", "ratio", "median")),
        at_least("min_events", 0),
    ])


def files_goals() -> StreamSuite:
    return _suite("files/goals", [
        Field("cycle", "cycle", required=True), Field("metric", "metric", required=True),
        Field("owner_id", "owner.id", required=True), Field("target", "target", NUMBER, required=True),
        Field("weight", "weight", NUMBER),
    ], [
        between("weight", 0, 100),
    ])


SUITES: dict[str, Callable[[], StreamSuite]] = {
    "salesforce/opportunities": salesforce_opportunities, "salesforce/users": salesforce_users,
    "hubspot/deals": hubspot_deals, "hubspot/owners": hubspot_owners, "hubspot/pipelines": hubspot_pipelines,
    "jira/issues": jira_issues, "jira/users": jira_users, "github/issues": github_issues,
    "shopify/orders": shopify_orders, "shopify/locations": shopify_locations,
    "hris/employees": hris_employees, "hris/job_history": hris_job_history,
    "files/ratings": files_ratings, "files/journal": files_journal,
    "files/identity_overrides": files_identity_overrides, "files/fx_rates": files_fx_rates,
    "files/team_ownership": files_team_ownership, "files/metrics": files_metrics, "files/goals": files_goals,
}


@cache
def suite_for(stream: str) -> StreamSuite:
    """The suite of `system/stream`; every stream of the catalog has one."""
    try:
        return SUITES[stream]()
    except KeyError:
        raise KeyError(f"no ingestion suite for {stream}; declare one in checks/suites.py") from None
