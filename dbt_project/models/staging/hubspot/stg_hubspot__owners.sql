-- One row per HubSpot owner (the people deals are assigned to), with the email that identifies them. Archived
-- owners (people who left) stay, flagged: their deals still name them.
with source as (
    {{ latest_versions(source('raw_hubspot', 'owners'), keep_deleted=true) }}
),

renamed as (
    select
        {{ json_extract_text('payload', 'id') }} as owner_id,
        {{ normalised_email(json_extract_text('payload', 'email')) }} as email,
        {{ json_extract_text('payload', 'firstName') }} as first_name,
        {{ json_extract_text('payload', 'lastName') }} as last_name,
        {{ dbt.concat([json_extract_text('payload', 'firstName'), "' '", json_extract_text('payload', 'lastName')]) }}
            as owner_name,
        {{ json_extract_text('payload', 'userId') }} as hubspot_user_id,
        {{ to_utc_timestamp(json_extract_text('payload', 'createdAt')) }} as created_at,
        {{ to_utc_timestamp(json_extract_text('payload', 'updatedAt')) }} as updated_at,
        is_deleted as is_archived,
        {{ timestamptz_to_utc('modified_at') }} as snapshot_at,
        {{ timestamptz_to_utc('_loaded_at') }} as loaded_at,
        _load_id as load_id
    from source
)

select * from renamed
where owner_id is not null  -- a tombstone of an owner gone from both lists carries no record
