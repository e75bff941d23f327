{#- Seconds since midnight of an `HH:MM:SS` string (null stays null); 24:00:00 is 86400. -#}
{%- macro time_of_day_seconds(time_column) -%}
    (
        cast(substr({{ time_column }}, 1, 2) as {{ dbt.type_bigint() }}) * 3600
        + cast(substr({{ time_column }}, 4, 2) as {{ dbt.type_bigint() }}) * 60
        + cast(substr({{ time_column }}, 7, 2) as {{ dbt.type_bigint() }})
    )
{%- endmacro -%}
