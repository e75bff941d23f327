{#- Fails for each combination of the columns that occurs on more than one row. -#}
{% test unique_combination_of_columns(model, combination_of_columns) %}

    {%- set column_list = combination_of_columns | join(', ') %}

    select
        {{ column_list }},
        count(*) as occurrences
    from {{ model }}
    group by {{ column_list }}
    having count(*) > 1

{% endtest %}
