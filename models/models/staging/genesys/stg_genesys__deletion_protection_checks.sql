with

latest_observations as (

    {{ latest_observation(
        source('genesys', 'raw_genesys__deletion_protection'),
        ['conversation_id']
    ) }}

),

renamed as (

    select
        -- ids
        conversation_id,

        -- booleans
        is_protected,

        -- timestamps
        checked_at as protection_checked_at,

        -- lineage
        _run_id,
        _file_id,
        _extracted_at

    from latest_observations

)

select * from renamed
