-- One row per version of an opportunity the raw zone received (deletions left out): who owned it and at which
-- stage and amount, as of each modification. The earliest version tells who owned a deal when it was created.
with source as (
    {{ latest_versions(source('raw_salesforce', 'opportunities'), partition_by=['record_key', 'modified_at']) }}
),

renamed as (
    select
        {{ json_extract_text('payload', 'Id') }} as opportunity_id,
        {{ to_utc_timestamp(json_extract_text('payload', 'SystemModstamp')) }} as modified_at,
        {{ json_extract_text('payload', 'OwnerId') }} as owner_user_id,
        {{ json_extract_text('payload', 'StageName') }} as stage_name,
        {{ to_numeric(json_extract_text('payload', 'Amount')) }} as amount,
        {{ timestamptz_to_utc('_loaded_at') }} as loaded_at,
        _load_id as load_id
    from source
)

select * from renamed
