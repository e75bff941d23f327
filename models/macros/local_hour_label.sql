{#-
    A readable label of a local hour's start with its UTC offset, e.g. '2026-11-01 01:00
    -04:00', so the two 01:00 hours of a DST fall-back read apart. Takes the local wall-clock
    timestamp (to_local_timestamp) and the offset in minutes (utc_offset_minutes). Portable
    SQL on dbt's cross-db helpers.
-#}
{%- macro local_hour_label(local_timestamp_column, utc_offset_minutes_column) -%}
    {%- set text = dbt.type_string() -%}
    {%- set offset_hours -%}
        cast(floor(abs({{ utc_offset_minutes_column }}) / 60) as {{ dbt.type_bigint() }})
    {%- endset -%}
    {{ dbt.concat([
        'cast(cast(' ~ local_timestamp_column ~ ' as date) as ' ~ text ~ ')',
        "' '",
        "lpad(cast(extract(hour from " ~ local_timestamp_column ~ ") as " ~ text ~ "), 2, '0')",
        "':'",
        "lpad(cast(extract(minute from " ~ local_timestamp_column ~ ") as " ~ text ~ "), 2, '0')",
        "' '",
        "case when " ~ utc_offset_minutes_column ~ " < 0 then '-' else '+' end",
        "lpad(cast(" ~ offset_hours ~ " as " ~ text ~ "), 2, '0')",
        "':'",
        "lpad(cast(mod(abs(" ~ utc_offset_minutes_column ~ "), 60) as " ~ text ~ "), 2, '0')"
    ]) }}
{%- endmacro -%}
