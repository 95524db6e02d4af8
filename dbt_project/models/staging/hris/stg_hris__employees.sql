-- One row per employee per snapshot date: every nightly HRIS export is kept, so the history of team,
-- manager and title can be read from successive snapshots. Several loads on one day count as one snapshot
-- (the last one). The export is CSV: every field arrives as text, empty when unset.
{%- set snapshot_date = to_business_date(timestamptz_to_utc('modified_at')) %}

with source as (
    {{ latest_versions(source('raw_hris', 'employees'), partition_by=['record_key', snapshot_date]) }}
),

renamed as (
    select
        {{ csv_field('employee_id') }} as employee_id,
        {{ snapshot_date }} as snapshot_date,
        {{ timestamptz_to_utc('modified_at') }} as snapshot_at,
        {{ csv_field('name') }} as employee_name,
        {{ normalised_email(json_extract_text('payload', 'email')) }} as email,
        {{ csv_field('title') }} as title,
        {{ csv_field('job_level') }} as job_level,
        {{ csv_field('role_family') }} as role_family,
        {{ csv_field('team_id') }} as team_id,
        {{ csv_field('team') }} as team_name,
        {{ csv_field('manager_id') }} as manager_id,
        {{ csv_field('department') }} as department,
        {{ csv_field('region') }} as region,
        {{ csv_field('location') }} as location,
        {{ text_to_date(json_extract_text('payload', 'hire_date')) }} as hire_date,
        {{ text_to_date(json_extract_text('payload', 'termination_date')) }} as termination_date,
        {{ timestamptz_to_utc('_loaded_at') }} as loaded_at,
        _load_id as load_id
    from source
)

select
    *,
    snapshot_date = max(snapshot_date) over () as is_latest_snapshot
from renamed
