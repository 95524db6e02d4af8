-- One row per delivery with a promise: Jira work items (Task, Story, Service Request) with a due date, credited
-- to their assignee (at resolution: the latest assignee of a resolved item), and Shopify orders, credited to the
-- team that runs the fulfilment location (stg_files__team_ownership). A delivery is completed when the work item
-- is resolved or the order delivered; it is on time when completed at most var delivery_tolerance_days after
-- the promised date.
with work_items as (
    select
        'jira' as source_system,
        issue_id as record_id,
        issue_key as record_label,
        project_key,
        created_date,
        due_date as promised_date,
        resolved_date as completed_date,
        cast(null as date) as cancelled_date,
        assignee_account_id,
        cast(null as {{ dbt.type_string() }}) as location_id
    from {{ ref('stg_jira__issues') }}
    where issue_type in ('Task', 'Story', 'Service Request') and due_date is not null
),

orders as (
    select
        'shopify' as source_system,
        order_id as record_id,
        order_name as record_label,
        cast(null as {{ dbt.type_string() }}) as project_key,
        created_date,
        promised_date,
        delivered_date as completed_date,
        {{ to_business_date('cancelled_at') }} as cancelled_date,
        cast(null as {{ dbt.type_string() }}) as assignee_account_id,
        location_id
    from {{ ref('stg_shopify__orders') }}
    where promised_date is not null
),

deliveries as (
    select * from work_items
    union all
    select * from orders
)

select
    {{ dbt.concat(['deliveries.source_system', "':'", 'deliveries.record_id']) }} as delivery_id,
    deliveries.source_system,
    deliveries.record_id,
    deliveries.record_label,
    deliveries.project_key,
    deliveries.created_date,
    deliveries.promised_date,
    deliveries.completed_date,
    deliveries.cancelled_date,
    deliveries.completed_date is not null as is_completed,
    {{ dbt.datediff('deliveries.promised_date', 'deliveries.completed_date', 'day') }} as days_late,
    {{ dbt.datediff('deliveries.promised_date', 'deliveries.completed_date', 'day') }}
        <= {{ var('delivery_tolerance_days') }} as is_on_time,
    deliveries.assignee_account_id,
    assignees.employee_id,
    ownership.team_id as owning_team_id
from deliveries
left join {{ ref('int_identity__accounts') }} as assignees
    on assignees.system = 'jira' and assignees.external_id = deliveries.assignee_account_id
left join {{ ref('stg_files__team_ownership') }} as ownership
    on ownership.system = 'shopify' and ownership.owned_kind = 'location'
    and ownership.owned_key = deliveries.location_id
