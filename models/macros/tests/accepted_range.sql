{#-
    Fails for each non-null value of the column outside [min_value, max_value]; either bound
    may be omitted, and `inclusive: false` makes the bounds strict.
-#}
{% test accepted_range(model, column_name, min_value=none, max_value=none, inclusive=true) %}

    select {{ column_name }}
    from {{ model }}
    where
        {{ column_name }} is not null
        and (
            false
            {%- if min_value is not none %}
                or {{ column_name }} {{ '<' if inclusive else '<=' }} {{ min_value }}
            {%- endif %}
            {%- if max_value is not none %}
                or {{ column_name }} {{ '>' if inclusive else '>=' }} {{ max_value }}
            {%- endif %}
        )

{% endtest %}
