with

latest_observations as (

    {{ latest_observation(
        source('genesys', 'raw_genesys__retention_policies'),
        ['policy_id']
    ) }}

),

renamed as (

    select
        -- ids
        policy_id,

        -- strings
        policy_name,

        -- numerics
        policy_order,

        -- booleans
        enabled as is_enabled,
        retain_recording as is_recording_retained,
        initiates_screen_recording as is_screen_recording_initiated,

        -- timestamps
        created_date as policy_created_at,
        modified_date as policy_modified_at,

        -- lineage
        _run_id,
        _file_id,
        _extracted_at

    from latest_observations

)

select * from renamed
