-- Teams with history: one row per team and version of its name, department, region and manager.
-- `is_current` marks the version in force on the data as-of date.
with data_as_of as (
    select as_of_date from {{ ref('int_calendar__data_as_of') }}
)

select
    teams.team_version_id,
    teams.team_id,
    teams.team_name,
    teams.department,
    teams.region,
    teams.manager_id,
    teams.valid_from,
    teams.valid_to,
    coalesce(
        teams.valid_from <= data_as_of.as_of_date
        and (teams.valid_to is null or teams.valid_to > data_as_of.as_of_date),
        false
    ) as is_current
from {{ ref('int_org__team_history') }} as teams
cross join data_as_of
