with

latest_observations as (

    {{ latest_observation(
        source('genesys', 'raw_genesys__users'),
        ['user_id']
    ) }}

),

renamed as (

    select
        -- ids
        user_id,
        division_id,

        -- strings
        user_name,
        email as email_hash,
        state as user_state,
        department,
        title,

        -- lineage
        _run_id,
        _file_id,
        _extracted_at

    from latest_observations

)

select * from renamed
