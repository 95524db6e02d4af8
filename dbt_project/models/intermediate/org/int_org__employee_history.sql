-- Who was in which team, under which manager, in which job, when: one row per employee and version (SCD2,
-- `valid_to` exclusive, NULL while open).
--   Rule 1 — an employee with effective-dated job history in the HRIS: one version per job record, from its
--   effective date to its end date (the next record's effective date when the HRIS leaves it open).
--   Rule 2 — an employee the HRIS gives no history for: versions from successive nightly snapshots. A new
--   version starts on the first snapshot date that shows a different team, manager, title, level, role family,
--   department or region; the first version starts at the hire date. A leaver's last version ends the day
--   after the termination date.
{%- set tracked = ['title', 'job_level', 'role_family', 'team_id', 'team_name', 'manager_id', 'department',
                   'region'] %}

with job_records as (
    select
        employee_id,
        effective_date as valid_from,
        coalesce(
            end_date,
            lead(effective_date) over (partition by employee_id order by effective_date)
        ) as valid_to,
        {{ tracked | join(', ') }},
        'job_history' as history_source
    from {{ ref('stg_hris__job_history') }}
),

snapshots as (
    select
        snapshots.*,
        case when lag(snapshot_date) over (partition by employee_id order by snapshot_date) is null
            {%- for column in tracked %}
            or {{ column }} is distinct from lag({{ column }}) over (partition by employee_id order by snapshot_date)
            {%- endfor %}
            then 1 else 0
        end as starts_version
    from {{ ref('stg_hris__employees') }} as snapshots
    where not exists (select 1 from job_records where job_records.employee_id = snapshots.employee_id)
),

snapshot_versions as (
    select
        *,
        sum(starts_version) over (
            partition by employee_id order by snapshot_date rows between unbounded preceding and current row
        ) as version_number
    from snapshots
),

snapshot_records as (
    select
        employee_id,
        min(case when version_number = 1 then least(hire_date, snapshot_date) else snapshot_date end) as valid_from,
        max(termination_date) as termination_date,
        {% for column in tracked %}max({{ column }}) as {{ column }}{% if not loop.last %}, {% endif %}{% endfor %},
        'snapshots' as history_source
    from snapshot_versions
    group by employee_id, version_number
),

snapshot_history as (
    select
        employee_id,
        valid_from,
        coalesce(
            lead(valid_from) over (partition by employee_id order by valid_from),
            cast({{ dbt.dateadd('day', 1, 'termination_date') }} as date)
        ) as valid_to,
        {{ tracked | join(', ') }},
        history_source
    from snapshot_records
)

select
    {{ dbt.concat(['employee_id', "'@'", 'cast(valid_from as ' ~ dbt.type_string() ~ ')']) }} as employee_version_id,
    employee_id,
    valid_from,
    valid_to,
    {{ tracked | join(', ') }},
    history_source
from (
    select * from job_records
    union all
    select * from snapshot_history
) as versions
