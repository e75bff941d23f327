with

latest_observations as (

    {{ latest_observation(
        source('genesys', 'raw_genesys__data_action_aggregates'),
        ['aggregate_id']
    ) }}

),

renamed as (

    select
        -- ids
        aggregate_id,
        action_id,

        -- strings
        response_status,
        error_type,

        -- numerics
        executions,

        -- timestamps
        interval_start as interval_started_at,
        interval_end as interval_ended_at,

        -- lineage
        _run_id,
        _file_id,
        _extracted_at

    from latest_observations

)

select * from renamed
