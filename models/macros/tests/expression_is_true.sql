{#-
    Fails for each row where the boolean SQL expression is not true (false or null).
    On a column, the expression is prefixed with the column: `expression: ">= 0"`.
-#}
{% test expression_is_true(model, expression, column_name=none, where_clause=none) %}

    select *
    from {{ model }}
    where
        not coalesce(
            {%- if column_name %} {{ column_name }} {% endif %}{{ expression }},
            false
        )
        {%- if where_clause %}
            and ({{ where_clause }})
        {%- endif %}

{% endtest %}
