with

latest_observations as (

    {{ latest_observation(
        source('genesys', 'raw_genesys__participants'),
        ['conversation_id', 'participant_id']
    ) }}

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
