-- Quality metric events, all credited to teams: a defect to the team owning its component. Count, critical
-- count and escape rate count on the day the defect was reported; time to resolve on the day it was resolved.
-- Defect rate is defects per 100 completed Jira work items: each defect adds 100 to the numerator, each work
-- item completed by a member of the team (their team on the completion day) adds 1 to the denominator.
{%- set owned = {'owning_team_id': 'owning_team_id', 'project_key': 'project_key'} %}

with defects as (
    select * from {{ ref('int_quality__defects') }}
),

completed_work_items as (
    select * from {{ ref('int_delivery__deliveries') }}
    where source_system = 'jira' and is_completed
)

select {{ metric_event('defect_count', 'defect_id', 'created_date', '1', **owned) }}
from defects

union all

select {{ metric_event('critical_defects', 'defect_id', 'created_date', '1', **owned) }}
from defects
where is_critical

union all

select {{ metric_event('defect_escape_rate', 'defect_id', 'created_date', 'case when is_escaped then 1 else 0 end',
                       '1', **owned) }}
from defects

union all

select {{ metric_event('defect_mttr_days', 'defect_id', 'resolved_date', 'days_to_resolve', **owned) }}
from defects
where resolved_date is not null

union all

select {{ metric_event('defect_rate', 'defect_id', 'created_date', '100', '0', **owned) }}
from defects

union all

select {{ metric_event('defect_rate', 'delivery_id', 'completed_date', '0', '1', person_id='employee_id',
                       project_key='project_key') }}
from completed_work_items
