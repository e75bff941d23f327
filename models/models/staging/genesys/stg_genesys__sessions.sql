-- Only the rows extracted with the conversation's latest observation: a child that a newer
-- observation no longer carries is gone, not kept from an older one.
-- Incremental: a build re-processes the conversations observed within the look-back
-- (macros/incremental/incremental_by_conversation.sql).
{{ config(**incremental_by_conversation(
    ['conversation_id', 'participant_id', 'session_id'],
    'observations'
)) }}

with

latest_observations as (

    {{ rows_of_parent_observation(
        ref('base_genesys__sessions'),
        ref('base_genesys__conversations'),
        'conversation_id'
    ) }}
    {% if is_incremental() %}
        where children.conversation_id in ({{ conversations_to_rebuild('observations') }})
    {% endif %}

),

renamed as (

    select
        -- ids
        conversation_id,
        participant_id,
        session_id,
        edge_id,
        peer_id,
        protocol_call_id,
        selected_agent_id as selected_agent_user_id,
        flow_id,

        -- strings
        media_type,
        direction as session_direction,
        ani,
        dnis,
        provider,
        flow_name,
        flow_version,
        flow_type,
        flow_entry_type,
        flow_exit_reason,
        flow_transfer_type,

        -- booleans
        recording as is_audio_reported,
        snippet_recording as is_snippet_recording_reported,

        -- lineage
        _run_id,
        _file_id,
        _extracted_at

    from latest_observations

)

select * from renamed
