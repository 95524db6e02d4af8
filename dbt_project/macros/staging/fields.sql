{#- Small, engine-neutral helpers for reading payload fields in staging models. -#}

{# A CSV export's field (everything arrives as text): trimmed, empty → NULL. #}
{% macro csv_field(name, json='payload') -%}
    nullif(trim({{ json_extract_text(json, name) }}), '')
{%- endmacro %}

{# A date the vendor writes as `YYYY-MM-DD` (already a business date): NULL when empty or malformed. #}
{% macro text_to_date(text) -%}
    {{ dbt.safe_cast("nullif(trim(" ~ text ~ "), '')", 'date') }}
{%- endmacro %}

{# Emails compared across systems: trimmed, lower case, empty → NULL. #}
{% macro normalised_email(text) -%}
    nullif(lower(trim({{ text }})), '')
{%- endmacro %}

{# Numbers vendors send as text or JSON numbers (HubSpot: "1200.50") → numeric; NULL when not a number. #}
{% macro to_numeric(text) -%}
    {{ dbt.safe_cast(text, dbt.type_numeric()) }}
{%- endmacro %}

{% macro to_boolean(text) -%}
    {{ dbt.safe_cast(text, dbt.type_boolean()) }}
{%- endmacro %}

{% macro to_int(text) -%}
    {{ dbt.safe_cast(text, dbt.type_int()) }}
{%- endmacro %}
