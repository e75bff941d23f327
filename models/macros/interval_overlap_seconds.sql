{#-
    Seconds two intervals [first_start, first_end] and [second_start, second_end] have in
    common: 0 when they do not overlap, null when any bound is unknown.
-#}
{%- macro interval_overlap_seconds(first_start, first_end, second_start, second_end) -%}
    case
        when
            {{ first_start }} is null or {{ first_end }} is null
            or {{ second_start }} is null or {{ second_end }} is null
            then null
        when
            {{ first_start }} >= {{ second_end }} or {{ second_start }} >= {{ first_end }}
            then 0.0
        else {{ seconds_between(
            'greatest(' ~ first_start ~ ', ' ~ second_start ~ ')',
            'least(' ~ first_end ~ ', ' ~ second_end ~ ')'
        ) }}
    end
{%- endmacro -%}
