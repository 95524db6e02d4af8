-- One row per live opportunity (deleted ones dropped), as of its latest version in the raw zone.
with source as (
    {{ latest_versions(source('raw_salesforce', 'opportunities')) }}
),

fields as (
    {{ select_json_fields('source', 'payload', {
        'opportunity_id': 'Id',
        'opportunity_name': 'Name',
        'owner_user_id': 'OwnerId',
        'amount_text': 'Amount',
        'currency_code': 'CurrencyIsoCode',
        'stage_name': 'StageName',
        'is_closed_text': 'IsClosed',
        'is_won_text': 'IsWon',
        'close_date_text': 'CloseDate',
        'created_text': 'CreatedDate',
        'product_line': 'Product_Line__c',
        'region': 'Region__c',
        'channel': 'Channel__c',
        'modstamp_text': 'SystemModstamp',
    }) }}
),

renamed as (
    select
        opportunity_id,
        opportunity_name,
        owner_user_id,
        {{ to_numeric('amount_text') }} as amount,
        currency_code,
        stage_name,
        {{ to_boolean('is_closed_text') }} as is_closed,
        {{ to_boolean('is_won_text') }} as is_won,
        {{ text_to_date('close_date_text') }} as close_date,
        {{ to_utc_timestamp('created_text') }} as created_at,
        {{ to_business_date(to_utc_timestamp('created_text')) }} as created_date,
        product_line,
        region,
        channel,
        {{ to_utc_timestamp('modstamp_text') }} as modified_at,
        {{ timestamptz_to_utc('_loaded_at') }} as loaded_at,
        _load_id as load_id
    from fields
)

select * from renamed
