-- One row per Salesforce user (active or not): the ids opportunities are owned by, with their email.
with source as (
    {{ latest_versions(source('raw_salesforce', 'users')) }}
),

renamed as (
    select
        {{ json_extract_text('payload', 'Id') }} as user_id,
        {{ normalised_email(json_extract_text('payload', 'Email')) }} as email,
        {{ json_extract_text('payload', 'Name') }} as user_name,
        {{ to_boolean(json_extract_text('payload', 'IsActive')) }} as is_active,
        {{ json_extract_text('payload', 'ManagerId') }} as manager_user_id,
        {{ to_utc_timestamp(json_extract_text('payload', 'SystemModstamp')) }} as modified_at,
        {{ timestamptz_to_utc('_loaded_at') }} as loaded_at,
        _load_id as load_id
    from source
)

select * from renamed
