{#- Microseconds since 1970-01-01T00:00:00Z of a timestamp with time zone (an integer), whatever the session zone. -#}
{%- macro epoch_microseconds(timestamp_column) -%}
    {{ return(adapter.dispatch('epoch_microseconds', 'genesys_compliance')(timestamp_column)) }}
{%- endmacro -%}

{%- macro default__epoch_microseconds(timestamp_column) -%}
    unix_micros({{ timestamp_column }})
{%- endmacro -%}

{%- macro duckdb__epoch_microseconds(timestamp_column) -%}
    epoch_us({{ timestamp_column }})
{%- endmacro -%}
