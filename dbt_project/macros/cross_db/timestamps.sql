{#-
    Time, the perfloop way: every `*_at` column is a plain timestamp in UTC; every `*_date` column is a
    business date in the company's zone (var `company_timezone`). Vendors write offsets in several forms
    (`+0100`, `+01:00`, `Z`, `.000+0000`); text without an offset is taken as UTC.
-#}

{% macro company_timezone() %}
    {%- set zone = var('company_timezone', 'Europe/Berlin') -%}
    {%- if not modules.re.match('^[A-Za-z0-9_+-]+(/[A-Za-z0-9_+-]+)*$', zone) -%}
        {{ exceptions.raise_compiler_error("var company_timezone is not a time zone name: '" ~ zone ~ "'") }}
    {%- endif -%}
    {{ return(zone) }}
{% endmacro %}


{# Vendor timestamp text → UTC timestamp; NULL when empty or not a timestamp. #}
{% macro to_utc_timestamp(text) %}
    {{ return(adapter.dispatch('to_utc_timestamp', 'perfloop')(text)) }}
{% endmacro %}

{#- DuckDB: a timestamptz holds UTC microseconds, so reading them back (make_timestamp(epoch_us(...))) gives the
    UTC timestamp exactly, without timezone('UTC', ...)'s ICU calendar step (half the cost on millions of rows). -#}
{% macro duckdb__to_utc_timestamp(text) -%}
    case
        when regexp_matches({{ text }}, '(Z|[+-][0-9]{2}:?[0-9]{2})$')
            then make_timestamp(epoch_us(try_cast({{ text }} as timestamptz)))
        else try_cast({{ text }} as timestamp)
    end
{%- endmacro %}

{% macro postgres__to_utc_timestamp(text) -%}
    case
        when {{ text }} !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?)?(Z|[+-][0-9]{2}(:?[0-9]{2})?)?$'
            then null
        when {{ text }} ~ '(Z|[+-][0-9]{2}:?[0-9]{2})$'
            then cast({{ text }} as timestamptz) at time zone 'UTC'
        else cast({{ text }} as timestamp)
    end
{%- endmacro %}


{# A timestamp with time zone (the raw zone's `modified_at`, `_loaded_at`) → UTC timestamp. #}
{% macro timestamptz_to_utc(column) %}
    {{ return(adapter.dispatch('timestamptz_to_utc', 'perfloop')(column)) }}
{% endmacro %}

{% macro duckdb__timestamptz_to_utc(column) -%}
    make_timestamp(epoch_us({{ column }}))
{%- endmacro %}

{% macro postgres__timestamptz_to_utc(column) -%}
    ({{ column }} at time zone 'UTC')
{%- endmacro %}


{# UTC timestamp → the business date it falls on in the company's zone. #}
{% macro to_business_date(utc_timestamp) %}
    {{ return(adapter.dispatch('to_business_date', 'perfloop')(utc_timestamp)) }}
{% endmacro %}

{#- DuckDB: the UTC timestamp becomes a timestamptz from its epoch seconds (to_timestamp, no ICU step; exact, as the
    seconds are whole: zone offsets and midnights fall on whole seconds, so truncating them keeps the date). -#}
{% macro duckdb__to_business_date(utc_timestamp) -%}
    cast(timezone('{{ company_timezone() }}', to_timestamp(epoch(date_trunc('second', {{ utc_timestamp }})))) as date)
{%- endmacro %}

{% macro postgres__to_business_date(utc_timestamp) -%}
    cast(({{ utc_timestamp }}) at time zone 'UTC' at time zone '{{ company_timezone() }}' as date)
{%- endmacro %}
