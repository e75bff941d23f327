{#-
    The rows of an observed child relation extracted with the latest observation of their
    parent (same parent key, _run_id and _extracted_at): a child that a newer observation of its
    parent no longer carries is gone, not kept from an older one. Emits a whole select
    statement, to be used as the body of a CTE. `children` is the child relation (its latest
    observation per key), `parents` the parent's latest observation, `parent_key` the column
    both carry.
-#}
{%- macro rows_of_parent_observation(children, parents, parent_key) -%}
    select children.*
    from {{ children }} as children
    inner join {{ parents }} as parents
        on
            children.{{ parent_key }} = parents.{{ parent_key }}
            and children._run_id = parents._run_id
            and children._extracted_at = parents._extracted_at
{%- endmacro -%}
