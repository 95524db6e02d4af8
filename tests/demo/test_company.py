"""The demo company generator: determinism, the store contract (demo/STORE.md), versioning, and every
planted pattern, checked from the raw tables with SQL."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from demo.company import generate
from demo.company.patterns import PATTERNS

VERSIONED = ("sf_users", "sf_opportunities", "hs_owners", "hs_deals", "jira_users", "jira_issues", "gh_issues",
             "shop_orders")
CLOCK = "TIMESTAMP '2026-10-01 00:00:00'"
V, TS, D, B, F, I, L, J = "VARCHAR", "TIMESTAMP", "DATE", "BOOLEAN", "DOUBLE", "BIGINT", "VARCHAR[]", "JSON"
VERSION_COLUMNS = {"record_id": V, "version_at": TS, "valid_to": TS, "is_deleted": B}
CONTRACT = {  # written from demo/STORE.md, independently of the generator's schema module
    "sf_users": {"Id": V, "Email": V, "Name": V, "IsActive": B, "ManagerId": V, "employee_id": V},
    "sf_opportunities": {"Id": V, "Name": V, "Amount": F, "CurrencyIsoCode": V, "StageName": V, "IsClosed": B,
                         "IsWon": B, "CloseDate": D, "CreatedDate": TS, "OwnerId": V, "Product_Line__c": V,
                         "Region__c": V, "Channel__c": V},
    "hs_owners": {"id": V, "email": V, "firstName": V, "lastName": V, "userId": I, "archived": B},
    "hs_deals": {"id": V, "dealname": V, "amount": F, "deal_currency_code": V, "dealstage": V, "pipeline": V,
                 "closedate": TS, "createdate": TS, "hubspot_owner_id": V, "product_line": V, "region": V,
                 "channel": V},
    "jira_users": {"accountId": V, "emailAddress": V, "displayName": V, "active": B, "employee_id": V},
    "jira_issues": {"id": V, "key": V, "project": V, "issuetype": V, "summary": V, "priority": V, "components": L,
                    "assignee_account_id": V, "reporter_account_id": V, "status": V, "status_category": V,
                    "created": TS, "resolutiondate": TS, "duedate": D, "labels": L, "environment": V},
    "gh_issues": {"repo": V, "id": I, "number": "INTEGER", "title": V, "state": V, "created_at": TS,
                  "closed_at": TS, "labels": L, "user_login": V, "assignee_login": V, "milestone": V,
                  "is_pull_request": B},
    "shop_orders": {"id": I, "name": V, "created_at": TS, "processed_at": TS, "cancelled_at": TS,
                    "financial_status": V, "fulfillment_status": V, "total_price": F, "currency": V,
                    "location_id": I, "promised_date": D, "fulfillment_id": I, "fulfillment_created_at": TS,
                    "fulfillment_status_detail": V, "shipment_status": V, "delivered_at": TS},
    "hs_pipeline_stages": {"pipeline_id": V, "pipeline_label": V, "stage_id": V, "stage_label": V,
                           "display_order": "INTEGER", "is_closed": B, "probability": F},
    "shop_locations": {"id": I, "name": V, "team_id": V},
    "hris_employees": {"employee_id": V, "name": V, "email": V, "location": V, "hire_date": D,
                       "termination_date": D, "created_at": TS},
    "hris_job_history": {"employee_id": V, "effective_date": D, "end_date": D, "title": V, "job_level": V,
                         "role_family": V, "team_id": V, "team": V, "manager_id": V, "department": V, "region": V,
                         "change_reason": V, "recorded_at": TS},
    "teams": {"team_id": V, "team": V, "department": V, "region": V, "manager_id": V, "kind": V},
    "ratings": {"employee_id": V, "cycle": V, "rating": "INTEGER", "manager_id": V, "recorded_at": TS},
    "journal": {"entry_id": V, "employee_id": V, "author_id": V, "entry_date": D, "kind": V, "situation": V,
                "behaviour": V, "impact": V, "recorded_at": TS},
    "fx_rates": {"month": D, "currency": V, "rate_to_eur": F},
    "goals": {"goal_id": V, "valid_from": D, "cycle": V, "title": V, "level": V, "owner_type": V, "owner_id": V,
              "parent_goal_id": V, "metric": V, "filters": J, "target": F, "threshold": F, "stretch": F,
              "weight": F},
    "identity_overrides": {"system": V, "external_id": V, "employee_id": V},
    "planted": {"pattern": V, "subject_type": V, "subject_id": V, "detail": J},
    "company": {"name": V, "currency": V, "timezone": V, "seed": I, "employees": I, "generated_at_clock": TS},
}
# Jira work items and GitHub bugs → responsible team, from the raw tables plus the components reference
DEFECTS_BY_TEAM_MONTH = """
WITH jira AS (
    SELECT c.team_id, date_trunc('month', i.created) AS mon FROM jira_issues i
    JOIN components c ON c.component = i.components[1]
    WHERE i.valid_to IS NULL AND NOT i.is_deleted AND i.issuetype = 'Bug'),
github AS (
    SELECT c.team_id, date_trunc('month', g.created_at) AS mon FROM gh_issues g
    JOIN components c ON list_contains(g.labels, c.github_label)
    WHERE g.valid_to IS NULL AND NOT g.is_pull_request AND list_contains(g.labels, 'bug'))
SELECT team_id, mon, count(*) AS defects FROM (SELECT * FROM jira UNION ALL SELECT * FROM github) GROUP BY ALL
"""
# won/closed deals of both CRMs in EUR, with the owning employee at close
CLOSED_DEALS = """
WITH sf AS (
    SELECT o.Region__c AS region, o.CloseDate AS close_date, o.IsWon AS won, o.Amount AS amount,
           o.CurrencyIsoCode AS currency, u.employee_id FROM sf_opportunities o
    JOIN (SELECT DISTINCT Id, employee_id FROM sf_users) u ON u.Id = o.OwnerId
    WHERE o.valid_to IS NULL AND NOT o.is_deleted AND o.IsClosed),
hs AS (
    SELECT d.region, CAST(d.closedate AS DATE), d.dealstage = 'closedwon', d.amount, d.deal_currency_code,
           w.employee_id FROM hs_deals d
    JOIN (SELECT DISTINCT id, employee_id FROM hs_owners) w ON w.id = d.hubspot_owner_id
    WHERE d.valid_to IS NULL AND NOT d.is_deleted AND d.dealstage IN ('closedwon', 'closedlost'))
SELECT region, close_date, won, amount * f.rate_to_eur AS amount_eur, employee_id,
       CASE WHEN close_date < DATE '2025-01-01' THEN '2024H2' WHEN close_date < DATE '2025-07-01' THEN '2025H1'
            WHEN close_date < DATE '2026-01-01' THEN '2025H2' WHEN close_date < DATE '2026-07-01' THEN '2026H1'
            ELSE '2026H2' END AS cycle
FROM (SELECT * FROM sf UNION ALL SELECT * FROM hs) d
JOIN fx_rates f ON f.currency = d.currency AND f.month = date_trunc('month', d.close_date)
"""
HEADCOUNT_AT_CLOCK = f"""
SELECT h.team_id, count(*) AS heads FROM hris_job_history h JOIN hris_employees e USING (employee_id)
WHERE h.effective_date <= {CLOCK} AND (h.end_date IS NULL OR h.end_date > {CLOCK}) GROUP BY ALL
"""


@pytest.fixture(scope="session")
def store(tmp_path_factory) -> Path:
    return generate(tmp_path_factory.mktemp("company"), employees=300, seed=7)


@pytest.fixture(scope="session")
def con(store):
    with duckdb.connect(str(store), read_only=True) as connection:
        yield connection


def rows(con, sql: str) -> list[tuple]:
    return con.execute(sql).fetchall()


def planted(con, pattern: str) -> list[tuple[str, dict]]:
    return [(s, json.loads(d)) for s, d in rows(con, f"SELECT subject_id, detail FROM planted WHERE pattern = '{pattern}'")]


def test_same_seed_and_size_give_identical_tables(store, tmp_path):
    again = generate(tmp_path, employees=300, seed=7)
    with duckdb.connect() as both:
        both.execute(f"ATTACH '{store}' AS a (READ_ONLY)")
        both.execute(f"ATTACH '{again}' AS b (READ_ONLY)")
        tables = [t for (t,) in both.execute("SELECT table_name FROM duckdb_tables() WHERE database_name = 'a'")
                  .fetchall() if t != "company"]
        for table in tables:
            differing = both.execute(f'SELECT count(*) FROM (SELECT * FROM a."{table}" EXCEPT ALL '
                                     f'SELECT * FROM b."{table}")').fetchone()[0]
            sizes = both.execute(f'SELECT (SELECT count(*) FROM a."{table}"), (SELECT count(*) FROM b."{table}")')
            assert differing == 0 and len(set(sizes.fetchone())) == 1, table


def test_an_existing_store_of_the_same_company_is_reused(store):
    before = store.stat().st_mtime_ns
    assert generate(store.parent, employees=300, seed=7) == store
    assert store.stat().st_mtime_ns == before


def test_record_volumes_and_mix_match_a_300_person_company(con):
    distinct = {t: rows(con, f"SELECT count(DISTINCT record_id) FROM {t}")[0][0] for t in VERSIONED}
    total = sum(distinct.values())
    assert 270_000 <= total <= 350_000
    share = {k: v / total for k, v in distinct.items()}
    assert 0.50 <= share["shop_orders"] <= 0.62
    assert 0.21 <= share["jira_issues"] <= 0.30
    assert 0.08 <= share["sf_opportunities"] + share["hs_deals"] <= 0.14
    assert 0.03 <= share["gh_issues"] <= 0.08
    employed = rows(con, f"SELECT count(*) FROM hris_employees WHERE hire_date <= {CLOCK} "
                         f"AND (termination_date IS NULL OR termination_date >= {CLOCK})")[0][0]
    assert employed == 300


def test_tables_have_the_documented_columns_and_types(con):
    for table, columns in CONTRACT.items():
        actual = dict(rows(con, f"SELECT column_name, data_type FROM information_schema.columns "
                                f"WHERE table_name = '{table}' ORDER BY ordinal_position"))
        expected = (VERSION_COLUMNS | columns) if table in VERSIONED else columns
        assert {k: actual.get(k) for k in expected} == expected, table
        if table in VERSIONED:
            assert list(actual)[:4] == list(VERSION_COLUMNS), table
        for column in (c for c, kind in expected.items() if kind == F):  # missing values are NULL, never NaN
            assert rows(con, f'SELECT count(*) FROM {table} WHERE isnan("{column}")')[0][0] == 0, (table, column)


@pytest.mark.parametrize("table", VERSIONED)
def test_versions_chain_sort_and_end_with_deletions_only(con, table):
    broken_chain = rows(con, f"""
        SELECT count(*) FROM (SELECT valid_to, lead(version_at) OVER (PARTITION BY record_id ORDER BY version_at) AS nxt
                              FROM {table}) WHERE valid_to IS DISTINCT FROM nxt""")[0][0]
    deleted_not_last = rows(con, f"SELECT count(*) FROM {table} WHERE is_deleted AND valid_to IS NOT NULL")[0][0]
    out_of_order = rows(con, f"""
        SELECT count(*) FROM (SELECT version_at, record_id, lag(version_at) OVER (ORDER BY rowid) AS pv,
                                     lag(record_id) OVER (ORDER BY rowid) AS pr FROM {table})
        WHERE pv > version_at OR (pv = version_at AND pr >= record_id)""")[0][0]
    beyond_horizon = rows(con, f"SELECT count(*) FROM {table} WHERE version_at > TIMESTAMP '2026-12-31 23:59:59'")
    assert (broken_chain, deleted_not_last, out_of_order, beyond_horizon[0][0]) == (0, 0, 0, 0)


def test_deals_move_from_open_to_closed_and_some_are_deleted(con):
    stages = rows(con, """SELECT list(StageName ORDER BY version_at) FILTER (WHERE NOT is_deleted)
                           FROM sf_opportunities GROUP BY Id""")
    assert all(s[0] in ("Prospecting", "Qualification") for (s,) in stages)
    assert all(not any(stage.startswith("Closed") for stage in s[:-1]) for (s,) in stages)
    assert sum(s[-1] == "Closed Won" for (s,) in stages) > 1000
    deleted = rows(con, "SELECT count(*) FROM sf_opportunities WHERE is_deleted")[0][0]
    archived = rows(con, "SELECT count(*) FROM hs_deals WHERE is_deleted")[0][0]
    assert deleted > 100 and archived > 10
    currencies = {c for (c,) in rows(con, "SELECT DISTINCT CurrencyIsoCode FROM sf_opportunities")}
    assert {"EUR", "SEK", "GBP", "USD"} <= currencies
    rates = {c for (c,) in rows(con, "SELECT DISTINCT currency FROM fx_rates")}
    assert currencies | {c for (c,) in rows(con, "SELECT DISTINCT currency FROM shop_orders")} <= rates


def test_orders_are_fulfilled_then_delivered_and_some_are_late_or_cancelled(con):
    (late, delivered, cancelled, orders), = rows(con, """
        SELECT count(*) FILTER (WHERE CAST(delivered_at AS DATE) > promised_date),
               count(*) FILTER (WHERE shipment_status = 'delivered'), count(*) FILTER (WHERE cancelled_at IS NOT NULL),
               count(*) FROM shop_orders WHERE valid_to IS NULL""")
    assert 0.05 < late / delivered < 0.2 and 0.01 < cancelled / orders < 0.04
    paths = dict(rows(con, """
        SELECT path, count(*) FROM (
            SELECT list(coalesce(shipment_status, CASE WHEN cancelled_at IS NULL THEN 'created' ELSE 'cancelled' END)
                        ORDER BY version_at)::VARCHAR AS path FROM shop_orders GROUP BY id) GROUP BY ALL"""))
    assert set(paths) == {"[created, in_transit, delivered]", "[created, cancelled]", "[created, in_transit]",
                          "[created]"}
    assert paths["[created, in_transit, delivered]"] / orders > 0.95


def test_job_history_is_a_gapless_effective_dated_chain(con):
    gaps = rows(con, """SELECT count(*) FROM (SELECT end_date, lead(effective_date) OVER w AS nxt, row_number() OVER w AS n,
                                                   count(*) OVER (PARTITION BY employee_id) AS total
                                            FROM hris_job_history WINDOW w AS (PARTITION BY employee_id ORDER BY effective_date))
                        WHERE n < total AND end_date IS DISTINCT FROM nxt""")[0][0]
    reasons = dict(rows(con, "SELECT change_reason, count(*) FROM hris_job_history GROUP BY ALL"))
    hires = rows(con, "SELECT count(DISTINCT employee_id) FROM hris_job_history WHERE change_reason = 'hire'")[0][0]
    assert gaps == 0 and hires == rows(con, "SELECT count(*) FROM hris_employees")[0][0]
    assert all(reasons.get(r, 0) > 10 for r in ("team_move", "promotion", "manager_change"))
    monthly_hires = rows(con, """SELECT count(DISTINCT date_trunc('month', hire_date)) FROM hris_employees
                                 WHERE hire_date BETWEEN DATE '2024-07-02' AND DATE '2026-12-31'""")[0][0]
    assert monthly_hires >= 28


def test_goal_sets_cascade_and_weights_sum_to_100(con):
    per_person = rows(con, """
        WITH member AS (SELECT employee_id, team_id, g.cycle FROM hris_job_history h
                        JOIN (SELECT DISTINCT cycle, owner_id, valid_from FROM goals WHERE owner_type = 'employee') g
                          ON g.owner_id = h.employee_id AND h.effective_date <= g.valid_from
                         AND (h.end_date IS NULL OR h.end_date > g.valid_from)),
        latest AS (SELECT * FROM goals QUALIFY row_number() OVER (PARTITION BY goal_id ORDER BY valid_from DESC) = 1),
        mine AS (SELECT m.employee_id, m.cycle, g.goal_id, g.weight FROM member m JOIN latest g
                   ON g.cycle = m.cycle AND ((g.owner_type = 'employee' AND g.owner_id = m.employee_id)
                                          OR (g.owner_type = 'team' AND g.owner_id = m.team_id)))
        SELECT employee_id, cycle, count(DISTINCT goal_id), sum(weight) FROM mine GROUP BY ALL""")
    assert len(per_person) > 1400
    assert all(5 <= n <= 7 and abs(total - 100) < 1e-9 for _, _, n, total in per_person)
    orphans = rows(con, """SELECT count(*) FROM goals g WHERE level <> 'company'
                           AND parent_goal_id NOT IN (SELECT goal_id FROM goals)""")[0][0]
    assert orphans == 0 and rows(con, "SELECT count(DISTINCT cycle) FROM goals")[0][0] == 5
    weights = dict(rows(con, "SELECT level, count(weight) FROM goals GROUP BY ALL"))
    assert weights["company"] == weights["department"] == 0 and weights["team"] > 0


def test_most_people_land_between_threshold_and_stretch(con):
    (share,), = rows(con, """
        WITH items AS (
            SELECT u.employee_id, CASE WHEN i.created < DATE '2026-01-01' THEN '2025H2' ELSE '2026H1' END AS cycle,
                   CAST(i.resolutiondate AS DATE) <= i.duedate AS on_time FROM jira_issues i
            JOIN (SELECT DISTINCT accountId, employee_id FROM jira_users) u ON u.accountId = i.assignee_account_id
            WHERE i.valid_to IS NULL AND i.project = 'SUP' AND i.resolutiondate >= DATE '2025-07-01'
              AND i.resolutiondate < DATE '2026-07-01'),
        actual AS (SELECT employee_id, cycle, avg(on_time::INT) AS rate FROM items GROUP BY ALL)
        SELECT avg((a.rate BETWEEN g.threshold AND g.stretch)::INT) FROM actual a JOIN goals g
          ON g.owner_id = a.employee_id AND g.cycle = a.cycle AND g.metric = 'delivery_on_time_rate'
         AND g.owner_type = 'employee'""")
    assert share >= 0.7


def test_the_planted_table_names_every_pattern_of_patterns_py(con):
    assert {p for (p,) in rows(con, "SELECT DISTINCT pattern FROM planted")} == {p.id for p in PATTERNS}


def test_too_easy_targets_put_one_team_far_above_stretch(con):
    (team, detail), = planted(con, "too_easy_targets")
    beyond = dict(rows(con, f"""
        WITH items AS (
            SELECT u.employee_id, CAST(i.resolutiondate AS DATE) <= i.duedate AS on_time FROM jira_issues i
            JOIN (SELECT DISTINCT accountId, employee_id FROM jira_users) u ON u.accountId = i.assignee_account_id
            WHERE i.valid_to IS NULL AND i.project = 'ENG' AND i.issuetype <> 'Bug'
              AND i.resolutiondate >= DATE '2026-07-01'),
        actual AS (SELECT employee_id, avg(on_time::INT) AS rate, count(*) AS volume FROM items GROUP BY ALL),
        scored AS (SELECT h.team_id, CASE g.metric WHEN 'delivery_on_time_rate' THEN a.rate ELSE a.volume END > g.stretch
                          AS far_above FROM goals g JOIN actual a ON a.employee_id = g.owner_id
                   JOIN hris_job_history h ON h.employee_id = g.owner_id AND h.effective_date <= g.valid_from
                    AND (h.end_date IS NULL OR h.end_date > g.valid_from)
                   WHERE g.cycle = '{detail["cycle"]}' AND g.owner_type = 'employee' AND h.department = 'Engineering')
        SELECT team_id, avg(far_above::INT) FROM scored GROUP BY ALL"""))
    assert beyond[team] >= 0.75
    assert max(v for t, v in beyond.items() if t != team) <= 0.5


def test_overloaded_delivery_team_has_high_volume_and_falling_timeliness(con):
    (team, detail), = planted(con, "overloaded_delivery_team")
    monthly = rows(con, f"""
        SELECT date_trunc('month', o.delivered_at) AS mon,
               avg((CAST(o.delivered_at AS DATE) <= o.promised_date)::INT) FROM shop_orders o
        JOIN shop_locations l ON l.id = o.location_id
        WHERE o.valid_to IS NULL AND o.delivered_at >= DATE '2026-04-01' AND o.delivered_at < DATE '2026-10-01'
          AND l.team_id = '{team}' GROUP BY ALL ORDER BY mon""")
    rates = [r for _, r in monthly]
    assert len(rates) == 6 and all(a > b for a, b in zip(rates, rates[1:])) and rates[0] - rates[-1] > 0.15
    per_head = dict(rows(con, f"""
        WITH volume AS (SELECT l.team_id, count(*) AS orders FROM shop_orders o JOIN shop_locations l ON l.id = o.location_id
                        WHERE o.valid_to IS NULL AND o.created_at >= DATE '2026-04-01' AND o.created_at < {CLOCK}
                        GROUP BY ALL)
        SELECT v.team_id, v.orders / h.heads FROM volume v JOIN ({HEADCOUNT_AT_CLOCK}) h USING (team_id)"""))
    others = sorted(v for t, v in per_head.items())
    median = others[len(others) // 2] if len(others) % 2 else sum(others[len(others) // 2 - 1:][:2]) / 2
    assert per_head[team] >= 1.5 * median
    assert all(v < 1.3 * median for t, v in per_head.items() if t != team)


def test_low_sales_region_trails_every_other_region_every_month_and_cycle(con):
    (region, _), = planted(con, "low_sales_region")
    last_six_months = f"close_date >= DATE '2026-04-01' AND close_date < {CLOCK}"
    last_two_cycles = "close_date >= DATE '2025-07-01' AND close_date < DATE '2026-07-01'"
    for period, window, expected in (("date_trunc('month', close_date)", last_six_months, 6),
                                     ("cycle", last_two_cycles, 2)):
        stats = rows(con, f"""SELECT {period} AS p, region, sum(amount_eur) FILTER (WHERE won), avg(won::INT)
                              FROM ({CLOSED_DEALS}) WHERE {window} GROUP BY ALL""")
        periods = {p for p, *_ in stats}
        assert len(periods) == expected
        for p in periods:
            mine = [(won, rate) for q, r, won, rate in stats if q == p and r == region][0]
            others = [(won, rate) for q, r, won, rate in stats if q == p and r != region]
            assert len(others) == 6
            assert mine[0] < 0.5 * min(w for w, _ in others) and mine[1] < 0.7 * min(r for _, r in others)


def test_top_performer_wins_the_most_in_every_cycle(con):
    (employee, detail), = planted(con, "top_performer")
    leaders = rows(con, f"""SELECT cycle, arg_max(employee_id, won) FROM (
                               SELECT cycle, employee_id, sum(amount_eur) FILTER (WHERE won) AS won
                               FROM ({CLOSED_DEALS}) GROUP BY ALL) GROUP BY ALL""")
    assert len(leaders) == 5 and all(leader == employee for _, leader in leaders)
    role = rows(con, f"SELECT DISTINCT role_family FROM hris_job_history WHERE employee_id = '{employee}'")
    assert role == [(detail["role_family"],)]


def test_only_the_planted_jira_accounts_are_unmatched(con):
    planted_accounts = {account for account, _ in planted(con, "unmatched_identities")}
    unmatched = {a for (a,) in rows(con, """
        SELECT DISTINCT accountId FROM jira_users WHERE emailAddress IS NULL
          AND accountId NOT IN (SELECT external_id FROM identity_overrides WHERE system = 'jira')""")}
    assert unmatched == planted_accounts and len(unmatched) >= 8
    hidden = rows(con, "SELECT count(DISTINCT accountId) FROM jira_users WHERE emailAddress IS NULL")[0][0]
    assert hidden > len(unmatched)
    working = rows(con, f"""SELECT count(DISTINCT assignee_account_id) FROM jira_issues
                            WHERE version_at < {CLOCK} AND assignee_account_id IN
                            (SELECT subject_id FROM planted WHERE pattern = 'unmatched_identities')""")[0][0]
    assert working == len(unmatched)
    for table, column in (("sf_users", "Email"), ("hs_owners", "email"), ("jira_users", "emailAddress")):
        strays = rows(con, f"SELECT count(*) FROM {table} WHERE {column} IS NOT NULL AND {column} NOT IN "
                           f"(SELECT email FROM hris_employees)")[0][0]
        assert strays == 0, table
    logins = rows(con, """SELECT count(*) FROM (SELECT user_login FROM gh_issues UNION SELECT assignee_login FROM gh_issues)
                          WHERE user_login IS NOT NULL AND user_login NOT IN
                          (SELECT external_id FROM identity_overrides WHERE system = 'github')""")[0][0]
    assert logins == 0


def test_exactly_one_goal_changes_target_mid_cycle(con):
    (goal_id, detail), = planted(con, "mid_cycle_target_change")
    versions = rows(con, """SELECT goal_id, cycle, valid_from, target FROM goals WHERE goal_id IN
                            (SELECT goal_id FROM goals GROUP BY goal_id HAVING count(*) > 1) ORDER BY valid_from""")
    assert [v[0] for v in versions] == [goal_id, goal_id] and versions[0][1] == detail["cycle"]
    assert str(versions[1][2]) == detail["changed_on"]
    assert (versions[0][3], versions[1][3]) == (detail["old_target"], detail["new_target"])
    assert versions[0][3] < versions[1][3]


def test_one_team_month_has_a_defect_spike_and_no_other_comes_close(con):
    (team, detail), = planted(con, "defect_spike")
    ratios = rows(con, f"""SELECT team_id, strftime(mon, '%Y-%m'), defects / median(defects) OVER (PARTITION BY team_id)
                           FROM ({DEFECTS_BY_TEAM_MONTH}) WHERE mon < DATE '2027-01-01'""")
    spikes = [(t, m) for t, m, ratio in ratios if ratio >= 3]
    assert spikes == [(team, detail["month"])]
    assert max(ratio for t, m, ratio in ratios if (t, m) != (team, detail["month"])) < 2.2


def test_exactly_one_team_is_smaller_than_five(con):
    (team, _), = planted(con, "small_team")
    heads = dict(rows(con, HEADCOUNT_AT_CLOCK))
    assert [t for t, n in heads.items() if n < 5] == [team]
    assert max(heads.values()) <= 15 and len(heads) == rows(con, "SELECT count(*) FROM teams")[0][0]


def test_one_managers_ratings_run_against_the_evidence(con):
    """Support people's attainment on their individual goals, recomputed from Jira, against their ratings."""
    (manager, detail), = planted(con, "ratings_disagree_manager")
    correlations = rows(con, f"""
        WITH items AS (
            SELECT u.employee_id, CASE WHEN i.resolutiondate < DATE '2025-01-01' THEN '2024H2'
                       WHEN i.resolutiondate < DATE '2025-07-01' THEN '2025H1'
                       WHEN i.resolutiondate < DATE '2026-01-01' THEN '2025H2' ELSE '2026H1' END AS cycle,
                   CAST(i.resolutiondate AS DATE) - i.duedate AS delay FROM jira_issues i
            JOIN (SELECT DISTINCT accountId, employee_id FROM jira_users) u ON u.accountId = i.assignee_account_id
            WHERE i.valid_to IS NULL AND i.project = 'SUP' AND i.resolutiondate < DATE '2026-07-01'),
        actual AS (SELECT employee_id, cycle, avg((delay <= 0)::INT) AS delivery_on_time_rate,
                          count(*) AS delivery_volume, avg(delay) FILTER (WHERE delay > 0) AS delivery_avg_delay_days
                   FROM items GROUP BY ALL),
        scored AS (SELECT g.owner_id AS employee_id, g.cycle, g.weight,
                          CASE g.metric WHEN 'delivery_avg_delay_days' THEN least(g.target / a.delivery_avg_delay_days,
                                                                                  g.target / g.stretch)
                               ELSE least(CASE g.metric WHEN 'delivery_on_time_rate' THEN a.delivery_on_time_rate
                                                        ELSE a.delivery_volume END / g.target, g.stretch / g.target)
                          END AS attainment
                   FROM goals g JOIN actual a ON a.employee_id = g.owner_id AND a.cycle = g.cycle
                   WHERE g.owner_type = 'employee'),
        person AS (SELECT employee_id, cycle, sum(attainment * weight) / sum(weight) AS attainment FROM scored
                   GROUP BY ALL)
        SELECT r.manager_id, r.cycle, corr(r.rating, p.attainment), count(*) FROM ratings r
        JOIN person p USING (employee_id, cycle) GROUP BY ALL HAVING count(*) >= 5""")
    mine = [c for m, _, c, _ in correlations if m == manager]
    others = [c for m, _, c, _ in correlations if m != manager]
    assert len(mine) == len(detail["cycles"]) == 4 and max(mine) < -0.3
    assert len(others) >= 8 and sum(others) / len(others) > 0.5 and min(others) > 0


def test_journal_has_sbi_entries_for_nearly_everyone_each_cycle(con):
    (people, with_entries), = rows(con, """
        SELECT (SELECT count(*) FROM hris_employees WHERE hire_date <= DATE '2026-06-30'
                 AND (termination_date IS NULL OR termination_date >= DATE '2026-01-01')),
               count(DISTINCT employee_id) FROM journal WHERE entry_date BETWEEN DATE '2026-01-01' AND DATE '2026-06-30'""")
    assert with_entries / people > 0.95
    blanks = rows(con, "SELECT count(*) FROM journal WHERE length(situation) < 10 OR length(behaviour) < 10 "
                       "OR length(impact) < 10")[0][0]
    assert blanks == 0
