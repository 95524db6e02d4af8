-- How fresh each raw stream is: when perfloop last received data from it and the newest modification the
-- source reported. The evidence pack prints these next to the numbers; diagnostics flag stale sources.
select source_system, stream, last_loaded_at, last_modified_at, raw_rows
from {{ ref('stg_raw__stream_loads') }}
