-- Sales metric events, one per deal and metric. Won amount, deals won, win rate and average deal size count on
-- the close date for the owner at close (amounts at the close month's rate); pipeline counts on the created
-- date for the owner at creation (amounts at the created month's rate). Deleted deals are gone from staging.
{%- set deal_filters = {'region': 'region', 'product_line': 'product_line', 'channel': 'channel',
                        'is_person_credited': 'true'} %}

with deals as (
    select *, deal_name as record_label from {{ ref('int_sales__deals') }}
)

select {{ metric_event('sales_won_amount', 'deal_id', 'close_date', 'amount_at_close_rate',
                       person_id='owner_employee_id', **deal_filters) }}
from deals
where is_won

union all

select {{ metric_event('sales_deals_won', 'deal_id', 'close_date', '1', person_id='owner_employee_id',
                       **deal_filters) }}
from deals
where is_won

union all

select {{ metric_event('sales_win_rate', 'deal_id', 'close_date', 'case when is_won then 1 else 0 end', '1',
                       person_id='owner_employee_id', **deal_filters) }}
from deals
where is_closed

union all

select {{ metric_event('sales_avg_deal_size', 'deal_id', 'close_date', 'amount_at_close_rate', '1',
                       person_id='owner_employee_id', **deal_filters) }}
from deals
where is_won and amount_at_close_rate is not null

union all

select {{ metric_event('sales_pipeline_created', 'deal_id', 'created_date', 'amount_at_created_rate',
                       person_id='creator_employee_id', **deal_filters) }}
from deals
