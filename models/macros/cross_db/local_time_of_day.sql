{#-
    Wall-clock parts of a UTC timestamp in a time zone given by a column (not a literal, unlike
    to_local_timestamp): the ISO day of week (1 = Monday .. 7 = Sunday) and the seconds since
    local midnight. The zone must be a valid IANA name (the extractor keeps only those).
-#}
{%- macro local_iso_day_of_week(timestamp_column, time_zone_column) -%}
    {{ return(adapter.dispatch('local_iso_day_of_week', 'genesys_compliance')(timestamp_column, time_zone_column)) }}
{%- endmacro -%}

{%- macro default__local_iso_day_of_week(timestamp_column, time_zone_column) -%}
    extract(isodow from ({{ timestamp_column }} at time zone {{ time_zone_column }}))
{%- endmacro -%}

{%- macro duckdb__local_iso_day_of_week(timestamp_column, time_zone_column) -%}
    isodow(timezone({{ time_zone_column }}, {{ timestamp_column }}))
{%- endmacro -%}

{#- BigQuery's DAYOFWEEK is 1 = Sunday .. 7 = Saturday. -#}
{%- macro bigquery__local_iso_day_of_week(timestamp_column, time_zone_column) -%}
    (mod(extract(dayofweek from datetime({{ timestamp_column }}, {{ time_zone_column }})) + 5, 7) + 1)
{%- endmacro -%}

{%- macro local_seconds_of_day(timestamp_column, time_zone_column) -%}
    {{ return(adapter.dispatch('local_seconds_of_day', 'genesys_compliance')(timestamp_column, time_zone_column)) }}
{%- endmacro -%}

{%- macro default__local_seconds_of_day(timestamp_column, time_zone_column) -%}
    extract(epoch from cast(({{ timestamp_column }} at time zone {{ time_zone_column }}) as time))
{%- endmacro -%}

{%- macro duckdb__local_seconds_of_day(timestamp_column, time_zone_column) -%}
    (
        extract(hour from timezone({{ time_zone_column }}, {{ timestamp_column }})) * 3600
        + extract(minute from timezone({{ time_zone_column }}, {{ timestamp_column }})) * 60
        + extract(second from timezone({{ time_zone_column }}, {{ timestamp_column }}))
    )
{%- endmacro -%}

{%- macro bigquery__local_seconds_of_day(timestamp_column, time_zone_column) -%}
    (
        extract(hour from datetime({{ timestamp_column }}, {{ time_zone_column }})) * 3600
        + extract(minute from datetime({{ timestamp_column }}, {{ time_zone_column }})) * 60
        + extract(second from datetime({{ timestamp_column }}, {{ time_zone_column }}))
    )
{%- endmacro -%}
