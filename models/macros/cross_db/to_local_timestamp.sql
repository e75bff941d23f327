{#- A UTC timestamp as the wall-clock time in an IANA time zone, without a zone. -#}
{%- macro to_local_timestamp(timestamp_column, time_zone) -%}
    {{ return(adapter.dispatch('to_local_timestamp', 'genesys_compliance')(timestamp_column, time_zone)) }}
{%- endmacro -%}

{%- macro default__to_local_timestamp(timestamp_column, time_zone) -%}
    ({{ timestamp_column }} at time zone '{{ time_zone }}')
{%- endmacro -%}

{%- macro duckdb__to_local_timestamp(timestamp_column, time_zone) -%}
    timezone('{{ time_zone }}', {{ timestamp_column }})
{%- endmacro -%}

{%- macro bigquery__to_local_timestamp(timestamp_column, time_zone) -%}
    datetime({{ timestamp_column }}, '{{ time_zone }}')
{%- endmacro -%}
