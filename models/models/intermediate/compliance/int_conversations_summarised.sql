-- One row per conversation with the context the compliance marts report alongside each agent
-- session: IVR flow, data-action outcome, and whether its recordings have been checked.
with

conversations as (

    select * from {{ ref('stg_genesys__conversations') }}

),

ivr_flows as (

    select * from {{ ref('int_ivr_flows_aggregated_to_conversations') }}

),

data_action_outcomes as (

    select * from {{ ref('int_participant_attributes_pivoted_to_conversations') }}

),

recording_reads as (

    select * from {{ ref('stg_genesys__recording_reads') }}

),

summarised as (

    select
        -- ids
        conversations.conversation_id,
        ivr_flows.flow_id,

        -- strings
        conversations.originating_direction,
        ivr_flows.flow_name,
        ivr_flows.flow_version,
        data_action_outcomes.data_action_result,
        data_action_outcomes.data_action_http_status,

        -- booleans
        recording_reads.conversation_id is not null as is_recording_checked,

        -- timestamps
        conversations.conversation_started_at,
        conversations.conversation_ended_at,
        recording_reads.recordings_read_at

    from conversations
    left join ivr_flows
        on conversations.conversation_id = ivr_flows.conversation_id
    left join data_action_outcomes
        on conversations.conversation_id = data_action_outcomes.conversation_id
    left join recording_reads
        on conversations.conversation_id = recording_reads.conversation_id

)

select * from summarised
