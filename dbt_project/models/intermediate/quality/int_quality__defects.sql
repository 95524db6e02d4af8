-- One row per defect: Jira bugs and GitHub issues labelled `bug`, each belonging to the team that owns its
-- component (Jira component, GitHub `area:` label; stg_files__team_ownership). Critical means the highest
-- severity (Jira priority `Highest`; GitHub issues carry no severity). Escaped means found in production (the
-- Jira environment field; GitHub issues do not say, so they count as not escaped).
with jira_bugs as (
    select
        'jira' as source_system,
        issue_id as record_id,
        issue_key as record_label,
        project_key,
        'component' as owned_kind,
        component as owned_key,
        priority as severity,
        coalesce(priority = 'Highest', false) as is_critical,
        environment,
        created_at,
        created_date,
        resolved_at,
        resolved_date
    from {{ ref('stg_jira__issues') }}
    where issue_type = 'Bug'
),

github_bugs as (
    select
        'github' as source_system,
        issue_id as record_id,
        {{ dbt.concat(['repository', "'#'", 'cast(issue_number as ' ~ dbt.type_string() ~ ')']) }} as record_label,
        repository as project_key,
        'label' as owned_kind,
        area_label as owned_key,
        cast(null as {{ dbt.type_string() }}) as severity,
        false as is_critical,
        cast(null as {{ dbt.type_string() }}) as environment,
        created_at,
        created_date,
        closed_at as resolved_at,
        closed_date as resolved_date
    from {{ ref('stg_github__issues') }}
    where {{ dbt.position("',bug,'", dbt.concat(["','", "coalesce(labels, '')", "','"])) }} > 0
),

defects as (
    select * from jira_bugs
    union all
    select * from github_bugs
)

select
    {{ dbt.concat(['defects.source_system', "':'", 'defects.record_id']) }} as defect_id,
    defects.source_system,
    defects.record_id,
    defects.record_label,
    defects.project_key,
    defects.owned_key as component,
    ownership.team_id as owning_team_id,
    defects.severity,
    defects.is_critical,
    defects.environment,
    coalesce(defects.environment = 'production', false) as is_escaped,
    defects.created_at,
    defects.created_date,
    defects.resolved_at,
    defects.resolved_date,
    cast({{ dbt.datediff('defects.created_at', 'defects.resolved_at', 'second') }} / 86400.0
         as {{ dbt.type_numeric() }}) as days_to_resolve
from defects
left join {{ ref('stg_files__team_ownership') }} as ownership
    on ownership.system = defects.source_system and ownership.owned_kind = defects.owned_kind
    and ownership.owned_key = defects.owned_key
