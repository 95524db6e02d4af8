-- One row: the moment the data describes — the newest modification any business system reported (snapshot
-- streams are dated by the source's clock). File drops are left out: their stamp is the file's, not the
-- business's. Everything "to date" and "at period end" is measured against this, never against the wall
-- clock, so rebuilding from the same raw zone gives the same marts.
select
    max(last_modified_at) as as_of_at,
    {{ to_business_date('max(last_modified_at)') }} as as_of_date
from {{ ref('stg_raw__stream_loads') }}
where source_system <> 'files'
