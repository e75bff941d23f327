with

latest_observations as (

    {{ latest_observation(
        source('genesys', 'raw_genesys__divisions'),
        ['division_id']
    ) }}

),

renamed as (

    select
        -- ids
        division_id,

        -- strings
        division_name,

        -- booleans
        is_home_division,

        -- lineage
        _run_id,
        _file_id,
        _extracted_at

    from latest_observations

)

select * from renamed
