{#-
    Monthly partitions: the pipeline rebuilds a window of months by passing
    `--vars {partition_start: 'YYYY-MM-DD', partition_end: 'YYYY-MM-DD'}` (start inclusive, end exclusive,
    both first days of a month). An incremental model keyed by a date column opts in with:

        {{ config(materialized='incremental', incremental_strategy='append', tags=['monthly'],
                  pre_hook="{{ delete_partition_window('month_start') }}") }}
        ... where {{ in_partition_window('event_date') }}

    On an incremental run the pre-hook deletes the window's rows and the filter re-inserts exactly them, so
    rebuilding a month from the same raw data gives the same rows. Without the vars (a plain `dbt build`) the
    window is everything: the hook empties the table and the model inserts all months. A first build or a
    `--full-refresh` builds every month whatever the window, so the table is never left partial.
-#}

{# (start, end) as 'YYYY-MM-DD' texts, or none outside a partitioned run. #}
{% macro partition_window() %}
    {%- set start = var('partition_start', none) -%}
    {%- set end = var('partition_end', none) -%}
    {%- if start is none and end is none -%}
        {{ return(none) }}
    {%- endif -%}
    {%- for name, value in [('partition_start', start), ('partition_end', end)] -%}
        {%- if not modules.re.match('^[0-9]{4}-[0-9]{2}-01$', value | string) -%}
            {{ exceptions.raise_compiler_error("var " ~ name ~ " must be the first day of a month as YYYY-MM-01, got '" ~ value ~ "'") }}
        {%- endif -%}
    {%- endfor -%}
    {%- if (start | string) >= (end | string) -%}
        {{ exceptions.raise_compiler_error("partition_start '" ~ start ~ "' must be before partition_end '" ~ end ~ "'") }}
    {%- endif -%}
    {{ return((start | string, end | string)) }}
{% endmacro %}

{# A predicate keeping `column` (a date) inside the window of an incremental run; `1 = 1` otherwise. #}
{% macro in_partition_window(column) -%}
    {%- set window = partition_window() -%}
    {%- if window is none or not is_incremental() -%}
        1 = 1
    {%- else -%}
        {{ column }} >= cast('{{ window[0] }}' as date) and {{ column }} < cast('{{ window[1] }}' as date)
    {%- endif -%}
{%- endmacro %}

{# Pre-hook of an incremental model: remove the rows the run is about to rebuild (all of them without a window). #}
{% macro delete_partition_window(column) -%}
    {%- if is_incremental() -%}
        delete from {{ this }} where {{ in_partition_window(column) }}
    {%- endif -%}
{%- endmacro %}
