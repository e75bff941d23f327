with

latest_observations as (

    {{ latest_observation(
        source('genesys', 'raw_genesys__participant_attributes'),
        ['conversation_id', 'participant_id', 'attribute_name']
    ) }}

),

renamed as (

    select
        -- ids
        conversation_id,
        participant_id,

        -- strings
        attribute_name,
        attribute_value,

        -- lineage
        _run_id,
        _file_id,
        _extracted_at

    from latest_observations

)

select * from renamed
