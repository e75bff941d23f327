with

latest_observations as (

    {{ latest_observation(
        source('genesys', 'raw_genesys__segments'),
        ['conversation_id', 'participant_id', 'session_id', 'segment_index']
    ) }}

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
