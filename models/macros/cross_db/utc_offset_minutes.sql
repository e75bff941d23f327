{#-
    The UTC offset (local time minus UTC, in whole minutes, e.g. -240 for EDT) of an IANA time
    zone at a UTC timestamp, as a bigint. It differs across a DST change: the two 01:00 hours
    of a fall-back night have different offsets.
-#}
{%- macro utc_offset_minutes(timestamp_column, time_zone) -%}
    {{ return(adapter.dispatch('utc_offset_minutes', 'genesys_compliance')(timestamp_column, time_zone)) }}
{%- endmacro -%}

{%- macro default__utc_offset_minutes(timestamp_column, time_zone) -%}
    cast(
        extract(
            epoch from (
                ({{ timestamp_column }} at time zone '{{ time_zone }}')
                - ({{ timestamp_column }} at time zone 'UTC')
            )
        ) / 60 as {{ dbt.type_bigint() }}
    )
{%- endmacro -%}

{%- macro duckdb__utc_offset_minutes(timestamp_column, time_zone) -%}
    cast(
        (
            epoch(timezone('{{ time_zone }}', {{ timestamp_column }}))
            - epoch(timezone('UTC', {{ timestamp_column }}))
        ) / 60 as {{ dbt.type_bigint() }}
    )
{%- endmacro -%}

{%- macro bigquery__utc_offset_minutes(timestamp_column, time_zone) -%}
    timestamp_diff(
        timestamp(datetime({{ timestamp_column }}, '{{ time_zone }}')),
        {{ timestamp_column }},
        minute
    )
{%- endmacro -%}
