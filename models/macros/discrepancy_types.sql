{#-
    The discrepancy types of fct_recording_compliance, in the order the rollups carry their
    counts (`<type>_interactions`). The marts' YAML lists them for accepted_values too.
-#}
{%- macro discrepancy_types() -%}
    {{ return([
        'none',
        'not_reported',
        'reported_but_failed',
        'reported_but_missing',
        'reported_but_incomplete',
        'reported_but_pending',
        'unchecked',
        'policy_undetermined',
    ]) }}
{%- endmacro -%}
