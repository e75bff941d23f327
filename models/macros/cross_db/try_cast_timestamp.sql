{#- A string cast to a timestamp with time zone, or null when it is not one (no error). -#}
{%- macro try_cast_timestamp(expression) -%}
    {{ return(adapter.dispatch('try_cast_timestamp', 'genesys_compliance')(expression)) }}
{%- endmacro -%}

{%- macro default__try_cast_timestamp(expression) -%}
    safe_cast({{ expression }} as timestamp)
{%- endmacro -%}

{%- macro duckdb__try_cast_timestamp(expression) -%}
    try_cast({{ expression }} as timestamp with time zone)
{%- endmacro -%}
