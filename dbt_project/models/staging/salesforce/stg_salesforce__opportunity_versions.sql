-- One row per version of an opportunity the raw zone received (deletions left out): who owned it and at which
-- stage and amount, as of each modification. The earliest version tells who owned a deal when it was created.
with source as (
    {{ latest_versions(source('raw_salesforce', 'opportunities'), partition_by=['record_key', 'modified_at']) }}
),

fields as (
    {{ select_json_fields('source', 'payload', {
        'opportunity_id': 'Id',
        'modstamp_text': 'SystemModstamp',
        'owner_user_id': 'OwnerId',
        'stage_name': 'StageName',
        'amount_text': 'Amount',
    }) }}
),

renamed as (
    select
        opportunity_id,
        {{ to_utc_timestamp('modstamp_text') }} as modified_at,
        owner_user_id,
        stage_name,
        {{ to_numeric('amount_text') }} as amount,
        {{ timestamptz_to_utc('_loaded_at') }} as loaded_at,
        _load_id as load_id
    from fields
)

select * from renamed
