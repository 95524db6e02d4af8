-- One row per overridden account: a system's user id or login that cannot be matched by email, mapped to an
-- employee by hand in the override file.
with source as (
    {{ latest_versions(source('raw_files', 'identity_overrides')) }}
),

renamed as (
    select
        {{ csv_field('system') }} as system,
        {{ csv_field('external_id') }} as external_id,
        {{ csv_field('employee_id') }} as employee_id,
        {{ timestamptz_to_utc('_loaded_at') }} as loaded_at,
        _load_id as load_id
    from source
)

select * from renamed
