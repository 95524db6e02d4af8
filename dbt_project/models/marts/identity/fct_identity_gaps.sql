-- Accounts no employee could be matched to (neither by email nor by the override file), one row per account,
-- with how many source records name them: their deals, work items or issues are not credited to anyone.
with references_per_account as (
    select system, external_id, count(distinct record_id) as records_referencing
    from {{ ref('int_identity__account_references') }}
    group by system, external_id
)

select
    accounts.system,
    accounts.external_id,
    accounts.display_name,
    accounts.email,
    coalesce(references_per_account.records_referencing, 0) as records_referencing
from {{ ref('int_identity__accounts') }} as accounts
left join references_per_account
    on references_per_account.system = accounts.system
    and references_per_account.external_id = accounts.external_id
where accounts.employee_id is null
