{#-
    The first day of the UTC month of a timestamp with time zone, as a date, whatever the
    session time zone (billing months are UTC months).
-#}
{%- macro utc_month_start(timestamp_column) -%}
    {{ return(adapter.dispatch('utc_month_start', 'genesys_compliance')(timestamp_column)) }}
{%- endmacro -%}

{%- macro default__utc_month_start(timestamp_column) -%}
    cast(date_trunc('month', {{ timestamp_column }} at time zone 'UTC') as date)
{%- endmacro -%}

{%- macro duckdb__utc_month_start(timestamp_column) -%}
    cast(date_trunc('month', timezone('UTC', {{ timestamp_column }})) as date)
{%- endmacro -%}

{%- macro bigquery__utc_month_start(timestamp_column) -%}
    date_trunc(date({{ timestamp_column }}, 'UTC'), month)
{%- endmacro -%}
