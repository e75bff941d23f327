{#-
    An aggregate: the value of the group's first row in the order of `order_by` (a list of SQL
    expressions, each ascending, with the warehouse's default place for nulls), among the rows
    whose value is not null; null when there is none. The same row as
    `row_number() over (partition by <group> order by <order_by>) = 1` over those rows picks, in
    one pass of the group by instead of a window and a join back.
-#}
{%- macro first_by(value, order_by) -%}
    {{ return(adapter.dispatch('first_by', 'genesys_compliance')(value, order_by)) }}
{%- endmacro -%}

{%- macro default__first_by(value, order_by) -%}
    array_agg({{ value }} ignore nulls order by {{ order_by | join(', ') }} limit 1)[safe_offset(0)]
{%- endmacro -%}

{%- macro duckdb__first_by(value, order_by) -%}
    first({{ value }} order by {{ order_by | join(', ') }}) filter (where {{ value }} is not null)
{%- endmacro -%}
