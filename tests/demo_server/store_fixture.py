"""A small demo store written straight from demo/STORE.md, for testing the server without the generator.

Deterministic (hash-based), scalable (`scale` multiplies the record counts), with versions before and
after the demo clock start, deletions, ties on `version_at`, and hidden emails.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

HISTORY_START = "2024-07-01"
SPAN_HOURS = 30 * 24 * 30  # records are born over ~30 months, up to the end of 2026
PROJECTS, REPOS = ("ENG", "OPS", "SUP"), ("demo-co/web", "demo-co/api", "demo-co/mobile")
COUNTS = {"sf_users": 40, "sf_opportunities": 3000, "hs_owners": 30, "hs_deals": 2500, "jira_users": 40,
          "jira_issues": 2000, "gh_issues": 1500, "shop_orders": 3000, "employees": 60}


def build_store(path: Path, scale: int = 1) -> Path:
    path = Path(path)
    path.unlink(missing_ok=True)
    counts = {name: count * scale if name not in ("sf_users", "hs_owners", "jira_users") else count
              for name, count in COUNTS.items()}
    with duckdb.connect(str(path)) as con:
        for table, fields in _versioned_tables(counts).items():
            _versioned(con, table, counts.get(table, counts["shop_orders"]), fields)
        _reference_tables(con, counts["employees"])
    return path


def _versioned(con, table: str, records: int, fields: str) -> None:
    """One row per version: born on the hour (so stamps tie), 1-3 versions days apart, some deleted."""
    con.execute(f"""
        CREATE TABLE {table} AS
        WITH base AS (
            SELECT i AS n,
                   TIMESTAMP '{HISTORY_START}' + to_hours(CAST(hash(i, '{table}') % {SPAN_HOURS} AS BIGINT)) AS born,
                   CAST(1 + hash(i, 'versions') % 3 AS INTEGER) AS versions
            FROM range({records}) r(i)
        ), versions AS (
            SELECT n, born, versions, k,
                   born + to_hours(k * (24 + CAST(hash(n, 'gap') % 480 AS BIGINT)))
                        + to_milliseconds(CASE WHEN n % 2 = 0 THEN n % 997 ELSE 0 END) AS version_at,
                   k = versions - 1 AND versions > 1 AND n % 13 = 0 AS is_deleted
            FROM base, range(3) s(k) WHERE k < versions
        ), shaped AS (
            SELECT *, lead(version_at) OVER (PARTITION BY n ORDER BY k) AS valid_to FROM versions
        )
        SELECT {fields}
        FROM shaped ORDER BY version_at, record_id
    """)


def _versioned_tables(counts: dict[str, int]) -> dict[str, str]:
    stage = "(['Prospecting', 'Negotiation', CASE WHEN n % 3 = 0 THEN 'Closed Lost' ELSE 'Closed Won' END])[k + 1]"
    closed = "k = 2"
    return {
        "sf_users": f"""'005' || lpad(CAST(n AS VARCHAR), 15, '0') AS record_id, version_at, valid_to, is_deleted,
            '005' || lpad(CAST(n AS VARCHAR), 15, '0') AS "Id", 'seller' || n || '@demo.example' AS "Email",
            'Seller ' || n AS "Name", NOT (k = 2) AS "IsActive",
            CASE WHEN n = 0 THEN NULL ELSE '005' || lpad(CAST(n // 8 AS VARCHAR), 15, '0') END AS "ManagerId",
            'E' || lpad(CAST(n AS VARCHAR), 5, '0') AS employee_id""",
        "sf_opportunities": f"""'006' || lpad(CAST(n AS VARCHAR), 15, '0') AS record_id, version_at, valid_to, is_deleted,
            '006' || lpad(CAST(n AS VARCHAR), 15, '0') AS "Id", 'Opportunity ' || n || ' v' || k AS "Name",
            round(1000 + (hash(n) % 9000000) / 100.0, 2) AS "Amount", CASE WHEN n % 4 = 0 THEN 'USD' ELSE 'EUR' END
            AS "CurrencyIsoCode", {stage} AS "StageName", {closed} AS "IsClosed",
            {closed} AND n % 3 <> 0 AS "IsWon", CAST(born + to_days(60) AS DATE) AS "CloseDate", born AS "CreatedDate",
            '005' || lpad(CAST(n % {counts['sf_users']} AS VARCHAR), 15, '0') AS "OwnerId",
            (['Core', 'Analytics', 'Services'])[1 + n % 3] AS "Product_Line__c",
            (['DACH', 'Nordics', 'Benelux', 'Iberia'])[1 + n % 4] AS "Region__c",
            (['Direct', 'Partner', 'Online'])[1 + n % 3] AS "Channel__c\"""",
        "hs_owners": """CAST(1000 + n AS VARCHAR) AS record_id, version_at, valid_to, is_deleted,
            CAST(1000 + n AS VARCHAR) AS id, 'owner' || n || '@demo.example' AS email, 'Owner' AS "firstName",
            'Number ' || n AS "lastName", CAST(77000 + n AS BIGINT) AS "userId", false AS archived""",
        "hs_deals": f"""CAST(9000 + n AS VARCHAR) AS record_id, version_at, valid_to, is_deleted,
            CAST(9000 + n AS VARCHAR) AS id, 'Deal ' || n || ' v' || k AS dealname,
            CASE WHEN n % 10 = 0 THEN NULL ELSE round(500 + (hash(n) % 500000) / 100.0, 2) END AS amount, 'EUR' AS
            deal_currency_code, (['appointmentscheduled', 'contractsent', CASE WHEN n % 3 = 0 THEN 'closedlost'
            ELSE 'closedwon' END])[k + 1] AS dealstage, 'default' AS pipeline,
            CASE WHEN {closed} THEN version_at END AS closedate, born AS createdate,
            CAST(1000 + n % {counts['hs_owners']} AS VARCHAR) AS hubspot_owner_id, 'Core' AS product_line,
            'DACH' AS region, 'Direct' AS channel""",
        "jira_users": """'5b10ac8d82e05b22cc7d' || lpad(CAST(n AS VARCHAR), 4, '0') AS record_id, version_at, valid_to,
            is_deleted, '5b10ac8d82e05b22cc7d' || lpad(CAST(n AS VARCHAR), 4, '0') AS "accountId",
            CASE WHEN n % 5 = 0 THEN NULL ELSE 'dev' || n || '@demo.example' END AS "emailAddress",
            'Developer ' || n AS "displayName", true AS active, 'E' || lpad(CAST(n AS VARCHAR), 5, '0') AS employee_id""",
        "jira_issues": f"""CAST(10000 + n AS VARCHAR) AS record_id, version_at, valid_to, is_deleted,
            CAST(10000 + n AS VARCHAR) AS id, {_pick(PROJECTS)} || '-' || (1 + n) AS key, {_pick(PROJECTS)} AS project,
            (['Bug', 'Task', 'Story', 'Service Request'])[1 + n % 4] AS issuetype, 'Issue ' || n || ' v' || k AS summary,
            (['Highest', 'High', 'Medium', 'Low'])[1 + n % 4] AS priority,
            CASE WHEN n % 7 = 0 THEN [] ELSE ['web', 'api'][1:1 + n % 2] END AS components,
            CASE WHEN n % 5 = 1 THEN NULL ELSE '5b10ac8d82e05b22cc7d' || lpad(CAST(n % {counts['jira_users']}
            AS VARCHAR), 4, '0') END AS assignee_account_id,
            '5b10ac8d82e05b22cc7d' || lpad(CAST((n + 3) % {counts['jira_users']} AS VARCHAR), 4, '0') AS reporter_account_id,
            (['To Do', 'In Progress', 'Done'])[k + 1] AS status, (['new', 'indeterminate', 'done'])[k + 1] AS status_category,
            born AS created, CASE WHEN k = 2 THEN version_at END AS resolutiondate,
            CASE WHEN n % 3 = 0 THEN NULL ELSE CAST(born + to_days(14) AS DATE) END AS duedate,
            CASE WHEN n % 5 = 0 THEN ['customer'] ELSE [] END AS labels,
            CASE WHEN n % 4 = 0 THEN (['production', 'staging', 'development'])[1 + n % 3] END AS environment""",
        "gh_issues": f"""CAST(5000000 + n AS VARCHAR) AS record_id, version_at, valid_to, is_deleted, {_pick(REPOS)} AS repo,
            CAST(5000000 + n AS BIGINT) AS id, CAST(n // 3 + 1 AS INTEGER) AS number, 'GitHub issue ' || n AS title,
            CASE WHEN k = 2 THEN 'closed' ELSE 'open' END AS state, born AS created_at,
            CASE WHEN k = 2 THEN version_at END AS closed_at,
            [['bug'], ['bug', 'ui'], ['enhancement'], ['Bug'], []][1 + n % 5] AS labels,
            'dev' || (n % 17) AS user_login, CASE WHEN n % 4 = 0 THEN NULL ELSE 'dev' || (n % 11) END AS assignee_login,
            CASE WHEN n % 6 = 0 THEN 'v1.' || (n % 3) END AS milestone, n % 7 = 0 AS is_pull_request""",
        "shop_orders": """CAST(4000000 + n AS VARCHAR) AS record_id, version_at, valid_to, is_deleted,
            CAST(4000000 + n AS BIGINT) AS id, '#' || (1001 + n) AS name, born AS created_at, born AS processed_at,
            CASE WHEN n % 19 = 0 AND k > 0 THEN version_at END AS cancelled_at, 'paid' AS financial_status,
            CASE WHEN k > 0 THEN 'fulfilled' END AS fulfillment_status,
            round(20 + (hash(n) % 40000) / 100.0, 2) AS total_price, 'EUR' AS currency,
            CAST(7000 + n % 4 AS BIGINT) AS location_id, CAST(born + to_days(3) AS DATE) AS promised_date,
            CASE WHEN k > 0 THEN CAST(8000000 + n AS BIGINT) END AS fulfillment_id,
            CASE WHEN k > 0 THEN born + to_hours(20) END AS fulfillment_created_at,
            CASE WHEN k > 0 THEN 'success' END AS fulfillment_status_detail,
            ([NULL, 'in_transit', 'delivered'])[k + 1] AS shipment_status,
            CASE WHEN k = 2 THEN version_at END AS delivered_at""",
    }


def _pick(values: tuple[str, ...]) -> str:
    return "([" + ", ".join(f"'{v}'" for v in values) + f"])[1 + n % {len(values)}]"


def _reference_tables(con, employees: int) -> None:
    con.execute("""
        CREATE TABLE hs_pipeline_stages AS SELECT * FROM (VALUES
          ('default', 'Sales Pipeline', 'appointmentscheduled', 'Appointment Scheduled', 0, false, 0.2),
          ('default', 'Sales Pipeline', 'contractsent', 'Contract Sent', 1, false, 0.9),
          ('default', 'Sales Pipeline', 'closedwon', 'Closed Won', 2, true, 1.0),
          ('default', 'Sales Pipeline', 'closedlost', 'Closed Lost', 3, true, 0.0)
        ) t(pipeline_id, pipeline_label, stage_id, stage_label, display_order, is_closed, probability)""")
    con.execute("""CREATE TABLE shop_locations AS SELECT CAST(7000 + i AS BIGINT) AS id, 'Warehouse ' || i AS name,
                   'T' || lpad(CAST(10 + i AS VARCHAR), 3, '0') AS team_id FROM range(4) r(i)""")
    con.execute("""CREATE TABLE teams AS SELECT 'T' || lpad(CAST(i AS VARCHAR), 3, '0') AS team_id, 'Team ' || i AS team,
                   (['Sales', 'Operations', 'Engineering'])[1 + i % 3] AS department, 'DACH' AS region,
                   'E' || lpad(CAST(i AS VARCHAR), 5, '0') AS manager_id, 'sales' AS kind FROM range(15) r(i)""")
    # Hired every ~2 weeks from 2024-07; the HRIS learns of a hire two weeks ahead; every 9th person leaves.
    con.execute(f"""CREATE TABLE hris_employees AS
        SELECT 'E' || lpad(CAST(i AS VARCHAR), 5, '0') AS employee_id, 'Person ' || i AS name,
               'person' || i || '@demo.example' AS email, (['Berlin', 'Hamburg', 'Vienna'])[1 + i % 3] AS location,
               hire_date, CASE WHEN i % 9 = 8 THEN hire_date + 320 END AS termination_date,
               CAST(hire_date - 14 AS TIMESTAMP) + to_hours(9) AS created_at
        FROM (SELECT i, CAST(DATE '{HISTORY_START}' + CAST(i * 880 // {employees} AS INTEGER) AS DATE) AS hire_date
              FROM range({employees}) r(i))""")
    # Everyone has a hire row; every third person moves team 200 days later (recorded 5 days after it applies).
    con.execute("""CREATE TABLE hris_job_history AS
        WITH rows AS (
            SELECT employee_id, hire_date AS effective_date, 'hire' AS change_reason,
                   created_at AS recorded_at, CAST(substr(employee_id, 2) AS INTEGER) AS i, termination_date
            FROM hris_employees
            UNION ALL
            SELECT employee_id, hire_date + 200, 'team_move', CAST(hire_date + 205 AS TIMESTAMP) + to_hours(8),
                   CAST(substr(employee_id, 2) AS INTEGER), termination_date
            FROM hris_employees WHERE CAST(substr(employee_id, 2) AS INTEGER) % 3 = 0
              AND (termination_date IS NULL OR termination_date > hire_date + 200)
        )
        SELECT employee_id, effective_date,
               coalesce(lead(effective_date) OVER (PARTITION BY employee_id ORDER BY effective_date), termination_date)
                 AS end_date,
               CASE WHEN change_reason = 'hire' THEN 'Engineer' ELSE 'Senior Engineer' END AS title,
               CASE WHEN change_reason = 'hire' THEN 'L2' ELSE 'L3' END AS job_level, 'engineering' AS role_family,
               'T' || lpad(CAST((i + (change_reason = 'team_move')::INT) % 15 AS VARCHAR), 3, '0') AS team_id,
               'Team ' || ((i + (change_reason = 'team_move')::INT) % 15) AS team,
               CASE WHEN i = 0 THEN NULL ELSE 'E' || lpad(CAST(i // 5 AS VARCHAR), 5, '0') END AS manager_id,
               'Engineering' AS department, 'DACH' AS region, change_reason, recorded_at
        FROM rows ORDER BY employee_id, effective_date""")
    con.execute("""CREATE TABLE company AS SELECT 'Demo Co' AS name, 'EUR' AS currency, 'Europe/Berlin' AS timezone,
                   7 AS seed, 60 AS employees, TIMESTAMP '2026-10-01 00:00:00' AS generated_at_clock""")
