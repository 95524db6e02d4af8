-- One row per version of a HubSpot deal the raw zone received (archivals left out): who owned it and at which
-- stage and amount, as of each modification. The earliest version tells who owned a deal when it was created.
with source as (
    {{ latest_versions(source('raw_hubspot', 'deals'), partition_by=['record_key', 'modified_at']) }}
),

renamed as (
    select
        {{ json_extract_text('payload', 'id') }} as deal_id,
        {{ to_utc_timestamp(json_extract_text('payload', 'properties.hs_lastmodifieddate')) }} as modified_at,
        {{ json_extract_text('payload', 'properties.hubspot_owner_id') }} as owner_id,
        {{ json_extract_text('payload', 'properties.dealstage') }} as deal_stage_id,
        {{ to_numeric(json_extract_text('payload', 'properties.amount')) }} as amount,
        {{ timestamptz_to_utc('_loaded_at') }} as loaded_at,
        _load_id as load_id
    from source
)

select * from renamed
