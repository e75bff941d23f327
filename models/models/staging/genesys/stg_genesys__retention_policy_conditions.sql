with

latest_observations as (

    {{ latest_observation(
        source('genesys', 'raw_genesys__retention_policy_conditions'),
        ['condition_id']
    ) }}

),

renamed as (

    select
        -- ids
        condition_id,
        policy_id,
        queue_id,

        -- strings
        media_policy,
        direction as conversation_direction,

        -- lineage
        _run_id,
        _file_id,
        _extracted_at

    from latest_observations

)

select * from renamed
