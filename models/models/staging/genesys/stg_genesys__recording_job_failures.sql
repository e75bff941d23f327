with

latest_observations as (

    {{ latest_observation(
        source('genesys', 'raw_genesys__recording_job_failures'),
        ['job_id', 'recording_id']
    ) }}

),

renamed as (

    select
        -- ids
        job_id,
        recording_id,
        conversation_id,

        -- lineage
        _run_id,
        _file_id,
        _extracted_at

    from latest_observations

)

select * from renamed
