{#-
    A timestamp truncated to the start of its UTC hour, still a timestamp with time zone.
    Truncating in UTC explicitly keeps the hour independent of the session time zone (DuckDB
    truncates a TIMESTAMPTZ in the session's zone, which differs for half-hour offsets).
-#}
{%- macro truncate_to_utc_hour(timestamp_column) -%}
    {{ return(adapter.dispatch('truncate_to_utc_hour', 'genesys_compliance')(timestamp_column)) }}
{%- endmacro -%}

{%- macro default__truncate_to_utc_hour(timestamp_column) -%}
    (date_trunc('hour', {{ timestamp_column }} at time zone 'UTC') at time zone 'UTC')
{%- endmacro -%}

{%- macro duckdb__truncate_to_utc_hour(timestamp_column) -%}
    timezone('UTC', date_trunc('hour', timezone('UTC', {{ timestamp_column }})))
{%- endmacro -%}

{%- macro bigquery__truncate_to_utc_hour(timestamp_column) -%}
    timestamp_trunc({{ timestamp_column }}, hour, 'UTC')
{%- endmacro -%}
