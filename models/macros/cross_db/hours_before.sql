{#-
    A timestamp with time zone moved back by a number of hours, fractions allowed (to the
    microsecond), still a timestamp with time zone: the start of the incremental look-back.
    dbt.dateadd would cast to BigQuery's zone-less DATETIME, which cannot be compared with a
    TIMESTAMP column, and takes whole units only.
-#}
{%- macro hours_before(timestamp_column, hours) -%}
    {{ return(adapter.dispatch('hours_before', 'genesys_compliance')(timestamp_column, hours)) }}
{%- endmacro -%}

{%- macro default__hours_before(timestamp_column, hours) -%}
    ({{ timestamp_column }}) - interval '{{ (hours | float * 3600000000) | round | int }}' microsecond
{%- endmacro -%}

{%- macro duckdb__hours_before(timestamp_column, hours) -%}
    ({{ timestamp_column }}) - to_microseconds({{ (hours | float * 3600000000) | round | int }})
{%- endmacro -%}

{%- macro bigquery__hours_before(timestamp_column, hours) -%}
    timestamp_sub(
        {{ timestamp_column }}, interval {{ (hours | float * 3600000000) | round | int }} microsecond
    )
{%- endmacro -%}
