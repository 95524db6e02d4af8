-- One row per Shopify order with its delivery flattened: the promised date (note attribute
-- `promised_delivery_date`) and the latest fulfilment's shipment. Shopify stamps a fulfilment's `updated_at`
-- when its shipment status last changed, so for a delivered shipment that is the delivery time.
with source as (
    {{ latest_versions(source('raw_shopify', 'orders')) }}
),

fields as (
    {{ select_json_fields('source', 'payload', {
        'order_id': 'id',
        'order_name': 'name',
        'financial_status': 'financial_status',
        'fulfillment_status': 'fulfillment_status',
        'total_price_text': 'total_price',
        'currency_code': 'currency',
        'fulfillment_location_id': 'fulfillments.-1.location_id',
        'order_location_id': 'location_id',
        'created_at_text': 'created_at',
        'cancelled_at_text': 'cancelled_at',
        'note_attributes': 'note_attributes',
        'fulfillments': 'fulfillments',
        'fulfillment_id': 'fulfillments.-1.id',
        'fulfillment_state': 'fulfillments.-1.status',
        'fulfilled_at_text': 'fulfillments.-1.created_at',
        'shipment_status': 'fulfillments.-1.shipment_status',
        'shipment_updated_at_text': 'fulfillments.-1.updated_at',
    }) }}
),

renamed as (
    select
        order_id,
        order_name,
        financial_status,
        fulfillment_status,
        {{ to_numeric('total_price_text') }} as total_price,
        currency_code,
        coalesce(fulfillment_location_id, order_location_id) as location_id,
        {{ to_utc_timestamp('created_at_text') }} as created_at,
        {{ to_utc_timestamp('cancelled_at_text') }} as cancelled_at,
        {{ text_to_date(json_pick_item('note_attributes', '', 'value', 'name',
                                       equals='promised_delivery_date')) }} as promised_date,
        {{ json_count_items('fulfillments', '') }} as fulfillment_count,
        fulfillment_id,
        fulfillment_state,
        {{ to_utc_timestamp('fulfilled_at_text') }} as fulfilled_at,
        shipment_status,
        case when shipment_status = 'delivered'
            then {{ to_utc_timestamp('shipment_updated_at_text') }}
        end as delivered_at,
        {{ timestamptz_to_utc('modified_at') }} as modified_at,
        {{ timestamptz_to_utc('_loaded_at') }} as loaded_at,
        _load_id as load_id
    from fields
)

-- dates from the timestamps made above, not from parsing the text again
select
    order_id, order_name, financial_status, fulfillment_status, total_price, currency_code, location_id, created_at,
    {{ to_business_date('created_at') }} as created_date,
    cancelled_at, promised_date, fulfillment_count, fulfillment_id, fulfillment_state, fulfilled_at, shipment_status,
    delivered_at, modified_at, loaded_at, load_id,
    cancelled_at is not null as is_cancelled,
    {{ to_business_date('delivered_at') }} as delivered_date
from renamed
