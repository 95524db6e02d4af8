-- One row per Jira account. The email is hidden for some users (privacy settings): those are matched to
-- employees through the override file instead.
with source as (
    {{ latest_versions(source('raw_jira', 'users')) }}
),

renamed as (
    select
        {{ json_extract_text('payload', 'accountId') }} as account_id,
        {{ normalised_email(json_extract_text('payload', 'emailAddress')) }} as email,
        {{ json_extract_text('payload', 'displayName') }} as display_name,
        {{ to_boolean(json_extract_text('payload', 'active')) }} as is_active,
        {{ json_extract_text('payload', 'accountType') }} as account_type,
        {{ timestamptz_to_utc('modified_at') }} as snapshot_at,
        {{ timestamptz_to_utc('_loaded_at') }} as loaded_at,
        _load_id as load_id
    from source
)

select * from renamed
