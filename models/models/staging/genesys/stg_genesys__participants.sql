-- Only the rows extracted with the conversation's latest observation: a child that a newer
-- observation no longer carries is gone, not kept from an older one.
-- Incremental: a build re-processes the conversations observed within the look-back
-- (macros/incremental/incremental_by_conversation.sql).
{{ config(**incremental_by_conversation(
    ['conversation_id', 'participant_id'],
    'observations'
)) }}

with

latest_observations as (

    {{ rows_of_parent_observation(
        ref('base_genesys__participants'),
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
        user_id,
        team_id,
        external_contact_id,

        -- strings
        participant_name,
        purpose,
        flagged_reason,

        -- booleans
        screen_recording as is_screen_reported,

        -- lineage
        _run_id,
        _file_id,
        _extracted_at

    from latest_observations

)

select * from renamed
