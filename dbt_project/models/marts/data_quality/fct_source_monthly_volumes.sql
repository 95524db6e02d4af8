-- Records created per source stream and business month: the volume history behind the packs' "missing months"
-- flag and HR's coverage view (a month far below its neighbours points to a gap in a load, not a quiet month).
-- Monthly-partitioned (tag `monthly`): a partitioned run rebuilds only its window of months.
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    tags=['monthly'],
    pre_hook="{{ delete_partition_window('month_start') }}"
) }}

{%- set created_records = [
    ('salesforce', 'opportunities', 'stg_salesforce__opportunities'),
    ('hubspot', 'deals', 'stg_hubspot__deals'),
    ('jira', 'issues', 'stg_jira__issues'),
    ('github', 'issues', 'stg_github__issues'),
    ('shopify', 'orders', 'stg_shopify__orders'),
] %}

with created_records as (
    {%- for source_system, stream, model in created_records %}
    select
        '{{ source_system }}' as source_system,
        '{{ stream }}' as stream,
        created_date
    from {{ ref(model) }}
    where created_date is not null and {{ in_partition_window('created_date') }}
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),

monthly_volumes as (
    select
        source_system,
        stream,
        cast({{ dbt.date_trunc('month', 'created_date') }} as date) as month_start,
        count(*) as records_created
    from created_records
    group by source_system, stream, cast({{ dbt.date_trunc('month', 'created_date') }} as date)
)

select * from monthly_volumes
