-- One row per (account, record, role): every place a source record names a person by a system's own id —
-- deal owners (any version), Jira assignees and reporters, GitHub authors and assignees. Identity resolution
-- covers exactly these ids plus the systems' user lists, so nothing a record points at goes unaccounted for.
with references_by_role as (
    select distinct 'salesforce' as system, owner_user_id as external_id, 'opportunity' as record_kind,
                    opportunity_id as record_id, 'owner' as role
    from {{ ref('stg_salesforce__opportunity_versions') }}

    union all

    select distinct 'hubspot', owner_id, 'deal', deal_id, 'owner'
    from {{ ref('stg_hubspot__deal_versions') }}

    union all

    select 'jira', assignee_account_id, 'issue', issue_id, 'assignee'
    from {{ ref('stg_jira__issues') }}

    union all

    select 'jira', reporter_account_id, 'issue', issue_id, 'reporter'
    from {{ ref('stg_jira__issues') }}

    union all

    select 'github', author_login, 'issue', issue_id, 'author'
    from {{ ref('stg_github__issues') }}

    union all

    select 'github', assignee_login, 'issue', issue_id, 'assignee'
    from {{ ref('stg_github__issues') }}
)

select system, external_id, record_kind, record_id, role
from references_by_role
where external_id is not null
