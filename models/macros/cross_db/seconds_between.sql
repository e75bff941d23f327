{#- Elapsed seconds from one timestamp to another, with sub-second precision (a float). -#}
{%- macro seconds_between(start_column, end_column) -%}
    {{ return(adapter.dispatch('seconds_between', 'genesys_compliance')(start_column, end_column)) }}
{%- endmacro -%}

{%- macro default__seconds_between(start_column, end_column) -%}
    ({{ dbt.datediff(start_column, end_column, 'millisecond') }} / 1000.0)
{%- endmacro -%}

{#-
    DuckDB: whole microseconds, then seconds, as BigQuery's branch does. epoch() gives each
    timestamp as a double of about 1.8e9 seconds, whose difference is off by up to 1e-7 s
    (321.148999929 for 321.149): the two warehouses then disagreed on connected_seconds.
-#}
{%- macro duckdb__seconds_between(start_column, end_column) -%}
    ((epoch_us({{ end_column }}) - epoch_us({{ start_column }})) / 1000000.0)
{%- endmacro -%}

{%- macro bigquery__seconds_between(start_column, end_column) -%}
    (timestamp_diff({{ end_column }}, {{ start_column }}, microsecond) / 1000000.0)
{%- endmacro -%}
