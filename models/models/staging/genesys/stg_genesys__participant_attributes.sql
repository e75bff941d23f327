-- Only the rows extracted with the conversation's latest observation: a child that a newer
-- observation no longer carries is gone, not kept from an older one.
with

observations as (

    select * from {{ ref('base_genesys__participant_attributes') }}

),

parent_observations as (

    select
        conversation_id,
        _run_id,
        _extracted_at
    from {{ ref('base_genesys__conversations') }}

),

latest_observations as (

    select observations.*
    from observations
    inner join parent_observations
        on
            observations.conversation_id = parent_observations.conversation_id
            and observations._run_id = parent_observations._run_id
            and observations._extracted_at = parent_observations._extracted_at

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
