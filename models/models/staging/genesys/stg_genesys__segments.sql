-- Only the rows extracted with the conversation's latest observation: a child that a newer
-- observation no longer carries is gone, not kept from an older one.
-- Incremental: a build re-processes the conversations observed within the look-back
-- (macros/incremental/incremental_by_conversation.sql).
{{ config(**incremental_by_conversation(
    ['conversation_id', 'participant_id', 'session_id', 'segment_index'],
    'observations'
)) }}

with

latest_observations as (

    {{ rows_of_parent_observation(
        ref('base_genesys__segments'),
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
        queue_id,

        -- strings
        segment_type,
        wrap_up_code,
        requested_language_id,
        disconnect_type,
        error_code,

        -- numerics
        segment_index,

        -- booleans
        conference as is_conference,

        -- timestamps
        segment_start as segment_started_at,
        segment_end as segment_ended_at,

        -- lineage
        _run_id,
        _file_id,
        _extracted_at

    from latest_observations

)

select * from renamed
