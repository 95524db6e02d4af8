-- One row per Shopify location: the fulfilment centres orders ship from (each run by one delivery team).
with source as (
    {{ latest_versions(source('raw_shopify', 'locations')) }}
),

renamed as (
    select
        {{ json_extract_text('payload', 'id') }} as location_id,
        {{ json_extract_text('payload', 'name') }} as location_name,
        {{ json_extract_text('payload', 'city') }} as city,
        {{ json_extract_text('payload', 'country_code') }} as country_code,
        {{ to_boolean(json_extract_text('payload', 'active')) }} as is_active,
        {{ timestamptz_to_utc('modified_at') }} as snapshot_at,
        {{ timestamptz_to_utc('_loaded_at') }} as loaded_at,
        _load_id as load_id
    from source
)

select * from renamed
