-- One row per account of a source system (Salesforce user, HubSpot owner, Jira account, GitHub login) — every
-- listed account and every id a record points at — mapped to an HRIS employee: by email first (the HRIS work
-- email, when exactly one employee has it), then by the override file. Unmatched accounts keep a NULL employee.
with employee_emails as (
    -- an email names an employee when exactly one employee's latest HRIS record carries it
    select email, min(employee_id) as employee_id
    from (
        select
            employee_id,
            email,
            row_number() over (partition by employee_id order by snapshot_date desc) as recency
        from {{ ref('stg_hris__employees') }}
    ) as latest_records
    where recency = 1 and email is not null
    group by email
    having count(*) = 1
),

known_employees as (
    select distinct employee_id from {{ ref('stg_hris__employees') }}
),

listed_accounts as (
    select 'salesforce' as system, user_id as external_id, email, user_name as display_name
    from {{ ref('stg_salesforce__users') }}

    union all

    select 'hubspot', owner_id, email, owner_name
    from {{ ref('stg_hubspot__owners') }}

    union all

    select 'jira', account_id, email, display_name
    from {{ ref('stg_jira__users') }}
),

referenced_only as (
    -- ids records point at that no user list holds (GitHub has no list: its logins are their own names)
    select distinct
        refs.system,
        refs.external_id,
        cast(null as {{ dbt.type_string() }}) as email,
        case when refs.system = 'github' then refs.external_id end as display_name
    from {{ ref('int_identity__account_references') }} as refs
    left join listed_accounts as listed
        on listed.system = refs.system and listed.external_id = refs.external_id
    where listed.external_id is null
),

accounts as (
    select * from listed_accounts
    union all
    select * from referenced_only
),

overrides as (
    select overrides.system, overrides.external_id, overrides.employee_id
    from {{ ref('stg_files__identity_overrides') }} as overrides
    inner join known_employees on known_employees.employee_id = overrides.employee_id
)

select
    accounts.system,
    accounts.external_id,
    accounts.email,
    accounts.display_name,
    coalesce(by_email.employee_id, by_override.employee_id) as employee_id,
    case
        when by_email.employee_id is not null then 'email'
        when by_override.employee_id is not null then 'override'
    end as match_method
from accounts
left join employee_emails as by_email
    on by_email.email = accounts.email
left join overrides as by_override
    on by_override.system = accounts.system and by_override.external_id = accounts.external_id
