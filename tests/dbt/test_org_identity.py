"""Identity resolution, org history and freshness in the marts, against the demo store's ground truth."""

import yaml

from tests.dbt.dbt_support import DBT_PROJECT, query
from tests.dbt.ground_truth import issues_naming, planted


def test_identity_gaps_hold_exactly_the_planted_unmatched_accounts(company, staged):
    unmatched = planted(company, "unmatched_identities")
    assert len(unmatched) >= 8
    gaps = query(staged.warehouse, "SELECT system, external_id, records_referencing FROM fct_identity_gaps")
    assert {(system, account) for system, account, _ in gaps} == {("jira", account) for account, _ in unmatched}
    assert {account: count for _, account, count in gaps} == {
        account: issues_naming(company, account) for account, _ in unmatched}


def test_every_other_account_matches_its_own_employee(company, staged):
    truth = dict(((system, account), employee) for system, account, employee in query(company, """
        SELECT DISTINCT 'salesforce', Id, employee_id FROM sf_users
        UNION ALL SELECT DISTINCT 'hubspot', id, employee_id FROM hs_owners
        UNION ALL SELECT DISTINCT 'jira', accountId, employee_id FROM jira_users
        UNION ALL SELECT 'github', external_id, employee_id FROM identity_overrides WHERE system = 'github'"""))
    matched = query(staged.warehouse, "SELECT system, external_id, employee_id, match_method "
                                      "FROM int_identity__accounts WHERE employee_id IS NOT NULL")
    assert matched and all(truth[(system, account)] == employee for system, account, employee, _ in matched)
    assert {method for *_, method in matched} == {"email", "override"}


def test_dim_employee_follows_the_hris_job_history(company, staged):
    recorded = "FROM hris_job_history WHERE recorded_at <= TIMESTAMP '2026-10-01'"  # what the HRIS showed at the clock
    expected = set(query(company, f"SELECT employee_id, effective_date, team_id, manager_id, job_level {recorded}"))
    rows = query(staged.warehouse, "SELECT employee_id, valid_from, team_id, manager_id, job_level, valid_to, "
                                   "lead(valid_from) OVER (PARTITION BY employee_id ORDER BY valid_from) "
                                   "FROM dim_employee")
    assert {row[:5] for row in rows} == expected
    assert all(valid_to == following for *_, valid_to, following in rows if following is not None)
    current = dict(query(staged.warehouse, "SELECT employee_id, team_id FROM dim_employee WHERE is_current"))
    employed = dict(query(company, f"""
        SELECT employee_id, team_id {recorded} AND effective_date <= DATE '2026-10-01'
        QUALIFY row_number() OVER (PARTITION BY employee_id ORDER BY effective_date DESC) = 1
            AND employee_id NOT IN (SELECT employee_id FROM hris_employees WHERE termination_date < DATE '2026-10-01')"""))
    assert current == employed


def test_dim_org_names_each_teams_manager_at_the_demo_clock(company, staged):
    expected = set(query(company, "SELECT team_id, team, department, region, manager_id FROM teams"))
    current = set(query(staged.warehouse, "SELECT team_id, team_name, department, region, manager_id FROM dim_org "
                                          "WHERE is_current"))
    assert current == expected


def test_freshness_and_as_of_come_from_the_sources_clock_not_this_machines(staged):
    as_of_at, as_of_date = query(staged.warehouse, "SELECT as_of_at, as_of_date FROM int_calendar__data_as_of")[0]
    assert str(as_of_at) == "2026-10-01 00:00:00" and str(as_of_date) == "2026-10-01"
    streams = query(staged.warehouse, "SELECT source_system, stream, last_loaded_at, raw_rows FROM fct_source_freshness")
    sources = yaml.safe_load((DBT_PROJECT / "models" / "staging" / "_raw__sources.yml").read_text())["sources"]
    declared = {(source["name"].removeprefix("raw_"), table["name"]) for source in sources for table in source["tables"]}
    assert {(system, stream) for system, stream, _, _ in streams} == declared
    assert all(loaded is not None and rows > 0 for _, _, loaded, rows in streams)


def test_archived_hubspot_owners_stay_so_the_deals_of_people_who_left_are_credited(company, staged):
    archived = {row[0] for row in query(company, "SELECT record_id FROM hs_owners WHERE is_deleted "
                                                 "AND version_at <= TIMESTAMP '2026-10-01'")}
    assert archived, "someone who sold on HubSpot must have left before the clock"
    flagged = {row[0] for row in query(staged.warehouse, "SELECT owner_id FROM stg_hubspot__owners WHERE is_archived")}
    assert flagged == archived
    credited = query(staged.warehouse, "SELECT count(*), count(owner_employee_id) FROM int_sales__deals "
                                       "WHERE list_contains($owners, owner_account_id)", {"owners": sorted(archived)})
    assert credited[0][0] > 0 and credited[0][0] == credited[0][1]
