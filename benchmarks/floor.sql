-- The floor of the transform benchmark: fct_metric_values' monthly per-employee rows (entity_type 'employee',
-- period_type 'month') in one hand-written DuckDB query over the raw zone's Parquet files ($raw_dir), by the
-- same rules: the latest version of each record, deletions dropped; accounts matched to employees by email
-- (an email held by exactly one employee), else by the override file; deals credited to the owner at close
-- (pipeline: the owner of the first version) at the rate of the close (created) month; work items to their
-- assignee; business dates in Europe/Berlin; months from 2024-07 to the data as-of date (the newest business
-- modification); an employee gets a row for every month employed once they have an event of the metric.
-- Run with TimeZone = 'UTC' (vendor times without an offset are UTC).
WITH
raw_rows AS (
    SELECT _stream AS stream, record_key, modified_at, _loaded_at, _load_id, _batch, is_deleted, payload
    FROM read_parquet([
        $raw_dir || '/salesforce/opportunities/*.parquet', $raw_dir || '/salesforce/users/*.parquet',
        $raw_dir || '/hubspot/deals/*.parquet', $raw_dir || '/hubspot/owners/*.parquet',
        $raw_dir || '/hubspot/pipelines/*.parquet', $raw_dir || '/jira/issues/*.parquet',
        $raw_dir || '/jira/users/*.parquet', $raw_dir || '/hris/employees/*.parquet',
        $raw_dir || '/hris/job_history/*.parquet', $raw_dir || '/files/identity_overrides/*.parquet',
        $raw_dir || '/files/fx_rates/*.parquet'], union_by_name = true)
),

latest AS MATERIALIZED (
    SELECT stream, record_key, is_deleted, payload
    FROM raw_rows
    QUALIFY row_number() OVER (PARTITION BY stream, record_key
                               ORDER BY modified_at DESC NULLS LAST, _loaded_at DESC, _load_id DESC, _batch DESC) = 1
),

as_of AS (
    SELECT CAST(timezone('Europe/Berlin', max(modified_at)) AS DATE) AS as_of_date
    FROM read_parquet($raw_dir || '/*/*/*.parquet', union_by_name = true)
    WHERE _stream NOT LIKE 'files/%'
),

months AS MATERIALIZED (
    SELECT CAST(month_start AS DATE) AS month_start, CAST(last_day(month_start) AS DATE) AS month_end,
           strftime(month_start, '%Y-%m') AS month_id,
           CASE WHEN last_day(month_start) < as_of_date THEN CAST(last_day(month_start) AS DATE) ELSE as_of_date END
               AS snapshot_date
    FROM as_of, range(DATE '2024-07-01', as_of_date + 1, INTERVAL 1 MONTH) AS calendar(month_start)
),

employees AS MATERIALIZED (
    SELECT record_key AS employee_id, nullif(lower(trim(payload ->> '$.email')), '') AS email
    FROM latest WHERE stream = 'hris/employees' AND NOT is_deleted
),

employee_emails AS (
    SELECT email, min(employee_id) AS employee_id FROM employees WHERE email IS NOT NULL
    GROUP BY email HAVING count(*) = 1
),

accounts AS MATERIALIZED (
    SELECT CASE stream WHEN 'salesforce/users' THEN 'salesforce' WHEN 'hubspot/owners' THEN 'hubspot' ELSE 'jira' END
               AS system,
           record_key AS external_id,
           nullif(lower(trim(coalesce(payload ->> '$.Email', payload ->> '$.email', payload ->> '$.emailAddress'))), '')
               AS email
    FROM latest
    WHERE stream = 'hubspot/owners' OR (stream IN ('salesforce/users', 'jira/users') AND NOT is_deleted)
),

overrides AS MATERIALIZED (
    SELECT trim(payload ->> '$.system') AS system, trim(payload ->> '$.external_id') AS external_id,
           trim(payload ->> '$.employee_id') AS employee_id
    FROM latest
    WHERE stream = 'files/identity_overrides' AND NOT is_deleted
      AND trim(payload ->> '$.employee_id') IN (SELECT employee_id FROM employees)
),

rates AS (
    SELECT CAST(payload ->> '$.month' AS DATE) AS rate_month, upper(trim(payload ->> '$.currency')) AS currency_code,
           CAST(payload ->> '$.rate' AS DOUBLE) AS rate
    FROM latest WHERE stream = 'files/fx_rates' AND NOT is_deleted
),

stages AS (
    SELECT pipelines.payload ->> '$.id' AS pipeline_id, stage ->> '$.id' AS stage_id,
           coalesce(CAST(stage ->> '$.metadata.isClosed' AS BOOLEAN), false) AS is_closed,
           coalesce(CAST(stage ->> '$.metadata.isClosed' AS BOOLEAN)
                    AND CAST(stage ->> '$.metadata.probability' AS DOUBLE) >= 1, false) AS is_won
    FROM latest AS pipelines, unnest(CAST(pipelines.payload -> '$.stages' AS JSON[])) AS items(stage)
    WHERE pipelines.stream = 'hubspot/pipelines' AND NOT pipelines.is_deleted
),

first_owners AS (
    SELECT stream, record_key,
           arg_min(coalesce(payload ->> '$.OwnerId', payload ->> '$.properties.hubspot_owner_id'),
                   (modified_at, _loaded_at)) AS owner_id
    FROM raw_rows
    WHERE stream IN ('salesforce/opportunities', 'hubspot/deals') AND NOT is_deleted
    GROUP BY stream, record_key
),

deals AS (
    SELECT 'salesforce' AS system, record_key, o.OwnerId AS owner_id, o.IsClosed AS is_closed,
           o.IsClosed AND o.IsWon AS is_won, CAST(o.CloseDate AS DATE) AS close_date,
           CAST(timezone('Europe/Berlin', CAST(o.CreatedDate AS TIMESTAMPTZ)) AS DATE) AS created_date,
           o.Amount AS amount, o.CurrencyIsoCode AS currency_code
    FROM (
        SELECT record_key, from_json(payload, '{"OwnerId": "VARCHAR", "IsClosed": "BOOLEAN", "IsWon": "BOOLEAN",
                                               "CloseDate": "VARCHAR", "CreatedDate": "VARCHAR", "Amount": "DOUBLE",
                                               "CurrencyIsoCode": "VARCHAR"}') AS o
        FROM latest WHERE stream = 'salesforce/opportunities' AND NOT is_deleted
    ) AS opportunities

    UNION ALL

    SELECT 'hubspot', record_key, d.hubspot_owner_id, coalesce(stages.is_closed, false),
           coalesce(stages.is_won, false),
           CAST(timezone('Europe/Berlin', CAST(nullif(d.closedate, '') AS TIMESTAMPTZ)) AS DATE),
           CAST(timezone('Europe/Berlin', CAST(nullif(d.createdate, '') AS TIMESTAMPTZ)) AS DATE),
           CAST(nullif(d.amount, '') AS DOUBLE), d.deal_currency_code
    FROM (
        SELECT record_key, from_json(payload -> '$.properties',
                                     '{"hubspot_owner_id": "VARCHAR", "closedate": "VARCHAR", "createdate": "VARCHAR",
                                       "amount": "VARCHAR", "deal_currency_code": "VARCHAR", "pipeline": "VARCHAR",
                                       "dealstage": "VARCHAR"}') AS d
        FROM latest WHERE stream = 'hubspot/deals' AND NOT is_deleted
    ) AS deals
    LEFT JOIN stages ON stages.pipeline_id = d.pipeline AND stages.stage_id = d.dealstage
),

credited_deals AS MATERIALIZED (
    SELECT deals.*,
           CASE WHEN is_closed THEN close_date END AS closed_on,
           deals.amount * CASE WHEN deals.currency_code = 'EUR' THEN 1 ELSE close_rates.rate END AS amount_at_close,
           deals.amount * CASE WHEN deals.currency_code = 'EUR' THEN 1 ELSE created_rates.rate END AS amount_at_creation,
           coalesce(owner_emails.employee_id, owner_overrides.employee_id) AS owner_employee_id,
           coalesce(creator_emails.employee_id, creator_overrides.employee_id) AS creator_employee_id
    FROM deals
    LEFT JOIN first_owners ON first_owners.stream = CASE deals.system WHEN 'salesforce'
        THEN 'salesforce/opportunities' ELSE 'hubspot/deals' END AND first_owners.record_key = deals.record_key
    LEFT JOIN accounts AS owners ON owners.system = deals.system AND owners.external_id = deals.owner_id
    LEFT JOIN employee_emails AS owner_emails ON owner_emails.email = owners.email
    LEFT JOIN overrides AS owner_overrides
        ON owner_overrides.system = deals.system AND owner_overrides.external_id = deals.owner_id
    LEFT JOIN accounts AS creators
        ON creators.system = deals.system AND creators.external_id = coalesce(first_owners.owner_id, deals.owner_id)
    LEFT JOIN employee_emails AS creator_emails ON creator_emails.email = creators.email
    LEFT JOIN overrides AS creator_overrides ON creator_overrides.system = deals.system
        AND creator_overrides.external_id = coalesce(first_owners.owner_id, deals.owner_id)
    LEFT JOIN rates AS close_rates ON close_rates.currency_code = deals.currency_code
        AND close_rates.rate_month = date_trunc('month', CASE WHEN is_closed THEN close_date END)
    LEFT JOIN rates AS created_rates ON created_rates.currency_code = deals.currency_code
        AND created_rates.rate_month = date_trunc('month', created_date)
),

work_items AS MATERIALIZED (
    SELECT coalesce(assignee_emails.employee_id, assignee_overrides.employee_id) AS employee_id,
           issues.created_date, issues.due_date, issues.resolved_date,
           issues.resolved_date - issues.due_date AS days_late
    FROM (
        SELECT f.assignee.accountId AS assignee_id, CAST(f.duedate AS DATE) AS due_date,
               CAST(timezone('Europe/Berlin', CAST(f.created AS TIMESTAMPTZ)) AS DATE) AS created_date,
               CAST(timezone('Europe/Berlin', CAST(f.resolutiondate AS TIMESTAMPTZ)) AS DATE) AS resolved_date
        FROM (
            SELECT from_json(payload -> '$.fields',
                             '{"issuetype": {"name": "VARCHAR"}, "assignee": {"accountId": "VARCHAR"},
                               "duedate": "VARCHAR", "created": "VARCHAR", "resolutiondate": "VARCHAR"}') AS f
            FROM latest WHERE stream = 'jira/issues' AND NOT is_deleted
        ) AS parsed
        WHERE f.issuetype.name IN ('Task', 'Story', 'Service Request')
    ) AS issues
    LEFT JOIN accounts AS assignees ON assignees.system = 'jira' AND assignees.external_id = issues.assignee_id
    LEFT JOIN employee_emails AS assignee_emails ON assignee_emails.email = assignees.email
    LEFT JOIN overrides AS assignee_overrides
        ON assignee_overrides.system = 'jira' AND assignee_overrides.external_id = issues.assignee_id
    WHERE issues.due_date IS NOT NULL
),

events AS (
    SELECT 'sales_won_amount' AS metric_id, owner_employee_id AS employee_id, closed_on AS event_date,
           amount_at_close AS numerator, NULL AS denominator
    FROM credited_deals WHERE is_won
    UNION ALL
    SELECT 'sales_deals_won', owner_employee_id, closed_on, 1, NULL FROM credited_deals WHERE is_won
    UNION ALL
    SELECT 'sales_win_rate', owner_employee_id, closed_on, CASE WHEN is_won THEN 1 ELSE 0 END, 1
    FROM credited_deals WHERE is_closed
    UNION ALL
    SELECT 'sales_avg_deal_size', owner_employee_id, closed_on, amount_at_close, 1
    FROM credited_deals WHERE is_won AND amount_at_close IS NOT NULL
    UNION ALL
    SELECT 'sales_pipeline_created', creator_employee_id, created_date, amount_at_creation, NULL FROM credited_deals
    UNION ALL
    SELECT 'delivery_volume', employee_id, resolved_date, 1, NULL FROM work_items WHERE resolved_date IS NOT NULL
    UNION ALL
    SELECT 'delivery_on_time_rate', employee_id, resolved_date, CASE WHEN days_late <= 0 THEN 1 ELSE 0 END, 1
    FROM work_items WHERE resolved_date IS NOT NULL
    UNION ALL
    SELECT 'delivery_avg_delay_days', employee_id, resolved_date, days_late, 1
    FROM work_items WHERE days_late > 0
    UNION ALL
    SELECT 'delivery_overdue_open', work_items.employee_id, months.snapshot_date, 1, NULL
    FROM work_items
    JOIN months ON work_items.created_date <= months.snapshot_date AND work_items.due_date < months.snapshot_date
        AND (work_items.resolved_date IS NULL OR work_items.resolved_date > months.snapshot_date)
),

employee_events AS MATERIALIZED (
    SELECT events.*, months.month_id FROM events
    JOIN months ON months.month_start = date_trunc('month', events.event_date)
    WHERE events.employee_id IS NOT NULL
),

employed_months AS (
    SELECT DISTINCT jobs.employee_id, months.month_id
    FROM (
        SELECT payload ->> '$.employee_id' AS employee_id, CAST(payload ->> '$.effective_date' AS DATE) AS valid_from,
               coalesce(CAST(nullif(payload ->> '$.end_date', '') AS DATE),
                        lead(CAST(payload ->> '$.effective_date' AS DATE)) OVER (
                            PARTITION BY payload ->> '$.employee_id'
                            ORDER BY CAST(payload ->> '$.effective_date' AS DATE))) AS valid_to
        FROM latest WHERE stream = 'hris/job_history' AND NOT is_deleted
    ) AS jobs
    JOIN months ON jobs.valid_from <= months.month_end AND (jobs.valid_to IS NULL OR jobs.valid_to > months.month_start)
),

scope AS (
    SELECT credited.metric_id, credited.employee_id, employed_months.month_id
    FROM (SELECT DISTINCT metric_id, employee_id FROM employee_events) AS credited
    JOIN employed_months USING (employee_id)
    UNION
    SELECT DISTINCT metric_id, employee_id, month_id FROM employee_events
)

SELECT scope.metric_id, scope.employee_id, scope.month_id,
       CASE WHEN scope.metric_id IN ('sales_win_rate', 'sales_avg_deal_size', 'delivery_on_time_rate',
                                     'delivery_avg_delay_days')
           THEN sum(employee_events.numerator) / nullif(sum(employee_events.denominator), 0)
           ELSE coalesce(sum(employee_events.numerator), 0)
       END AS value,
       count(employee_events.metric_id) AS event_count
FROM scope
LEFT JOIN employee_events USING (metric_id, employee_id, month_id)
GROUP BY scope.metric_id, scope.employee_id, scope.month_id
