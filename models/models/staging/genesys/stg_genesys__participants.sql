-- Only the rows extracted with the conversation's latest observation: a child that a newer
-- observation no longer carries is gone, not kept from an older one.
with

observations as (

    select * from {{ ref('base_genesys__participants') }}

),

parent_observations as (

    select
        conversation_id,
        _run_id,
        _extracted_at
    from {{ ref('base_genesys__conversations') }}

),

latest_observations as (

    select observations.*
    from observations
    inner join parent_observations
        on
            observations.conversation_id = parent_observations.conversation_id
            and observations._run_id = parent_observations._run_id
            and observations._extracted_at = parent_observations._extracted_at

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
