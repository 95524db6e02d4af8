-- Every metric event, attributed as things stood on the event date: a credited person keeps the event as
-- `employee_id`; the team is the one owning the record (orders, defects) or else the person's team that day,
-- with that team's department; region is the deal's, else the team's. An event whose person is unknown (an
-- unmatched account) keeps no employee, team or department, and one whose person was not employed that day no
-- team: both still count for the company.
with events as (
    select * from {{ ref('int_metric__sales_events') }}
    union all
    select * from {{ ref('int_metric__delivery_events') }}
    union all
    select * from {{ ref('int_metric__quality_events') }}
)

select
    events.metric_id,
    events.event_id,
    events.source_system,
    events.record_id,
    events.record_label,
    events.event_date,
    case when events.is_person_credited then events.person_id end as employee_id,
    coalesce(events.owning_team_id, people.team_id) as team_id,
    case when events.owning_team_id is not null then teams.department else people.department end as department,
    events.project_key,
    coalesce(events.region, case when events.owning_team_id is not null then teams.region else people.region end)
        as region,
    events.product_line,
    events.channel,
    events.numerator,
    events.denominator,
    events.is_period_end_snapshot
from events
left join {{ ref('int_org__employee_history') }} as people
    on people.employee_id = events.person_id
    and events.event_date >= people.valid_from
    and (people.valid_to is null or events.event_date < people.valid_to)
left join {{ ref('int_org__team_history') }} as teams
    on teams.team_id = events.owning_team_id
    and events.event_date >= teams.valid_from
    and (teams.valid_to is null or events.event_date < teams.valid_to)
