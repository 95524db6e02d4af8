-- One row per live HubSpot deal (archived ones dropped). HubSpot sends every property as a string.
with source as (
    {{ latest_versions(source('raw_hubspot', 'deals')) }}
),

renamed as (
    select
        {{ json_extract_text('payload', 'id') }} as deal_id,
        {{ json_extract_text('payload', 'properties.dealname') }} as deal_name,
        {{ json_extract_text('payload', 'properties.hubspot_owner_id') }} as owner_id,
        {{ to_numeric(json_extract_text('payload', 'properties.amount')) }} as amount,
        {{ json_extract_text('payload', 'properties.deal_currency_code') }} as currency_code,
        {{ json_extract_text('payload', 'properties.pipeline') }} as pipeline_id,
        {{ json_extract_text('payload', 'properties.dealstage') }} as deal_stage_id,
        {{ to_utc_timestamp(json_extract_text('payload', 'properties.closedate')) }} as closed_at,
        {{ to_business_date(to_utc_timestamp(json_extract_text('payload', 'properties.closedate'))) }} as close_date,
        {{ to_utc_timestamp(json_extract_text('payload', 'properties.createdate')) }} as created_at,
        {{ to_business_date(to_utc_timestamp(json_extract_text('payload', 'properties.createdate'))) }} as created_date,
        {{ json_extract_text('payload', 'properties.product_line') }} as product_line,
        {{ json_extract_text('payload', 'properties.region') }} as region,
        {{ json_extract_text('payload', 'properties.channel') }} as channel,
        {{ to_utc_timestamp(json_extract_text('payload', 'properties.hs_lastmodifieddate')) }} as modified_at,
        {{ timestamptz_to_utc('_loaded_at') }} as loaded_at,
        _load_id as load_id
    from source
)

select * from renamed
