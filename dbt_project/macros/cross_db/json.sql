{#-
    JSON access to the raw zone's `payload` (the vendor's record as JSON text), on every engine.
    Paths are dotted: 'fields.priority.name'; a numeric segment is an array index, -1 the last item; '' is the
    value itself (a field select_json_fields took out).
    DuckDB reads the text as JSON directly; PostgreSQL stores payload as text, so it is cast to jsonb (a no-op
    on what parse_json already made jsonb).
-#}

{% macro json_path_segments(path) %}
    {%- set segments = [] -%}
    {%- for segment in (path.split('.') if path else []) -%}
        {%- if not modules.re.match('^(-1|[0-9]+|[A-Za-z_][A-Za-z0-9_]*)$', segment) -%}
            {{ exceptions.raise_compiler_error("unsupported JSON path segment '" ~ segment ~ "' in '" ~ path ~ "'") }}
        {%- endif -%}
        {%- do segments.append(segment) -%}
    {%- endfor -%}
    {{ return(segments) }}
{% endmacro %}

{# '$."a"."b"'; with `each`, the array at `path` item by item: each='' → '$."a"[*]', each='name' → '$."a"[*]."name"' #}
{% macro duckdb_json_path(path, each=none) %}
    {%- set rendered = '$' ~ duckdb_json_steps(path) -%}
    {%- if each is not none -%}
        {%- set rendered = rendered ~ '[*]' ~ (duckdb_json_steps(each) if each else '') -%}
    {%- endif -%}
    {{ return("'" ~ rendered ~ "'") }}
{% endmacro %}

{% macro duckdb_json_steps(path) %}
    {%- set steps = [] -%}
    {%- for segment in json_path_segments(path) -%}
        {%- if segment == '-1' -%}{%- do steps.append('[#-1]') -%}
        {%- elif segment.isdigit() -%}{%- do steps.append('[' ~ segment ~ ']') -%}
        {%- else -%}{%- do steps.append('."' ~ segment ~ '"') -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(steps | join('')) }}
{% endmacro %}

{% macro postgres_json_path(path) %}
    {{ return("'{" ~ json_path_segments(path) | join(',') ~ "}'") }}
{% endmacro %}

{# The jsonb array at `path`, or NULL when absent or not an array (PostgreSQL's array functions raise on scalars). #}
{% macro postgres_json_array(json, path) -%}
    case when jsonb_typeof(cast({{ json }} as jsonb) #> {{ postgres_json_path(path) }}) = 'array'
        then cast({{ json }} as jsonb) #> {{ postgres_json_path(path) }} end
{%- endmacro %}


{# The value at `path` as text (strings unquoted, numbers and booleans as written); NULL when absent or null. #}
{% macro json_extract_text(json, path) %}
    {{ return(adapter.dispatch('json_extract_text', 'perfloop')(json, path)) }}
{% endmacro %}

{% macro duckdb__json_extract_text(json, path) -%}
    json_extract_string({{ json }}, {{ duckdb_json_path(path) }})
{%- endmacro %}

{% macro postgres__json_extract_text(json, path) -%}
    (cast({{ json }} as jsonb) #>> {{ postgres_json_path(path) }})
{%- endmacro %}


{# How many items the array at `path` holds; NULL when it is absent or not an array. #}
{% macro json_count_items(json, path) %}
    {{ return(adapter.dispatch('json_count_items', 'perfloop')(json, path)) }}
{% endmacro %}

{% macro duckdb__json_count_items(json, path) -%}
    case when json_type({{ json }}, {{ duckdb_json_path(path) }}) = 'ARRAY'
        then cast(json_array_length({{ json }}, {{ duckdb_json_path(path) }}) as {{ dbt.type_int() }}) end
{%- endmacro %}

{% macro postgres__json_count_items(json, path) -%}
    jsonb_array_length({{ postgres_json_array(json, path) }})
{%- endmacro %}


{# The items of the array at `path` joined into one text ('bug,area:search'); NULL when there are none.
   `field` picks a member of each item (labels[].name); without it the items are taken as text. #}
{% macro json_join_items(json, path, field=none, delimiter=',') %}
    {{ return(adapter.dispatch('json_join_items', 'perfloop')(json, path, field, delimiter)) }}
{% endmacro %}

{% macro duckdb__json_join_items(json, path, field, delimiter) -%}
    nullif(array_to_string(json_extract_string({{ json }}, {{ duckdb_json_path(path, each=field or '') }}),
                           {{ dbt.string_literal(delimiter) }}), '')
{%- endmacro %}

{% macro postgres__json_join_items(json, path, field, delimiter) -%}
    (select nullif(string_agg(item #>> {{ postgres_json_path(field) if field else "'{}'" }},
                              {{ dbt.string_literal(delimiter) }} order by position), '')
     from jsonb_array_elements({{ postgres_json_array(json, path) }}) with ordinality as items(item, position))
{%- endmacro %}


{# From the array at `path`, `value_field` of the first item whose `match_field` equals `equals` or starts
   with `prefix` (e.g. Shopify's note attribute named 'promised_delivery_date', GitHub's 'area:' label). #}
{% macro json_pick_item(json, path, value_field, match_field, equals=none, prefix=none) %}
    {%- if (equals is none) == (prefix is none) -%}
        {{ exceptions.raise_compiler_error("json_pick_item needs exactly one of equals or prefix") }}
    {%- endif -%}
    {{ return(adapter.dispatch('json_pick_item', 'perfloop')(json, path, value_field, match_field, equals, prefix)) }}
{% endmacro %}

{% macro duckdb__json_pick_item(json, path, value_field, match_field, equals, prefix) -%}
    {%- set match = "json_extract_string(item, " ~ duckdb_json_path(match_field) ~ ")" -%}
    {%- set condition = match ~ " = " ~ dbt.string_literal(equals) if equals is not none
                        else "starts_with(" ~ match ~ ", " ~ dbt.string_literal(prefix) ~ ")" -%}
    json_extract_string(
        list_filter(json_extract({{ json }}, {{ duckdb_json_path(path, each='') }}), lambda item: {{ condition }})[1],
        {{ duckdb_json_path(value_field) }})
{%- endmacro %}

{% macro postgres__json_pick_item(json, path, value_field, match_field, equals, prefix) -%}
    {%- set match = "item #>> " ~ postgres_json_path(match_field) -%}
    {%- set condition = match ~ " = " ~ dbt.string_literal(equals) if equals is not none
                        else "starts_with(" ~ match ~ ", " ~ dbt.string_literal(prefix) ~ ")" -%}
    (select item #>> {{ postgres_json_path(value_field) }}
     from jsonb_array_elements({{ postgres_json_array(json, path) }}) with ordinality as items(item, position)
     where {{ condition }}
     order by position
     limit 1)
{%- endmacro %}


{# A set-returning select expression: one output row per item of the array at `path` (none when absent).
   Each item stays JSON, to be read with json_extract_text. #}
{% macro json_unnest_items(json, path) %}
    {{ return(adapter.dispatch('json_unnest_items', 'perfloop')(json, path)) }}
{% endmacro %}

{% macro duckdb__json_unnest_items(json, path) -%}
    unnest(json_extract({{ json }}, {{ duckdb_json_path(path, each='') }}))
{%- endmacro %}

{% macro postgres__json_unnest_items(json, path) -%}
    jsonb_array_elements({{ postgres_json_array(json, path) }})
{%- endmacro %}


{# The raw zone's payload text as the engine's JSON value, for staging to parse once per row: DuckDB reads JSON
   text as it is; PostgreSQL parses it into jsonb, which the macros above then read without parsing again. #}
{% macro parse_json(text) %}
    {{ return(adapter.dispatch('parse_json', 'perfloop')(text)) }}
{% endmacro %}

{% macro default__parse_json(text) -%}
    {{ text }}
{%- endmacro %}

{% macro postgres__parse_json(text) -%}
    cast({{ text }} as jsonb)
{%- endmacro %}


{# Many fields of a JSON column at once: a select of `relation`'s columns plus one text column per entry of
   `fields` (alias → path, read as json_extract_text reads it). DuckDB parses each document once for all of them,
   where a json_extract_text per field parses it again every time (most of staging's cost on large streams);
   PostgreSQL reads them from the jsonb that parse_json made. #}
{% macro select_json_fields(relation, json, fields) %}
    {{ return(adapter.dispatch('select_json_fields', 'perfloop')(relation, json, fields)) }}
{% endmacro %}

{% macro default__select_json_fields(relation, json, fields) -%}
    select
        {{ relation }}.*
        {%- for alias, path in fields.items() %},
        {{ json_extract_text(json, path) }} as {{ alias }}
        {%- endfor %}
    from {{ relation }}
{%- endmacro %}

{% macro duckdb__select_json_fields(relation, json, fields) -%}
    {%- set paths = [] -%}
    {%- for path in fields.values() -%}{%- do paths.append(duckdb_json_path(path)) -%}{%- endfor -%}
    select
        parsed.* exclude (json_fields)
        {%- for alias in fields %},
        parsed.json_fields[{{ loop.index }}] as {{ alias }}
        {%- endfor %}
    from (
        select {{ relation }}.*, json_extract_string({{ json }}, [{{ paths | join(', ') }}]) as json_fields
        from {{ relation }}
    ) as parsed
{%- endmacro %}
