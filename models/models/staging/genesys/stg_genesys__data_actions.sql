with

latest_observations as (

    {{ latest_observation(
        source('genesys', 'raw_genesys__data_actions'),
        ['action_id']
    ) }}

),

renamed as (

    select
        -- ids
        action_id,
        integration_id,

        -- strings
        action_name,
        category as action_category,

        -- numerics
        timeout_seconds,

        -- lineage
        _run_id,
        _file_id,
        _extracted_at

    from latest_observations

)

select * from renamed
