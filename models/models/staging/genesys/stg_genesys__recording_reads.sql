with

latest_observations as (

    {{ latest_observation(
        source('genesys', 'raw_genesys__recording_reads'),
        ['conversation_id']
    ) }}

),

renamed as (

    select
        -- ids
        conversation_id,

        -- numerics
        recording_count,

        -- timestamps
        read_at as recordings_read_at,

        -- lineage
        _run_id,
        _file_id,
        _extracted_at

    from latest_observations

)

select * from renamed
