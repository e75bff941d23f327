-- One row per conversation with the context the compliance marts report alongside each agent
-- session: IVR flow, data-action outcome, and whether its recordings have been checked. The
-- screen-recording data action (var screen_recording_data_action_name) is attached to the
-- conversations whose flow wrote its outcome attribute, with that action's executions and
-- timeouts in the UTC hour the conversation started in.
-- Incremental: a build re-processes int_conversations_to_rebuild
-- (macros/incremental/incremental_by_conversation.sql).
{{ config(**incremental_by_conversation(['conversation_id'], 'inputs')) }}

with

conversations as (

    select * from {{ ref('stg_genesys__conversations') }}
    {% if is_incremental() %}
        where conversation_id in ({{ conversations_to_rebuild('inputs') }})
    {% endif %}

),

ivr_flows as (

    select * from {{ ref('int_ivr_flows_aggregated_to_conversations') }}
    {% if is_incremental() %}
        where conversation_id in ({{ conversations_to_rebuild('inputs') }})
    {% endif %}

),

data_action_outcomes as (

    select * from {{ ref('int_participant_attributes_pivoted_to_conversations') }}
    {% if is_incremental() %}
        where conversation_id in ({{ conversations_to_rebuild('inputs') }})
    {% endif %}

),

recording_reads as (

    select * from {{ ref('stg_genesys__recording_reads') }}
    {% if is_incremental() %}
        where conversation_id in ({{ conversations_to_rebuild('inputs') }})
    {% endif %}

),

data_actions as (

    select * from {{ ref('stg_genesys__data_actions') }}

),

data_action_hours as (

    select * from {{ ref('int_data_action_timeouts_aggregated_to_hours') }}

),

-- one action, should two carry the name: the first by id
screen_recording_data_actions_ranked as (

    select
        action_id,
        action_name,
        timeout_seconds,
        row_number() over (order by action_id asc) as action_rank
    from data_actions
    where action_name = '{{ var("screen_recording_data_action_name") }}'

),

screen_recording_data_actions as (

    select
        action_id,
        action_name,
        timeout_seconds
    from screen_recording_data_actions_ranked
    where action_rank = 1

),

outcomes_joined_to_actions as (

    select
        data_action_outcomes.conversation_id,
        data_action_outcomes.data_action_result,
        data_action_outcomes.data_action_http_status,
        screen_recording_data_actions.action_id as data_action_id,
        coalesce(
            screen_recording_data_actions.action_name,
            '{{ var("screen_recording_data_action_name") }}'
        ) as data_action_name,
        screen_recording_data_actions.timeout_seconds as data_action_timeout_seconds,
        coalesce(
            lower(data_action_outcomes.data_action_result) = 'timeout'
            or data_action_outcomes.data_action_http_status = '408',
            false
        ) as has_data_action_timeout
    from data_action_outcomes
    left join screen_recording_data_actions on true

),

summarised as (

    select
        -- ids
        conversations.conversation_id,
        ivr_flows.flow_id,
        outcomes_joined_to_actions.data_action_id,

        -- strings
        conversations.originating_direction,
        ivr_flows.flow_name,
        ivr_flows.flow_version,
        outcomes_joined_to_actions.data_action_name,
        outcomes_joined_to_actions.data_action_result,
        outcomes_joined_to_actions.data_action_http_status,

        -- numerics
        outcomes_joined_to_actions.data_action_timeout_seconds,
        case
            when outcomes_joined_to_actions.conversation_id is not null
                then coalesce(data_action_hours.executions, 0)
        end as data_action_hour_executions,
        case
            when outcomes_joined_to_actions.conversation_id is not null
                then coalesce(data_action_hours.timeouts, 0)
        end as data_action_hour_timeouts,

        -- booleans
        coalesce(outcomes_joined_to_actions.has_data_action_timeout, false)
            as has_data_action_timeout,
        recording_reads.conversation_id is not null as is_recording_checked,

        -- timestamps
        conversations.conversation_started_at,
        conversations.conversation_ended_at,
        recording_reads.recordings_read_at

    from conversations
    left join ivr_flows
        on conversations.conversation_id = ivr_flows.conversation_id
    left join outcomes_joined_to_actions
        on conversations.conversation_id = outcomes_joined_to_actions.conversation_id
    left join data_action_hours
        on
            outcomes_joined_to_actions.data_action_id = data_action_hours.action_id
            and {{ truncate_to_utc_hour('conversations.conversation_started_at') }}
            = data_action_hours.hour_started_at
    left join recording_reads
        on conversations.conversation_id = recording_reads.conversation_id

)

select * from summarised
