-- One row per live deal of either CRM (Salesforce opportunities, HubSpot deals), with owners resolved to
-- employees and amounts in the company currency. Credit goes to the owner at close (open deals pass to a
-- leaver's successor, so the latest owner of a closed deal is the one who closed it) and, for pipeline, to the
-- owner at creation: the owner on the earliest version the raw zone holds (nightly loads see a deal within a
-- day of its creation). Amounts convert at the rate of the close month, and of the created month for pipeline.
with salesforce as (
    select
        'salesforce' as source_system,
        opportunities.opportunity_id as record_id,
        opportunities.opportunity_name as deal_name,
        opportunities.stage_name as deal_stage,
        coalesce(opportunities.is_closed, false) as is_closed,
        coalesce(opportunities.is_won, false) and coalesce(opportunities.is_closed, false) as is_won,
        case when opportunities.is_closed then opportunities.close_date end as close_date,
        opportunities.created_date,
        opportunities.amount,
        opportunities.currency_code,
        opportunities.owner_user_id as owner_account_id,
        coalesce(first_versions.owner_user_id, opportunities.owner_user_id) as creator_account_id,
        opportunities.product_line,
        opportunities.region,
        opportunities.channel
    from {{ ref('stg_salesforce__opportunities') }} as opportunities
    left join (
        select opportunity_id, owner_user_id,
               row_number() over (partition by opportunity_id order by modified_at, loaded_at) as version_order
        from {{ ref('stg_salesforce__opportunity_versions') }}
    ) as first_versions
        on first_versions.opportunity_id = opportunities.opportunity_id and first_versions.version_order = 1
),

hubspot as (
    select
        'hubspot' as source_system,
        deals.deal_id as record_id,
        deals.deal_name,
        stages.stage_label as deal_stage,
        coalesce(stages.is_closed, false) as is_closed,
        coalesce(stages.is_won, false) as is_won,
        case when stages.is_closed then deals.close_date end as close_date,
        deals.created_date,
        deals.amount,
        deals.currency_code,
        deals.owner_id as owner_account_id,
        coalesce(first_versions.owner_id, deals.owner_id) as creator_account_id,
        deals.product_line,
        deals.region,
        deals.channel
    from {{ ref('stg_hubspot__deals') }} as deals
    left join {{ ref('stg_hubspot__pipeline_stages') }} as stages
        on stages.pipeline_id = deals.pipeline_id and stages.stage_id = deals.deal_stage_id
    left join (
        select deal_id, owner_id,
               row_number() over (partition by deal_id order by modified_at, loaded_at) as version_order
        from {{ ref('stg_hubspot__deal_versions') }}
    ) as first_versions
        on first_versions.deal_id = deals.deal_id and first_versions.version_order = 1
),

deals as (
    select * from salesforce
    union all
    select * from hubspot
),

accounts as (
    select system, external_id, employee_id from {{ ref('int_identity__accounts') }}
),

rates as (
    select rate_month, currency_code, rate_to_company_currency from {{ ref('stg_files__fx_rates') }}
)

select
    {{ dbt.concat(['deals.source_system', "':'", 'deals.record_id']) }} as deal_id,
    deals.source_system,
    deals.record_id,
    deals.deal_name,
    deals.deal_stage,
    deals.is_closed,
    deals.is_won,
    deals.close_date,
    deals.created_date,
    deals.amount,
    deals.currency_code,
    {{ in_company_currency('deals.amount', 'deals.currency_code', 'close_rates.rate_to_company_currency') }}
        as amount_at_close_rate,
    {{ in_company_currency('deals.amount', 'deals.currency_code', 'created_rates.rate_to_company_currency') }}
        as amount_at_created_rate,
    deals.owner_account_id,
    owners.employee_id as owner_employee_id,
    deals.creator_account_id,
    creators.employee_id as creator_employee_id,
    deals.product_line,
    deals.region,
    deals.channel
from deals
left join accounts as owners
    on owners.system = deals.source_system and owners.external_id = deals.owner_account_id
left join accounts as creators
    on creators.system = deals.source_system and creators.external_id = deals.creator_account_id
left join rates as close_rates
    on close_rates.currency_code = deals.currency_code
    and close_rates.rate_month = cast({{ dbt.date_trunc('month', 'deals.close_date') }} as date)
left join rates as created_rates
    on created_rates.currency_code = deals.currency_code
    and created_rates.rate_month = cast({{ dbt.date_trunc('month', 'deals.created_date') }} as date)
