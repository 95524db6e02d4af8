-- One row per effective-dated job record (team, manager, level) of an employee. `end_date` is exclusive;
-- NULL means the record is current.
with source as (
    {{ latest_versions(source('raw_hris', 'job_history')) }}
),

renamed as (
    select
        {{ json_extract_text('payload', 'employee_id') }} as employee_id,
        {{ text_to_date(json_extract_text('payload', 'effective_date')) }} as effective_date,
        {{ text_to_date(json_extract_text('payload', 'end_date')) }} as end_date,
        {{ json_extract_text('payload', 'title') }} as title,
        {{ json_extract_text('payload', 'job_level') }} as job_level,
        {{ json_extract_text('payload', 'role_family') }} as role_family,
        {{ json_extract_text('payload', 'team_id') }} as team_id,
        {{ json_extract_text('payload', 'team') }} as team_name,
        nullif({{ json_extract_text('payload', 'manager_id') }}, '') as manager_id,
        {{ json_extract_text('payload', 'department') }} as department,
        {{ json_extract_text('payload', 'region') }} as region,
        {{ json_extract_text('payload', 'change_reason') }} as change_reason,
        {{ to_utc_timestamp(json_extract_text('payload', 'recorded_at')) }} as recorded_at,
        {{ timestamptz_to_utc('modified_at') }} as snapshot_at,
        {{ timestamptz_to_utc('_loaded_at') }} as loaded_at,
        _load_id as load_id
    from source
)

select * from renamed
