-- One row per conversation with the outcome of the screen-pop / screen-recording data action,
-- which the Architect flow writes as participant attributes. When participants disagree the
-- greatest value wins ('timeout' over 'success', '408' over '200'), so a failure is not hidden.
with

participant_attributes as (

    select * from {{ ref('stg_genesys__participant_attributes') }}

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
