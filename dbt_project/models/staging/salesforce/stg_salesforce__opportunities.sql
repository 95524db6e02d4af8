-- One row per live opportunity (deleted ones dropped), as of its latest version in the raw zone.
with source as (
    {{ latest_versions(source('raw_salesforce', 'opportunities')) }}
),

renamed as (
    select
        {{ json_extract_text('payload', 'Id') }} as opportunity_id,
        {{ json_extract_text('payload', 'Name') }} as opportunity_name,
        {{ json_extract_text('payload', 'OwnerId') }} as owner_user_id,
        {{ to_numeric(json_extract_text('payload', 'Amount')) }} as amount,
        {{ json_extract_text('payload', 'CurrencyIsoCode') }} as currency_code,
        {{ json_extract_text('payload', 'StageName') }} as stage_name,
        {{ to_boolean(json_extract_text('payload', 'IsClosed')) }} as is_closed,
        {{ to_boolean(json_extract_text('payload', 'IsWon')) }} as is_won,
        {{ text_to_date(json_extract_text('payload', 'CloseDate')) }} as close_date,
        {{ to_utc_timestamp(json_extract_text('payload', 'CreatedDate')) }} as created_at,
        {{ to_business_date(to_utc_timestamp(json_extract_text('payload', 'CreatedDate'))) }} as created_date,
        {{ json_extract_text('payload', 'Product_Line__c') }} as product_line,
        {{ json_extract_text('payload', 'Region__c') }} as region,
        {{ json_extract_text('payload', 'Channel__c') }} as channel,
        {{ to_utc_timestamp(json_extract_text('payload', 'SystemModstamp')) }} as modified_at,
        {{ timestamptz_to_utc('_loaded_at') }} as loaded_at,
        _load_id as load_id
    from source
)

select * from renamed
