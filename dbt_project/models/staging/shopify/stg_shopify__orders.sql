-- One row per Shopify order with its delivery flattened: the promised date (note attribute
-- `promised_delivery_date`) and the latest fulfilment's shipment. Shopify stamps a fulfilment's `updated_at`
-- when its shipment status last changed, so for a delivered shipment that is the delivery time.
with source as (
    {{ latest_versions(source('raw_shopify', 'orders')) }}
),

renamed as (
    select
        {{ json_extract_text('payload', 'id') }} as order_id,
        {{ json_extract_text('payload', 'name') }} as order_name,
        {{ json_extract_text('payload', 'financial_status') }} as financial_status,
        {{ json_extract_text('payload', 'fulfillment_status') }} as fulfillment_status,
        {{ to_numeric(json_extract_text('payload', 'total_price')) }} as total_price,
        {{ json_extract_text('payload', 'currency') }} as currency_code,
        coalesce(
            {{ json_extract_text('payload', 'fulfillments.-1.location_id') }},
            {{ json_extract_text('payload', 'location_id') }}
        ) as location_id,
        {{ to_utc_timestamp(json_extract_text('payload', 'created_at')) }} as created_at,
        {{ to_business_date(to_utc_timestamp(json_extract_text('payload', 'created_at'))) }} as created_date,
        {{ to_utc_timestamp(json_extract_text('payload', 'processed_at')) }} as processed_at,
        {{ to_utc_timestamp(json_extract_text('payload', 'cancelled_at')) }} as cancelled_at,
        {{ text_to_date(json_pick_item('payload', 'note_attributes', 'value', 'name',
                                       equals='promised_delivery_date')) }} as promised_date,
        {{ json_count_items('payload', 'fulfillments') }} as fulfillment_count,
        {{ json_extract_text('payload', 'fulfillments.-1.id') }} as fulfillment_id,
        {{ json_extract_text('payload', 'fulfillments.-1.status') }} as fulfillment_state,
        {{ to_utc_timestamp(json_extract_text('payload', 'fulfillments.-1.created_at')) }} as fulfilled_at,
        {{ json_extract_text('payload', 'fulfillments.-1.shipment_status') }} as shipment_status,
        case when {{ json_extract_text('payload', 'fulfillments.-1.shipment_status') }} = 'delivered'
            then {{ to_utc_timestamp(json_extract_text('payload', 'fulfillments.-1.updated_at')) }}
        end as delivered_at,
        {{ to_utc_timestamp(json_extract_text('payload', 'updated_at')) }} as modified_at,
        {{ timestamptz_to_utc('_loaded_at') }} as loaded_at,
        _load_id as load_id
    from source
)

select
    *,
    cancelled_at is not null as is_cancelled,
    {{ to_business_date('delivered_at') }} as delivered_date
from renamed
