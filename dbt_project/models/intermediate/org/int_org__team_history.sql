-- Each team's name, department, region and manager over time (SCD2, `valid_to` exclusive, NULL while open),
-- read from its members' history: the team exists while it has members. Its manager is the member most
-- team-mates report to (a team lead is a member too); failing that a member in the `manager` role family; failing
-- that the manager most members report to (ties go to the lowest id). A new version starts whenever one of these
-- changes.
with members as (
    select * from {{ ref('int_org__employee_history') }}
),

boundaries as (
    select team_id, valid_from as boundary from members
    union
    select team_id, valid_to from members where valid_to is not null
),

spans as (
    select
        team_id,
        boundary as span_start,
        lead(boundary) over (partition by team_id order by boundary) as span_end
    from boundaries
),

span_members as (
    select spans.team_id, spans.span_start, spans.span_end, members.employee_id, members.manager_id,
           members.role_family, members.team_name, members.department, members.region
    from spans
    inner join members
        on members.team_id = spans.team_id
        and members.valid_from <= spans.span_start
        and (members.valid_to is null or members.valid_to > spans.span_start)
),

manager_candidates as (
    -- first choice: the member most team-mates report to; then a member in a manager role (a team of one
    -- lead); then whoever most members report to outside the team
    select team_id, span_start, manager_id, 1 as preference, count(*) as votes
    from span_members
    where manager_id in (select employee_id from span_members as team_mates
                         where team_mates.team_id = span_members.team_id
                         and team_mates.span_start = span_members.span_start)
    group by team_id, span_start, manager_id

    union all

    select team_id, span_start, employee_id, 2, 1
    from span_members
    where role_family = 'manager'

    union all

    select team_id, span_start, manager_id, 3, count(*)
    from span_members
    where manager_id is not null
    group by team_id, span_start, manager_id
),

manager_votes as (
    select
        team_id, span_start, manager_id,
        row_number() over (
            partition by team_id, span_start order by preference, votes desc, manager_id
        ) as manager_rank
    from manager_candidates
),

span_attributes as (
    select
        span_members.team_id,
        span_members.span_start,
        max(span_members.span_end) as span_end,
        max(span_members.team_name) as team_name,
        max(span_members.department) as department,
        max(span_members.region) as region,
        max(manager_votes.manager_id) as manager_id
    from span_members
    left join manager_votes
        on manager_votes.team_id = span_members.team_id
        and manager_votes.span_start = span_members.span_start
        and manager_votes.manager_rank = 1
    group by span_members.team_id, span_members.span_start
),

changes as (
    select
        *,
        case when lag(span_end) over (partition by team_id order by span_start) is distinct from span_start
            or team_name is distinct from lag(team_name) over (partition by team_id order by span_start)
            or department is distinct from lag(department) over (partition by team_id order by span_start)
            or region is distinct from lag(region) over (partition by team_id order by span_start)
            or manager_id is distinct from lag(manager_id) over (partition by team_id order by span_start)
            then 1 else 0
        end as starts_version
    from span_attributes
),

numbered as (
    select
        *,
        sum(starts_version) over (
            partition by team_id order by span_start rows between unbounded preceding and current row
        ) as version_number
    from changes
),

versions as (
    select
        team_id,
        version_number,
        min(span_start) as valid_from,
        max(team_name) as team_name,
        max(department) as department,
        max(region) as region,
        max(manager_id) as manager_id
    from numbered
    group by team_id, version_number
),

ends as (
    -- a version ends where its last span ends (NULL: still open)
    select team_id, version_number,
           case when count(*) = count(span_end) then max(span_end) end as valid_to
    from numbered
    group by team_id, version_number
)

select
    {{ dbt.concat(['versions.team_id', "'@'", 'cast(versions.valid_from as ' ~ dbt.type_string() ~ ')']) }}
        as team_version_id,
    versions.team_id,
    versions.team_name,
    versions.department,
    versions.region,
    versions.manager_id,
    versions.valid_from,
    ends.valid_to
from versions
inner join ends on ends.team_id = versions.team_id and ends.version_number = versions.version_number
