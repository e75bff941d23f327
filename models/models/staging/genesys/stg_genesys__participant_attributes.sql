-- Only the rows extracted with the conversation's latest observation: a child that a newer
-- observation no longer carries is gone, not kept from an older one.
with

latest_observations as (

    {{ rows_of_parent_observation(
        ref('base_genesys__participant_attributes'),
        ref('base_genesys__conversations'),
        'conversation_id'
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
