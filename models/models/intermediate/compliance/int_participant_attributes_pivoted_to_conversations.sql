-- One row per conversation with the outcome of the screen-pop / screen-recording data action,
-- which the Architect flow writes as participant attributes. When participants disagree the
-- greatest value wins ('timeout' over 'success', '408' over '200'), so a failure is not hidden.
-- Incremental: a build re-processes int_conversations_to_rebuild
-- (macros/incremental/incremental_by_conversation.sql).
-- depends_on: {{ ref('int_conversations_to_rebuild') }}
{{ config(**incremental_by_conversation(['conversation_id'], 'inputs')) }}

with

participant_attributes as (

    select * from {{ ref('stg_genesys__participant_attributes') }}
    {% if is_incremental() %}
        where conversation_id in ({{ conversations_to_rebuild('inputs') }})
    {% endif %}

),

pivoted as (

    select
        conversation_id,
        max(
            case
                when attribute_name = '{{ var("data_action_result_attribute") }}'
                    then attribute_value
            end
        ) as data_action_result,
        max(
            case
                when attribute_name = '{{ var("data_action_http_status_attribute") }}'
                    then attribute_value
            end
        ) as data_action_http_status
    from participant_attributes
    where
        attribute_name in (
            '{{ var("data_action_result_attribute") }}',
            '{{ var("data_action_http_status_attribute") }}'
        )
    group by conversation_id

)

select * from pivoted
