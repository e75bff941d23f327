{#- Elapsed seconds from one timestamp to another, with sub-second precision (a float). -#}
{%- macro seconds_between(start_column, end_column) -%}
    {{ return(adapter.dispatch('seconds_between', 'genesys_compliance')(start_column, end_column)) }}
{%- endmacro -%}

{%- macro default__seconds_between(start_column, end_column) -%}
    ({{ dbt.datediff(start_column, end_column, 'millisecond') }} / 1000.0)
{%- endmacro -%}

{%- macro duckdb__seconds_between(start_column, end_column) -%}
    (epoch({{ end_column }}) - epoch({{ start_column }}))
{%- endmacro -%}

{%- macro bigquery__seconds_between(start_column, end_column) -%}
    (timestamp_diff({{ end_column }}, {{ start_column }}, microsecond) / 1000000.0)
{%- endmacro -%}
