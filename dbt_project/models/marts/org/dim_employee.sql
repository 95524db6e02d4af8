-- Employees with history: one row per employee and version of their job (team, manager, title, level), with
-- the person's details from their latest HRIS record. `is_current` marks the version in force on the data
-- as-of date (a leaver has none).
with latest_records as (
    select *
    from (
        select
            *,
            row_number() over (partition by employee_id order by snapshot_date desc) as recency
        from {{ ref('stg_hris__employees') }}
    ) as ranked
    where recency = 1
),

history as (
    select * from {{ ref('int_org__employee_history') }}
),

data_as_of as (
    select as_of_date from {{ ref('int_calendar__data_as_of') }}
)

select
    history.employee_version_id,
    history.employee_id,
    people.employee_name,
    people.email,
    people.location,
    people.hire_date,
    people.termination_date,
    history.valid_from,
    history.valid_to,
    coalesce(
        history.valid_from <= data_as_of.as_of_date
        and (history.valid_to is null or history.valid_to > data_as_of.as_of_date),
        false
    ) as is_current,
    history.title,
    history.job_level,
    history.role_family,
    history.team_id,
    history.team_name,
    history.manager_id,
    history.department,
    history.region,
    history.history_source
from history
left join latest_records as people on people.employee_id = history.employee_id
cross join data_as_of
