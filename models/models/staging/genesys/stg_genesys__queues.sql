with

latest_observations as (

    {{ latest_observation(
        source('genesys', 'raw_genesys__queues'),
        ['queue_id']
    ) }}

),

renamed as (

    select
        -- ids
        queue_id,
        division_id,

        -- strings
        queue_name,

        -- booleans
        suppress_in_queue_call_recording as is_in_queue_recording_suppressed,

        -- lineage
        _run_id,
        _file_id,
        _extracted_at

    from latest_observations

)

select * from renamed
